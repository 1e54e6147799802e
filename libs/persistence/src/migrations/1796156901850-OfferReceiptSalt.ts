import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A per-offer random salt for the receipt digest (issue 11): the digest was a deterministic
 * HMAC of the content, so equal prices gave equal digests. Offers sealed before keep their
 * HMAC digest and a null salt.
 */
export class OfferReceiptSalt1796156901850 implements MigrationInterface {
  name = 'OfferReceiptSalt1796156901850';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "offers" ADD "digest_salt" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "offers" DROP COLUMN "digest_salt"`);
  }
}
