import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mandate to join: a public body's value above which its join needs a decision of its council
 * or mayor, the bundle's rule for joins still provisional at the deadline, and the mandates.
 */
export class JoinMandates1796224708326 implements MigrationInterface {
  name = 'JoinMandates1796224708326';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "join_mandates" ("bundle_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'awaiting', "required_above_cents" bigint NOT NULL, "join_value_cents" bigint NOT NULL, "decided_on" date, "decision_body" text, "file_sha256" character(64), "file_name" text, "media_type" text, "size_bytes" integer, "recorded_by" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_join_mandates_sha256" CHECK (file_sha256 IS NULL OR file_sha256 ~ '^[0-9a-f]{64}$'), CONSTRAINT "CHK_join_mandates_recorded" CHECK (status <> 'recorded' OR (decided_on IS NOT NULL AND decision_body IS NOT NULL AND file_sha256 IS NOT NULL)), CONSTRAINT "CHK_join_mandates_body" CHECK (decision_body IS NULL OR decision_body IN ('council', 'mayor')), CONSTRAINT "CHK_join_mandates_status" CHECK (status IN ('awaiting', 'recorded', 'kept', 'dropped')), CONSTRAINT "PK_755711d61b9e05e996475a71aa8" PRIMARY KEY ("bundle_id", "organisation_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_join_mandates_organisation" ON "join_mandates" ("organisation_id") `);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "join_mandate_above_cents" bigint`);
    await queryRunner.query(`ALTER TABLE "bundles" ADD "provisional_joins" text NOT NULL DEFAULT 'keep'`);
    await queryRunner.query(
      `ALTER TABLE "organisations" ADD CONSTRAINT "CHK_organisations_join_mandate" CHECK (join_mandate_above_cents IS NULL OR join_mandate_above_cents >= 0)`,
    );
    await queryRunner.query(
      `ALTER TABLE "bundles" ADD CONSTRAINT "CHK_bundles_provisional_joins" CHECK (provisional_joins IN ('drop', 'keep'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "join_mandates" ADD CONSTRAINT "FK_join_mandates_bundle" FOREIGN KEY ("bundle_id") REFERENCES "bundles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "join_mandates" ADD CONSTRAINT "FK_join_mandates_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "join_mandates" DROP CONSTRAINT "FK_join_mandates_organisation"`);
    await queryRunner.query(`ALTER TABLE "join_mandates" DROP CONSTRAINT "FK_join_mandates_bundle"`);
    await queryRunner.query(`ALTER TABLE "bundles" DROP CONSTRAINT "CHK_bundles_provisional_joins"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP CONSTRAINT "CHK_organisations_join_mandate"`);
    await queryRunner.query(`ALTER TABLE "bundles" DROP COLUMN "provisional_joins"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "join_mandate_above_cents"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_join_mandates_organisation"`);
    await queryRunner.query(`DROP TABLE "join_mandates"`);
  }
}
