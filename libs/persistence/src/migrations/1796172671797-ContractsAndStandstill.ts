import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The standstill of § 134 GWB and the contracts after it: the information letters to every
 * bidder of a lot (stored as sent), the standstill's days and earliest date of conclusion on
 * the award, and one contract per participating organisation and lot. Generated from the entities.
 */
export class ContractsAndStandstill1796172671797 implements MigrationInterface {
  name = 'ContractsAndStandstill1796172671797';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tender_information_letters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tender_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "offer_id" uuid NOT NULL, "supplier_organisation_id" uuid NOT NULL, "outcome" text NOT NULL, "winner_name" text NOT NULL, "rank" integer, "total_points" numeric(7,2), "reasons" jsonb NOT NULL, "subject" text NOT NULL, "body" text NOT NULL, "channel" text NOT NULL DEFAULT 'electronic', "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, "earliest_conclusion_at" TIMESTAMP WITH TIME ZONE NOT NULL, "mailed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_tender_information_letters_channel" CHECK (channel IN ('electronic', 'other')), CONSTRAINT "CHK_tender_information_letters_outcome" CHECK (outcome IN ('awarded', 'not-awarded')), CONSTRAINT "PK_560f14155d4e393740eb8c39337" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_tender_information_letters_tender" ON "tender_information_letters" ("tender_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_tender_information_letters_supplier" ON "tender_information_letters" ("supplier_organisation_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_tender_information_letters_lot_supplier" ON "tender_information_letters" ("lot_id", "supplier_organisation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tender_contracts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" text NOT NULL, "tender_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "supplier_organisation_id" uuid NOT NULL, "offer_id" uuid NOT NULL, "value_cents" bigint NOT NULL, "term_from" date NOT NULL, "term_to" date NOT NULL, "concluded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "concluded_by" uuid, CONSTRAINT "CHK_tender_contracts_term" CHECK (term_to >= term_from), CONSTRAINT "PK_facf58a80071371a2934c5d816b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_tender_contracts_tender" ON "tender_contracts" ("tender_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_tender_contracts_supplier" ON "tender_contracts" ("supplier_organisation_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_tender_contracts_organisation" ON "tender_contracts" ("organisation_id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_tender_contracts_number" ON "tender_contracts" ("number") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_tender_contracts_lot_organisation" ON "tender_contracts" ("lot_id", "organisation_id") `,
    );
    await queryRunner.query(`ALTER TABLE "tender_awards" ADD "standstill_days" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "tender_awards" ADD "earliest_conclusion_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "tender_information_letters" ADD CONSTRAINT "FK_tender_information_letters_tender" FOREIGN KEY ("tender_id") REFERENCES "tenders"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_information_letters" ADD CONSTRAINT "FK_tender_information_letters_lot" FOREIGN KEY ("lot_id") REFERENCES "tender_lots"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_information_letters" ADD CONSTRAINT "FK_tender_information_letters_offer" FOREIGN KEY ("offer_id") REFERENCES "offers"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_information_letters" ADD CONSTRAINT "FK_tender_information_letters_supplier" FOREIGN KEY ("supplier_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_contracts" ADD CONSTRAINT "FK_tender_contracts_tender" FOREIGN KEY ("tender_id") REFERENCES "tenders"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_contracts" ADD CONSTRAINT "FK_tender_contracts_lot" FOREIGN KEY ("lot_id") REFERENCES "tender_lots"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_contracts" ADD CONSTRAINT "FK_tender_contracts_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_contracts" ADD CONSTRAINT "FK_tender_contracts_supplier" FOREIGN KEY ("supplier_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_contracts" ADD CONSTRAINT "FK_tender_contracts_offer" FOREIGN KEY ("offer_id") REFERENCES "offers"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tender_contracts" DROP CONSTRAINT "FK_tender_contracts_offer"`);
    await queryRunner.query(`ALTER TABLE "tender_contracts" DROP CONSTRAINT "FK_tender_contracts_supplier"`);
    await queryRunner.query(`ALTER TABLE "tender_contracts" DROP CONSTRAINT "FK_tender_contracts_organisation"`);
    await queryRunner.query(`ALTER TABLE "tender_contracts" DROP CONSTRAINT "FK_tender_contracts_lot"`);
    await queryRunner.query(`ALTER TABLE "tender_contracts" DROP CONSTRAINT "FK_tender_contracts_tender"`);
    await queryRunner.query(
      `ALTER TABLE "tender_information_letters" DROP CONSTRAINT "FK_tender_information_letters_supplier"`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_information_letters" DROP CONSTRAINT "FK_tender_information_letters_offer"`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_information_letters" DROP CONSTRAINT "FK_tender_information_letters_lot"`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_information_letters" DROP CONSTRAINT "FK_tender_information_letters_tender"`,
    );
    await queryRunner.query(`ALTER TABLE "tender_awards" DROP COLUMN "earliest_conclusion_at"`);
    await queryRunner.query(`ALTER TABLE "tender_awards" DROP COLUMN "standstill_days"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_contracts_lot_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_contracts_number"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_contracts_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_contracts_supplier"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_contracts_tender"`);
    await queryRunner.query(`DROP TABLE "tender_contracts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_information_letters_lot_supplier"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_information_letters_supplier"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_information_letters_tender"`);
    await queryRunner.query(`DROP TABLE "tender_information_letters"`);
  }
}
