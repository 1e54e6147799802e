import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `refuse_unless(ok, reason)`: true when `ok`, else it raises SQLSTATE BU001 with `reason`, so
 * that a transaction sent in one trip (OneTripTransactions) rolls back when a statement's
 * condition fails, without the application deciding between its statements. A join writes its
 * rows before the bundle's lock and refuses, after the lock, if the bundle changed meanwhile.
 */
export class RefuseUnless1796348975768 implements MigrationInterface {
  name = 'RefuseUnless1796348975768';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION refuse_unless(ok boolean, reason text) RETURNS boolean
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        IF ok IS NOT TRUE THEN
          RAISE EXCEPTION USING ERRCODE = 'BU001', MESSAGE = reason;
        END IF;
        RETURN true;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION refuse_unless(boolean, text)`);
  }
}
