import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * eForms notices of tenders, stored as issued (a trigger refuses UPDATE and DELETE: a change
 * makes a new notice), and the organisation data that notices need: the procurement office's
 * e-mail and telephone, the website, and a supplier's size. Generated from the entities; the
 * trigger by hand.
 */
export class EformsNotices1796159077962 implements MigrationInterface {
  name = 'EformsNotices1796159077962';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "eforms_notices" ("id" uuid NOT NULL, "tender_id" uuid NOT NULL, "kind" text NOT NULL, "version" integer NOT NULL, "subtype" text NOT NULL, "status" text NOT NULL DEFAULT 'ready', "changes_notice_id" uuid, "xml" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_eforms_notices_status" CHECK (status IN ('ready')), CONSTRAINT "CHK_eforms_notices_kind" CHECK (kind IN ('contract', 'change', 'award')), CONSTRAINT "PK_b333df6afd24ba1b00f798e6231" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_eforms_notices_tender_version" ON "eforms_notices" ("tender_id", "version") `,
    );
    await queryRunner.query(`ALTER TABLE "organisations" ADD "contact_email" text`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "contact_phone" text`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "website" text`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "company_size" text`);
    await queryRunner.query(
      `ALTER TABLE "eforms_notices" ADD CONSTRAINT "FK_eforms_notices_tender" FOREIGN KEY ("tender_id") REFERENCES "tenders"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE FUNCTION eforms_notices_as_issued() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'eforms_notices are stored as issued (% refused); a change makes a new notice', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER eforms_notices_no_change BEFORE UPDATE OR DELETE ON "eforms_notices" FOR EACH ROW EXECUTE FUNCTION eforms_notices_as_issued()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER eforms_notices_no_change ON "eforms_notices"`);
    await queryRunner.query(`DROP FUNCTION eforms_notices_as_issued()`);
    await queryRunner.query(`ALTER TABLE "eforms_notices" DROP CONSTRAINT "FK_eforms_notices_tender"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "company_size"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "website"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "contact_phone"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "contact_email"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eforms_notices_tender_version"`);
    await queryRunner.query(`DROP TABLE "eforms_notices"`);
  }
}
