import { MigrationInterface, QueryRunner } from 'typeorm';

/** Criteria that carry a value: the limit of a specification criterion, the scoring rule of an award criterion. */
export class ValuedCriteria1796174852467 implements MigrationInterface {
  name = 'ValuedCriteria1796174852467';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tender_criteria" ADD "value" numeric(14,4)`);
    await queryRunner.query(`ALTER TABLE "tender_criteria" ADD "scoring" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tender_criteria" DROP COLUMN "scoring"`);
    await queryRunner.query(`ALTER TABLE "tender_criteria" DROP COLUMN "value"`);
  }
}
