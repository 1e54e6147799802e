import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { EvidenceService } from '@buendel/tendering';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestWorker,
  createUserWithRole,
  eventually,
  TestApp,
  TestClock,
  TestUser,
} from '@buendel/testing';
import { API } from '../support/bundling-api';
import { uploadEvidence } from '../support/evidence';
import { awaitMailsTo, mailsTo } from '../support/mail';

const DAY = 86_400_000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const german = (iso: string) => iso.split('-').reverse().join('.');

/**
 * Issue 17: evidence about to expire is flagged to its owner — a notification and a mail to the
 * supplier's users (category "evidence", as each chose), once per piece, through the outbox and
 * the mail.send job to the run's real SMTP server. The clock is moved for this file's API only.
 */
describe('evidence about to expire: a mail and a notification to its owner, once', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let supplier: TestUser;
  let colleague: TestUser;
  let optedOut: TestUser;
  let other: TestUser;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await createTestApp(() => createApiApp({ clock }));
    worker = await createTestWorker(() => createWorker());
    supplier = await createUserWithRole(t, 'supplier');
    colleague = await createUserWithRole(t, 'supplier', { organisation: supplier.organisation });
    optedOut = await createUserWithRole(t, 'supplier', { organisation: supplier.organisation });
    other = await createUserWithRole(t, 'supplier');
  });
  afterAll(async () => {
    clock.reset();
    await worker?.close();
    await t?.close();
  });

  it('lets a user switch the evidence mails off', async () => {
    const res = await t.http
      .put('/api/v1/auth/me/mail-preferences')
      .set(optedOut.auth)
      .send({ evidence: false })
      .expect(200);
    expect(res.body.items).toContainEqual(
      expect.objectContaining({ category: 'evidence', label: 'Nachweise, die bald ablaufen', enabled: false }),
    );
  });

  it('mails every supplier user who wants it when a piece enters its last 30 days, and only once', async () => {
    const validTo = isoDay(50);
    const res = await uploadEvidence(t, supplier, {
      kind: 'ISO_14001',
      issuer: 'TÜV Süd',
      number: 'ISO-14001-4711',
      validFrom: '2025-01-01',
      validTo,
    });
    expect(res.status).toBe(201);
    const later = await uploadEvidence(t, other, {
      kind: 'ISO_14001',
      issuer: 'DEKRA',
      number: 'D-1',
      validFrom: '2025-01-01',
      validTo: isoDay(200),
    });
    const service = t.app.get(EvidenceService);
    const ids = [res.body.id as string, later.body.id as string];

    // 50 days before: nothing yet
    expect(await service.flagExpiring({ evidenceIds: ids })).toBe(0);
    clock.advance(25 * DAY);
    try {
      expect(await service.flagExpiring({ evidenceIds: ids })).toBe(1);
      // the sweep runs again (and again): no second notification, no second mail
      expect(await service.flagExpiring({ evidenceIds: ids })).toBe(0);
    } finally {
      clock.reset();
    }

    const [mail] = await awaitMailsTo(supplier.email);
    expect(mail!.subject).toBe(`Nachweis läuft ab am ${german(validTo)}: Zertifikat ISO 14001 (Umweltmanagement)`);
    expect(mail!.text).toContain(`gilt nur noch bis ${german(validTo)}, noch 25 Tage.`);
    expect(mail!.text).toContain('TÜV Süd');
    expect(mail!.text).toContain('ISO-14001-4711');
    expect(mail!.text).toMatch(/Nachweisprofil öffnen: http:\/\/\S+\/nachweise/);
    expect(mail!.text).toContain('abbestellen');
    expect(mail!.html).toContain('TÜV Süd');
    await awaitMailsTo(colleague.email);

    // the mail.send jobs are done: still one mail each, none to who switched it off or to another supplier
    const db = t.app.get(DataSource);
    const rows = await eventually(async () => {
      const found = await db.query<Array<{ to_address: string; status: string }>>(
        `SELECT to_address, status FROM mails WHERE template = 'evidence.expiring' AND subject_id = ANY($1::uuid[])
         ORDER BY to_address`,
        [ids],
      );
      return found.every((r) => r.status === 'sent') ? found : undefined;
    });
    expect(rows).toEqual(
      [supplier.email, colleague.email].sort().map((to_address) => ({ to_address, status: 'sent' })),
    );
    expect(await mailsTo(supplier.email)).toHaveLength(1);
    expect(await mailsTo(optedOut.email)).toEqual([]);
    expect(await mailsTo(other.email)).toEqual([]);

    // and the notification, in the owner's list only
    const notes = await t.http.get(`${API}/notifications`).set(supplier.auth).expect(200);
    expect(notes.body.items).toEqual([expect.objectContaining({ kind: 'evidence.expiring', subjectId: res.body.id })]);
    expect((await t.http.get(`${API}/notifications`).set(other.auth).expect(200)).body.items).toEqual([]);
  });
});
