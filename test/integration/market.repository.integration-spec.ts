import { DataSource } from 'typeorm';
import { MarketRepository, NO_NUTS3 } from '@buendel/tendering';
import { pageRequest } from '@buendel/http';
import { testDistrictKey } from '@buendel/testing';
import { openIntegrationDb } from '../support/integration-db';

/**
 * MarketRepository against the run's migrated database (no Nest, no HTTP): which demand the
 * market view counts, which tenders it lists, and which subscriptions a published tender
 * matches. The snapshot itself (one for all) is left to market.e2e-spec.ts.
 */
describe('MarketRepository against PostgreSQL', () => {
  let db: DataSource;
  let repo: MarketRepository;
  const district = testDistrictKey();
  const otherDistrict = testDistrictKey();
  let coordinator: string;
  let buyer: string;

  const one = async <T>(sql: string, params: unknown[]): Promise<T> => {
    const [row] = await db.query<T[]>(sql, params);
    return row!;
  };
  const organisation = (type: string, districtKey: string | null) =>
    one<{ id: string }>(`INSERT INTO organisations (type, name, district_key) VALUES ($1, $2, $3) RETURNING id`, [
      type,
      `Markt ${type} ${Math.random().toString(36).slice(2, 8)}`,
      districtKey,
    ]).then((r) => r.id);
  const bundle = (status: string) =>
    one<{ id: string }>(
      `INSERT INTO bundles (title, status, coordinator_organisation_id, cpv_prefixes, district_keys, join_deadline,
         delivery_from, delivery_to, threshold_category)
       VALUES ('Marktbündel', $1, $2, '{3414}', $3, now() + interval '7 days', '2027-01-01', '2027-12-31', 'SUPPLIES_SERVICES_SUB_CENTRAL')
       RETURNING id`,
      [status, coordinator, [district]],
    ).then((r) => r.id);
  const participate = async (bundleId: string, quantity: number, deliveryFrom: string) => {
    const demand = await one<{ id: string }>(
      `INSERT INTO demands (organisation_id, cpv_code, title, quantity, unit, unit_price_eur, estimated_value_cents,
         delivery_from, delivery_to, delivery_ags, district_key, status)
       VALUES ($1, '34144900-7', 'Marktbedarf', $2, 'H87', 100, $3, $4, '2027-12-31', $5, $6, 'bundled') RETURNING id`,
      [buyer, quantity, quantity * 10_000, deliveryFrom, `${district}001`, district],
    );
    await db.query(`INSERT INTO bundle_participations (bundle_id, demand_id, organisation_id) VALUES ($1, $2, $3)`, [
      bundleId,
      demand.id,
      buyer,
    ]);
  };
  const tender = async (status: string, cpvCode: string, ags: string) => {
    const bundleId = await bundle('tendering');
    const { id } = await one<{ id: string }>(
      `INSERT INTO tenders (bundle_id, coordinator_organisation_id, status, title, procedure_type, regime, estimated_value_cents,
         price_weight, submission_deadline, published_at)
       VALUES ($1, $2, $3, 'Marktausschreibung', 'national-open', '{"scope":"NATIONAL"}', 100000, 100, now() + interval '1 day',
         CASE WHEN $3 = 'draft' THEN NULL ELSE now() END)
       RETURNING id`,
      [bundleId, coordinator, status],
    );
    const lot = await one<{ id: string }>(
      `INSERT INTO tender_lots (tender_id, key, title, position, estimated_value_cents) VALUES ($1, 'L1', 'Los', 0, 100000) RETURNING id`,
      [id],
    );
    await db.query(
      `INSERT INTO tender_items (tender_id, lot_id, cpv_code, unit, quantity, estimated_value_cents, delivery_ags, position)
       VALUES ($1, $2, $3, 'H87', 1, 100000, $4, 0)`,
      [id, lot.id, cpvCode, [ags]],
    );
    return id;
  };

  beforeAll(async () => {
    db = await openIntegrationDb();
    repo = new MarketRepository(db);
    coordinator = await organisation('district', district);
    buyer = await organisation('municipality', district);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('counts the demand of open and closed bundles only, summed per quarter, with the Extra-Regio for a district without NUTS', async () => {
    const open = await bundle('open');
    const closed = await bundle('closed');
    const cancelled = await bundle('cancelled');
    await participate(open, 2, '2027-01-15');
    await participate(open, 3, '2027-02-01');
    await participate(open, 5, '2027-04-01');
    await participate(closed, 7, '2027-01-01');
    await participate(cancelled, 11, '2027-01-01');
    const mine = (await repo.contributions())
      .filter((r) => [open, closed, cancelled].includes(r.bundle_id))
      .map((r) => [r.bundle_id, r.quarter, r.quantity, r.value, r.nuts3, r.district_key])
      .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
    const expected = [
      [open, '2027-Q1', '5.000', '50000', NO_NUTS3, district],
      [open, '2027-Q2', '5.000', '50000', NO_NUTS3, district],
      [closed, '2027-Q1', '7.000', '70000', NO_NUTS3, district],
    ].sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
    expect(mine.map((r) => [r[0], r[1], Number(r[2]), r[3], r[4], r[5]])).toEqual(
      expected.map((r) => [r[0], r[1], Number(r[2]), r[3], r[4], r[5]]),
    );
  });

  it('a published tender notifies the subscriptions it matches, once; a draft none', async () => {
    const suppliers = await Promise.all([1, 2, 3, 4, 5].map(() => organisation('supplier', null)));
    const subscribe = (i: number, cpv: string[], districts: string[]) =>
      repo.insertSubscription(suppliers[i]!, cpv, districts);
    await subscribe(0, ['3414'], []); // the code, anywhere
    await subscribe(1, ['34'], [district]); // the division, in the district
    await subscribe(2, ['3414'], [otherDistrict]); // elsewhere
    await subscribe(3, ['3019'], []); // another code
    await subscribe(4, ['3414'], [district]);
    await subscribe(4, ['34144900'], []); // two matching subscriptions: still one notification
    const published = await tender('published', '34144900-7', `${district}001`);
    const draft = await tender('draft', '34144900-7', `${district}001`);
    const notified = async (tenderId: string) =>
      (
        await db.query<Array<{ organisation_id: string }>>(
          `SELECT organisation_id FROM notifications WHERE subject_id = $1 AND kind = 'tender.published'`,
          [tenderId],
        )
      )
        .map((r) => suppliers.indexOf(r.organisation_id))
        .filter((i) => i >= 0) // other test files' suppliers may subscribe to the same codes
        .sort();
    expect(await repo.notifySubscribers(published)).toBeGreaterThanOrEqual(3);
    expect(await notified(published)).toEqual([0, 1, 4]);
    expect(await repo.notifySubscribers(published)).toBe(0);
    expect(await repo.notifySubscribers(draft)).toBe(0);
    expect(await notified(draft)).toEqual([]);
  });

  it('lists published, opened and awarded tenders by CPV and delivery district, the open ones first', async () => {
    const published = await tender('published', '30192000-1', `${otherDistrict}002`);
    const awarded = await tender('awarded', '30192000-1', `${otherDistrict}003`);
    await tender('draft', '30192000-1', `${otherDistrict}004`);
    await tender('cancelled', '30192000-1', `${otherDistrict}005`);
    const page = await repo.tenderPage({ districtKey: otherDistrict }, pageRequest({ page: 1, pageSize: 20 }));
    expect(page.items.map((t) => t.id)).toEqual([published, awarded]);
    expect(page.total).toBe(2);
    const byCpv = await repo.tenderPage({ districtKey: otherDistrict, cpvPrefix: '3019' }, pageRequest({}));
    expect(byCpv.total).toBe(2);
    const otherCpv = await repo.tenderPage({ districtKey: otherDistrict, cpvPrefix: '3414' }, pageRequest({}));
    expect(otherCpv.total).toBe(0);
    const [lot] = await repo.lotsOf([published]);
    expect(lot).toMatchObject({ tender_id: published, key: 'L1', value: '100000' });
    const [item] = await repo.itemsOf([published]);
    expect(item).toMatchObject({ lot_id: lot!.id, cpv_code: '30192000-1', delivery_ags: [`${otherDistrict}002`] });
  });

  it('knows district keys of districts and cities only, and deletes only the supplier’s own subscription', async () => {
    expect(await repo.knownDistrictKeys([district, otherDistrict, '14524'])).toEqual(new Set([district, '14524']));
    const [a, b] = await Promise.all([organisation('supplier', null), organisation('supplier', null)]);
    const { id } = await repo.insertSubscription(a, ['3414'], []);
    expect(await repo.deleteSubscription(b, id)).toBe(false);
    expect((await repo.subscriptionsOf(a)).map((s) => s.id)).toEqual([id]);
    expect(await repo.deleteSubscription(a, id)).toBe(true);
    expect(await repo.subscriptionsOf(a)).toEqual([]);
  });
});
