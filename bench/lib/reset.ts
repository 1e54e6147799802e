import { GENERATED_KEY_PREFIX } from '../generate/generator';
import { BundlesQueue } from './queue';
import { Stack } from './stack';

export interface ResetReport {
  participations: number;
  bundles: number;
  tenders: number;
  demands: number;
  reaggregated: number;
}

/**
 * Puts the database back to the generated state, so that every run starts alike: removes
 * what scenarios added through the API (R2's joins to generated bundles, R5's bundle and
 * demands, R4's imported lines, W1's tender with its offers), reopens the generated demands those joins had bound, and
 * recomputes the aggregates of the generated bundles it touched. The audit trail keeps
 * its rows (it is append-only by design).
 */
export async function resetRunState(stack: Stack, queue: BundlesQueue): Promise<ResetReport> {
  const client = await stack.pool.connect();
  let touched: string[] = [];
  const report: ResetReport = { participations: 0, bundles: 0, tenders: 0, demands: 0, reaggregated: 0 };
  try {
    await client.query('BEGIN');
    const gone = await client.query<{ bundle_id: string; demand_id: string }>(
      `DELETE FROM bundle_participations
       WHERE joined_by IS NOT NULL OR bundle_id NOT IN (SELECT id FROM bench_gen_bundles)
       RETURNING bundle_id, demand_id`,
    );
    report.participations = gone.rowCount ?? 0;
    if (gone.rows.length) {
      await client.query(
        `UPDATE demands SET status = 'open', updated_at = now()
         WHERE id = ANY($1::uuid[]) AND status = 'bundled' AND import_key LIKE '${GENERATED_KEY_PREFIX}%'`,
        [gone.rows.map((r) => r.demand_id)],
      );
      const bumped = await client.query<{ id: string }>(
        `UPDATE bundles SET participation_version = participation_version + 1, updated_at = now()
         WHERE id = ANY($1::uuid[]) AND id IN (SELECT id FROM bench_gen_bundles) RETURNING id`,
        [[...new Set(gone.rows.map((r) => r.bundle_id))]],
      );
      touched = bumped.rows.map((r) => r.id);
    }
    // W1's tender (and what its offers led to) refers to its bundle: it goes first
    const tenders = await client.query<{ id: string }>(
      `SELECT id FROM tenders WHERE bundle_id NOT IN (SELECT id FROM bench_gen_bundles)`,
    );
    report.tenders = tenders.rowCount ?? 0;
    if (tenders.rows.length) {
      const ids = [tenders.rows.map((r) => r.id)];
      for (const table of [
        'tender_contracts',
        'tender_information_letters',
        'tender_awards',
        'tender_allocations',
        'offers',
        'eforms_notices',
      ])
        await client.query(`DELETE FROM ${table} WHERE tender_id = ANY($1::uuid[])`, ids);
      await client.query(`DELETE FROM tenders WHERE id = ANY($1::uuid[])`, ids);
    }
    const bundles = await client.query(`DELETE FROM bundles WHERE id NOT IN (SELECT id FROM bench_gen_bundles)`);
    report.bundles = bundles.rowCount ?? 0;
    const demands = await client.query(
      `DELETE FROM demands WHERE import_key IS NULL OR import_key NOT LIKE '${GENERATED_KEY_PREFIX}%'`,
    );
    report.demands = demands.rowCount ?? 0;
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
  if (report.demands > 10_000) await stack.query('VACUUM (ANALYZE) demands');
  if (touched.length) {
    const run = await queue.aggregate(touched, undefined, 'batch');
    if (run.failed.length) throw new Error(`re-aggregation failed: ${run.failed.slice(0, 3).join('; ')}`);
    report.reaggregated = touched.length;
  }
  await queue.idle();
  return report;
}
