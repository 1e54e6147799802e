import { DataSource } from 'typeorm';
import { NotificationsRepository } from '@buendel/bundling';
import { checkDemandAgainstBundle, demandJoinProblem } from '@buendel/domain';
import { pageRequest } from '@buendel/http';
import { testDistrictKey } from '@buendel/testing';
import { openIntegrationDb } from '../support/integration-db';

interface BundleCase {
  status: string;
  cpvPrefixes: string[];
  districtKeys: string[];
  deliveryFrom: string;
  deliveryTo: string;
  mandatoryCriteria: string[];
}
interface DemandCase {
  organisationId: string;
  cpvCode: string;
  districtKey: string;
  deliveryFrom: string;
  deliveryTo: string;
  criteria: string[];
  status: string;
}

/**
 * NotificationsRepository against the run's migrated database (no Nest, no HTTP). The rule of
 * which demand fits a bundle lives in @buendel/domain (checkDemandAgainstBundle and the status
 * rule demandJoinProblem); notifyMatchingBuyers writes it again in SQL, and here, over a grid of
 * demands that differ in every fact the rule looks at, the SQL must notify exactly the
 * organisations whose demand the rule lets join.
 */
describe('NotificationsRepository against PostgreSQL', () => {
  let db: DataSource;
  let repo: NotificationsRepository;
  const [d1, d2, d3] = [testDistrictKey(), testDistrictKey(), testDistrictKey()];
  let coordinator: string;
  const demands: DemandCase[] = [];

  const insertBundle = async (b: BundleCase): Promise<string> => {
    const [row] = await db.query<Array<{ id: string }>>(
      `INSERT INTO bundles (title, status, coordinator_organisation_id, cpv_prefixes, district_keys, join_deadline,
         delivery_from, delivery_to, threshold_category, mandatory_criteria)
       VALUES ('Passung', $1, $2, $3, $4, now() + interval '7 days', $5, $6, 'SUPPLIES_SERVICES_SUB_CENTRAL', $7) RETURNING id`,
      [b.status, coordinator, b.cpvPrefixes, b.districtKeys, b.deliveryFrom, b.deliveryTo, b.mandatoryCriteria],
    );
    return row!.id;
  };

  beforeAll(async () => {
    db = await openIntegrationDb();
    repo = new NotificationsRepository(db);
    const [c] = await db.query<Array<{ id: string }>>(
      `INSERT INTO organisations (type, name, district_key) VALUES ('district', 'Passungskreis', $1) RETURNING id`,
      [d1],
    );
    coordinator = c!.id;
    // every combination of the facts the rule looks at; one organisation per demand
    const windows = [
      ['2026-01-01', '2026-12-31'], // before
      ['2027-06-30', '2027-12-31'], // touches the end (inclusive)
      ['2027-07-01', '2027-12-31'], // after
      ['2026-06-01', '2027-01-01'], // touches the start
    ];
    for (const cpvCode of ['34144900-7', '30192000-1', '31440000-2'])
      for (const districtKey of [d1, d3])
        for (const [deliveryFrom, deliveryTo] of windows)
          for (const criteria of [[], ['ENERGY'], ['ENERGY', 'RECYCLED'], ['SOCIAL']])
            for (const status of ['open', 'draft', 'bundled'])
              demands.push({
                organisationId: '',
                cpvCode,
                districtKey,
                deliveryFrom: deliveryFrom!,
                deliveryTo: deliveryTo!,
                criteria,
                status,
              });
    const orgs = await db.query<Array<{ id: string }>>(
      `INSERT INTO organisations (type, name, district_key)
       SELECT 'municipality', 'Passungsgemeinde ' || n, $2 FROM generate_series(1, $1::int) n RETURNING id`,
      [demands.length, d1],
    );
    demands.forEach((d, i) => (d.organisationId = orgs[i]!.id));
    await db.query(
      `INSERT INTO demands (organisation_id, cpv_code, title, quantity, unit, unit_price_eur, estimated_value_cents,
         delivery_from, delivery_to, delivery_ags, district_key, status, criteria)
       SELECT o, c, 'Passungsbedarf', 1, 'H87', 100, 10000, f, t, k || '001', k, s, string_to_array(cr, ',')
       FROM unnest($1::uuid[], $2::text[], $3::date[], $4::date[], $5::text[], $6::text[], $7::text[]) AS u(o, c, f, t, k, s, cr)`,
      [
        demands.map((d) => d.organisationId),
        demands.map((d) => d.cpvCode),
        demands.map((d) => d.deliveryFrom),
        demands.map((d) => d.deliveryTo),
        demands.map((d) => d.districtKey),
        demands.map((d) => d.status),
        demands.map((d) => d.criteria.join(',')),
      ],
    );
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const bundles: Array<[string, BundleCase]> = [
    [
      'two scopes, two districts, two criteria',
      {
        status: 'open',
        cpvPrefixes: ['3414', '3019'],
        districtKeys: [d1, d2],
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-06-30',
        mandatoryCriteria: ['ENERGY', 'RECYCLED'],
      },
    ],
    [
      'a division, no criterion',
      {
        status: 'open',
        cpvPrefixes: ['31'],
        districtKeys: [d3],
        deliveryFrom: '2026-01-01',
        deliveryTo: '2027-12-31',
        mandatoryCriteria: [],
      },
    ],
    [
      'closed: notifies nobody',
      {
        status: 'closed',
        cpvPrefixes: ['34'],
        districtKeys: [d1, d3],
        deliveryFrom: '2026-01-01',
        deliveryTo: '2027-12-31',
        mandatoryCriteria: ['ENERGY', 'RECYCLED', 'SOCIAL'],
      },
    ],
  ];

  it.each(bundles)('notifies exactly the organisations whose demand the domain rule lets join: %s', async (_, b) => {
    const bundleId = await insertBundle(b);
    const expected = demands
      .filter(
        (d) =>
          b.status === 'open' &&
          !demandJoinProblem({ status: d.status, bundleId: null }, bundleId) &&
          checkDemandAgainstBundle({
            demand: { ...d, deliveryAgs: `${d.districtKey}001` },
            bundle: { ...b, cpvPrefix: b.cpvPrefixes },
          }).length === 0,
      )
      .map((d) => d.organisationId)
      .sort();
    if (b.status === 'open') expect(expected.length).toBeGreaterThan(0); // the grid has fitting demands
    await repo.notifyMatchingBuyers(bundleId);
    const mine = new Set(demands.map((d) => d.organisationId));
    const notified = (
      await db.query<Array<{ organisation_id: string }>>(
        `SELECT organisation_id FROM notifications WHERE subject_id = $1 AND kind = 'bundle.matching-opened'`,
        [bundleId],
      )
    )
      .map((r) => r.organisation_id)
      .filter((o) => mine.has(o))
      .sort();
    expect(notified).toEqual(expected);
    expect(await repo.notifyMatchingBuyers(bundleId)).toBe(0); // once
  });

  it('pages an organisation’s notifications newest first, and marks one read once', async () => {
    const org = demands[0]!.organisationId;
    const bundleId = await insertBundle({ ...bundles[0]![1], cpvPrefixes: ['3414'] });
    await db.query(
      `INSERT INTO notifications (organisation_id, kind, subject_id, title, data) VALUES ($1, 'test.a', $2, 'A', '{}'), ($1, 'test.b', $2, 'B', '{}')`,
      [org, bundleId],
    );
    const all = await repo.page(org, false, pageRequest({ page: 1, pageSize: 100 }), (r) => r);
    expect(all.total).toBeGreaterThanOrEqual(2);
    const times = all.items.map((r) => r.created_at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const target = all.items.find((r) => r.kind === 'test.a')!;
    const read = await repo.markRead(org, target.id);
    expect(read?.read_at).toBeInstanceOf(Date);
    expect((await repo.markRead(org, target.id))?.read_at).toEqual(read!.read_at);
    expect(await repo.markRead(coordinator, target.id)).toBeUndefined();
    const unread = await repo.page(org, true, pageRequest({ page: 1, pageSize: 100 }), (r) => r.id);
    expect(unread.items).not.toContain(target.id);
    expect(unread.total).toBe(all.total - 1);
  });
});
