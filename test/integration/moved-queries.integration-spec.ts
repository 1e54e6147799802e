import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AggregationRepository, BundlesRepository, DemandsRepository } from '@buendel/bundling';
import { CoordinationRepository, UsersRepository } from '@buendel/identity';
import { OutboxRelay } from '@buendel/queue';
import type { AppConfig } from '@buendel/config';
import { openIntegrationDb } from '../support/integration-db';
import { createTenderWorld, TenderWorld } from '../support/tender-world';

/**
 * The statements that left the helpers, tasks and the sweeper of bundling and identity for
 * repositories (issue 9), against the real PostgreSQL without Nest or HTTP: the state a change
 * checks and the version it bumps, the aggregates the sweeper requests again, the snapshot and the
 * store of the aggregation, the upsert of an import, an organisation's places, the demo users and
 * the trim of the outbox.
 */
describe('repositories of the moved statements against PostgreSQL', () => {
  let db: DataSource;
  let w: TenderWorld;
  let bundles: BundlesRepository;
  let aggregation: AggregationRepository;
  let demands: DemandsRepository;

  beforeAll(async () => {
    db = await openIntegrationDb();
    bundles = new BundlesRepository(db);
    aggregation = new AggregationRepository(db);
    demands = new DemandsRepository(db);
    w = await createTenderWorld(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('reads the state a change checks, bumps the participation version, finds the demo bundle by title', async () => {
    const state = await db.transaction((m) => bundles.changeState(m, w.bundleId, true));
    expect(state).toMatchObject({
      id: w.bundleId,
      coordinator_organisation_id: w.coordinator.id,
      district_keys: [w.districtKey],
      delivery_from: '2027-01-01',
      delivery_to: '2027-12-31',
    });
    expect(await bundles.changeState(db.manager, randomUUID(), false)).toBeUndefined();
    const before = Number(
      (await db.query(`SELECT participation_version AS v FROM bundles WHERE id = $1`, [w.bundleId]))[0].v,
    );
    expect(await bundles.bumpParticipationVersion(db.manager, w.bundleId)).toBe(before + 1);
    expect(await bundles.idByTitle(w.coordinator.id, `E-Autos ${w.districtKey}`)).toBe(w.bundleId);
    expect(await bundles.idByTitle(w.buyers[0].id, `E-Autos ${w.districtKey}`)).toBeUndefined();
  });

  it('a bundle without a current aggregate is stale once unchanged long enough; its stored aggregate heals it', async () => {
    expect(await bundles.staleAggregates(0, 100_000)).toContain(w.bundleId);
    expect(await bundles.staleAggregates(3600, 100_000)).not.toContain(w.bundleId);

    const [snapshot] = await aggregation.snapshots([w.bundleId]);
    expect(snapshot).toMatchObject({ id: w.bundleId, participants: 2, demands: 2 });
    // both buyers' e-cars are one item: one line with both participants
    expect(snapshot!.lines.map((l) => [l.cpv_code, l.quantity, l.participants])).toEqual([['34144900-7', '5.000', 2]]);
    const leaving = await aggregation.assumedSnapshot(w.bundleId, [], w.buyers[0].id);
    expect(leaving).toMatchObject({ participants: 1, demands: 1 });
    expect(await aggregation.assumedSnapshot(randomUUID(), [], null)).toBeUndefined();

    const aggregate = {
      bundleId: w.bundleId,
      sourceVersion: Number(snapshot!.participation_version),
      participantCount: 2,
      demandCount: 2,
      totalCents: 15_000_000,
      lines: [],
      regime: { scope: 'national' } as never,
      lots: [],
    };
    const [stored] = await aggregation.storeAggregates([aggregate]);
    expect(stored).toMatchObject({ bundle_id: w.bundleId, participant_count: 2, status: 'tendering' });
    expect(await bundles.staleAggregates(0, 100_000)).not.toContain(w.bundleId);
    // an older version never replaces a newer one
    expect(await aggregation.storeAggregates([{ ...aggregate, sourceVersion: 0, participantCount: 9 }])).toEqual([]);
  });

  it('names the districts and CPV codes lot titles use', async () => {
    expect((await aggregation.districtNamesOf([w.districtKey])).get(w.districtKey)).toBe(w.coordinator.name);
    expect((await aggregation.cpvLabels()).get('34144900-7')).toEqual(expect.any(String));
  });

  it('upserts an import: new keys insert, a changed open demand updates, a bound one stays; statuses by key', async () => {
    const demand = (title: string) => ({
      cpvCode: '34144900-7',
      title,
      description: null,
      specificationKey: null,
      specificationText: null,
      quantity: '1.000',
      unit: 'H87',
      unitPriceEur: '30000.0000',
      estimatedValueCents: 3_000_000,
      deliveryFrom: '2027-01-01',
      deliveryTo: '2027-12-31',
      deliveryAgs: `${w.districtKey}001`,
      districtKey: w.districtKey,
      criteria: [],
      status: 'open' as const,
    });
    const org = w.buyers[0].id;
    const user = w.buyers[0].userId;
    const first = await demands.upsertImported(db.manager, org, user, [
      { key: 'k1', demand: demand('Eins') },
      { key: 'k2', demand: demand('Zwei') },
    ]);
    expect(first.map((r) => [r.import_key, r.inserted]).sort()).toEqual([
      ['k1', true],
      ['k2', true],
    ]);
    await db.query(`UPDATE demands SET status = 'bundled' WHERE organisation_id = $1 AND import_key = 'k2'`, [org]);
    const again = await demands.upsertImported(db.manager, org, user, [
      { key: 'k1', demand: demand('Eins geändert') },
      { key: 'k2', demand: demand('Zwei geändert') },
    ]);
    expect(again.map((r) => [r.import_key, r.inserted])).toEqual([['k1', false]]);
    expect(
      await demands.upsertImported(db.manager, org, user, [{ key: 'k1', demand: demand('Eins geändert') }]),
    ).toEqual([]);
    expect(await demands.statusesByImportKey(db.manager, org, ['k1', 'k2', 'k3'])).toEqual(
      new Map([
        ['k1', 'open'],
        ['k2', 'bundled'],
      ]),
    );
  });

  it('looks up the codes a demand names', async () => {
    expect(await demands.cpvCodesOf(db.manager, ['34144900', '99999999'])).toEqual(
      new Map([['34144900', '34144900-7']]),
    );
    expect((await demands.unitStatuses(db.manager, ['H87', 'XXX'])).has('XXX')).toBe(false);
    expect((await demands.unitStatuses(db.manager, ['H87'])).get('H87')).toEqual(expect.any(String));
    expect(await demands.knownCriteria(db.manager, ['BLAUER_ENGEL', 'NO_SUCH'])).toEqual(new Set(['BLAUER_ENGEL']));
    expect(await demands.municipalityAgs(db.manager, [`${w.districtKey}001`, `${w.districtKey}999`])).toEqual(
      new Set([`${w.districtKey}001`]),
    );
  });

  it('reads an organisation’s places and the users of some addresses', async () => {
    expect(await new CoordinationRepository(db).places(w.buyers[1].id)).toEqual({
      type: 'municipality',
      ags: `${w.districtKey}002`,
      district_key: w.districtKey,
      assigned: [],
    });
    expect(await new CoordinationRepository(db).places(randomUUID())).toBeUndefined();
    const [email] = (await db.query(`SELECT email FROM users WHERE id = $1`, [w.suppliers[0].userId])) as Array<{
      email: string;
    }>;
    expect(await new UsersRepository(db).byEmails([email!.email, 'niemand@example.test'])).toEqual([
      { id: w.suppliers[0].userId, email: email!.email, role: 'supplier', organisation_id: w.suppliers[0].id },
    ]);
  });

  it('trims the outbox rows relayed before the retention and keeps the newer ones', async () => {
    // relayed rows only: a waiting row of an unknown job would stop the relay of the run's workers
    const insert = async (relayedAt: string) => {
      const [row] = await db.query<Array<{ id: string }>>(
        `INSERT INTO outbox (job_name, payload, job_id, relayed_at) VALUES ('test.trim', '{}', $1, $2) RETURNING id`,
        [randomUUID(), relayedAt],
      );
      return row!.id;
    };
    const old = await insert(new Date(Date.now() - 8 * 86_400_000).toISOString());
    const recent = await insert(new Date(Date.now() - 86_400_000).toISOString());
    const relay = new OutboxRelay(db, {} as AppConfig);
    expect(await relay.removeRelayedBefore(7)).toBeGreaterThanOrEqual(1);
    const left = await db.query<Array<{ id: string }>>(`SELECT id FROM outbox WHERE id = ANY($1::bigint[])`, [
      [old, recent],
    ]);
    expect(left.map((r) => r.id)).toEqual([recent]);
    await db.query(`DELETE FROM outbox WHERE id = $1`, [recent]);
  });
});
