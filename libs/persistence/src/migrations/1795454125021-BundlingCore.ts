import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Demands, bundles, participations, aggregates, the outbox, notifications, the EU thresholds
 * and the criteria catalogue. Generated from the entities; the GIN index over the bundles'
 * district keys is added by hand (TypeORM cannot express the operator class).
 */
export class BundlingCore1795454125021 implements MigrationInterface {
  name = 'BundlingCore1795454125021';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "demands" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "cpv_code" text NOT NULL, "title" text NOT NULL, "description" text, "quantity" numeric(15,3) NOT NULL, "unit" text NOT NULL, "unit_price_eur" numeric(14,4) NOT NULL, "estimated_value_cents" bigint NOT NULL, "delivery_from" date NOT NULL, "delivery_to" date NOT NULL, "delivery_ags" character(8) NOT NULL, "district_key" character(5) NOT NULL, "criteria" text array NOT NULL DEFAULT '{}', "status" text NOT NULL, "import_key" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_demands_district" CHECK (district_key = substr(delivery_ags, 1, 5)), CONSTRAINT "CHK_demands_window" CHECK (delivery_from <= delivery_to), CONSTRAINT "CHK_demands_value" CHECK (estimated_value_cents >= 0), CONSTRAINT "CHK_demands_unit_price" CHECK (unit_price_eur >= 0), CONSTRAINT "CHK_demands_quantity" CHECK (quantity > 0), CONSTRAINT "CHK_demands_status" CHECK (status IN ('draft', 'open', 'bundled', 'tendered', 'awarded', 'withdrawn')), CONSTRAINT "PK_d63565b0747a0cfc73e319bfc03" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_demands_status_district" ON "demands" ("status", "district_key") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_demands_import_key" ON "demands" ("organisation_id", "import_key") WHERE import_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_demands_organisation_status" ON "demands" ("organisation_id", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "bundles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "description" text, "status" text NOT NULL, "coordinator_organisation_id" uuid NOT NULL, "cpv_prefixes" text array NOT NULL, "district_keys" text array NOT NULL, "join_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "delivery_from" date NOT NULL, "delivery_to" date NOT NULL, "mandatory_criteria" text array NOT NULL DEFAULT '{}', "min_participants" integer, "target_value_cents" bigint, "threshold_category" text NOT NULL, "participation_version" bigint NOT NULL DEFAULT '0', "created_by" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_bundles_cpv_prefixes" CHECK (cardinality(cpv_prefixes) BETWEEN 1 AND 20 AND array_to_string(cpv_prefixes, ',') ~ '^[0-9]{2,8}(,[0-9]{2,8})*$'), CONSTRAINT "CHK_bundles_window" CHECK (delivery_from <= delivery_to), CONSTRAINT "CHK_bundles_status" CHECK (status IN ('open', 'closed', 'tendering', 'awarded', 'cancelled')), CONSTRAINT "PK_a9118b2e4597aede4d5d4c43433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bundles_coordinator" ON "bundles" ("coordinator_organisation_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_bundles_status_deadline" ON "bundles" ("status", "join_deadline") `);
    await queryRunner.query(
      `CREATE TABLE "bundle_participations" ("bundle_id" uuid NOT NULL, "demand_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "joined_by" uuid, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2ab3f19f8dee50b174868888c10" PRIMARY KEY ("bundle_id", "demand_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_bundle_participations_organisation" ON "bundle_participations" ("bundle_id", "organisation_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_bundle_participations_demand" ON "bundle_participations" ("demand_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "bundle_aggregates" ("bundle_id" uuid NOT NULL, "source_version" bigint NOT NULL, "participant_count" integer NOT NULL, "demand_count" integer NOT NULL, "total_estimated_value_cents" bigint NOT NULL, "lines" jsonb NOT NULL, "regime" jsonb NOT NULL, "lots" jsonb NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9e84c58673351cfc44baf92403d" PRIMARY KEY ("bundle_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "eu_thresholds" ("category" text NOT NULL, "valid_from" date NOT NULL, "valid_to" date, "threshold_cents" bigint NOT NULL, "legal_basis" text NOT NULL, "label" text, CONSTRAINT "CHK_eu_thresholds_period" CHECK (valid_to IS NULL OR valid_from <= valid_to), CONSTRAINT "PK_4fb34526ae68c5ce025f3912648" PRIMARY KEY ("category", "valid_from"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sustainability_criteria" ("code" text NOT NULL, "name_de" text NOT NULL, "name_en" text NOT NULL, "phases" text array NOT NULL, "parameter" jsonb, "cpv_prefixes" text array, "legal_reference" text NOT NULL, "builtin" boolean NOT NULL DEFAULT false, CONSTRAINT "CHK_sustainability_criteria_code" CHECK (code ~ '^[A-Z][A-Z0-9_]{1,63}$'), CONSTRAINT "PK_8d0a6b6f2757e512cea8b8a5ebf" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "kind" text NOT NULL, "subject_id" uuid NOT NULL, "title" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_notifications_organisation_created" ON "notifications" ("organisation_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_notifications_subject" ON "notifications" ("organisation_id", "kind", "subject_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "job_name" text NOT NULL, "payload" jsonb NOT NULL, "job_id" text NOT NULL, "run_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_outbox_pending" ON "outbox" ("id") WHERE relayed_at IS NULL`);
    await queryRunner.query(
      `ALTER TABLE "demands" ADD CONSTRAINT "FK_demands_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "demands" ADD CONSTRAINT "FK_demands_cpv_code" FOREIGN KEY ("cpv_code") REFERENCES "cpv_codes"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "demands" ADD CONSTRAINT "FK_demands_unit" FOREIGN KEY ("unit") REFERENCES "units"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bundles" ADD CONSTRAINT "FK_bundles_coordinator" FOREIGN KEY ("coordinator_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bundle_participations" ADD CONSTRAINT "FK_bundle_participations_bundle" FOREIGN KEY ("bundle_id") REFERENCES "bundles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bundle_participations" ADD CONSTRAINT "FK_bundle_participations_demand" FOREIGN KEY ("demand_id") REFERENCES "demands"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bundle_aggregates" ADD CONSTRAINT "FK_bundle_aggregates_bundle" FOREIGN KEY ("bundle_id") REFERENCES "bundles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bundles_district_keys" ON "bundles" USING gin ("district_keys")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_bundles_district_keys"`);
    await queryRunner.query(`ALTER TABLE "bundle_aggregates" DROP CONSTRAINT "FK_bundle_aggregates_bundle"`);
    await queryRunner.query(`ALTER TABLE "bundle_participations" DROP CONSTRAINT "FK_bundle_participations_demand"`);
    await queryRunner.query(`ALTER TABLE "bundle_participations" DROP CONSTRAINT "FK_bundle_participations_bundle"`);
    await queryRunner.query(`ALTER TABLE "bundles" DROP CONSTRAINT "FK_bundles_coordinator"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP CONSTRAINT "FK_demands_unit"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP CONSTRAINT "FK_demands_cpv_code"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP CONSTRAINT "FK_demands_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_outbox_pending"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notifications_subject"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notifications_organisation_created"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP TABLE "sustainability_criteria"`);
    await queryRunner.query(`DROP TABLE "eu_thresholds"`);
    await queryRunner.query(`DROP TABLE "bundle_aggregates"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bundle_participations_demand"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bundle_participations_organisation"`);
    await queryRunner.query(`DROP TABLE "bundle_participations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bundles_status_deadline"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bundles_coordinator"`);
    await queryRunner.query(`DROP TABLE "bundles"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_demands_organisation_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_demands_import_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_demands_status_district"`);
    await queryRunner.query(`DROP TABLE "demands"`);
  }
}
