import { MigrationInterface, QueryRunner } from 'typeorm';

export class DemandImports1796158431213 implements MigrationInterface {
  name = 'DemandImports1796158431213';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "demand_imports" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "created_by" uuid NOT NULL, "status" text NOT NULL, "format" text NOT NULL, "dry_run" boolean NOT NULL, "file_name" text, "sheet" text, "bytes_total" bigint NOT NULL DEFAULT '0', "bytes_read" bigint NOT NULL DEFAULT '0', "rows_read" integer NOT NULL DEFAULT '0', "rows_stored" integer NOT NULL DEFAULT '0', "rows_refused" integer NOT NULL DEFAULT '0', "attempts" integer NOT NULL DEFAULT '0', "report" jsonb, "problem" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_demand_imports_format" CHECK (format IN ('csv', 'xlsx')), CONSTRAINT "CHK_demand_imports_status" CHECK (status IN ('queued', 'running', 'done', 'failed')), CONSTRAINT "PK_1c530a3330452a71347e38ece59" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_demand_imports_organisation" ON "demand_imports" ("organisation_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "demand_import_chunks" ("import_id" uuid NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_f6a8c7e55f6109972626fcda538" PRIMARY KEY ("import_id", "seq"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "demand_imports" ADD CONSTRAINT "FK_demand_imports_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "demand_imports" ADD CONSTRAINT "FK_demand_imports_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "demand_import_chunks" ADD CONSTRAINT "FK_demand_import_chunks_import" FOREIGN KEY ("import_id") REFERENCES "demand_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "demand_import_chunks" DROP CONSTRAINT "FK_demand_import_chunks_import"`);
    await queryRunner.query(`ALTER TABLE "demand_imports" DROP CONSTRAINT "FK_demand_imports_created_by"`);
    await queryRunner.query(`ALTER TABLE "demand_imports" DROP CONSTRAINT "FK_demand_imports_organisation"`);
    await queryRunner.query(`DROP TABLE "demand_import_chunks"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_demand_imports_organisation"`);
    await queryRunner.query(`DROP TABLE "demand_imports"`);
  }
}
