import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AggregationRepository, summedItemsOf } from '@buendel/bundling';
import { aggregateLines, aggregateSummedItems } from '@buendel/domain';
import { testDistrictKey } from '@buendel/testing';
import { openIntegrationDb } from '../support/integration-db';
import { createTenderWorld, insertBundle, TenderWorld } from '../support/tender-world';

/**
 * The aggregation's snapshot statement sums a bundle's demands per item in SQL (the key of the
 * domain's grouping rule); aggregateSummedItems makes the aggregate's lines of those sums. For
 * any demands (several codes, units, specifications with several texts of one key, districts,
 * organisations, exact decimal quantities) that is exactly aggregateLines of the demands
 * themselves, for the stored participations and for a join and a leave assumed.
 */

interface DemandSpec {
  organisation: number;
  code: number;
  unit: number;
  specification: number;
  district: number;
  quantityMilli: number;
  valueCents: number;
  joined: boolean;
}

/** key and text; one key with several texts, texts beyond the BMP and above U+E000 (code-unit order) */
const SPECIFICATIONS: Array<[string, string] | null> = [
  null,
  ['e-van', 'E-Transporter'],
  ['e-van', 'E-Transporter 3,5 t'],
  ['e-van', 'Ä-Transporter'],
  ['e-car', '\u{1D508}-Kleinwagen'],
  ['e-car', '\uFF25-Kleinwagen'],
];
const UNITS = ['H87', 'C62', 'KWH'];

const demandArb: fc.Arbitrary<DemandSpec> = fc.record({
  organisation: fc.nat({ max: 3 }),
  code: fc.nat({ max: 3 }),
  unit: fc.nat({ max: UNITS.length - 1 }),
  specification: fc.nat({ max: SPECIFICATIONS.length - 1 }),
  district: fc.nat({ max: 1 }),
  quantityMilli: fc.integer({ min: 1, max: 5_000_000_000 }),
  valueCents: fc.nat({ max: 10_000_000_000 }),
  joined: fc.boolean(),
});

describe('the aggregation snapshot statement against PostgreSQL', () => {
  let db: DataSource;
  let w: TenderWorld;
  let aggregation: AggregationRepository;
  let organisations: Array<{ id: string; userId: string }>;
  let codes: string[];
  let districts: string[];

  beforeAll(async () => {
    db = await openIntegrationDb();
    aggregation = new AggregationRepository(db);
    w = await createTenderWorld(db);
    organisations = [...w.buyers, w.coordinator, w.suppliers[0]];
    // three codes of one group (two classes) and one of another group
    const rows = await db.query<Array<{ code: string }>>(
      `(SELECT code FROM cpv_codes WHERE code LIKE '3414%' ORDER BY code LIMIT 2)
       UNION ALL (SELECT code FROM cpv_codes WHERE code LIKE '3413%' ORDER BY code LIMIT 1)
       UNION ALL (SELECT code FROM cpv_codes WHERE code LIKE '3115%' ORDER BY code LIMIT 1)`,
    );
    codes = rows.map((r) => r.code);
    expect(codes).toHaveLength(4);
    districts = [w.districtKey, testDistrictKey()];
  });
  afterAll(async () => {
    await db?.destroy();
  });

  /** a new bundle with these demands (the joined ones take part); the rows of every demand */
  async function scene(specs: DemandSpec[]) {
    const bundleId = await insertBundle(db, w.coordinator, {
      title: `Schnappschuss ${w.districtKey}`,
      cpvPrefixes: ['3414', '3413', '3115'],
      districtKeys: districts,
      joinDeadline: new Date(Date.now() + 86_400_000),
    });
    const demands = [];
    for (const spec of specs) {
      const organisation = organisations[spec.organisation]!;
      const specification = SPECIFICATIONS[spec.specification] ?? null;
      const district = districts[spec.district]!;
      const quantity = (spec.quantityMilli / 1000).toFixed(3);
      const [row] = await db.query<Array<{ id: string }>>(
        `INSERT INTO demands (organisation_id, cpv_code, title, quantity, unit, unit_price_eur, estimated_value_cents,
           delivery_from, delivery_to, delivery_ags, district_key, status, created_by, specification_key, specification_text)
         VALUES ($1, $2, 'Bedarf', $3, $4, 0, $5, '2027-01-01', '2027-12-31', $6, $7, $8, $9, $10, $11) RETURNING id`,
        [
          organisation.id,
          codes[spec.code],
          quantity,
          UNITS[spec.unit],
          spec.valueCents,
          `${district}001`,
          district,
          spec.joined ? 'bundled' : 'open',
          organisation.userId,
          specification?.[0] ?? null,
          specification?.[1] ?? null,
        ],
      );
      if (spec.joined) {
        await db.query(
          `INSERT INTO bundle_participations (bundle_id, demand_id, organisation_id, joined_by) VALUES ($1, $2, $3, $4)`,
          [bundleId, row!.id, organisation.id, organisation.userId],
        );
      }
      demands.push({ id: row!.id, spec, organisationId: organisation.id, specification, district });
    }
    return { bundleId, demands };
  }

  type Demand = Awaited<ReturnType<typeof scene>>['demands'][number];

  /** the aggregate of the rule over the demands themselves */
  const expected = (demands: Demand[]) => {
    const aggregate = aggregateLines(
      demands.map((d) => ({
        cpvCode: codes[d.spec.code]!,
        unit: UNITS[d.spec.unit]!,
        specificationKey: d.specification?.[0] ?? null,
        specificationText: d.specification?.[1] ?? null,
        districtKey: d.district,
        organisationId: d.organisationId,
        quantityMilli: d.spec.quantityMilli,
        estimatedValueCents: d.spec.valueCents,
      })),
    );
    return { aggregate, demands: demands.length };
  };

  /** the aggregate of the statement's sums */
  const actual = (snapshot: Awaited<ReturnType<AggregationRepository['snapshots']>>[number]) => ({
    aggregate: aggregateSummedItems(summedItemsOf(snapshot), snapshot.participants),
    demands: snapshot.demands,
  });

  it('gives the lines of aggregateLines over the demands, stored and assumed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(demandArb, { minLength: 0, maxLength: 40 }), fc.nat({ max: 4 }), async (specs, who) => {
        const { bundleId, demands } = await scene(specs);
        const joined = demands.filter((d) => d.spec.joined);
        const [stored] = await aggregation.snapshots([bundleId]);
        expect(actual(stored!)).toEqual(expected(joined));

        // a leave of one organisation, and a join of every demand not in the bundle yet
        const leaving = organisations[who]?.id ?? null;
        const assumedLeave = await aggregation.assumedSnapshot(bundleId, [], leaving);
        expect(actual(assumedLeave!)).toEqual(expected(joined.filter((d) => d.organisationId !== leaving)));
        const assumedJoin = await aggregation.assumedSnapshot(
          bundleId,
          demands.map((d) => d.id),
          null,
        );
        expect(actual(assumedJoin!)).toEqual(expected(demands));
      }),
      { numRuns: 25 },
    );
  });
});
