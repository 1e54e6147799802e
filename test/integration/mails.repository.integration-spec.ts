import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MailsRepository } from '@buendel/mail';
import { testDistrictKey } from '@buendel/testing';
import { openIntegrationDb } from '../support/integration-db';

/**
 * MailsRepository against the run's migrated database (no Nest, no SMTP): the recipients a mail
 * may go to, storing mails once per key, and the states a mail goes through. The sender's
 * statements run on the pool, so the rows are committed and removed afterwards.
 */
describe('MailsRepository against PostgreSQL', () => {
  let db: DataSource;
  let repo: MailsRepository;
  let organisation: string;
  const users: Record<'buyer' | 'coordinator' | 'inactive', { id: string; email: string }> = {} as never;
  const mailIds: string[] = [];

  beforeAll(async () => {
    db = await openIntegrationDb();
    repo = new MailsRepository(db);
    const key = testDistrictKey();
    const [o] = await db.query<Array<{ id: string }>>(
      `INSERT INTO organisations (type, name, district_key) VALUES ('district', $1, $2) RETURNING id`,
      [`Post ${key}`, key],
    );
    organisation = o!.id;
    for (const [name, role, active] of [
      ['buyer', 'buyer', true],
      ['coordinator', 'coordinator', true],
      ['inactive', 'buyer', false],
    ] as const) {
      const email = `${name}-${randomUUID()}@example.test`;
      const [u] = await db.query<Array<{ id: string }>>(
        `INSERT INTO users (organisation_id, email, password_hash, role, name, active, mail_preferences)
         VALUES ($1, $2, 'x', $3, $4, $5, $6) RETURNING id`,
        [organisation, email, role, name, active, JSON.stringify(name === 'buyer' ? { 'bundle-matches': false } : {})],
      );
      users[name] = { id: u!.id, email };
    }
  });
  afterAll(async () => {
    if (mailIds.length) await db.query(`DELETE FROM mails WHERE id = ANY($1::uuid[])`, [mailIds]);
    await db.query(`DELETE FROM users WHERE organisation_id = $1`, [organisation]);
    await db.query(`DELETE FROM organisations WHERE id = $1`, [organisation]);
    await db?.destroy();
  });

  it('finds the active users by organisation and role, or by id, with their preferences, by address', async () => {
    const all = await repo.activeRecipients(db.manager, { organisationIds: [organisation] });
    expect(all.map((u) => u.id)).toEqual(
      [users.buyer, users.coordinator].sort((a, b) => (a.email < b.email ? -1 : 1)).map((u) => u.id),
    );
    expect(all.find((u) => u.id === users.buyer.id)!.preferences).toEqual({ 'bundle-matches': false });
    const coordinators = await repo.activeRecipients(db.manager, {
      organisationIds: [organisation],
      roles: ['coordinator'],
    });
    expect(coordinators.map((u) => u.id)).toEqual([users.coordinator.id]);
    expect(await repo.activeRecipients(db.manager, { userIds: [users.inactive.id] })).toEqual([]);
  });

  it('stores a mail once per dedupe key, and takes it through sent, failed and skipped', async () => {
    const order = { template: 'bundle.matching-opened', category: 'bundle-matches', params: { a: 1 }, subjectId: null };
    const mail = (address: string, dedupeKey: string | null) => ({
      userId: null,
      address,
      name: 'Erika Beispiel',
      subject: 'Betreff',
      text: 'Text',
      html: '<p>Text</p>',
      dedupeKey,
    });
    const key = `once-${randomUUID()}`;
    const [sent, failed, skipped] = ['sent', 'failed', 'skipped'].map((s) => `${s}-${randomUUID()}@example.test`);
    const first = await repo.insertQueued(db.manager, order, [
      mail(sent!, key),
      mail(failed!, null),
      mail(skipped!, null),
    ]);
    mailIds.push(...first.map((r) => r.id));
    expect(first.map((r) => r.to_address)).toEqual([sent, failed, skipped]);
    // the same key again: nothing stored
    expect(await repo.insertQueued(db.manager, order, [mail(sent!, key)])).toEqual([]);

    const [s, f, k] = first.map((r) => r.id);
    expect(await repo.byId(s!)).toMatchObject({ status: 'queued', to_address: sent, to_name: 'Erika Beispiel' });
    await repo.recordFailedAttempt(s!, '451 try later');
    await repo.markSent(s!, new Date('2026-12-02T10:00:00Z'), { messageId: '<x@test>', response: '250 OK' });
    await repo.recordFailedAttempt(f!, '550 no such mailbox');
    await repo.markFailed(f!, '550 no such mailbox');
    await repo.markSkipped(k!, 'no SMTP server');
    // a mail no longer queued keeps its state
    await repo.markFailed(s!, 'too late');
    await repo.markSent(f!, new Date(), { messageId: '<y@test>', response: '250 OK' });
    const rows = await db.query<
      Array<{ id: string; status: string; attempts: number; last_error: string | null; message_id: string | null }>
    >(`SELECT id, status, attempts, last_error, message_id FROM mails WHERE id = ANY($1::uuid[])`, [[s, f, k]]);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[s!]).toMatchObject({ status: 'sent', attempts: 2, last_error: null, message_id: '<x@test>' });
    expect(byId[f!]).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: '550 no such mailbox',
      message_id: null,
    });
    expect(byId[k!]).toMatchObject({ status: 'skipped', attempts: 0, last_error: 'no SMTP server' });
    expect(await repo.byId(randomUUID())).toBeUndefined();
  });
});
