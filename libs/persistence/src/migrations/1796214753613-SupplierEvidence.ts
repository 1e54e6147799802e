import { MigrationInterface, QueryRunner } from 'typeorm';

/** Suppliers keep their evidence once (certificates, labels, LkSG and battery documents); files lie outside the rows. */
export class SupplierEvidence1796214753613 implements MigrationInterface {
  name = 'SupplierEvidence1796214753613';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "supplier_evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "issuer" text NOT NULL, "number" text NOT NULL, "valid_from" date NOT NULL, "valid_to" date, "file_sha256" character(64) NOT NULL, "file_name" text NOT NULL, "media_type" text NOT NULL, "size_bytes" integer NOT NULL, "uploaded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "withdrawn_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_supplier_evidence_media_type" CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')), CONSTRAINT "CHK_supplier_evidence_sha256" CHECK (file_sha256 ~ '^[0-9a-f]{64}$'), CONSTRAINT "CHK_supplier_evidence_validity" CHECK (valid_to IS NULL OR valid_from <= valid_to), CONSTRAINT "PK_a3630eb505b33d2883ab8328b43" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_supplier_evidence_valid_to" ON "supplier_evidence" ("valid_to") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_supplier_evidence_organisation" ON "supplier_evidence" ("organisation_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "supplier_evidence" ADD CONSTRAINT "FK_supplier_evidence_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "supplier_evidence" DROP CONSTRAINT "FK_supplier_evidence_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_supplier_evidence_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_supplier_evidence_valid_to"`);
    await queryRunner.query(`DROP TABLE "supplier_evidence"`);
  }
}
