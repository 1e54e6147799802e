import { DataSource } from 'typeorm';
import { ReportsRepository } from '@buendel/tendering';
import { testDistrictKey } from '@buendel/testing';
import { openIntegrationDb } from '../support/integration-db';

/**
 * ReportsRepository against the run's migrated database (no Nest, no HTTP): which value the
 * sustainability report counts, under which criteria, and for which districts.
 */
describe('ReportsRepository against PostgreSQL', () => {
  let db: DataSource;
  let repo: ReportsRepository;
  const district = testDistrictKey();
  const elsewhere = testDistrictKey();

  const one = async <T>(sql: string, params: unknown[]): Promise<T> => {
    const [row] = await db.query<T[]>(sql, params);
    return row!;
  };
  const organisation = (type: string, name: string, districtKey: string) =>
    one<{ id: string }>(`INSERT INTO organisations (type, name, district_key) VALUES ($1, $2, $3) RETURNING id`, [
      type,
      name,
      districtKey,
    ]).then((r) => r.id);
  const bundle = (coordinator: string, status: string, mandatory: string[]) =>
    one<{ id: string }>(
      `INSERT INTO bundles (title, status, coordinator_organisation_id, cpv_prefixes, district_keys, join_deadline,
         delivery_from, delivery_to, threshold_category, mandatory_criteria)
       VALUES ('Berichtsbündel', $1, $2, '{3414}', $3, now() + interval '7 days', '2027-01-01', '2027-12-31',
         'SUPPLIES_SERVICES_SUB_CENTRAL', $4)
       RETURNING id`,
      [status, coordinator, [district], mandatory],
    ).then((r) => r.id);
  const join = async (
    bundleId: string,
    organisationId: string,
    districtKey: string,
    cents: number,
    criteria: string[],
  ) => {
    const demand = await one<{ id: string }>(
      `INSERT INTO demands (organisation_id, cpv_code, title, quantity, unit, unit_price_eur, estimated_value_cents,
         delivery_from, delivery_to, delivery_ags, district_key, status, criteria)
       VALUES ($1, '34144900-7', 'Berichtsbedarf', 1, 'H87', 100, $2, '2027-01-01', '2027-12-31', $3, $4, 'bundled', $5)
       RETURNING id`,
      [organisationId, cents, `${districtKey}001`, districtKey, criteria],
    );
    await db.query(`INSERT INTO bundle_participations (bundle_id, demand_id, organisation_id) VALUES ($1, $2, $3)`, [
      bundleId,
      demand.id,
      organisationId,
    ]);
  };

  beforeAll(async () => {
    db = await openIntegrationDb();
    repo = new ReportsRepository(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('sums bundled value per organisation and criteria set (the bundle’s and the demand’s), without cancelled bundles', async () => {
    const coordinator = await organisation('district', `Kreis ${district}`, district);
    const a = await organisation('municipality', `Gemeinde A ${district}`, district);
    const far = await organisation('municipality', `Gemeinde F ${elsewhere}`, elsewhere);
    const open = await bundle(coordinator, 'open', ['ENERGY_EFFICIENCY']);
    const cancelled = await bundle(coordinator, 'cancelled', []);
    await join(open, a, district, 10_000, ['RECYCLED_CONTENT', 'ENERGY_EFFICIENCY']);
    await join(open, a, district, 2_500, ['RECYCLED_CONTENT']);
    await join(open, a, district, 5_000, []);
    await join(cancelled, a, district, 7_000, ['RECYCLED_CONTENT']);
    await join(open, far, elsewhere, 9_000, []);
    const rows = (await repo.bundledValues([district]))
      .map((r) => [r.organisation_id, r.district_key, r.criteria, r.value])
      .sort((x, y) => String(x[3]).localeCompare(String(y[3])));
    expect(rows).toEqual([
      [a, district, ['ENERGY_EFFICIENCY', 'RECYCLED_CONTENT'], '12500'],
      [a, district, ['ENERGY_EFFICIENCY'], '5000'],
    ]);
    expect((await repo.bundledValues([elsewhere])).map((r) => r.value)).toEqual(['9000']);
    expect(await repo.awardedValues([district])).toEqual([]);
  });

  it('names each district by its district row, or its city', async () => {
    const city = testDistrictKey();
    await organisation('municipality', `Gemeinde ${city}`, city);
    await organisation('city', `Stadt ${city}`, city);
    const names = await repo.districtNames([city, district, '00000']);
    expect(names.get(city)).toBe(`Stadt ${city}`);
    expect(names.has('00000')).toBe(false);
  });
});
