import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Items are products, not codes (issue 10): a demand carries an optional product specification
 * (key and text), and a tender item the specification and the delivery district it groups by.
 */
export class ProductSpecifications1796214653613 implements MigrationInterface {
  name = 'ProductSpecifications1796214653613';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "demands" ADD "specification_key" text`);
    await queryRunner.query(`ALTER TABLE "demands" ADD "specification_text" text`);
    await queryRunner.query(
      `ALTER TABLE "demands" ADD CONSTRAINT "CHK_demands_specification" CHECK ((specification_key IS NULL) = (specification_text IS NULL))`,
    );
    await queryRunner.query(`ALTER TABLE "tender_items" ADD "specification_key" text`);
    await queryRunner.query(`ALTER TABLE "tender_items" ADD "specification_text" text`);
    await queryRunner.query(`ALTER TABLE "tender_items" ADD "district_key" character(5)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tender_items" DROP COLUMN "district_key"`);
    await queryRunner.query(`ALTER TABLE "tender_items" DROP COLUMN "specification_text"`);
    await queryRunner.query(`ALTER TABLE "tender_items" DROP COLUMN "specification_key"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP CONSTRAINT "CHK_demands_specification"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP COLUMN "specification_text"`);
    await queryRunner.query(`ALTER TABLE "demands" DROP COLUMN "specification_key"`);
  }
}
