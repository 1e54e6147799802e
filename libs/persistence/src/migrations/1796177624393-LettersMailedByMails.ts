import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The information letters go out through libs/mail, whose mails table keeps every attempt and
 * the time sent; the letter's own mailed_at column, never written, goes.
 */
export class LettersMailedByMails1796177624393 implements MigrationInterface {
  name = 'LettersMailedByMails1796177624393';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tender_information_letters" DROP COLUMN "mailed_at"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tender_information_letters" ADD "mailed_at" TIMESTAMP WITH TIME ZONE`);
  }
}
