import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mails (each stored as written, then sent by the `mail.send` job) and every user's mail
 * preferences. Generated from the entities.
 */
export class Mails1796176365518 implements MigrationInterface {
  name = 'Mails1796176365518';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mails" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "template" text NOT NULL, "category" text NOT NULL, "recipient_user_id" uuid, "to_address" text NOT NULL, "to_name" text, "subject" text NOT NULL, "text_body" text NOT NULL, "html_body" text, "params" jsonb NOT NULL DEFAULT '{}', "subject_id" uuid, "dedupe_key" text, "status" text NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "message_id" text, "smtp_response" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_mails_status" CHECK (status IN ('queued', 'sent', 'failed', 'skipped')), CONSTRAINT "PK_218248d7dfe1b739f06e2309349" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_mails_recipient_user" ON "mails" ("recipient_user_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_mails_subject" ON "mails" ("subject_id", "template") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_mails_dedupe_key" ON "mails" ("dedupe_key") WHERE dedupe_key IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "mail_preferences" jsonb NOT NULL DEFAULT '{}'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "mail_preferences"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_mails_dedupe_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_mails_subject"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_mails_recipient_user"`);
    await queryRunner.query(`DROP TABLE "mails"`);
  }
}
