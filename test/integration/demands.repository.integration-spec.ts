import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { DemandsRepository } from '@buendel/bundling';
import { pageRequest } from '@buendel/http';
import { testDistrictKey } from '@buendel/testing';
import { openIntegrationDb } from '../support/integration-db';

/**
 * DemandsRepository against the run's migrated database (no Nest, no HTTP). Each test works in
 * a transaction it rolls back, with an organisation of its own in a test district.
 */
describe('DemandsRepository against PostgreSQL', () => {
  let db: DataSource;
  let repo: DemandsRepository;
  let runner: QueryRunner;
  let m: EntityManager;
  let org: string;
  let other: string;
  let district: string;

  const values = (title: string, cpv = '34144900-7') => [
    cpv,
    title,
    null,
    2,
    'H87',
    100,
    20_000,
    '2027-01-01',
    '2027-12-31',
    `${district}001`,
    district,
    [],
    null,
    null,
  ];
  const organisation = async (name: string) => {
    const [row] = await m.query<Array<{ id: string }>>(
      `INSERT INTO organisations (type, name, district_key) VALUES ('district', $1, $2) RETURNING id`,
      [name, district],
    );
    return row!.id;
  };

  const organisationOnPool = async (name: string) => {
    const key = testDistrictKey();
    const [row] = await db.query<Array<{ id: string }>>(
      `INSERT INTO organisations (type, name, district_key) VALUES ('district', $1, $2) RETURNING id`,
      [`${name} ${key} ${Date.now()}`, key],
    );
    return row!.id;
  };

  beforeAll(async () => {
    db = await openIntegrationDb();
    repo = new DemandsRepository(db);
  });
  beforeEach(async () => {
    runner = db.createQueryRunner();
    await runner.startTransaction();
    m = runner.manager;
    district = testDistrictKey();
    org = await organisation(`Bedarf ${district}`);
    other = await organisation(`Andere ${district}`);
  });
  afterEach(async () => {
    await runner.rollbackTransaction();
    await runner.release();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('inserts a demand and reads it back for its organisation only', async () => {
    const id = await repo.insert(m, org, values('Laptops'), 'open', null as unknown as string);
    const row = await repo.ofOrganisation(m, id, org);
    expect(row).toMatchObject({
      id,
      organisation_id: org,
      cpv_code: '34144900-7',
      title: 'Laptops',
      unit: 'H87',
      delivery_from: '2027-01-01',
      delivery_to: '2027-12-31',
      district_key: district,
      status: 'open',
      bundle_id: null,
    });
    expect(await repo.ofOrganisation(m, id, other)).toBeUndefined();
  });

  it('updates every stored field and the status; locks the row; withdraws', async () => {
    const id = await repo.insert(m, org, values('Laptops'), 'draft', null as unknown as string);
    expect((await repo.lock(m, id))?.status).toBe('draft');
    await repo.update(m, id, values('Tablets', '30213100-6'), 'open');
    expect(await repo.ofOrganisation(m, id, org)).toMatchObject({
      title: 'Tablets',
      cpv_code: '30213100-6',
      status: 'open',
    });
    await repo.markWithdrawn(m, id);
    expect((await repo.ofOrganisation(m, id, org))?.status).toBe('withdrawn');
    expect(await repo.lock(m, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('a demand leaves its bundle', async () => {
    const id = await repo.insert(m, org, values('Laptops'), 'bundled', null as unknown as string);
    const [bundle] = await m.query<Array<{ id: string }>>(
      `INSERT INTO bundles (title, status, coordinator_organisation_id, cpv_prefixes, district_keys, join_deadline,
         delivery_from, delivery_to, threshold_category)
       VALUES ('B', 'open', $1, '{3414}', $2, now() + interval '1 day', '2027-01-01', '2027-12-31', 'SUPPLIES_SERVICES_SUB_CENTRAL')
       RETURNING id`,
      [org, [district]],
    );
    await m.query(`INSERT INTO bundle_participations (bundle_id, demand_id, organisation_id) VALUES ($1, $2, $3)`, [
      bundle!.id,
      id,
      org,
    ]);
    expect((await repo.ofOrganisation(m, id, org))?.bundle_id).toBe(bundle!.id);
    await repo.leaveBundle(m, id);
    expect((await repo.ofOrganisation(m, id, org))?.bundle_id).toBeNull();
  });

  it('pages the organisation’s demands newest first, filtered by status and CPV prefix, with the total', async () => {
    // the page reads on the pool: these rows are committed, in organisations of their own, and removed
    const [mine, theirs] = [await organisationOnPool('Seiten'), await organisationOnPool('Fremd')];
    try {
      for (const [title, cpv, status] of [
        ['a', '34144900-7', 'open'],
        ['b', '30213100-6', 'open'],
        ['c', '34144900-7', 'draft'],
      ] as const) {
        await repo.insert(db, mine, values(title, cpv), status, null as unknown as string);
      }
      await repo.insert(db, theirs, values('fremd'), 'open', null as unknown as string);
      const titles = (r: { title: string }) => r.title;
      const first = await repo.page(mine, {}, pageRequest({ page: 1, pageSize: 2 }), titles);
      expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      const second = await repo.page(mine, {}, pageRequest({ page: 2, pageSize: 2 }), titles);
      expect([...first.items, ...second.items]).toEqual(['c', 'b', 'a']);
      expect((await repo.page(mine, { status: 'open' }, pageRequest({}), titles)).items).toEqual(['b', 'a']);
      expect((await repo.page(mine, { cpvPrefix: '3414' }, pageRequest({}), titles)).items).toEqual(['c', 'a']);
      expect((await repo.page(mine, { status: 'draft', cpvPrefix: '3414' }, pageRequest({}), titles)).items).toEqual([
        'c',
      ]);
    } finally {
      await db.query(`DELETE FROM demands WHERE organisation_id = ANY($1::uuid[])`, [[mine, theirs]]);
    }
  });
});
