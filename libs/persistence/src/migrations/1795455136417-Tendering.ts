import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joint tenders: lots, items with each participant's frozen share, criteria per phase, sealed
 * offers (ciphertext only), awards and allocations; supplier subscriptions and the anonymised
 * market view. Generated from the entities.
 */
export class Tendering1795455136417 implements MigrationInterface {
  name = 'Tendering1795455136417';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "supplier_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "supplier_organisation_id" uuid NOT NULL, "cpv_prefixes" text array NOT NULL, "district_keys" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_803fcccf1bc1fcd3d91a29c3584" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_supplier_subscriptions_supplier" ON "supplier_subscriptions" ("supplier_organisation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "market_demand_cells" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "cpv_prefix" text NOT NULL, "cpv_code" text NOT NULL, "cpv_level" text NOT NULL, "region_level" text NOT NULL, "nuts1" text, "nuts2" text, "nuts3" text, "district_key" text, "period_level" text NOT NULL, "year" text NOT NULL, "quarter" text, "organisation_count" integer NOT NULL, "bundle_count" integer NOT NULL, "quantities" jsonb NOT NULL, "value_cents" bigint NOT NULL, CONSTRAINT "PK_bdd0ed6ffbcae0815547baa8a29" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_market_demand_cells_district" ON "market_demand_cells" ("district_key") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_market_demand_cells_nuts3" ON "market_demand_cells" ("nuts3") `);
    await queryRunner.query(`CREATE INDEX "IDX_market_demand_cells_cpv" ON "market_demand_cells" ("cpv_prefix") `);
    await queryRunner.query(
      `CREATE TABLE "market_snapshot" ("id" integer NOT NULL DEFAULT '1', "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "cell_count" integer NOT NULL, "contribution_count" integer NOT NULL, CONSTRAINT "PK_e3877ea45768c2275ab32007e10" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tenders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "bundle_id" uuid NOT NULL, "coordinator_organisation_id" uuid NOT NULL, "status" text NOT NULL, "title" text NOT NULL, "description" text, "procedure_type" text NOT NULL, "regime" jsonb NOT NULL, "estimated_value_cents" bigint NOT NULL, "price_weight" numeric(5,2) NOT NULL, "submission_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "opened_at" TIMESTAMP WITH TIME ZONE, "awarded_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_tenders_price_weight" CHECK (price_weight >= 0 AND price_weight <= 100), CONSTRAINT "CHK_tenders_procedure" CHECK (procedure_type IN ('open', 'national-open')), CONSTRAINT "CHK_tenders_status" CHECK (status IN ('draft', 'published', 'opened', 'awarded', 'cancelled')), CONSTRAINT "PK_13fdd4229818a97b5102199463b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_tenders_bundle" ON "tenders" ("bundle_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_tenders_coordinator" ON "tenders" ("coordinator_organisation_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_tenders_status_deadline" ON "tenders" ("status", "submission_deadline") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tender_lots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tender_id" uuid NOT NULL, "key" text NOT NULL, "title" text NOT NULL, "position" integer NOT NULL, "estimated_value_cents" bigint NOT NULL, "status" text NOT NULL DEFAULT 'open', CONSTRAINT "CHK_tender_lots_status" CHECK (status IN ('open', 'awarded', 'unsuccessful')), CONSTRAINT "PK_b16ba28618c3dd8c9b8b79f1555" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_tender_lots_key" ON "tender_lots" ("tender_id", "key") `);
    await queryRunner.query(
      `CREATE TABLE "tender_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tender_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "cpv_code" text NOT NULL, "unit" text NOT NULL, "quantity" numeric(18,3) NOT NULL, "estimated_value_cents" bigint NOT NULL, "delivery_ags" text array NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_f28a6f23652dd7fd9c60a8b672c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_tender_items_tender" ON "tender_items" ("tender_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_tender_items_lot" ON "tender_items" ("lot_id") `);
    await queryRunner.query(
      `CREATE TABLE "tender_item_shares" ("item_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "tender_id" uuid NOT NULL, "quantity" numeric(18,3) NOT NULL, "estimated_value_cents" bigint NOT NULL, CONSTRAINT "PK_52a8a6c085dd036a2444a143da2" PRIMARY KEY ("item_id", "organisation_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_tender_item_shares_tender_org" ON "tender_item_shares" ("tender_id", "organisation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tender_criteria" ("tender_id" uuid NOT NULL, "code" text NOT NULL, "phase" text NOT NULL, "weight" numeric(5,2), "detail" text, CONSTRAINT "CHK_tender_criteria_weight" CHECK ((phase = 'award') = (weight IS NOT NULL)), CONSTRAINT "CHK_tender_criteria_phase" CHECK (phase IN ('specification', 'qualification', 'award', 'performance')), CONSTRAINT "PK_af6e72ec1ab853b024363abdaae" PRIMARY KEY ("tender_id", "code", "phase"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "offers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tender_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "supplier_organisation_id" uuid NOT NULL, "submitted_by" uuid, "version" integer NOT NULL, "ciphertext" bytea NOT NULL, "iv" bytea NOT NULL, "auth_tag" bytea NOT NULL, "key_id" text NOT NULL, "digest" text NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4c88e956195bba85977da21b8f4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_offers_tender" ON "offers" ("tender_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_offers_lot_supplier" ON "offers" ("lot_id", "supplier_organisation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tender_awards" ("lot_id" uuid NOT NULL, "tender_id" uuid NOT NULL, "offer_id" uuid NOT NULL, "supplier_organisation_id" uuid NOT NULL, "value_cents" bigint NOT NULL, "best_ranked" boolean NOT NULL, "reason" text, "evaluation" jsonb NOT NULL, "awarded_by" uuid, "awarded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d4e1f51f7113a875bc998231173" PRIMARY KEY ("lot_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_tender_awards_tender" ON "tender_awards" ("tender_id") `);
    await queryRunner.query(
      `CREATE TABLE "tender_allocations" ("item_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "tender_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "quantity" numeric(18,3) NOT NULL, "value_cents" bigint NOT NULL, CONSTRAINT "PK_237402763bf4ba8aca191ee8e9a" PRIMARY KEY ("item_id", "organisation_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_tender_allocations_tender_org" ON "tender_allocations" ("tender_id", "organisation_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "supplier_subscriptions" ADD CONSTRAINT "FK_supplier_subscriptions_supplier" FOREIGN KEY ("supplier_organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tenders" ADD CONSTRAINT "FK_tenders_bundle" FOREIGN KEY ("bundle_id") REFERENCES "bundles"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tenders" ADD CONSTRAINT "FK_tenders_coordinator" FOREIGN KEY ("coordinator_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_lots" ADD CONSTRAINT "FK_tender_lots_tender" FOREIGN KEY ("tender_id") REFERENCES "tenders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_items" ADD CONSTRAINT "FK_tender_items_tender" FOREIGN KEY ("tender_id") REFERENCES "tenders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_items" ADD CONSTRAINT "FK_tender_items_lot" FOREIGN KEY ("lot_id") REFERENCES "tender_lots"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_item_shares" ADD CONSTRAINT "FK_tender_item_shares_item" FOREIGN KEY ("item_id") REFERENCES "tender_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_criteria" ADD CONSTRAINT "FK_tender_criteria_tender" FOREIGN KEY ("tender_id") REFERENCES "tenders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "offers" ADD CONSTRAINT "FK_offers_tender" FOREIGN KEY ("tender_id") REFERENCES "tenders"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "offers" ADD CONSTRAINT "FK_offers_lot" FOREIGN KEY ("lot_id") REFERENCES "tender_lots"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "offers" ADD CONSTRAINT "FK_offers_supplier" FOREIGN KEY ("supplier_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_awards" ADD CONSTRAINT "FK_tender_awards_lot" FOREIGN KEY ("lot_id") REFERENCES "tender_lots"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_awards" ADD CONSTRAINT "FK_tender_awards_offer" FOREIGN KEY ("offer_id") REFERENCES "offers"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_allocations" ADD CONSTRAINT "FK_tender_allocations_item" FOREIGN KEY ("item_id") REFERENCES "tender_items"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tender_allocations" DROP CONSTRAINT "FK_tender_allocations_item"`);
    await queryRunner.query(`ALTER TABLE "tender_awards" DROP CONSTRAINT "FK_tender_awards_offer"`);
    await queryRunner.query(`ALTER TABLE "tender_awards" DROP CONSTRAINT "FK_tender_awards_lot"`);
    await queryRunner.query(`ALTER TABLE "offers" DROP CONSTRAINT "FK_offers_supplier"`);
    await queryRunner.query(`ALTER TABLE "offers" DROP CONSTRAINT "FK_offers_lot"`);
    await queryRunner.query(`ALTER TABLE "offers" DROP CONSTRAINT "FK_offers_tender"`);
    await queryRunner.query(`ALTER TABLE "tender_criteria" DROP CONSTRAINT "FK_tender_criteria_tender"`);
    await queryRunner.query(`ALTER TABLE "tender_item_shares" DROP CONSTRAINT "FK_tender_item_shares_item"`);
    await queryRunner.query(`ALTER TABLE "tender_items" DROP CONSTRAINT "FK_tender_items_lot"`);
    await queryRunner.query(`ALTER TABLE "tender_items" DROP CONSTRAINT "FK_tender_items_tender"`);
    await queryRunner.query(`ALTER TABLE "tender_lots" DROP CONSTRAINT "FK_tender_lots_tender"`);
    await queryRunner.query(`ALTER TABLE "tenders" DROP CONSTRAINT "FK_tenders_coordinator"`);
    await queryRunner.query(`ALTER TABLE "tenders" DROP CONSTRAINT "FK_tenders_bundle"`);
    await queryRunner.query(
      `ALTER TABLE "supplier_subscriptions" DROP CONSTRAINT "FK_supplier_subscriptions_supplier"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_allocations_tender_org"`);
    await queryRunner.query(`DROP TABLE "tender_allocations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_awards_tender"`);
    await queryRunner.query(`DROP TABLE "tender_awards"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_offers_lot_supplier"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_offers_tender"`);
    await queryRunner.query(`DROP TABLE "offers"`);
    await queryRunner.query(`DROP TABLE "tender_criteria"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_item_shares_tender_org"`);
    await queryRunner.query(`DROP TABLE "tender_item_shares"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_items_lot"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_items_tender"`);
    await queryRunner.query(`DROP TABLE "tender_items"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tender_lots_key"`);
    await queryRunner.query(`DROP TABLE "tender_lots"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tenders_status_deadline"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tenders_coordinator"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tenders_bundle"`);
    await queryRunner.query(`DROP TABLE "tenders"`);
    await queryRunner.query(`DROP TABLE "market_snapshot"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_market_demand_cells_cpv"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_market_demand_cells_nuts3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_market_demand_cells_district"`);
    await queryRunner.query(`DROP TABLE "market_demand_cells"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_supplier_subscriptions_supplier"`);
    await queryRunner.query(`DROP TABLE "supplier_subscriptions"`);
  }
}
