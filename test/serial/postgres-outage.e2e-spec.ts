import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestRegion,
  createTestWorker,
  createUserWithRole,
  eventually,
  TestApp,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { API, currentAggregate, join, recordDemand } from '../support/bundling-api';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * PostgreSQL stopped, as the API sees it: a TCP proxy in front of the real server is cut,
 * which refuses new connections and drops the open ones. Every route answers 503 with
 * Retry-After and a problem body, never 500; logins during the outage do not count as
 * failures; when PostgreSQL is back everything works again and nothing committed is lost.
 */
describe('a PostgreSQL outage answers 503 and loses nothing', () => {
  const dbUrl = new URL(process.env['DATABASE_URL']!);
  const proxy = new TcpProxy(dbUrl.hostname, Number(dbUrl.port || 5432));
  const savedUrl = process.env['DATABASE_URL'];
  let t: TestApp;
  let worker: INestApplicationContext;
  let region: TestRegion;
  let buyer: TestUser;
  let supplier: TestUser;
  let bundleId: string;
  let demandId: string;

  beforeAll(async () => {
    await proxy.start();
    const proxied = new URL(dbUrl);
    proxied.host = `127.0.0.1:${proxy.port}`;
    process.env['DATABASE_URL'] = proxied.toString();
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    region = await createTestRegion(t, 2);
    buyer = await createUserWithRole(t, 'buyer', { organisation: region.municipalities[0]! });
    supplier = await createUserWithRole(t, 'supplier');
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Kopierpapier 2027',
        cpvPrefix: '3019',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    bundleId = bundle.body.id;
    const demand = await recordDemand(t, buyer, paper(100));
    demandId = demand.id;
  });

  afterAll(async () => {
    await proxy.restore();
    await worker?.close();
    await t?.close();
    await proxy.cut();
    process.env['DATABASE_URL'] = savedUrl;
  });

  const paper = (boxes: number) => ({
    cpvCode: '30197630-1',
    title: 'Kopierpapier A4',
    quantity: boxes,
    unit: 'H87',
    unitPriceEur: 24.5,
    deliveryFrom: '2027-02-01',
    deliveryTo: '2027-03-31',
  });

  const expectUnavailable = (res: {
    status: number;
    headers: Record<string, string>;
    body: Record<string, unknown>;
  }) => {
    expect(res.status).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  };

  it('answers 503 with Retry-After on every kind of route while PostgreSQL is down', async () => {
    await proxy.cut();
    const started = Date.now();
    const answers = [
      await t.http.get(`${API}/demands`).set(buyer.auth),
      await t.http.post(`${API}/demands`).set(buyer.auth).send(paper(5)),
      await t.http.get(`${API}/bundles/${bundleId}`).set(region.coordinator.auth),
      await t.http
        .post(`${API}/bundles/${bundleId}/participations`)
        .set(buyer.auth)
        .send({ demandIds: [demandId] }),
      await t.http.get(`${API}/units`).set(supplier.auth),
      await t.http.get(`${API}/cpv`).query({ search: 'Papier' }).set(supplier.auth),
      await t.http.get(`${API}/market/demand`).set(supplier.auth),
      await t.http.post(`${API}/auth/login`).send({ email: buyer.email, password: buyer.password }),
    ];
    for (const res of answers) expectUnavailable(res);
    expect(answers[0]!.body['dependency']).toBe('postgres');
    // no request hangs on the missing database
    expect(Date.now() - started).toBeLessThan(15_000);
    const health = await t.http.get('/health');
    expect(health.status).toBe(503);
    expect(health.body.details.postgres.status).toBe('down');
    expect(Number(health.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('does not count logins it could not check as wrong passwords', async () => {
    for (let i = 0; i < 8; i++) {
      expectUnavailable(
        await t.http.post(`${API}/auth/login`).send({ email: supplier.email, password: supplier.password }),
      );
    }
  });

  it('works again once PostgreSQL is back, with nothing lost', async () => {
    await proxy.restore();
    // the first requests may meet a pool that is reconnecting: 503 until it has
    await eventually(
      async () => ((await t.http.get(`${API}/demands`).set(buyer.auth)).status === 200 ? true : undefined),
      20_000,
    );
    // eight unchecked logins were no failures: the right password works at once
    const login = await t.http.post(`${API}/auth/login`).send({ email: supplier.email, password: supplier.password });
    expect(login.status).toBe(200);
    const mine = await t.http.get(`${API}/demands`).set(buyer.auth).expect(200);
    expect(mine.body.items.map((d: { id: string }) => d.id)).toContain(demandId);
    expect((await join(t, buyer, bundleId, [demandId])).status).toBe(201);
    const aggregate = await currentAggregate(t, region.coordinator, bundleId, 30_000);
    expect(aggregate).toMatchObject({ participantCount: 1, totalEstimatedValueEur: 2450 });
    const db = t.app.get(DataSource);
    const [{ n }] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM demands WHERE organisation_id = $1`,
      [buyer.organisationId],
    );
    expect(n).toBe(1); // the POST during the outage stored nothing, the one before it is there
    await eventually(async () => ((await t.http.get('/health')).status === 200 ? true : undefined), 30_000);
  });
});
