import { MigrationInterface, QueryRunner } from 'typeorm';

/** Framework agreements (§ 21 VgV, issue 16): the plan on a tender, the framework in force, its suppliers in rank order, every participant's estimate and maximum per item, call-offs with their items, sealed mini-competition offers and deliveries. */

export class Frameworks1796217591984 implements MigrationInterface {
  name = 'Frameworks1796217591984';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tender_frameworks" ("tender_id" uuid NOT NULL, "term_from" date NOT NULL, "term_to" date NOT NULL, "term_reason" text, "suppliers_per_lot" integer NOT NULL DEFAULT '1', "maximum_percent" integer NOT NULL DEFAULT '120', "maxima" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_tender_frameworks_percent" CHECK (maximum_percent BETWEEN 100 AND 1000), CONSTRAINT "CHK_tender_frameworks_suppliers" CHECK (suppliers_per_lot BETWEEN 1 AND 10), CONSTRAINT "CHK_tender_frameworks_term" CHECK (term_to >= term_from), CONSTRAINT "PK_f4427ff37c0af8b9094c105cdc2" PRIMARY KEY ("tender_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "frameworks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tender_id" uuid NOT NULL, "number" text NOT NULL, "coordinator_organisation_id" uuid NOT NULL, "title" text NOT NULL, "status" text NOT NULL DEFAULT 'active', "term_from" date NOT NULL, "term_to" date NOT NULL, "term_reason" text, "suppliers_per_lot" integer NOT NULL, "concluded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "end_reason" text, "expiry_warned_at" TIMESTAMP WITH TIME ZONE, "call_off_count" integer NOT NULL DEFAULT '0', CONSTRAINT "CHK_frameworks_term" CHECK (term_to >= term_from), CONSTRAINT "CHK_frameworks_status" CHECK (status IN ('active', 'expired', 'exhausted')), CONSTRAINT "PK_23e178ce62668c9ce2036b7a3c2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_frameworks_tender" ON "frameworks" ("tender_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_frameworks_number" ON "frameworks" ("number") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_frameworks_coordinator" ON "frameworks" ("coordinator_organisation_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_frameworks_status_term" ON "frameworks" ("status", "term_to") `);
    await queryRunner.query(
      `CREATE TABLE "framework_suppliers" ("framework_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "supplier_organisation_id" uuid NOT NULL, "rank" integer NOT NULL, "offer_id" uuid NOT NULL, "prices" jsonb NOT NULL, CONSTRAINT "PK_d46773006e8c6d81ad76b0bc5f4" PRIMARY KEY ("framework_id", "lot_id", "supplier_organisation_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_framework_suppliers_supplier" ON "framework_suppliers" ("supplier_organisation_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_framework_suppliers_rank" ON "framework_suppliers" ("framework_id", "lot_id", "rank") `,
    );
    await queryRunner.query(
      `CREATE TABLE "framework_quantities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "framework_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "item_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "estimated_quantity" numeric(18,3) NOT NULL, "maximum_quantity" numeric(18,3) NOT NULL, "called_off_quantity" numeric(18,3) NOT NULL DEFAULT '0', "warned_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_framework_quantities_called_off" CHECK (called_off_quantity >= 0 AND called_off_quantity <= maximum_quantity), CONSTRAINT "PK_32f0ab6c7b90fbfc2f47810167e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_framework_quantities_organisation" ON "framework_quantities" ("organisation_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_framework_quantities_item_organisation" ON "framework_quantities" ("framework_id", "item_id", "organisation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "framework_call_offs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "framework_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "number" text NOT NULL, "organisation_id" uuid NOT NULL, "method" text NOT NULL, "status" text NOT NULL, "supplier_organisation_id" uuid, "offered_rank" integer, "submission_deadline" TIMESTAMP WITH TIME ZONE, "value_cents" bigint, "note" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ordered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_framework_call_offs_status" CHECK (status IN ('offered', 'competition', 'ordered', 'failed', 'cancelled')), CONSTRAINT "CHK_framework_call_offs_method" CHECK (method IN ('direct', 'ranking', 'mini-competition')), CONSTRAINT "PK_5c15934d65c666c9f767d912493" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_framework_call_offs_supplier" ON "framework_call_offs" ("supplier_organisation_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_framework_call_offs_framework" ON "framework_call_offs" ("framework_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_framework_call_offs_number" ON "framework_call_offs" ("number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "framework_call_off_items" ("call_off_id" uuid NOT NULL, "item_id" uuid NOT NULL, "quantity" numeric(18,3) NOT NULL, "unit_price_eur" numeric(14,4), "delivered_quantity" numeric(18,3) NOT NULL DEFAULT '0', CONSTRAINT "CHK_framework_call_off_items_delivered" CHECK (delivered_quantity >= 0 AND delivered_quantity <= quantity), CONSTRAINT "CHK_framework_call_off_items_quantity" CHECK (quantity > 0), CONSTRAINT "PK_d09e4fe9af98e97c829300ae704" PRIMARY KEY ("call_off_id", "item_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "framework_call_off_offers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_off_id" uuid NOT NULL, "supplier_organisation_id" uuid NOT NULL, "version" integer NOT NULL, "ciphertext" bytea NOT NULL, "iv" bytea NOT NULL, "auth_tag" bytea NOT NULL, "key_id" text NOT NULL, "digest" text NOT NULL, "digest_salt" text NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_bef5c3394c0212bdeaea7fae5b6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_framework_call_off_offers_supplier" ON "framework_call_off_offers" ("call_off_id", "supplier_organisation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "framework_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_off_id" uuid NOT NULL, "item_id" uuid NOT NULL, "quantity" numeric(18,3) NOT NULL, "delivered_on" date NOT NULL, "reported_by" uuid, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_framework_deliveries_quantity" CHECK (quantity > 0), CONSTRAINT "PK_aa532a927428889b3796fb290fa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_framework_deliveries_call_off" ON "framework_deliveries" ("call_off_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "tender_frameworks" ADD CONSTRAINT "FK_tender_frameworks_tender" FOREIGN KEY ("tender_id") REFERENCES "tenders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "frameworks" ADD CONSTRAINT "FK_frameworks_tender" FOREIGN KEY ("tender_id") REFERENCES "tenders"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "frameworks" ADD CONSTRAINT "FK_frameworks_coordinator" FOREIGN KEY ("coordinator_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_suppliers" ADD CONSTRAINT "FK_framework_suppliers_framework" FOREIGN KEY ("framework_id") REFERENCES "frameworks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_suppliers" ADD CONSTRAINT "FK_framework_suppliers_lot" FOREIGN KEY ("lot_id") REFERENCES "tender_lots"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_suppliers" ADD CONSTRAINT "FK_framework_suppliers_supplier" FOREIGN KEY ("supplier_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_suppliers" ADD CONSTRAINT "FK_framework_suppliers_offer" FOREIGN KEY ("offer_id") REFERENCES "offers"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_quantities" ADD CONSTRAINT "FK_framework_quantities_framework" FOREIGN KEY ("framework_id") REFERENCES "frameworks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_quantities" ADD CONSTRAINT "FK_framework_quantities_lot" FOREIGN KEY ("lot_id") REFERENCES "tender_lots"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_quantities" ADD CONSTRAINT "FK_framework_quantities_item" FOREIGN KEY ("item_id") REFERENCES "tender_items"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_quantities" ADD CONSTRAINT "FK_framework_quantities_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_call_offs" ADD CONSTRAINT "FK_framework_call_offs_framework" FOREIGN KEY ("framework_id") REFERENCES "frameworks"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_call_offs" ADD CONSTRAINT "FK_framework_call_offs_lot" FOREIGN KEY ("lot_id") REFERENCES "tender_lots"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_call_offs" ADD CONSTRAINT "FK_framework_call_offs_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_call_offs" ADD CONSTRAINT "FK_framework_call_offs_supplier" FOREIGN KEY ("supplier_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_call_off_items" ADD CONSTRAINT "FK_framework_call_off_items_call_off" FOREIGN KEY ("call_off_id") REFERENCES "framework_call_offs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_call_off_items" ADD CONSTRAINT "FK_framework_call_off_items_item" FOREIGN KEY ("item_id") REFERENCES "tender_items"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_call_off_offers" ADD CONSTRAINT "FK_framework_call_off_offers_call_off" FOREIGN KEY ("call_off_id") REFERENCES "framework_call_offs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_call_off_offers" ADD CONSTRAINT "FK_framework_call_off_offers_supplier" FOREIGN KEY ("supplier_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_deliveries" ADD CONSTRAINT "FK_framework_deliveries_call_off" FOREIGN KEY ("call_off_id") REFERENCES "framework_call_offs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_deliveries" ADD CONSTRAINT "FK_framework_deliveries_item" FOREIGN KEY ("item_id") REFERENCES "tender_items"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "framework_deliveries" DROP CONSTRAINT "FK_framework_deliveries_item"`);
    await queryRunner.query(`ALTER TABLE "framework_deliveries" DROP CONSTRAINT "FK_framework_deliveries_call_off"`);
    await queryRunner.query(
      `ALTER TABLE "framework_call_off_offers" DROP CONSTRAINT "FK_framework_call_off_offers_supplier"`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_call_off_offers" DROP CONSTRAINT "FK_framework_call_off_offers_call_off"`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_call_off_items" DROP CONSTRAINT "FK_framework_call_off_items_item"`,
    );
    await queryRunner.query(
      `ALTER TABLE "framework_call_off_items" DROP CONSTRAINT "FK_framework_call_off_items_call_off"`,
    );
    await queryRunner.query(`ALTER TABLE "framework_call_offs" DROP CONSTRAINT "FK_framework_call_offs_supplier"`);
    await queryRunner.query(`ALTER TABLE "framework_call_offs" DROP CONSTRAINT "FK_framework_call_offs_organisation"`);
    await queryRunner.query(`ALTER TABLE "framework_call_offs" DROP CONSTRAINT "FK_framework_call_offs_lot"`);
    await queryRunner.query(`ALTER TABLE "framework_call_offs" DROP CONSTRAINT "FK_framework_call_offs_framework"`);
    await queryRunner.query(
      `ALTER TABLE "framework_quantities" DROP CONSTRAINT "FK_framework_quantities_organisation"`,
    );
    await queryRunner.query(`ALTER TABLE "framework_quantities" DROP CONSTRAINT "FK_framework_quantities_item"`);
    await queryRunner.query(`ALTER TABLE "framework_quantities" DROP CONSTRAINT "FK_framework_quantities_lot"`);
    await queryRunner.query(`ALTER TABLE "framework_quantities" DROP CONSTRAINT "FK_framework_quantities_framework"`);
    await queryRunner.query(`ALTER TABLE "framework_suppliers" DROP CONSTRAINT "FK_framework_suppliers_offer"`);
    await queryRunner.query(`ALTER TABLE "framework_suppliers" DROP CONSTRAINT "FK_framework_suppliers_supplier"`);
    await queryRunner.query(`ALTER TABLE "framework_suppliers" DROP CONSTRAINT "FK_framework_suppliers_lot"`);
    await queryRunner.query(`ALTER TABLE "framework_suppliers" DROP CONSTRAINT "FK_framework_suppliers_framework"`);
    await queryRunner.query(`ALTER TABLE "frameworks" DROP CONSTRAINT "FK_frameworks_coordinator"`);
    await queryRunner.query(`ALTER TABLE "frameworks" DROP CONSTRAINT "FK_frameworks_tender"`);
    await queryRunner.query(`ALTER TABLE "tender_frameworks" DROP CONSTRAINT "FK_tender_frameworks_tender"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_framework_deliveries_call_off"`);
    await queryRunner.query(`DROP TABLE "framework_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_framework_call_off_offers_supplier"`);
    await queryRunner.query(`DROP TABLE "framework_call_off_offers"`);
    await queryRunner.query(`DROP TABLE "framework_call_off_items"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_framework_call_offs_number"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_framework_call_offs_framework"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_framework_call_offs_supplier"`);
    await queryRunner.query(`DROP TABLE "framework_call_offs"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_framework_quantities_item_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_framework_quantities_organisation"`);
    await queryRunner.query(`DROP TABLE "framework_quantities"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_framework_suppliers_rank"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_framework_suppliers_supplier"`);
    await queryRunner.query(`DROP TABLE "framework_suppliers"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_frameworks_status_term"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_frameworks_coordinator"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_frameworks_number"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_frameworks_tender"`);
    await queryRunner.query(`DROP TABLE "frameworks"`);
    await queryRunner.query(`DROP TABLE "tender_frameworks"`);
  }
}
