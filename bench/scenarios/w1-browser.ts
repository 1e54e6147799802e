import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { say } from '../lib/progress';
import { median, percentile, round } from '../lib/stats';
import { BenchContext, ScenarioResult, writeEvidence } from './context';
import { evaluationTender } from './w1-tender';

/** Debian's Chromium, as the browser tests use it (`CHROMIUM_PATH` overrides it) */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const LOADS = 20;
const TARGET_MS = 1000;

interface PageLoad {
  name: string;
  path: string;
  token: string;
  /** the page's main content: what a person needs before the page is usable */
  ready: string;
}

/** one measured load: a new tab, navigation to the page, until its main content is visible */
async function load(context: BrowserContext, baseUrl: string, target: PageLoad): Promise<number> {
  const page = await context.newPage();
  try {
    const started = performance.now();
    await page.goto(`${baseUrl}${target.path}`, { waitUntil: 'commit' });
    await page.locator(target.ready).first().waitFor({ state: 'visible', timeout: 30_000 });
    return performance.now() - started;
  } finally {
    await page.close();
  }
}

/**
 * One more load after the measured ones, not counted: the page's API requests with their times
 * from the navigation (start, duration, size) and a Chromium trace of the load (DevTools'
 * Performance panel opens it), as evidence of where the time goes.
 */
async function tracedLoad(
  ctx: BenchContext,
  browser: Browser,
  context: BrowserContext,
  target: PageLoad,
  trace: string,
): Promise<{ ms: number; requests: string[] }> {
  const baseUrl = ctx.stack.client.baseUrl;
  const page = await context.newPage();
  const requests: string[] = [];
  const pending: Array<Promise<void>> = [];
  try {
    await browser.startTracing(page, { path: path.join(ctx.evidenceDir, trace) });
    const navigation = Date.now();
    const started = performance.now();
    page.on('requestfinished', (request) => {
      const url = request.url().replace(baseUrl, '');
      if (!url.startsWith('/api/')) return;
      const t = request.timing();
      const from = Math.round(t.startTime - navigation);
      pending.push(
        request.sizes().then(
          (sizes) =>
            void requests.push(
              `${url}: ${from}-${from + Math.round(t.responseEnd)} ms after the navigation ` +
                `(the server ${Math.round(t.responseStart - t.requestStart)} ms), ${sizes.responseBodySize} bytes`,
            ),
          () => undefined,
        ),
      );
    });
    await page.goto(`${baseUrl}${target.path}`, { waitUntil: 'commit' });
    await page.locator(target.ready).first().waitFor({ state: 'visible', timeout: 30_000 });
    const ms = performance.now() - started;
    await browser.stopTracing();
    await Promise.all(pending);
    return {
      ms: round(ms, 0),
      requests: requests.sort((x, y) => parseInt(x.split(': ')[1]!) - parseInt(y.split(': ')[1]!)),
    };
  } finally {
    await page.close();
  }
}

async function signedIn(browser: Browser, baseUrl: string, token: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    viewport: { width: 1280, height: 800 },
  });
  // the browser's session is a session token (with a session id) in an httpOnly cookie (libs/auth
  // session-cookies.ts); GETs need no CSRF token
  await context.addCookies([
    { name: 'buendel_session', value: token, url: baseUrl, httpOnly: true, sameSite: 'Strict' },
  ]);
  return context;
}

/**
 * W1: the web app in a real browser (Chromium, headless) against the national data set: the
 * page of the bundle with the most participants, as its coordinator sees it (aggregate,
 * participants), and the demand list of the municipality with the most demands. Each page is
 * loaded once to warm up, then 20 times, each in a new tab of the same browser profile (a
 * returning user: the hashed assets come from the browser's cache, the data from the API),
 * from the navigation until the main content is visible. Target (issue 12): p95 within 1 s.
 * Also the evaluation page of a tender with 20 lots and 30 offers on each (issue 13, w1-tender.ts).
 * An absolute figure: no floor.
 */
export async function runW1(ctx: BenchContext): Promise<ScenarioResult> {
  const { stack, world } = ctx;
  const baseUrl = stack.client.baseUrl;
  const [bundle] = await stack.query<{ id: string; district_key: string; participants: number }>(
    `SELECT b.id, b.district_keys[1] AS district_key, count(p.*)::int AS participants
     FROM bundles b JOIN bundle_participations p ON p.bundle_id = b.id
     GROUP BY b.id ORDER BY participants DESC, b.id LIMIT 1`,
  );
  const [buyer] = await stack.query<{ organisation_id: string; demands: number }>(
    `SELECT organisation_id, count(*)::int AS demands FROM demands GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
  );
  if (!bundle || !buyer) throw new Error('W1: no bundle with participants or no demands in the data set');
  const place = world.places.find((p) => p.id === buyer.organisation_id);
  if (!place) throw new Error(`W1: organisation ${buyer.organisation_id} is not a municipality of the data set`);
  const targets: PageLoad[] = [
    {
      name: 'bundle page',
      path: `/buendel/${bundle.id}`,
      token: world.coordinatorToken(bundle.district_key, true),
      ready: '[data-testid="gesamtwert"]',
    },
    {
      name: 'demand list',
      path: '/bedarfe',
      token: world.buyerToken(place, true),
      ready: '[data-testid="bedarfe"] tbody tr',
    },
  ];
  // the evaluation page of a tender with 20 lots and 30 offers on each (issue 13); without it the other two still count
  let tenderNote = '';
  try {
    const tender = await evaluationTender(ctx);
    targets.push({
      name: 'evaluation page',
      path: `/vergabe/${tender.tenderId}/wertung`,
      token: world.coordinatorToken(tender.districtKey, true),
      ready: `[data-testid="rangfolge-${tender.lastLotKey}"] tbody tr`,
    });
    tenderNote = `; the evaluation page of tender ${tender.tenderId} (20 lots, ${tender.offers} offers) as its coordinator, until the last lot's ranking is visible`;
  } catch (e) {
    tenderNote = `; the evaluation page was not measured: ${e instanceof Error ? e.message : String(e)}`;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const figures: Record<string, { p95: number; median: number; max: number; samples: number[] }> = {};
  const evidence: Record<string, string> = {};
  try {
    for (const target of targets) {
      const context = await signedIn(browser, baseUrl, target.token);
      try {
        await load(context, baseUrl, target); // warm-up: the first load fills the cache
        const samples: number[] = [];
        for (let i = 0; i < LOADS; i++) samples.push(await load(context, baseUrl, target));
        figures[target.name] = {
          p95: round(percentile(samples, 95), 0),
          median: round(median(samples), 0),
          max: round(Math.max(...samples), 0),
          samples: samples.map((s) => round(s, 0)),
        };
        say(`W1 ${target.name}: p95 ${figures[target.name]!.p95} ms over ${LOADS} loads`);
        const slug = target.name.replace(/ /g, '-');
        const trace = `W1-${slug}-trace.json`;
        const traced = await tracedLoad(ctx, browser, context, target, trace);
        evidence[target.name] = writeEvidence(
          ctx,
          `W1-${slug}-requests.txt`,
          `one more load of ${target.path} (not counted): ${traced.ms} ms until ${target.ready} was visible; ` +
            `its Chromium trace is ${trace} beside this file\n${traced.requests.join('\n')}\n`,
        );
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  const bundleP95 = figures['bundle page']!.p95;
  const listP95 = figures['demand list']!.p95;
  const evaluationP95 = figures['evaluation page']?.p95;
  return {
    title: 'web app: main content rendered (p95 of 20 loads)',
    project: {
      'bundle page': bundleP95,
      'demand list': listP95,
      ...(evaluationP95 === undefined ? {} : { 'evaluation page': evaluationP95 }),
    },
    floor: null,
    unit: 'ms',
    ratio: null,
    target: `p95 <= ${TARGET_MS} ms`,
    pass: bundleP95 <= TARGET_MS && listP95 <= TARGET_MS && (evaluationP95 ?? 0) <= TARGET_MS,
    note:
      `Chromium headless, a new tab per load in one profile (assets cached), until the main content is visible; ` +
      `bundle ${bundle.id} with ${bundle.participants} participations as its coordinator, ` +
      `the demand list of ${place.name} (${buyer.demands.toLocaleString('en')} demands, first page)${tenderNote}`,
    details: { figures, evidence, bundleId: bundle.id, buyer: place.name, demands: buyer.demands },
  };
}
