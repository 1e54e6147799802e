import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AggregationRepository } from '@buendel/bundling';
import { BenchOptions } from '../lib/options';
import { Child, PROFILE_DIR, TMP } from '../lib/processes';
import { formatProfileSummary, summariseProfile } from '../lib/profile-summary';
import { BundlesQueue } from '../lib/queue';
import { Stack } from '../lib/stack';
import { World } from '../lib/world';

/** one line of the results: the product's figure, the floor's, and whether the target holds */
export interface ScenarioResult {
  title: string;
  project: number | Record<string, number> | string;
  floor: number | Record<string, number> | string | null;
  unit: string;
  /** project / floor (for R2: p99 / floor p99) */
  ratio: number | null;
  target: string;
  pass: boolean | null;
  /** what the figure means, and, where a target is missed, what holds it back (measured) */
  note?: string;
  details?: Record<string, unknown>;
}

export interface BenchContext {
  options: BenchOptions;
  stack: Stack;
  world: World;
  queue: BundlesQueue;
  /** run id: the date and time, used in file names */
  runId: string;
  /** where EXPLAIN output and profile summaries of this run go */
  evidenceDir: string;
}

/** evidence files go to tmp/bench/evidence/<run id>/ */
export function evidenceDir(runId: string): string {
  const dir = path.join(TMP, 'evidence', runId);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeEvidence(ctx: BenchContext, name: string, text: string): string {
  const file = path.join(ctx.evidenceDir, name);
  writeFileSync(file, text);
  return path.relative(path.resolve(TMP, '..', '..'), file);
}

/**
 * Runs `fn` with CPU profiles of the given children when --profile is on; writes each
 * profile and a summary (self time by package and function) next to the run's evidence.
 */
export async function withProfiles<T>(
  ctx: BenchContext,
  scenario: string,
  children: Array<Child | undefined>,
  fn: () => Promise<T>,
  markers: string[] = [],
): Promise<{ result: T; profiles: Record<string, string> }> {
  const targets = children.filter((c): c is Child => !!c);
  if (!ctx.options.profile || targets.length === 0) return { result: await fn(), profiles: {} };
  mkdirSync(PROFILE_DIR, { recursive: true });
  await Promise.all(targets.map((c) => c.profileStart()));
  let result: T;
  try {
    result = await fn();
  } finally {
    await Promise.all(
      targets.map((c) => c.profileStop(path.join(PROFILE_DIR, `${ctx.runId}-${scenario}-${c.name}.cpuprofile`))),
    );
  }
  const profiles: Record<string, string> = {};
  for (const c of targets) {
    const file = path.join(PROFILE_DIR, `${ctx.runId}-${scenario}-${c.name}.cpuprofile`);
    const summary = formatProfileSummary(summariseProfile(file, markers), `${scenario} ${c.name}`);
    profiles[c.name] = writeEvidence(ctx, `${scenario}-${c.name}-profile.txt`, `${summary}\n`);
  }
  return { result, profiles };
}

/** the product's aggregate query for one bundle, ready to run through pg */
export interface SnapshotQuery {
  sql: string;
  params(bundleId: string): unknown[];
}

/**
 * The SQL the product's BundleAggregator runs to read a bundle's snapshot (its repository's
 * `snapshots`), taken from the product itself (a recording stand-in for its DataSource), so
 * that the floors and the EXPLAIN output follow the product's query when it changes; the
 * parameter is given in the shape the product used (one id, or an array of ids).
 */
export async function aggregatorSnapshotSql(): Promise<SnapshotQuery> {
  let captured: { sql: string; params: unknown[] } | undefined;
  const recorder = {
    query: async (sql: string, params: unknown[] = []) => {
      captured ??= { sql, params };
      return [];
    },
  };
  const probeId = '00000000-0000-0000-0000-000000000000';
  await new AggregationRepository(recorder as unknown as DataSource).snapshots([probeId]);
  if (!captured) throw new Error('AggregationRepository ran no query');
  const { sql, params } = captured;
  const asArray = Array.isArray(params[0]);
  return { sql, params: (bundleId) => [asArray ? [bundleId] : bundleId, ...params.slice(1)] };
}

/** the test every generated bundle's join uses (district_key is char(5): the cast keeps its index usable) (the product's fit: scope, district, window, criteria), as SQL */
export const FITS_BUNDLE = `d.status = 'open' AND d.district_key = ANY(b.district_keys::bpchar[])
  AND EXISTS (SELECT 1 FROM unnest(b.cpv_prefixes) s(prefix) WHERE left(d.cpv_code, length(s.prefix)) = s.prefix)
  AND d.delivery_from <= b.delivery_to AND b.delivery_from <= d.delivery_to
  AND d.criteria <@ b.mandatory_criteria`;
