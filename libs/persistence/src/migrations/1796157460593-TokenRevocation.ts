import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation of access tokens (issue 11): `users.tokens_valid_after` refuses tokens issued
 * before it. A trigger sets it when a user is deactivated, however that happens (the API or
 * SQL by hand), and a change that matters to a token is announced with NOTIFY, so that every
 * API instance drops its cached state of that user at once.
 */
export class TokenRevocation1796157460593 implements MigrationInterface {
  name = 'TokenRevocation1796157460593';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "tokens_valid_after" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE FUNCTION users_revoke_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.tokens_valid_after := date_trunc('second', now());
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER users_revoke_on_deactivation BEFORE UPDATE OF active ON "users" FOR EACH ROW ` +
        `WHEN (OLD.active AND NOT NEW.active) EXECUTE FUNCTION users_revoke_tokens()`,
    );
    await queryRunner.query(`CREATE FUNCTION users_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('buendel_user_changed', OLD.id::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER users_changed AFTER UPDATE ON "users" FOR EACH ROW WHEN (` +
        `OLD.active IS DISTINCT FROM NEW.active OR OLD.role IS DISTINCT FROM NEW.role OR ` +
        `OLD.organisation_id IS DISTINCT FROM NEW.organisation_id OR ` +
        `OLD.tokens_valid_after IS DISTINCT FROM NEW.tokens_valid_after) EXECUTE FUNCTION users_announce_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER users_deleted AFTER DELETE ON "users" FOR EACH ROW EXECUTE FUNCTION users_announce_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER users_deleted ON "users"`);
    await queryRunner.query(`DROP TRIGGER users_changed ON "users"`);
    await queryRunner.query(`DROP FUNCTION users_announce_change()`);
    await queryRunner.query(`DROP TRIGGER users_revoke_on_deactivation ON "users"`);
    await queryRunner.query(`DROP FUNCTION users_revoke_tokens()`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "tokens_valid_after"`);
  }
}
