import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { UsersRepository } from '@buendel/identity';
import { testDistrictKey } from '@buendel/testing';
import { openIntegrationDb } from '../support/integration-db';

/**
 * UsersRepository against the run's migrated database (no Nest, no HTTP). Each test works in a
 * transaction it rolls back, with a user of its own.
 */
describe('UsersRepository against PostgreSQL', () => {
  let db: DataSource;
  let repo: UsersRepository;
  let runner: QueryRunner;
  let m: EntityManager;
  let user: string;

  const row = async () => {
    const [r] = await m.query<
      Array<{ name: string; active: boolean; password_hash: string; tokens_valid_after: Date | null }>
    >(`SELECT name, active, password_hash, tokens_valid_after FROM users WHERE id = $1`, [user]);
    return r!;
  };

  beforeAll(async () => {
    db = await openIntegrationDb();
    repo = new UsersRepository(db);
  });
  beforeEach(async () => {
    runner = db.createQueryRunner();
    await runner.startTransaction();
    m = runner.manager;
    const key = testDistrictKey();
    const [o] = await m.query<Array<{ id: string }>>(
      `INSERT INTO organisations (type, name, district_key) VALUES ('district', $1, $2) RETURNING id`,
      [`Nutzer ${key}`, key],
    );
    const [u] = await m.query<Array<{ id: string }>>(
      `INSERT INTO users (organisation_id, email, password_hash, role, name) VALUES ($1, $2, 'alt', 'buyer', 'Ina Alt')
       RETURNING id`,
      [o!.id, `nutzer-${randomUUID()}@example.test`],
    );
    user = u!.id;
  });
  afterEach(async () => {
    await runner.rollbackTransaction();
    await runner.release();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('merges mail preferences, keeping the categories not named', async () => {
    expect(await repo.mailPreferences(user, m)).toEqual({});
    await repo.mergeMailPreferences(m, user, { a: false, b: true });
    await repo.mergeMailPreferences(m, user, { b: false });
    expect(await repo.mailPreferences(user, m)).toEqual({ a: false, b: false });
    expect(await repo.mailPreferences(randomUUID(), m)).toEqual({});
  });

  it('reads an active user’s name under a lock and changes it; an inactive user has none', async () => {
    expect(await repo.lockActiveName(m, user)).toBe('Ina Alt');
    await repo.setName(m, user, 'Ina Neu');
    expect(await repo.lockActiveName(m, user)).toBe('Ina Neu');
    await repo.change(m, user, { active: false });
    expect(await repo.lockActiveName(m, user)).toBeUndefined();
    expect(await repo.lockActiveName(m, randomUUID())).toBeUndefined();
  });

  it('changes only the given columns; a new password refuses the older tokens', async () => {
    await repo.change(m, user, { name: 'Ina Anders' });
    expect(await row()).toMatchObject({
      name: 'Ina Anders',
      active: true,
      password_hash: 'alt',
      tokens_valid_after: null,
    });
    await repo.change(m, user, { passwordHash: 'neu', active: false });
    const changed = await row();
    expect(changed).toMatchObject({ name: 'Ina Anders', active: false, password_hash: 'neu' });
    expect(changed.tokens_valid_after).toBeInstanceOf(Date);
    expect(changed.tokens_valid_after!.getMilliseconds()).toBe(0);
  });
});
