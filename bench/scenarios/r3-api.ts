import path from 'node:path';
import autocannon from 'autocannon';
import { Queue, QueueEvents } from 'bullmq';
import { say } from '../lib/progress';
import { Child, DIST, freePort, waitFor } from '../lib/processes';
import { BENCH_JWT_SECRET } from '../lib/stack';
import { median, round } from '../lib/stats';
import { BenchContext, ScenarioResult, withProfiles } from './context';

interface Target {
  path: string;
  token: string;
}

interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

/** code whose inclusive CPU time the API profiles report (paths overlap: Nest includes what it calls) */
const API_LAYERS = [
  'node_modules/@nestjs/',
  'node_modules/passport',
  'node_modules/jsonwebtoken/',
  'node_modules/typeorm/',
  'node_modules/pg/',
  'node_modules/pino',
  'node_modules/class-validator/',
  'node_modules/class-transformer/',
  'node_modules/fastify/',
  'libs/bundling/',
  'libs/identity/',
  'libs/tendering/',
];

/** One autocannon run; each request takes the next path and token of `targets`. */
async function cannon(baseUrl: string, targets: Target[], seconds: number, connections: number): Promise<Measurement> {
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const target = targets[next++ % targets.length]!;
          return { ...request, path: target.path, headers: { authorization: `Bearer ${target.token}` } };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

/** project and floor alternately, twice, after a short warm-up of each; medians of the throughput */
async function compare(
  ctx: BenchContext,
  scenario: string,
  projectUrl: string,
  floorServer: Child,
  floorUrl: string,
  targets: Target[],
): Promise<{ project: Measurement[]; floor: Measurement[]; profiles: Record<string, string> }> {
  const { r3Seconds, r3Connections } = ctx.options;
  await cannon(projectUrl, targets, 2, r3Connections);
  await cannon(floorUrl, targets, 2, r3Connections);
  const project: Measurement[] = [];
  const floor: Measurement[] = [];
  let profiles: Record<string, string> = {};
  for (let round = 0; round < 2; round++) {
    const measured = await withProfiles(
      ctx,
      scenario,
      round === 0 ? [ctx.stack.api] : [],
      () => cannon(projectUrl, targets, r3Seconds, r3Connections),
      API_LAYERS,
    );
    const measuredFloor = await withProfiles(
      ctx,
      `${scenario}-floor`,
      round === 0 ? [floorServer] : [],
      () => cannon(floorUrl, targets, r3Seconds, r3Connections),
      API_LAYERS,
    );
    if (round === 0) profiles = { ...measured.profiles, ...measuredFloor.profiles };
    project.push(measured.result);
    floor.push(measuredFloor.result);
    say(
      `${scenario} round ${round + 1}: project ${Math.round(project[round]!.rps)} req/s, floor ${Math.round(floor[round]!.rps)} req/s`,
    );
  }
  return { project, floor, profiles };
}

function summary(
  title: string,
  measured: { project: Measurement[]; floor: Measurement[]; profiles: Record<string, string> },
  extra: Record<string, unknown>,
): ScenarioResult {
  const project = median(measured.project.map((m) => m.rps));
  const floor = median(measured.floor.map((m) => m.rps));
  const ratio = project / floor;
  const bad = [...measured.project, ...measured.floor].reduce((n, m) => n + m.non2xx + m.errors, 0);
  const pass = ratio >= 0.5 && bad === 0;
  const latency = (ms: Measurement[]) => ({ p50: ms[ms.length - 1]!.p50, p99: ms[ms.length - 1]!.p99 });
  return {
    title,
    project: round(project, 0),
    floor: round(floor, 0),
    unit: 'req/s',
    ratio: round(ratio, 2),
    target: '>= 0.5',
    pass,
    note: pass
      ? undefined
      : bad
        ? `${bad} answers were not 2xx or failed`
        : `see the API profile ${measured.profiles['api'] ?? '(run with --profile)'}`,
    details: {
      ...extra,
      roundsProject: measured.project.map((m) => round(m.rps, 0)),
      roundsFloor: measured.floor.map((m) => round(m.rps, 0)),
      latencyProjectMs: latency(measured.project),
      latencyFloorMs: latency(measured.floor),
      notOk: bad,
      profiles: measured.profiles,
    },
  };
}

/**
 * Asks the worker for a fresh market view (job `market.refresh` on the `tenders` queue, as
 * the product's schedule does) and waits for it, so that GET /market/demand answers from
 * the loaded data. Names as strings: the market is younger than this bench.
 */
async function refreshMarket(ctx: BenchContext): Promise<number> {
  const url = new URL(ctx.options.redisUrl);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  const queue = new Queue('tenders', { connection, prefix: ctx.stack.redisPrefix });
  const events = new QueueEvents('tenders', { connection, prefix: ctx.stack.redisPrefix });
  try {
    await events.waitUntilReady();
    const started = Date.now();
    const job = await queue.add(
      'market.refresh',
      {},
      { deduplication: { id: 'market.refresh', keepLastIfActive: true }, removeOnComplete: { count: 50 } },
    );
    await job.waitUntilFinished(events, 300_000);
    return Date.now() - started;
  } finally {
    await events.close();
    await queue.close();
  }
}

/**
 * R3: GET /bundles/{id} (buyers of the bundle's district, 200 bundles in rotation) and
 * GET /market/demand (a supplier) with autocannon, against the bare floor server.
 * Returns R3a (bundles) and R3b (market).
 */
export async function runR3(ctx: BenchContext): Promise<{ R3a: ScenarioResult; R3b: ScenarioResult }> {
  const { stack, world, options } = ctx;
  const floorPort = await freePort();
  const floorServer = Child.start(
    'floor-server',
    path.join(DIST, 'bench/scenarios/floor-server.js'),
    {
      DATABASE_URL: stack.databaseUrl,
      JWT_SECRET: BENCH_JWT_SECRET,
      FLOOR_PORT: String(floorPort),
      NODE_ENV: 'production',
    },
    { profile: options.profile },
  );
  const floorUrl = `http://127.0.0.1:${floorPort}`;
  try {
    await waitFor('the floor server', async () => (await fetch(`${floorUrl}/health`)).ok, 120_000, [floorServer]);
    const pairs = await stack.query<{ bundle_id: string; org_id: string }>(
      `SELECT bundle_id, org_id FROM (
         SELECT DISTINCT ON (b.id) b.id AS bundle_id, o.id AS org_id, md5(b.id::text) AS shuffle
         FROM bench_gen_bundles g JOIN bundles b ON b.id = g.id
         JOIN organisations o ON o.district_key = b.district_keys[1] AND o.type IN ('municipality', 'city')
         ORDER BY b.id, md5(o.id::text || b.id::text)) s
       ORDER BY shuffle LIMIT 200`,
    );
    const orgs = new Map(world.places.map((o) => [o.id, o]));
    const targets: Target[] = pairs.map((p) => ({
      path: `/api/v1/bundles/${p.bundle_id}`,
      token: world.buyerToken(orgs.get(p.org_id)!),
    }));
    // both servers answer the same for the same request
    for (const t of targets.slice(0, 5)) {
      const [a, b] = await Promise.all([
        stack.client.get(t.path, t.token),
        fetch(`${floorUrl}${t.path}`, { headers: { authorization: `Bearer ${t.token}` } }),
      ]);
      const floorBody = await b.json();
      if (a.status !== 200 || b.status !== 200 || JSON.stringify(a.body) !== JSON.stringify(floorBody)) {
        throw new Error(`R3: the floor answers differently for ${t.path}: ${a.status} vs ${b.status}`);
      }
    }
    const bundles = await compare(ctx, 'R3a', stack.client.baseUrl, floorServer, floorUrl, targets);
    const R3a = summary('GET /bundles/{id} (buyers, 200 bundles in rotation) vs bare Fastify + pg', bundles, {
      connections: options.r3Connections,
      secondsPerRound: options.r3Seconds,
      bundles: targets.length,
    });

    const marketTargets: Target[] = [{ path: '/api/v1/market/demand', token: world.supplierToken() }];
    const probe = await stack.client.get('/api/v1/market/demand', marketTargets[0]!.token);
    let R3b: ScenarioResult;
    if (probe.status !== 200) {
      R3b = {
        title: 'GET /market/demand (supplier)',
        project: 'not measured: route missing',
        floor: null,
        unit: 'req/s',
        ratio: null,
        target: '>= 0.5',
        pass: null,
        note: `GET /api/v1/market/demand answered ${probe.status}`,
      };
    } else {
      const refreshMs = await refreshMarket(ctx);
      const floorProbe = await fetch(`${floorUrl}/api/v1/market/demand`, {
        headers: { authorization: `Bearer ${marketTargets[0]!.token}` },
      });
      const [snapshot] = await stack
        .query<{ cells: number }>(`SELECT count(*)::int AS cells FROM market_demand_cells`)
        .catch(() => [{ cells: -1 }]);
      if (floorProbe.status !== 200) {
        R3b = {
          title: 'GET /market/demand (supplier)',
          project: 'not measured: floor missing',
          floor: null,
          unit: 'req/s',
          ratio: null,
          target: '>= 0.5',
          pass: null,
          note: `the route answers, but the floor server answered ${floorProbe.status}`,
        };
      } else {
        const market = await compare(ctx, 'R3b', stack.client.baseUrl, floorServer, floorUrl, marketTargets);
        R3b = summary('GET /market/demand (supplier, first page) vs bare Fastify + pg', market, {
          connections: options.r3Connections,
          secondsPerRound: options.r3Seconds,
          marketCells: snapshot?.cells,
          marketRefreshMs: refreshMs,
        });
      }
    }
    return { R3a, R3b };
  } finally {
    await floorServer.stop();
  }
}
