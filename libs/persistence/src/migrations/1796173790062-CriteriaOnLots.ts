import { MigrationInterface, QueryRunner } from 'typeorm';

/** A tender's criterion applies to the lots it names (null: every lot), so that exclusion and scoring are per lot. */
export class CriteriaOnLots1796173790062 implements MigrationInterface {
  name = 'CriteriaOnLots1796173790062';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tender_criteria" ADD "lot_keys" text array`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tender_criteria" DROP COLUMN "lot_keys"`);
  }
}
