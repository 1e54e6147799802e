import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What awarded offers claim, with the coordinator's verification of each piece of evidence; the
 * criteria keep the dates of the law they follow (with validity) and the evidence that proves them.
 */
export class EvidenceClaimsAndLegalDates1796217805005 implements MigrationInterface {
  name = 'EvidenceClaimsAndLegalDates1796217805005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "award_evidence_claims" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tender_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "offer_id" uuid NOT NULL, "supplier_organisation_id" uuid NOT NULL, "code" text NOT NULL, "evidence_id" uuid, "verification" text NOT NULL DEFAULT 'pending', "note" text, "verified_by" uuid, "verified_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_award_evidence_claims_self_declared" CHECK (evidence_id IS NOT NULL OR verification = 'pending'), CONSTRAINT "CHK_award_evidence_claims_verification" CHECK (verification IN ('pending', 'checked', 'doubtful', 'refused')), CONSTRAINT "PK_25d70beb28b94a56b137da10f58" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_award_evidence_claims_tender_evidence" ON "award_evidence_claims" ("tender_id", "evidence_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_award_evidence_claims_lot" ON "award_evidence_claims" ("lot_id") `);
    await queryRunner.query(`ALTER TABLE "sustainability_criteria" ADD "legal_dates" jsonb`);
    await queryRunner.query(`ALTER TABLE "sustainability_criteria" ADD "evidence_kinds" text array`);
    await queryRunner.query(
      `ALTER TABLE "award_evidence_claims" ADD CONSTRAINT "FK_award_evidence_claims_tender" FOREIGN KEY ("tender_id") REFERENCES "tenders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "award_evidence_claims" ADD CONSTRAINT "FK_award_evidence_claims_lot" FOREIGN KEY ("lot_id") REFERENCES "tender_lots"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "award_evidence_claims" ADD CONSTRAINT "FK_award_evidence_claims_evidence" FOREIGN KEY ("evidence_id") REFERENCES "supplier_evidence"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "award_evidence_claims" DROP CONSTRAINT "FK_award_evidence_claims_evidence"`);
    await queryRunner.query(`ALTER TABLE "award_evidence_claims" DROP CONSTRAINT "FK_award_evidence_claims_lot"`);
    await queryRunner.query(`ALTER TABLE "award_evidence_claims" DROP CONSTRAINT "FK_award_evidence_claims_tender"`);
    await queryRunner.query(`ALTER TABLE "sustainability_criteria" DROP COLUMN "evidence_kinds"`);
    await queryRunner.query(`ALTER TABLE "sustainability_criteria" DROP COLUMN "legal_dates"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_award_evidence_claims_lot"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_award_evidence_claims_tender_evidence"`);
    await queryRunner.query(`DROP TABLE "award_evidence_claims"`);
  }
}
