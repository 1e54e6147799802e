import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { MailService, MailTemplateParams } from '@buendel/mail';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestWorker,
  createUserWithRole,
  eventually,
  insertOrganisation,
  TestApp,
  createTestRegion,
  insertSignedInUsers,
  TestClock,
  uniqueEmail,
} from '@buendel/testing';
import { NotificationsService } from '@buendel/bundling';
import { API, join, recordDemand } from '../support/bundling-api';
import { awaitMailsTo, mailsTo } from '../support/mail';

/**
 * Mails go out through the outbox and the `mail.send` job to the run's real SMTP server
 * (smtp-server, started by the global setup), and the tests read what arrived there.
 */
describe('mail', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let db: DataSource;
  let mail: MailService;
  const clock = new TestClock(); // moved for this API only, in the reminders' test

  beforeAll(async () => {
    t = await createTestApp(() => createApiApp({ clock }));
    worker = await createTestWorker(() => createWorker());
    db = t.app.get(DataSource);
    mail = t.app.get(MailService);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const matching = (): MailTemplateParams['bundle.matching-opened'] => ({
    bundleTitle: `Kopierpapier ${randomUUID().slice(0, 6)}`,
    coordinatorName: 'Landkreis Testkreis',
    joinDeadline: '2027-01-15T11:00:00Z',
    demandTitles: ['Kopierpapier A4, 80 g/m²'],
    link: mail.link('/bundles/x'),
  });
  const letter = (): MailTemplateParams['tender.information-letter'] => ({
    subject: 'Vorabinformation nach § 134 GWB: Ihr Angebot wird nicht berücksichtigt – E-Fahrzeuge 2027, Los 1',
    body: 'Sehr geehrte Damen und Herren,\n\nder Zuschlag soll auf das Angebot von Fahrzeugbau Beispiel AG erteilt werden.\n\nDer Vertrag wird frühestens am 14.12.2026 geschlossen.',
    link: mail.link('/tenders/x'),
  });
  const rowsOf = (ids: string[]) =>
    db.query<Array<{ id: string; status: string; attempts: number; last_error: string | null; to_address: string }>>(
      `SELECT id, status, attempts, last_error, to_address FROM mails WHERE id = ANY($1::uuid[]) ORDER BY to_address`,
      [ids],
    );
  const inTransaction = <T>(work: (m: EntityManager) => Promise<T>) => db.transaction(work);

  it('sends to every active user of an organisation who wants the category, once per occasion', async () => {
    const organisation = await insertOrganisation(t, { type: 'municipality' });
    const wants = await createUserWithRole(t, 'buyer', { organisation });
    const optedOut = await createUserWithRole(t, 'buyer', { organisation });
    const inactive = await createUserWithRole(t, 'buyer', { organisation });
    await db.query(`UPDATE users SET mail_preferences = '{"bundle-matches": false}' WHERE id = $1`, [optedOut.id]);
    await db.query(`UPDATE users SET active = false WHERE id = $1`, [inactive.id]);
    const params = matching();
    const subjectId = randomUUID();
    const onceKey = `bundle.matching-opened:${subjectId}`;

    const queued = await inTransaction((m) =>
      mail.enqueueToOrganisations(m, [organisation.id], {
        template: 'bundle.matching-opened',
        params,
        subjectId,
        onceKey,
      }),
    );
    expect(queued.map((q) => q.toAddress)).toEqual([wants.email]);

    const [arrived] = await awaitMailsTo(wants.email);
    expect(arrived!.subject).toBe(`Neues Bündel passt zu Ihren Bedarfen: ${params.bundleTitle}`);
    expect(arrived!.text).toContain('- Kopierpapier A4, 80 g/m²');
    expect(arrived!.text).toContain('bis 15.01.2027, 12:00 Uhr');
    expect(arrived!.html).toContain('<li>Kopierpapier A4, 80 g/m²</li>');
    expect(arrived!.from).toContain('noreply@buendel.local');
    const [row] = await eventually(async () => {
      const rows = await rowsOf(queued.map((q) => q.id));
      return rows[0]?.status === 'sent' ? rows : undefined;
    });
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(arrived!.messageId).toBe(`<${row!.id}@buendel.local>`);

    // the same occasion again (a job that ran twice): nothing new is written or sent
    const again = await inTransaction((m) =>
      mail.enqueueToOrganisations(m, [organisation.id], {
        template: 'bundle.matching-opened',
        params,
        subjectId,
        onceKey,
      }),
    );
    expect(again).toEqual([]);

    // information letters go out whatever the preferences say
    const letters = await inTransaction((m) =>
      mail.enqueue(m, [{ userId: optedOut.id }, { userId: inactive.id }], {
        template: 'tender.information-letter',
        params: letter(),
      }),
    );
    expect(letters.map((l) => l.toAddress)).toEqual([optedOut.email]);
    const [information] = await awaitMailsTo(optedOut.email);
    expect(information!.subject).toBe(letter().subject);
    expect(information!.text).toContain('frühestens am 14.12.2026');

    await new Promise((r) => setTimeout(r, 500));
    expect(await mailsTo(wants.email)).toHaveLength(1);
    expect(await mailsTo(inactive.email)).toHaveLength(0);
    expect((await mailsTo(optedOut.email)).map((m) => m.subject)).toEqual([information!.subject]);
  });

  it('lets every user choose the mails it gets, except the information letters (GET/PUT /auth/me/mail-preferences)', async () => {
    const organisation = await insertOrganisation(t, { type: 'municipality' });
    const buyer = await createUserWithRole(t, 'buyer', { organisation });
    const PREFS = '/api/v1/auth/me/mail-preferences';
    const initial = await t.http.get(PREFS).set(buyer.auth).expect(200);
    expect(initial.body.items).toEqual([
      expect.objectContaining({ category: 'information-letters', required: true, enabled: true }),
      expect.objectContaining({ category: 'bundle-matches', required: false, enabled: true }),
      expect.objectContaining({ category: 'deadline-reminders', required: false, enabled: true }),
      expect.objectContaining({ category: 'offers-opened', required: false, enabled: true }),
      expect.objectContaining({ category: 'awards', required: false, enabled: true }),
      expect.objectContaining({ category: 'frameworks', required: false, enabled: true }),
      expect.objectContaining({ category: 'evidence', required: false, enabled: true }),
    ]);
    expect(initial.body.items[1].label).toBe('Neue Bündel, die zu Ihren Bedarfen passen');

    const bad = await t.http
      .put(PREFS)
      .set(buyer.auth)
      .set('accept-language', 'de')
      .send({ 'information-letters': false, awards: 'nein', newsletter: true })
      .expect(400);
    const fields = (bad.body.errors as Array<{ field: string; reason: string }>).map((e) => e.field).sort();
    expect(fields).toEqual(['awards', 'information-letters', 'newsletter']);
    const reasons = Object.fromEntries(
      (bad.body.errors as Array<{ field: string; reason: string }>).map((e) => [e.field, e.reason]),
    );
    expect(reasons['information-letters']).toContain('gesetzlich vorgeschrieben');
    expect(reasons['awards']).toBe('muss wahr oder falsch (true oder false) sein');

    const changed = await t.http
      .put(PREFS)
      .set(buyer.auth)
      .send({ 'bundle-matches': false, awards: false })
      .expect(200);
    const enabled = Object.fromEntries(
      (changed.body.items as Array<{ category: string; enabled: boolean }>).map((i) => [i.category, i.enabled]),
    );
    expect(enabled).toEqual({
      'information-letters': true,
      'bundle-matches': false,
      'deadline-reminders': true,
      'offers-opened': true,
      awards: false,
      frameworks: true,
      evidence: true,
    });
    // categories not named stay as they are
    await t.http.put(PREFS).set(buyer.auth).send({ awards: true }).expect(200);
    const after = await t.http.get(PREFS).set(buyer.auth).expect(200);
    expect(after.body.items.find((i: { category: string }) => i.category === 'bundle-matches').enabled).toBe(false);
    expect(after.body.items.find((i: { category: string }) => i.category === 'awards').enabled).toBe(true);

    const queued = await inTransaction((m) =>
      mail.enqueueToOrganisations(m, [organisation.id], { template: 'bundle.matching-opened', params: matching() }),
    );
    expect(queued).toEqual([]);
  });

  it('writes nothing when the change rolls back', async () => {
    const address = uniqueEmail('rollback');
    await expect(
      inTransaction(async (m) => {
        await mail.enqueue(m, { email: address }, { template: 'tender.information-letter', params: letter() });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(await db.query(`SELECT 1 FROM mails WHERE to_address = $1`, [address])).toEqual([]);
    await new Promise((r) => setTimeout(r, 500));
    expect(await mailsTo(address)).toEqual([]);
  });

  it('tries again after a temporary refusal, and marks a mail failed at once when the server refuses it for good', async () => {
    const later = uniqueEmail('later');
    const refused = uniqueEmail('refuse');
    const queued = await inTransaction((m) =>
      mail.enqueue(m, [{ email: later, name: 'Erika Beispiel' }, { email: refused }], {
        template: 'tender.information-letter',
        params: letter(),
      }),
    );
    const [arrived] = await awaitMailsTo(later, 1, 20_000);
    expect(arrived!.to).toBe('"Erika Beispiel" <' + later + '>');
    expect(arrived!.text).toMatch(/^Sehr geehrte Damen und Herren,/);
    const rows = await eventually(async () => {
      const r = await rowsOf(queued.map((q) => q.id));
      return r.every((x) => x.status !== 'queued') ? r : undefined;
    }, 20_000);
    const byAddress = Object.fromEntries(rows.map((r) => [r.to_address, r]));
    expect(byAddress[later]).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(byAddress[refused]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(byAddress[refused]!.last_error).toContain('550');

    // the final-failure hook tells the admins, naming the mail
    const refusedId = byAddress[refused]!.id;
    const notices = await eventually(async () => {
      const n = await db.query<Array<{ title: string }>>(
        `SELECT title FROM notifications WHERE kind = 'job.failed' AND subject_id = $1`,
        [refusedId],
      );
      return n.length ? n : undefined;
    });
    expect(notices[0]!.title).toContain('mail.send');
  });

  it('reminds the organisations that joined or could join 3 days and 1 day before the join deadline, once each', async () => {
    const region = await createTestRegion(t, 2);
    const [joined, couldJoin] = await insertSignedInUsers(t, region.municipalities, 'buyer');
    const paper = {
      cpvCode: '30197630-1',
      title: 'Kopierpapier A4 (Erinnerung)',
      quantity: 40,
      unit: 'H87',
      unitPriceEur: 25,
      deliveryFrom: '2027-02-01',
      deliveryTo: '2027-03-31',
    };
    const mine = await recordDemand(t, joined!, paper);
    await recordDemand(t, couldJoin!, { ...paper, title: 'Papier für das Rathaus' });
    const deadline = new Date(Date.now() + 10 * 86_400_000);
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Papier 2027 (Erinnerung)',
        cpvPrefix: '3019',
        joinDeadline: deadline.toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    const bundleId = bundle.body.id as string;
    // the opening mail reaches both (their demands are open); joined before the opening job ran,
    // an organisation is not told of the bundle it is already in, so the join waits for the mails
    await awaitMailsTo(couldJoin!.email);
    await awaitMailsTo(joined!.email);
    expect((await join(t, joined!, bundleId, [mine.id])).status).toBe(201);
    const notifications = t.app.get(NotificationsService);
    const only = { bundleIds: [bundleId] };
    try {
      expect(await notifications.sendDueReminders(only)).toBe(0); // ten days before: nothing due
      clock.advance(7.5 * 86_400_000);
      expect(await notifications.sendDueReminders(only)).toBe(2);
      expect(await notifications.sendDueReminders(only)).toBe(0); // once
      const toJoined = (await awaitMailsTo(joined!.email, 2))[1]; // after the opening mail
      expect(toJoined!.subject).toBe('Noch 3 Tage bis zur Beitrittsfrist: Papier 2027 (Erinnerung)');
      expect(toJoined!.text).toContain(
        'Ihre Organisation nimmt mit diesen Bedarfen teil:\n\n- Kopierpapier A4 (Erinnerung)',
      );
      const toCouldJoin = await awaitMailsTo(couldJoin!.email, 2);
      expect(toCouldJoin[1]!.text).toContain('Ihre Organisation nimmt noch nicht teil.');
      expect(toCouldJoin[1]!.text).toContain('- Papier für das Rathaus');

      clock.advance(2 * 86_400_000); // half a day before the deadline
      expect(await notifications.sendDueReminders(only)).toBe(2);
      const last = await awaitMailsTo(joined!.email, 3);
      expect(last[2]!.subject).toBe('Noch 1 Tag bis zur Beitrittsfrist: Papier 2027 (Erinnerung)');
      expect(await notifications.sendDueReminders(only)).toBe(0);
    } finally {
      clock.reset();
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(await mailsTo(joined!.email)).toHaveLength(3);
    expect(await mailsTo(couldJoin!.email)).toHaveLength(3);
  });
});
