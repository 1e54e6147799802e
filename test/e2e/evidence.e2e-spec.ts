import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { StoredFiles } from '@buendel/http';
import { EvidenceService } from '@buendel/tendering';
import { createTestApp, createUserWithRole, TestApp, TestClock, TestUser } from '@buendel/testing';
import { binaryBody } from '../support/import-files';
import { API, expectProblem } from '../support/bundling-api';
import { PDF, PNG, uploadEvidence } from '../support/evidence';

const GIF = Buffer.from('GIF89a\x01\x00\x01\x00');
const MAX_BYTES = 64 * 1024;

/**
 * A supplier's evidence profile (issue 17): certificates, LkSG and battery documents with their
 * files, uploaded as multipart/form-data, checked for type (by content) and size, stored outside
 * the rows that list them under their SHA-256, never shown to another supplier; evidence about to
 * expire is flagged to its owner by the sweep.
 */

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('evidence profile of suppliers', () => {
  let t: TestApp;
  const clock = new TestClock();
  let supplier: TestUser;
  let other: TestUser;
  let reportId: string;

  beforeAll(async () => {
    const before = process.env['EVIDENCE_MAX_BYTES'];
    process.env['EVIDENCE_MAX_BYTES'] = String(MAX_BYTES);
    try {
      t = await createTestApp(() => createApiApp({ clock }));
    } finally {
      if (before === undefined) delete process.env['EVIDENCE_MAX_BYTES'];
      else process.env['EVIDENCE_MAX_BYTES'] = before;
    }
    supplier = await createUserWithRole(t, 'supplier');
    other = await createUserWithRole(t, 'supplier');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps an LkSG report with its file outside the row, under its SHA-256', async () => {
    const res = await uploadEvidence(t, supplier, {
      kind: 'LKSG_ANNUAL_REPORT',
      title: 'LkSG-Bericht 2025',
      issuer: 'Bundesamt für Wirtschaft und Ausfuhrkontrolle',
      number: 'BAFA-2025-00421',
      validFrom: '2026-01-01',
      validTo: isoDay(400),
    });
    expect(res.status).toBe(201);
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    expect(res.body).toMatchObject({
      kind: 'LKSG_ANNUAL_REPORT',
      kindLabel: 'Jahresbericht nach § 10 Abs. 2 LkSG',
      title: 'LkSG-Bericht 2025',
      validFrom: '2026-01-01',
      state: 'valid',
      file: { name: 'nachweis.pdf', mediaType: 'application/pdf', sizeBytes: PDF.length, sha256 },
      withdrawnAt: null,
    });
    reportId = res.body.id;
    const files = t.app.get(StoredFiles);
    expect(existsSync(files.pathOf(sha256))).toBe(true);
    // the row lists the file, it does not hold it
    const columns = await t.app
      .get(DataSource)
      .query<Array<{ data_type: string }>>(
        `SELECT data_type FROM information_schema.columns WHERE table_name = 'supplier_evidence'`,
      );
    expect(columns.map((c) => c.data_type)).not.toContain('bytea');
    const file = await t.http
      .get(`${API}/suppliers/me/evidence/${reportId}/file`)
      .set(supplier.auth)
      .buffer(true)
      .parse(binaryBody);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('nachweis.pdf');
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
  });

  it('never shows it to another supplier', async () => {
    await t.http.get(`${API}/suppliers/me/evidence/${reportId}`).set(other.auth).expect(404);
    await t.http.get(`${API}/suppliers/me/evidence/${reportId}/file`).set(other.auth).expect(404);
    await t.http.delete(`${API}/suppliers/me/evidence/${reportId}`).set(other.auth).expect(404);
    const list = await t.http.get(`${API}/suppliers/me/evidence`).set(other.auth).expect(200);
    expect(list.body.items).toEqual([]);
    const own = await t.http.get(`${API}/suppliers/me/evidence`).set(supplier.auth).expect(200);
    expect(own.body.items.map((e: { id: string }) => e.id)).toEqual([reportId]);
  });

  it('takes a PNG; an undated declaration is valid without end', async () => {
    const res = await uploadEvidence(
      t,
      supplier,
      { kind: 'BATTERY_CARBON_FOOTPRINT_DECLARATION', issuer: 'Akku AG', number: 'CF-1', validFrom: '2026-01-01' },
      { content: PNG, name: '../../etc/erklärung.png', type: 'image/png' },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      validTo: null,
      state: 'valid',
      title: 'Erklärung zum CO2-Fußabdruck (Art. 7 VO (EU) 2023/1542)',
      file: { name: 'erklärung.png', mediaType: 'image/png' },
    });
  });

  it('names every bad field at once, the file among them (type told by its content, not its name)', async () => {
    const res = await uploadEvidence(
      t,
      supplier,
      { kind: 'ISO_9001', issuer: '', validFrom: '2026-02-30', extra: 'x' },
      { content: GIF, name: 'zertifikat.pdf', type: 'application/pdf' },
    );
    expectProblem(res, 400, ['kind', 'issuer', 'number', 'validFrom', 'extra', 'file'], {
      file: /^must be a PDF, PNG or JPEG file$/,
      kind: /LKSG_ANNUAL_REPORT/,
    });
    const late = await uploadEvidence(t, supplier, {
      kind: 'EMAS',
      issuer: 'IHK',
      number: 'DE-123',
      validFrom: '2026-03-01',
      validTo: '2026-02-28',
    });
    expectProblem(late, 400, ['validTo'], { validTo: /^must not be before the start of the validity \(2026-03-01\)$/ });
    const none = await uploadEvidence(
      t,
      supplier,
      { kind: 'EMAS', issuer: 'IHK', number: 'DE-1', validFrom: '2026-03-01' },
      null,
    );
    expectProblem(none, 400, ['file'], { file: /^is required: a PDF, PNG or JPEG file$/ });
    const json = await t.http.post(`${API}/suppliers/me/evidence`).set(supplier.auth).send({ kind: 'EMAS' });
    expect(json.status).toBe(415);
    expect(json.body.errors).toEqual([
      { field: 'file', reason: expect.stringMatching(/multipart\/form-data/), code: 'REQUIRED' },
    ]);
  });

  it('refuses a file over the limit with 413 and keeps nothing of it', async () => {
    const files = t.app.get(StoredFiles);
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_BYTES, 0x20)]);
    const res = await uploadEvidence(
      t,
      supplier,
      { kind: 'ISO_14001', issuer: 'TÜV', number: 'Z-9', validFrom: '2026-01-01' },
      { content: big, name: 'gross.pdf' },
    );
    expectProblem(res, 413, ['file'], { file: new RegExp(`must be at most ${MAX_BYTES} bytes`) });
    expect(existsSync(files.pathOf(createHash('sha256').update(big).digest('hex')))).toBe(false);
    const tmp = path.join(files.dir, 'tmp');
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
  });

  it('flags evidence about to expire to its owner, once, and shows it as expiring', async () => {
    const res = await uploadEvidence(t, supplier, {
      kind: 'ISO_14001',
      issuer: 'TÜV Süd',
      number: 'ISO-14001-77',
      validFrom: '2025-01-01',
      validTo: isoDay(50),
    });
    expect(res.status).toBe(201);
    expect(res.body.state).toBe('valid');
    const service = t.app.get(EvidenceService);
    expect(await service.flagExpiring({ evidenceIds: [res.body.id] })).toBe(0);
    clock.advance(25 * 86_400_000);
    try {
      expect(await service.flagExpiring({ evidenceIds: [res.body.id] })).toBe(1);
      expect(await service.flagExpiring({ evidenceIds: [res.body.id] })).toBe(0);
      const one = await t.http.get(`${API}/suppliers/me/evidence/${res.body.id}`).set(supplier.auth).expect(200);
      expect(one.body.state).toBe('expiring');
    } finally {
      clock.reset();
    }
    const notes = await t.http.get(`${API}/notifications`).set(supplier.auth).expect(200);
    expect(notes.body.items).toEqual([
      expect.objectContaining({
        kind: 'evidence.expiring',
        subjectId: res.body.id,
        title: expect.stringMatching(/^Nachweis läuft ab am \d{2}\.\d{2}\.\d{4}: Zertifikat ISO 14001/),
        data: expect.objectContaining({ evidenceId: res.body.id, validTo: isoDay(50) }),
      }),
    ]);
    const others = await t.http.get(`${API}/notifications`).set(other.auth).expect(200);
    expect(others.body.items).toEqual([]);
  });

  it('withdraws a piece: gone from the list, still readable by its id', async () => {
    const res = await t.http.delete(`${API}/suppliers/me/evidence/${reportId}`).set(supplier.auth).expect(200);
    expect(res.body.withdrawnAt).toEqual(expect.any(String));
    const list = await t.http.get(`${API}/suppliers/me/evidence`).set(supplier.auth).expect(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).not.toContain(reportId);
    const all = await t.http.get(`${API}/suppliers/me/evidence?withdrawn=true`).set(supplier.auth).expect(200);
    expect(all.body.items.map((e: { id: string }) => e.id)).toContain(reportId);
  });
});
