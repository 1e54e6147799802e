import { say } from '../lib/progress';
import { BenchContext } from './context';

const LOTS = 20;
const BIDDERS = 30;
/** the product's default TENDER_MIN_DAYS_NATIONAL (§ 9 UVgO), which the bench leaves as it is */
const NATIONAL_MINIMUM_MS = 10 * 86_400_000;

/** a call of the API as a bench user (bearer token), the answer's JSON or an error naming it */
async function call<T>(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    // a content type only with a body: the API refuses an empty body that claims to be JSON
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`W1 tender: ${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`W1 tender: ${what} did not happen within ${ms} ms`);
}

interface TenderView {
  id: string;
  status: string;
  lots: Array<{ id: string; key: string; items: Array<{ id: string }> }>;
}

/**
 * W1's tender for the evaluation page (issue 13): a bundle of the largest district's first
 * municipality with 20 products (CPV codes under 30), closed, drafted with one lot per product,
 * published with the legal minimum period (10 days and an hour); 30 extra bidders offer on every
 * lot (600 offers); then its deadline is moved to now by SQL and the worker's sweep opens the
 * national tender. Answers the tender, its last lot's key
 * and the coordinator's organisation (whose session the page is loaded in).
 */
export async function evaluationTender(
  ctx: BenchContext,
): Promise<{ tenderId: string; lastLotKey: string; districtKey: string; offers: number }> {
  const { stack, world } = ctx;
  const baseUrl = stack.client.baseUrl;
  const district = world.largestDistrict();
  const place = district.places[0];
  if (!place) throw new Error('W1 tender: the largest district has no municipality');
  const coordinator = world.coordinatorToken(district.key);
  const buyer = world.buyerToken(place);
  const codes = (
    await stack.query<{ code: string }>(
      `SELECT code FROM cpv_codes WHERE code LIKE '30%' AND code ~ '^[0-9]{7}[1-9]-[0-9]$' ORDER BY code LIMIT $1`,
      [LOTS],
    )
  ).map((r) => r.code);
  if (codes.length < LOTS) throw new Error(`W1 tender: only ${codes.length} CPV codes under 30`);
  const bundle = await call<{ id: string }>(baseUrl, coordinator, 'POST', '/bundles', {
    title: `Bench: ${LOTS} Lose`,
    cpvPrefix: '30',
    joinDeadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    deliveryFrom: '2027-01-01',
    deliveryTo: '2027-12-31',
  });
  const demandIds: string[] = [];
  for (const code of codes)
    demandIds.push(
      (
        await call<{ id: string }>(baseUrl, buyer, 'POST', '/demands', {
          cpvCode: code,
          title: `Bench ${code}`,
          quantity: 10,
          unit: 'H87',
          unitPriceEur: 100,
          deliveryFrom: '2027-03-01',
          deliveryTo: '2027-06-30',
        })
      ).id,
    );
  await call(baseUrl, buyer, 'POST', `/bundles/${bundle.id}/participations`, { demandIds });
  await call(baseUrl, coordinator, 'POST', `/bundles/${bundle.id}/close`);
  await until(
    'the closed bundle’s aggregate',
    async () => {
      const b = await call<{ aggregate: { current: boolean; demandCount: number } | null }>(
        baseUrl,
        coordinator,
        'GET',
        `/bundles/${bundle.id}`,
      );
      return !!b.aggregate?.current && b.aggregate.demandCount === LOTS;
    },
    120_000,
  );
  // the legal minimum period applies: the bench runs the product as production does, which refuses
  // TENDER_MIN_SUBMISSION_SECONDS (the tests' shortcut), so the deadline is the national minimum
  // (TENDER_MIN_DAYS_NATIONAL, 10 days) and an hour; the offers go in before it
  const draft = await call<TenderView>(baseUrl, coordinator, 'POST', `/bundles/${bundle.id}/tender`, {
    submissionDeadline: new Date(Date.now() + NATIONAL_MINIMUM_MS + 3_600_000).toISOString(),
    lots: codes.map((c, i) => ({ title: `Los ${i + 1}: ${c}`, cpvPrefixes: [c.slice(0, 8)] })),
  });
  const tender = await call<TenderView>(baseUrl, coordinator, 'POST', `/tenders/${draft.id}/publish`);
  const bidders = await world.extraSuppliers(BIDDERS);
  const jobs = bidders.flatMap((org, b) =>
    tender.lots.map(
      (lot) => () =>
        call(baseUrl, world.token('supplier', org), 'POST', `/tenders/${tender.id}/offers`, {
          lotId: lot.id,
          prices: lot.items.map((item) => ({ itemId: item.id, unitPriceEur: 90 + b })),
        }),
    ),
  );
  const offers = jobs.length;
  while (jobs.length) await Promise.all(jobs.splice(0, 10).map((job) => job()));
  // the bench does not wait ten days: it moves this tender's deadline to now by SQL (the one step
  // not done through the API, as if the period had passed), and the worker's tender sweep (every
  // 30 s) opens it as it opens any national tender past its deadline
  await stack.query(`UPDATE tenders SET submission_deadline = now() WHERE id = $1 AND status = 'published'`, [
    tender.id,
  ]);
  say(`W1 tender: ${offers} offers on ${tender.lots.length} lots; deadline moved to now, waiting for the sweep`);
  await until(
    'the opening by the worker’s sweep',
    async () => (await call<TenderView>(baseUrl, coordinator, 'GET', `/tenders/${tender.id}`)).status === 'opened',
    120_000,
  );
  const last = tender.lots[tender.lots.length - 1];
  if (!last) throw new Error('W1 tender: no lots');
  return { tenderId: tender.id, lastLotKey: last.key, districtKey: district.key, offers };
}
