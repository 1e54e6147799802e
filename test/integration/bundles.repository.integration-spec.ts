import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { BundlesRepository } from '@buendel/bundling';
import { BundleViewer, isBundleVisible } from '@buendel/domain';
import type { AppConfig } from '@buendel/config';
import { createDataSource, OneTripTransactions } from '@buendel/persistence';
import { testDistrictKey } from '@buendel/testing';
import { insertBundle } from '../support/tender-world';

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
  /** a new open demand of the organisation, delivered in the district; its id */
  const openDemand = async (organisationId: string, districtKey: string): Promise<string> => {
    const [row] = await db.query<Array<{ id: string }>>(
      `INSERT INTO demands (organisation_id, cpv_code, title, quantity, unit, unit_price_eur, estimated_value_cents,
         delivery_from, delivery_to, delivery_ags, district_key, status)
       VALUES ($1, '34144900-7', 'Testbedarf', 1, 'H87', 100, 10000, '2027-01-01', '2027-12-31', $2, $3, 'open')
       RETURNING id`,
      [organisationId, `${districtKey}001`, districtKey],
    );
    return row!.id;
  };

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
        const id = await insertBundle(
          db,
          { id: coordinator, userId: null as unknown as string },
          { title: `Sichtbarkeit ${c}-${a}`, districtKeys, joinDeadline: new Date(Date.now() + 86_400_000) },
        );
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

  it('reads the state a change checks and whether the organisation takes part in one statement', async () => {
    const withOne = bundles.find((b) => b.participants.length === 1)!;
    const outsider = orgs.find((o) => o !== withOne.participants[0])!;
    const state = await db.transaction((m) => repo.changeState(m, withOne.id, false));
    expect(await repo.stateAndParticipation(db.manager, withOne.id, withOne.participants[0]!)).toEqual({
      ...state,
      participates: true,
    });
    expect(await repo.stateAndParticipation(db.manager, withOne.id, outsider)).toEqual({
      ...state,
      participates: false,
    });
    expect(
      await repo.stateAndParticipation(db.manager, '00000000-0000-4000-8000-000000000000', outsider),
    ).toBeUndefined();
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

  it('writes a join in one statement only while its demands are as they were read', async () => {
    const bundle = bundles.find((b) => b.participants.length === 0 && b.coordinator === orgs[0])!;
    const demand = { id: await openDemand(orgs[0]!, bundle.districtKeys[0]!) };
    const write = (read: { id: string; row_version: string }) =>
      db.transaction((manager) => repo.joinWrites(manager, oneDemandJoin(bundle.id, orgs[0]!, read, 'integration')));
    const counts = async () => {
      const [row] = await db.query<Array<{ participations: number; version: string; jobs: number; events: number }>>(
        `SELECT (SELECT count(*)::int FROM bundle_participations WHERE bundle_id = $1) AS participations,
           (SELECT participation_version::text FROM bundles WHERE id = $1) AS version,
           (SELECT count(*)::int FROM outbox WHERE job_id LIKE 'integration-' || $1 || '-v%') AS jobs,
           (SELECT count(*)::int FROM audit_events WHERE entity_id = $1::text AND action = 'bundle.joined') AS events`,
        [bundle.id],
      );
      return row!;
    };
    const before = await counts();

    // the demand changed after it was read: nothing is written
    const [stale] = await repo.ownDemands(db.manager, [demand.id], orgs[0]!, false);
    await db.query(`UPDATE demands SET title = 'Testbedarf, geändert', updated_at = now() WHERE id = $1`, [demand.id]);
    expect(await write(stale!)).toMatchObject({ ok: false, version: null });
    expect(await counts()).toEqual(before);

    // read again: the join, the version, the aggregate's job and the event, once each
    const [fresh] = await repo.ownDemands(db.manager, [demand.id], orgs[0]!, false);
    const written = await write(fresh!);
    const version = String(Number(before.version) + 1);
    expect(written).toMatchObject({ ok: true, version, before: [], mandate_above: null, has_mandate: false });
    expect(await counts()).toEqual({
      participations: before.participations + 1,
      version,
      jobs: before.jobs + 1,
      events: before.events + 1,
    });
    const [job] = await db.query<Array<{ job_id: string }>>(`SELECT job_id FROM outbox WHERE job_id = $1`, [
      `integration-${bundle.id}-v${version}`,
    ]);
    expect(job).toBeDefined();

    // the same read once more: the demand is bundled now (its row moved), nothing is written twice
    expect(await write(fresh!)).toMatchObject({ ok: false });
    expect((await counts()).participations).toBe(before.participations + 1);
  });
  it('writes a join in one trip only while the bundle is as checked, before its deadline, without a mandate', async () => {
    const trips = new OneTripTransactions({ DATABASE_URL: process.env['DATABASE_URL']! } as AppConfig, db);
    const bundle = bundles.find((b) => b.participants.length === 0 && b.coordinator === orgs[1])!;
    const demandOf = async () => {
      const id = await openDemand(orgs[1]!, bundle.districtKeys[0]!);
      const [read] = await repo.ownDemands(db.manager, [id], orgs[1]!, false);
      return read!;
    };
    const checked = {
      status: 'open',
      coordinatorOrganisationId: bundle.coordinator,
      cpvPrefix: ['3414'],
      districtKeys: bundle.districtKeys,
      deliveryFrom: '2027-01-01',
      deliveryTo: '2027-12-31',
      mandatoryCriteria: [],
    };
    const join = (read: { id: string; row_version: string }, state = checked, now = new Date()) =>
      repo.joinInOneTrip(trips, oneDemandJoin(bundle.id, orgs[1]!, read, 'trip'), state, now);
    const participations = async () => (await repo.participationCounts(db, bundle.id)).demands;
    try {
      const before = await participations();
      const first = await demandOf();
      // the bundle is not as checked (another delivery window, another region), or its deadline has passed
      expect(await join(first, { ...checked, deliveryTo: '2027-06-30' })).toMatchObject({ ok: false });
      expect(await join(first, { ...checked, districtKeys: [bundle.districtKeys[0]!] })).toMatchObject({ ok: false });
      expect(await join(first, checked, new Date(Date.now() + 2 * 86_400_000))).toMatchObject({ ok: false });
      // the rows written before the lock rolled back with the refusal after it
      expect(await participations()).toBe(before);
      const [untouched] = await db.query<Array<{ status: string; events: number }>>(
        `SELECT status, (SELECT count(*)::int FROM audit_events WHERE entity_id = $2::text AND data->'demandIds' ? $1::text) AS events
         FROM demands WHERE id = $1::uuid`,
        [first.id, bundle.id],
      );
      expect(untouched).toEqual({ status: 'open', events: 0 });
      // as checked: written and committed, once
      expect(await join(first)).toMatchObject({ ok: true, before: [] });
      expect(await join(first)).toMatchObject({ ok: false });
      expect(await participations()).toBe(before + 1);
      // an organisation with a rule for mandates takes the transaction with the mandate's steps
      await db.query(`UPDATE organisations SET join_mandate_above_cents = 1 WHERE id = $1`, [orgs[1]]);
      const second = await demandOf();
      expect(await join(second)).toMatchObject({ ok: false });
      expect(await participations()).toBe(before + 1);
      await db.query(`UPDATE organisations SET join_mandate_above_cents = NULL WHERE id = $1`, [orgs[1]]);
      expect(await join(second)).toMatchObject({ ok: true, before: [first.id] });
      expect(await participations()).toBe(before + 2);
    } finally {
      await trips.onModuleDestroy();
    }
  });
});

/** what a join of one demand writes (joinWrites, joinInOneTrip); its outbox job id starts with `jobPrefix` */
function oneDemandJoin(
  bundleId: string,
  organisationId: string,
  read: { id: string; row_version: string },
  jobPrefix: string,
) {
  return {
    bundleId,
    organisationId,
    joinedBy: null as unknown as string,
    demands: [read],
    visibleWithoutParticipation: true,
    job: { name: 'bundle.aggregate', payload: { bundleId }, idBeforeVersion: `${jobPrefix}-${bundleId}-v` },
    audit: {
      action: 'bundle.joined',
      entity_type: 'bundle',
      entity_id: bundleId,
      data: { demandIds: [read.id] },
      actor_user_id: null,
      actor_organisation_id: organisationId,
      request_id: null,
    },
  };
}
