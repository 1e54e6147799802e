import { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1795436586026 implements MigrationInterface {
  name = 'Identity1795436586026';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // trigram search over CPV labels and organisation names (a trusted extension since PostgreSQL 13)
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "actor_user_id" uuid, "actor_organisation_id" uuid, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "request_id" text, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_dcb5413237eb3ce66a53495ec1" ON "audit_events" ("actor_organisation_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5c7623cfe8d008e1c1fd758fbc" ON "audit_events" ("entity_type", "entity_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "coordination_assignments" ("coordinator_organisation_id" uuid NOT NULL, "district_key" character(5) NOT NULL, "assigned_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_adb9e48aea0242fd8a45ce60ed9" PRIMARY KEY ("coordinator_organisation_id", "district_key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" text NOT NULL, "name" text NOT NULL, "ags" character(8), "district_key" character(5), "nuts3" text, "population" integer, "land_key" character(2), "official_type" text, "reference_key" text, "vat_id" text, "address" jsonb, "contact_name" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_d94a16ce747329c785d581fb2b" ON "organisations" ("ags") WHERE ags IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_326f57bb717c9931babd210f6b" ON "organisations" ("district_key") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_459d1cfeb2b2a9256040d7e4d8" ON "organisations" ("reference_key") WHERE reference_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_fc3593a4182d48e3a67fd6afe1" ON "organisations" ("vat_id") WHERE vat_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "cpv_codes" ("code" text NOT NULL, "digits" character(8) NOT NULL, "label_de" text NOT NULL, "label_en" text NOT NULL, "level" text NOT NULL, "parent_code" text, CONSTRAINT "UQ_7140daa705b70eade927559ac6a" UNIQUE ("digits"), CONSTRAINT "PK_09fce2797fce207c7437aa1bd88" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "units" ("code" text NOT NULL, "name_en" text NOT NULL, "name_de" text, "symbol" text, "level_category" text, "status" text NOT NULL, "is_common" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_47635c1ab22d02fc3ebae3608b8" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "reference_data_loads" ("dataset" text NOT NULL, "checksum" text NOT NULL, "row_count" integer NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ed02b1115be3595e20f1b4758ae" PRIMARY KEY ("dataset"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "email" text NOT NULL, "password_hash" text NOT NULL, "role" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2fc4294f8ec97da71d587dc557" ON "users" ("organisation_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users" ("email") `);
    await queryRunner.query(
      `ALTER TABLE "organisations" ADD CONSTRAINT "CHK_organisations_type" CHECK (type IN ('municipality', 'district', 'city', 'central_purchasing_body', 'supplier'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "CHK_users_role" CHECK (role IN ('buyer', 'coordinator', 'supplier', 'admin'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "CHK_users_email_lower" CHECK ((email = lower(email)))`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_users_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "coordination_assignments" ADD CONSTRAINT "FK_coordination_assignments_organisation" FOREIGN KEY ("coordinator_organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_organisations_type_district" ON "organisations" ("type", "district_key")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_events_occurred_at" ON "audit_events" ("occurred_at")`);
    // the audit trail is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks
    await queryRunner.query(`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_no_truncate ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER audit_events_no_change ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
    await queryRunner.query(`DROP INDEX "public"."IDX_97672ac88f789774dd47f7c8be"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2fc4294f8ec97da71d587dc557"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "reference_data_loads"`);
    await queryRunner.query(`DROP TABLE "units"`);
    await queryRunner.query(`DROP TABLE "cpv_codes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fc3593a4182d48e3a67fd6afe1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_459d1cfeb2b2a9256040d7e4d8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_326f57bb717c9931babd210f6b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d94a16ce747329c785d581fb2b"`);
    await queryRunner.query(`DROP TABLE "organisations"`);
    await queryRunner.query(`DROP TABLE "coordination_assignments"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5c7623cfe8d008e1c1fd758fbc"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dcb5413237eb3ce66a53495ec1"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
