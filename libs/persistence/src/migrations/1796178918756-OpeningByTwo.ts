import { MigrationInterface, QueryRunner } from 'typeorm';

/** Offers of an EU procedure are opened by two people of the coordinating organisation (§ 55 Abs. 2 VgV). */
export class OpeningByTwo1796178918756 implements MigrationInterface {
  name = 'OpeningByTwo1796178918756';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenders" ADD "opening_started_by" uuid`);
    await queryRunner.query(`ALTER TABLE "tenders" ADD "opening_started_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "tenders" ADD "opening_witness_id" uuid`);
    await queryRunner.query(`ALTER TABLE "tenders" ADD "opening_confirmed_by" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenders" DROP COLUMN "opening_confirmed_by"`);
    await queryRunner.query(`ALTER TABLE "tenders" DROP COLUMN "opening_witness_id"`);
    await queryRunner.query(`ALTER TABLE "tenders" DROP COLUMN "opening_started_at"`);
    await queryRunner.query(`ALTER TABLE "tenders" DROP COLUMN "opening_started_by"`);
  }
}
