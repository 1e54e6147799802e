import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DemandImportsRepository } from '@buendel/bundling';
import { testDistrictKey } from '@buendel/testing';
import { openIntegrationDb } from '../support/integration-db';

/**
 * DemandImportsRepository against the run's migrated database (no Nest, no HTTP). Its reads and
 * progress go to the pool (readers must see them while the import's transaction runs), so the
 * rows here are committed, in an organisation of this file's own, and removed at the end.
 */
describe('DemandImportsRepository against PostgreSQL', () => {
  let db: DataSource;
  let repo: DemandImportsRepository;
  let org: string;
  let user: string;

  type Report = Parameters<DemandImportsRepository['markDone']>[2];
  const report = (importId: string): Report =>
    ({
      importId,
      format: 'csv',
      dryRun: false,
      rows: 5,
      created: 2,
      updated: 1,
      unchanged: 1,
      rejected: 1,
    }) as unknown as Report;
  const queued = (id: string) => ({
    id,
    organisationId: org,
    createdBy: user,
    format: 'csv' as const,
    dryRun: false,
    fileName: 'bedarf.csv',
    sheet: null,
    bytesTotal: 0,
  });

  beforeAll(async () => {
    db = await openIntegrationDb();
    repo = new DemandImportsRepository(db);
    const key = testDistrictKey();
    const [o] = await db.query<Array<{ id: string }>>(
      `INSERT INTO organisations (type, name, district_key) VALUES ('district', $1, $2) RETURNING id`,
      [`Importe ${key} ${Date.now()}`, key],
    );
    org = o!.id;
    const [u] = await db.query<Array<{ id: string }>>(
      `INSERT INTO users (organisation_id, email, password_hash, role, name) VALUES ($1, $2, 'x', 'buyer', 'Ina Import') RETURNING id`,
      [org, `importe-${randomUUID()}@example.test`],
    );
    user = u!.id;
  });
  afterAll(async () => {
    await db.query(
      `DELETE FROM demand_import_chunks WHERE import_id IN (SELECT id FROM demand_imports WHERE organisation_id = $1)`,
      [org],
    );
    await db.query(`DELETE FROM demand_imports WHERE organisation_id = $1`, [org]);
    await db?.destroy();
  });

  it('keeps a queued upload in pieces, reads them back in order, and knows its size', async () => {
    const id = randomUUID();
    await db.transaction(async (m) => {
      await repo.insertQueued(m, queued(id));
      await repo.insertChunk(m, id, 0, Buffer.from('a;b\n'));
      await repo.insertChunk(m, id, 1, Buffer.from('1;2\n'));
      await repo.setBytesTotal(m, id, 8);
    });
    expect(await repo.ofOrganisation(id, org)).toMatchObject({
      id,
      status: 'queued',
      format: 'csv',
      dry_run: false,
      file_name: 'bedarf.csv',
      bytes_total: '8',
      created_by: user,
    });
    expect(await repo.ofOrganisation(id, randomUUID())).toBeUndefined();
    expect((await repo.chunk(id, 0))?.toString()).toBe('a;b\n');
    expect((await repo.chunk(id, 1))?.toString()).toBe('1;2\n');
    expect(await repo.chunk(id, 2)).toBeUndefined();
    await db.transaction((m) => repo.deleteChunks(m, id));
    expect(await repo.chunk(id, 0)).toBeUndefined();
  });

  it('claims a queued import with its uploader, records progress, and completes it with the report', async () => {
    const id = randomUUID();
    await db.transaction((m) => repo.insertQueued(m, { ...queued(id), bytesTotal: 100 }));
    const claimed = await repo.claim(id);
    expect(claimed).toMatchObject({ id, status: 'running', role: 'buyer', created_by: user });
    expect(claimed?.email).toMatch(/^importe-/);
    expect(await repo.claim(id)).toMatchObject({ status: 'running' }); // a retried job claims it again
    await repo.recordProgress(id, { bytesRead: 40, rowsRead: 3, rowsStored: 2, rowsRefused: 1 });
    expect(await repo.ofOrganisation(id, org)).toMatchObject({ bytes_read: '40', rows_read: 3, rows_stored: 2 });
    await db.transaction((m) => repo.markDone(m, id, report(id)));
    const done = await repo.ofOrganisation(id, org);
    expect(done).toMatchObject({ status: 'done', bytes_read: '100', rows_read: 5, rows_stored: 4, rows_refused: 1 });
    expect(done?.report).toMatchObject({ importId: id, created: 2 });
    expect(done?.finished_at).toBeInstanceOf(Date);
    expect(await repo.claim(id)).toBeUndefined(); // finished: nothing to claim
    await repo.recordProgress(id, { bytesRead: 1, rowsRead: 1, rowsStored: 1, rowsRefused: 0 });
    expect((await repo.ofOrganisation(id, org))?.rows_read).toBe(5); // no progress after the end
  });

  it('a refused file fails the import; a job failed for good fails only an unfinished one', async () => {
    const refused = randomUUID();
    const lost = randomUUID();
    const small = randomUUID();
    await db.transaction(async (m) => {
      await repo.insertQueued(m, queued(refused));
      await repo.insertQueued(m, queued(lost));
      await repo.insertDone(m, { organisationId: org, createdBy: user, sheet: 'Tabelle1' }, report(small));
    });
    await db.transaction((m) => repo.markFailed(m, refused, { status: 400, code: 'INVALID_FILE' }));
    expect(await repo.ofOrganisation(refused, org)).toMatchObject({
      status: 'failed',
      problem: { code: 'INVALID_FILE' },
    });
    await repo.failUnfinished(lost, { status: 500, code: 'IMPORT_FAILED' });
    expect(await repo.ofOrganisation(lost, org)).toMatchObject({
      status: 'failed',
      problem: { code: 'IMPORT_FAILED' },
    });
    await repo.failUnfinished(small, { status: 500, code: 'IMPORT_FAILED' });
    expect(await repo.ofOrganisation(small, org)).toMatchObject({
      status: 'done',
      sheet: 'Tabelle1',
      rows_read: 5,
      rows_stored: 4,
      rows_refused: 1,
      problem: null,
    });
  });
});
