import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { BundlesRepository } from '@buendel/bundling';
import { BundleViewer, isBundleVisible } from '@buendel/domain';
import { createDataSource } from '@buendel/persistence';
import { testDistrictKey } from '@buendel/testing';

/**
 * The middle tier: a repository against the real PostgreSQL (the run's migrated database),
 * without Nest or HTTP. The visibility rule lives in @buendel/domain; the repository writes it
 * again in SQL for lists and details, and here the SQL form must agree with the rule.
 */
describe('BundlesRepository against PostgreSQL', () => {
  let db: DataSource;
  let repo: BundlesRepository;
  /** a small world: three organisations, four districts, bundles over every combination */
  const orgs: string[] = [];
  const districts = [testDistrictKey(), testDistrictKey(), testDistrictKey(), testDistrictKey()];
  const bundles: Array<{ id: string; coordinator: string; districtKeys: string[]; participants: string[] }> = [];

  beforeAll(async () => {
    db = createDataSource({ url: process.env['DATABASE_URL']!, applicationName: 'buendel-integration', poolSize: 4 });
    await db.initialize();
    repo = new BundlesRepository(db);
    for (let i = 0; i < 3; i++) {
      const [row] = await db.query<Array<{ id: string }>>(
        `INSERT INTO organisations (type, name, district_key) VALUES ('district', $1, $2) RETURNING id`,
        [`Integration ${i} ${districts[i]}`, districts[i]],
      );
      orgs.push(row!.id);
    }
    // every coordinator, every pair of districts, with and without one participant
    for (const [c, coordinator] of orgs.entries()) {
      for (let a = 0; a < districts.length; a++) {
        const districtKeys = [districts[a]!, districts[(a + c + 1) % districts.length]!];
        const participants = a % 2 === 0 ? [orgs[(c + 1) % orgs.length]!] : [];
        const id = await repo.insert(db, {
          title: `Sichtbarkeit ${c}-${a}`,
          description: null,
          coordinatorOrganisationId: coordinator,
          provisionalJoins: 'keep',
          cpvPrefixes: ['3414'],
          districtKeys,
          joinDeadline: new Date(Date.now() + 86_400_000),
          deliveryFrom: '2027-01-01',
          deliveryTo: '2027-12-31',
          mandatoryCriteria: [],
          minParticipants: null,
          targetValueCents: null,
          thresholdCategory: 'SUPPLIES_SERVICES_SUB_CENTRAL',
          createdBy: null as unknown as string,
        });
        for (const p of participants) {
          const [demand] = await db.query<Array<{ id: string }>>(
            `INSERT INTO demands (organisation_id, cpv_code, title, quantity, unit, unit_price_eur, estimated_value_cents,
               delivery_from, delivery_to, delivery_ags, district_key, status)
             VALUES ($1, '34144900-7', 'Testbedarf', 1, 'H87', 100, 10000, '2027-01-01', '2027-12-31', $2, $3, 'bundled')
             RETURNING id`,
            [p, `${districtKeys[0]}001`, districtKeys[0]],
          );
          await db.query(
            `INSERT INTO bundle_participations (bundle_id, demand_id, organisation_id) VALUES ($1, $2, $3)`,
            [id, demand!.id, p],
          );
        }
        bundles.push({ id, coordinator, districtKeys, participants });
      }
    }
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('the SQL form of the visibility rule sees exactly the bundles the domain rule sees', async () => {
    const viewers = fc.record({
      org: fc.integer({ min: 0, max: orgs.length }), // orgs.length: an organisation with no bundle
      regionKeys: fc.subarray(districts),
    });
    await fc.assert(
      fc.asyncProperty(viewers, async ({ org, regionKeys }) => {
        const viewer: BundleViewer = {
          organisationId: orgs[org] ?? '00000000-0000-4000-8000-000000000000',
          regionKeys,
        };
        const expected = bundles
          .filter((b) =>
            isBundleVisible(
              { coordinatorOrganisationId: b.coordinator, districtKeys: b.districtKeys },
              viewer,
              b.participants.includes(viewer.organisationId),
            ),
          )
          .map((b) => b.id)
          .sort();
        const seen = await repo.visibleAmong(
          viewer,
          bundles.map((b) => b.id),
        );
        expect(seen).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('finds the open bundles due for closing by the given time, not by the database clock', async () => {
    const ours = new Set(bundles.map((b) => b.id));
    expect((await repo.dueForClosing(new Date(), 10_000)).filter((id) => ours.has(id))).toEqual([]);
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
    expect((await repo.dueForClosing(inTwoDays, 10_000)).filter((id) => ours.has(id)).sort()).toEqual([...ours].sort());
  });

  it('counts the participations and closes a bundle at the given time', async () => {
    const withOne = bundles.find((b) => b.participants.length === 1)!;
    expect(await repo.participationCounts(db, withOne.id)).toEqual({ organisations: 1, demands: 1 });
    const at = new Date('2030-05-01T10:00:00.000Z');
    await repo.markClosed(db, withOne.id, at);
    const [row] = await db.query<Array<{ status: string; closed_at: Date }>>(
      `SELECT status, closed_at FROM bundles WHERE id = $1`,
      [withOne.id],
    );
    expect(row).toEqual({ status: 'closed', closed_at: at });
  });
});
