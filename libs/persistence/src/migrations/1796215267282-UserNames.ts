import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users have a display name (`name`), which the record and the audit trail show. Existing users
 * get the local part of their e-mail address ("einkauf.stadt" -> "Einkauf Stadt") until someone
 * sets theirs (PATCH /auth/me, or an admin).
 */
export class UserNames1796215267282 implements MigrationInterface {
  name = 'UserNames1796215267282';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "name" text`);
    await queryRunner.query(
      `UPDATE "users" SET "name" = initcap(regexp_replace(split_part("email", '@', 1), '[._+-]+', ' ', 'g'))`,
    );
    await queryRunner.query(`UPDATE "users" SET "name" = "email" WHERE btrim("name") = ''`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "name" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "CHK_users_name" CHECK (btrim(name) <> '')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "CHK_users_name"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "name"`);
  }
}
