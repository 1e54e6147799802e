import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestRegion,
  createTestWorker,
  eventually,
  insertSignedInUsers,
  TestApp,
  TestUser,
} from '@buendel/testing';
import { API } from '../support/bundling-api';
import { postCut, sheetCsv, sheetDemands, sheetXlsx } from '../support/import-files';

/**
 * Large imports as jobs: over IMPORT_JOB_BYTES (2,000 bytes here) an upload is kept and
 * answered 202; the worker imports it whole or nothing, and GET /demands/imports/{id} shows
 * its progress and its report, or why it stored nothing.
 */
const IMPORT = `${API}/demands/import`;

interface ImportView {
  id: string;
  status: string;
  format: string;
  bytesTotal: number;
  bytesRead: number;
  rowsRead: number;
  rowsStored: number;
  rowsRefused: number;
  percent: number;
  report?: { created: number; rejected: number; rows: number; importId: string };
  problem?: { status: number; code: string; errors?: Array<{ field: string }> };
}

describe('demand import jobs', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let db: DataSource;
  let buyers: TestUser[];
  let next = 0;
  const freshBuyer = () => buyers[next++]!;
  const saved = process.env['IMPORT_JOB_BYTES'];

  const finished = (user: TestUser, id: string) =>
    eventually(
      async () => {
        const res = await t.http.get(`${API}/demands/imports/${id}`).set(user.auth).expect(200);
        const view = res.body as ImportView;
        return view.status === 'done' || view.status === 'failed' ? view : undefined;
      },
      60_000,
      200,
    );
  const count = async (sql: string, params: unknown[]) => (await db.query<Array<{ n: number }>>(sql, params))[0]!.n;

  beforeAll(async () => {
    process.env['IMPORT_JOB_BYTES'] = '2000';
    t = await createTestApp(createApiApp);
    if (saved === undefined) delete process.env['IMPORT_JOB_BYTES'];
    else process.env['IMPORT_JOB_BYTES'] = saved;
    worker = await createTestWorker(createWorker);
    db = t.app.get(DataSource);
    const region = await createTestRegion(t, 6);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('a large CSV becomes a job: 202 with its place, then progress and the report; the demands come all at once', async () => {
    const buyer = freshBuyer();
    const csv = sheetCsv(sheetDemands(3000, buyer.organisation.ags!));
    const res = await t.http.post(IMPORT).set(buyer.auth).set('Content-Type', 'text/csv').send(Buffer.from(csv));
    expect(res.status).toBe(202);
    const queued = res.body as ImportView;
    expect(res.headers['location']).toBe(`/api/v1/demands/imports/${queued.id}`);
    expect(queued).toMatchObject({ status: 'queued', format: 'csv', bytesTotal: Buffer.byteLength(csv) });
    const done = await finished(buyer, queued.id);
    expect(done).toMatchObject({
      status: 'done',
      percent: 100,
      rowsRead: 3000,
      rowsStored: 3000,
      rowsRefused: 0,
      bytesRead: Buffer.byteLength(csv),
      report: { importId: queued.id, rows: 3000, created: 3000, rejected: 0 },
    });
    expect(
      await count(`SELECT count(*)::int AS n FROM demands WHERE organisation_id = $1`, [buyer.organisationId]),
    ).toBe(3000);
    // the kept upload is gone
    expect(await count(`SELECT count(*)::int AS n FROM demand_import_chunks WHERE import_id = $1`, [queued.id])).toBe(
      0,
    );
    // another organisation does not see it
    await t.http.get(`${API}/demands/imports/${queued.id}`).set(buyers[5]!.auth).expect(404);
  });

  it('a job whose file is refused ends failed with the problem, and stores nothing', async () => {
    const buyer = freshBuyer();
    const csv = `Foo;Bar\r\n${'1;2\r\n'.repeat(2000)}`;
    const res = await t.http.post(IMPORT).set(buyer.auth).set('Content-Type', 'text/csv').send(Buffer.from(csv));
    expect(res.status).toBe(202);
    const failed = await finished(buyer, res.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.problem).toMatchObject({ status: 400, code: 'INVALID_CSV' });
    expect(failed.problem!.errors!.map((e) => e.field)).toContain('header.cpvCode');
    expect(
      await count(`SELECT count(*)::int AS n FROM demands WHERE organisation_id = $1`, [buyer.organisationId]),
    ).toBe(0);
  });

  it('a large XLSX uploaded from a browser (multipart) is imported as a job', async () => {
    const buyer = freshBuyer();
    const workbook = await sheetXlsx(sheetDemands(500, buyer.organisation.ags!, 'J'));
    const res = await t.http.post(IMPORT).set(buyer.auth).attach('file', workbook, 'bedarfe.xlsx');
    expect(res.status).toBe(202);
    const done = await finished(buyer, res.body.id);
    expect(done).toMatchObject({ status: 'done', format: 'xlsx', report: { created: 500, rejected: 0 } });
  });

  it('an upload cut before its end leaves no import and no kept bytes', async () => {
    const buyer = freshBuyer();
    const body = Buffer.from(sheetCsv(sheetDemands(3000, buyer.organisation.ags!)));
    await postCut(t, buyer, IMPORT, body, 0.6);
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      await count(`SELECT count(*)::int AS n FROM demand_imports WHERE organisation_id = $1`, [buyer.organisationId]),
    ).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM demands WHERE organisation_id = $1`, [buyer.organisationId]),
    ).toBe(0);
  });
});
