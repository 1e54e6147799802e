import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search indexes for the reference data look-ups: trigram (GIN) indexes for ILIKE,
 * regular expression and similarity searches over CPV labels and organisation names
 * (pg_trgm is created by the first migration), and the CPV hierarchy (children by parent).
 * TypeORM cannot express operator classes or expressions: the trigram indexes are declared
 * on the entities by name with `synchronize: false`, so that the schema check leaves them be.
 */
export class ReferenceSearch1795437400000 implements MigrationInterface {
  name = 'ReferenceSearch1795437400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_cpv_codes_parent_code" ON "cpv_codes" ("parent_code")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_cpv_codes_label_de_trgm" ON "cpv_codes" USING gin ("label_de" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_cpv_codes_label_en_trgm" ON "cpv_codes" USING gin ("label_en" gin_trgm_ops)`,
    );
    // on the name as the search compares it: lower case, umlauts spelled out ("Muenchen" finds "München")
    await queryRunner.query(
      `CREATE INDEX "IDX_organisations_name_trgm" ON "organisations" USING gin ` +
        `((replace(replace(replace(replace(lower(name), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss')) gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_organisations_name_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cpv_codes_label_en_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cpv_codes_label_de_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cpv_codes_parent_code"`);
  }
}
