import { INestApplicationContext } from '@nestjs/common';
import { createApiApp } from '@buendel/api';
import { BundleEventStreams } from '@buendel/bundling';
import { LiveEvents } from '@buendel/queue';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestRegion,
  createTestWorker,
  createUserWithRole,
  eventually,
  insertOrganisation,
  TestApp,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { API, join, recordDemand } from '../support/bundling-api';
import { openEventStream, ServerSentEvent } from '../support/sse';

interface BundleEvent {
  bundleId: string;
  status: string;
  aggregate: {
    participantCount: number;
    totalEstimatedValueEur: number;
    regime: { scope: 'EU' | 'NATIONAL'; thresholdEur: number; legalBasis: string };
    lots: Array<{ key: string; estimatedValueEur: number }>;
    version: number;
  } | null;
}

const parse = (e: ServerSentEvent) => JSON.parse(e.data) as BundleEvent;

/**
 * Live updates of a bundle through two API instances and a worker: a page open on instance B
 * sees a join made through instance A as soon as the worker stored the new aggregate (the
 * worker publishes it through Redis pub/sub), with the total, the regime and the lots.
 */
describe('GET /bundles/{id}/events (server-sent events across API instances)', () => {
  let a: TestApp;
  let b: TestApp;
  let worker: INestApplicationContext;
  let region: TestRegion;
  let buyer: TestUser;
  let bundleId: string;
  let demandIds: string[];

  /** the region's coordinator opens a bundle for e-vehicles (CPV 3414), open for an hour */
  async function openBundle(title: string): Promise<string> {
    const res = await a.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title,
        cpvPrefix: '3414',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    a = await createTestApp(createApiApp);
    b = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    region = await createTestRegion(a, 1);
    buyer = await createUserWithRole(a, 'buyer', { organisation: region.municipalities[0] });
    bundleId = await openBundle('E-Fahrzeuge live');
    // 6 cars at EUR 40,000: EUR 240,000, above the EU threshold of EUR 216,000
    const car = await recordDemand(a, buyer, {
      cpvCode: '34144900-7',
      title: 'E-Transporter',
      quantity: 6,
      unit: 'H87',
      unitPriceEur: 40_000,
      deliveryFrom: '2027-03-01',
      deliveryTo: '2027-06-30',
      deliveryAgs: region.municipalities[0]!.ags!,
    });
    demandIds = [car.id];
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await worker?.close();
  });

  it('sends the current state first, then every join and leave within a second, through another instance', async () => {
    const stream = await openEventStream(b, `${API}/bundles/${bundleId}/events`, region.coordinator.auth);
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.headers.get('x-request-id')).toBeTruthy();
      // the first aggregation of the new bundle may still be on its way: wait for a stored one
      const first = parse(await stream.next((e) => e.event === 'aggregate' && parse(e).aggregate !== null, 15_000));
      expect(first).toMatchObject({ bundleId, status: 'open' });
      expect(first.aggregate).toMatchObject({ participantCount: 0, totalEstimatedValueEur: 0 });
      expect(first.aggregate?.regime.scope).toBe('NATIONAL');

      const joinedAt = Date.now();
      const res = await join(a, buyer, bundleId, demandIds);
      expect(res.status).toBe(201);
      const joined = await stream.next((e) => parse(e).aggregate?.participantCount === 1);
      const joinLatency = joined.receivedAt - joinedAt;
      const afterJoin = parse(joined);
      expect(afterJoin.aggregate).toMatchObject({
        participantCount: 1,
        totalEstimatedValueEur: 240_000,
        regime: { scope: 'EU', thresholdEur: 216_000 },
      });
      expect(afterJoin.aggregate?.regime.legalBasis).toMatch(/VgV|GWB/);
      expect(afterJoin.aggregate?.lots.length).toBeGreaterThan(0);
      expect(Number(joined.id)).toBe(afterJoin.aggregate?.version);
      // the event carries the aggregate as GET /bundles/{id} shows it (read back from the database)
      const shown = await b.http.get(`${API}/bundles/${bundleId}`).set(region.coordinator.auth).expect(200);
      expect(shown.body.aggregate).toEqual(afterJoin.aggregate);

      const leftAt = Date.now();
      await a.http.delete(`${API}/bundles/${bundleId}/participations/mine`).set(buyer.auth).expect(204);
      const left = await stream.next((e) => parse(e).aggregate?.participantCount === 0);
      const leaveLatency = left.receivedAt - leftAt;
      expect(parse(left).aggregate).toMatchObject({ totalEstimatedValueEur: 0, regime: { scope: 'NATIONAL' } });
      // the figure the issue asks for; the benchmark, not this test, holds speed targets
      process.stdout.write(`live event latency: join ${joinLatency} ms, leave ${leaveLatency} ms\n`);
      expect(joinLatency).toBeLessThan(5_000);
      expect(leaveLatency).toBeLessThan(5_000);
    } finally {
      stream.close();
    }
    // the closed stream's subscription ends on the instance that served it
    await eventually(async () => (b.app.get(BundleEventStreams).count === 0 ? true : undefined));
    await eventually(async () => (b.app.get(LiveEvents).listenerCount(`bundle:${bundleId}`) === 0 ? true : undefined));
  });

  it('a buyer sees the stream of a bundle of its region too', async () => {
    const stream = await openEventStream(a, `${API}/bundles/${bundleId}/events`, buyer.auth);
    try {
      expect(stream.status).toBe(200);
      expect(parse(await stream.next()).bundleId).toBe(bundleId);
    } finally {
      stream.close();
    }
  });

  it('answers 404 for a bundle outside the viewer’s view, and 401 without a login, before any event', async () => {
    const elsewhere = await insertOrganisation(a, { type: 'municipality' });
    const stranger = await createUserWithRole(a, 'buyer', { organisation: elsewhere });
    const foreign = await openEventStream(a, `${API}/bundles/${bundleId}/events`, stranger.auth);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const anonymous = await openEventStream(a, `${API}/bundles/${bundleId}/events`, {});
    expect(anonymous.status).toBe(401);
    expect(a.app.get(LiveEvents).listenerCount(`bundle:${bundleId}`)).toBe(0);
  });

  it('streams several bundles in one connection (GET /bundles/events?ids=), each event naming its bundle', async () => {
    const otherId = await openBundle('E-Fahrzeuge live, zweites Bündel');
    const stream = await openEventStream(
      b,
      `${API}/bundles/events?ids=${bundleId},${otherId.toUpperCase()}`,
      region.coordinator.auth,
    );
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      // the current state of each bundle first, one event each
      const first = parse(await stream.next());
      const second = parse(await stream.next());
      expect([first.bundleId, second.bundleId].sort()).toEqual([bundleId, otherId].sort());

      const res = await join(a, buyer, otherId, demandIds);
      expect(res.status).toBe(201);
      const joined = parse(
        await stream.next((e) => parse(e).bundleId === otherId && parse(e).aggregate?.participantCount === 1),
      );
      expect(joined.aggregate).toMatchObject({ totalEstimatedValueEur: 240_000, regime: { scope: 'EU' } });
      await a.http.delete(`${API}/bundles/${otherId}/participations/mine`).set(buyer.auth).expect(204);
      await stream.next((e) => parse(e).bundleId === otherId && parse(e).aggregate?.participantCount === 0);
      // nothing of the join was sent as an event of the other bundle
      expect(
        stream.events.map(parse).filter((e) => e.bundleId === bundleId && e.aggregate?.participantCount !== 0),
      ).toEqual([]);
    } finally {
      stream.close();
    }
    await eventually(async () => (b.app.get(LiveEvents).listenerCount(`bundle:${otherId}`) === 0 ? true : undefined));
  });

  it('answers 400 naming every bad id in German, and 404 when one bundle is outside the view', async () => {
    const bad = await openEventStream(a, `${API}/bundles/events?ids=kein-bündel,${bundleId},42`, {
      ...region.coordinator.auth,
      'accept-language': 'de',
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: unknown[] }).errors).toEqual([
      { field: 'ids.0', reason: 'muss eine Bündel-ID (UUID) sein', code: 'IS_EACH' },
      { field: 'ids.2', reason: 'muss eine Bündel-ID (UUID) sein', code: 'IS_EACH' },
    ]);
    const none = await openEventStream(a, `${API}/bundles/events`, region.coordinator.auth);
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toMatch(/"field":"ids"/);

    const elsewhere = await insertOrganisation(a, { type: 'municipality' });
    const stranger = await createUserWithRole(a, 'buyer', { organisation: elsewhere });
    const foreign = await openEventStream(a, `${API}/bundles/events?ids=${bundleId}`, stranger.auth);
    expect(foreign.status).toBe(404);
    expect(a.app.get(LiveEvents).listenerCount(`bundle:${bundleId}`)).toBe(0);
  });

  it('the close of the coordinator reaches the stream with the status', async () => {
    const stream = await openEventStream(b, `${API}/bundles/${bundleId}/events`, region.coordinator.auth);
    try {
      await stream.next();
      await a.http.post(`${API}/bundles/${bundleId}/close`).set(region.coordinator.auth).expect(200);
      expect(parse(await stream.next((e) => parse(e).status === 'closed'))).toMatchObject({ bundleId });
    } finally {
      stream.close();
    }
  });

  it('ends its open streams when the instance shuts down', async () => {
    const extra = await createTestApp(createApiApp);
    const stream = await openEventStream(extra, `${API}/bundles/${bundleId}/events`, region.coordinator.auth);
    await stream.next();
    const closing = extra.close();
    await expect(closing).resolves.toBeUndefined();
    stream.close();
  });
});
