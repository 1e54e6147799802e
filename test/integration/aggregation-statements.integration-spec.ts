import { DataSource } from 'typeorm';
import { AggregationRepository } from '@buendel/bundling';
import { openIntegrationDb } from '../support/integration-db';
import { createTenderWorld, TenderWorld } from '../support/tender-world';

/**
 * How the aggregation's statements run, against the real PostgreSQL: one bundle's snapshot is a
 * named prepared statement and gives what the statement for many bundles gives (also once
 * PostgreSQL plans it generically, after five runs on a connection); the store commits without
 * waiting for the WAL flush, for its own transaction only, never for the pooled connection's
 * later statements.
 */
describe('the aggregation statements against PostgreSQL', () => {
  let db: DataSource;
  let w: TenderWorld;
  let aggregation: AggregationRepository;

  beforeAll(async () => {
    // one connection: every statement below runs on the same session
    db = await openIntegrationDb(1, 'buendel-integration-aggregation');
    aggregation = new AggregationRepository(db);
    w = await createTenderWorld(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('gives one bundle the snapshot of the statement for many, prepared once per connection', async () => {
    const [many] = (await aggregation.snapshots([w.bundleId, w.bundleId])).filter((s) => s.id === w.bundleId);
    expect(many).toMatchObject({ id: w.bundleId, participants: 2, demands: 2 });
    for (let run = 0; run < 8; run++) expect(await aggregation.snapshots([w.bundleId])).toEqual([many]);
    const prepared = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'aggregation-snapshot-of-one'`,
    );
    expect(prepared[0]!.n).toBe(1);
  });

  it('stores with synchronous_commit off for the store only: the connection keeps its setting', async () => {
    const [before] = await db.query<Array<{ synchronous_commit: string }>>(`SHOW synchronous_commit`);
    const [snapshot] = await aggregation.snapshots([w.bundleId]);
    const version = Number(snapshot!.participation_version);
    const regime = { scope: 'national' } as never;
    const aggregate = { bundleId: w.bundleId, sourceVersion: version, participantCount: 2, demandCount: 2 };
    const stored = await aggregation.storeAggregates([{ ...aggregate, totalCents: 1, lines: [], regime, lots: [] }]);
    expect(stored).toMatchObject([{ bundle_id: w.bundleId, participant_count: 2 }]);
    const rows = await db.query<Array<{ participant_count: number }>>(
      `SELECT participant_count FROM bundle_aggregates WHERE bundle_id = $1`,
      [w.bundleId],
    );
    expect(rows).toEqual([{ participant_count: 2 }]);
    expect(await db.query(`SHOW synchronous_commit`)).toEqual([before]);
    expect(before).toEqual({ synchronous_commit: 'on' });
  });
});
