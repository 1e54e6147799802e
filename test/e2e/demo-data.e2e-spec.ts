import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { Clock } from '@buendel/clock';
import { AuditLog } from '@buendel/audit';
import {
  BundlesRepository,
  BundlesService,
  DemandsService,
  DemoBundlingTask,
  DEMO_BUNDLE_TITLE,
  ParticipationsService,
} from '@buendel/bundling';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import {
  DEMO_PASSWORD,
  DEMO_PUBLIC_BODY_USERS,
  DemoDataTask,
  PasswordHasher,
  UsersRepository,
} from '@buendel/identity';
import { createWorker } from '@buendel/worker';
import { createTestApp, createTestWorker, loginAs, TestApp } from '@buendel/testing';
import { API } from '../support/bundling-api';

/** What `npm start` shows a newcomer: the demo users, their demands and a live bundle. */
describe('demo data', () => {
  let t: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('opens a bundle of Landkreis Zwickau with four demo municipalities, once', async () => {
    const db = t.app.get(DataSource);
    const config = { ...t.app.get<AppConfig>(APP_CONFIG), DEMO_DATA: true } as AppConfig;
    await new DemoDataTask(db, config, t.app.get(PasswordHasher), t.app.get(AuditLog)).run();
    const task = new DemoBundlingTask(
      t.app.get(UsersRepository),
      t.app.get(BundlesRepository),
      config,
      t.app.get(DemandsService),
      t.app.get(BundlesService),
      t.app.get(ParticipationsService),
      t.app.get(Clock),
    );
    await task.run();
    await task.run();

    const coordinator = DEMO_PUBLIC_BODY_USERS.find((u) => u.role === 'coordinator')!;
    const token = await loginAs(t.http, coordinator.email, DEMO_PASSWORD);
    const list = await t.http
      .get(`${API}/bundles`)
      .query({ districtKey: '14524' })
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const demo = list.body.items.filter((b: { title: string }) => b.title === DEMO_BUNDLE_TITLE);
    expect(demo).toHaveLength(1);
    const detail = await t.http.get(`${API}/bundles/${demo[0].id}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(detail.body.participants).toHaveLength(4);
    const events = await db.query<Array<{ actor_user_id: string | null }>>(
      `SELECT actor_user_id FROM audit_events WHERE entity_id = $1 AND action = 'bundle.joined'`,
      [demo[0].id],
    );
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.actor_user_id !== null)).toBe(true);

    // the list says for each reader whether its organisation takes part, as the detail does
    expect(demo[0].participating).toBe(false);
    let participating = 0;
    for (const buyer of DEMO_PUBLIC_BODY_USERS.filter((u) => u.role === 'buyer')) {
      const auth = `Bearer ${await loginAs(t.http, buyer.email, DEMO_PASSWORD)}`;
      const mine = await t.http.get(`${API}/bundles`).query({ districtKey: '14524' }).set('Authorization', auth);
      const item = mine.body.items.find((b: { title: string }) => b.title === DEMO_BUNDLE_TITLE);
      const one = await t.http.get(`${API}/bundles/${item.id}`).set('Authorization', auth).expect(200);
      expect(item.participating).toBe(one.body.myParticipation !== undefined);
      if (item.participating) participating++;
    }
    expect(participating).toBe(4);
  });

  it('gives each demo organisation the address and contact point its notices name, and keeps what was set', async () => {
    const db = t.app.get(DataSource);
    const config = { ...t.app.get<AppConfig>(APP_CONFIG), DEMO_DATA: true } as AppConfig;
    const demoTask = () => new DemoDataTask(db, config, t.app.get(PasswordHasher), t.app.get(AuditLog)).run();
    await demoTask();
    const rows = await db.query<
      Array<{ reference_key: string | null; type: string; address: { city: string } | null; [k: string]: unknown }>
    >(
      `SELECT o.reference_key, o.type, o.address, o.nuts3, o.contact_email, o.contact_phone, o.company_size
       FROM organisations o WHERE o.id IN (SELECT organisation_id FROM users WHERE email LIKE '%.demo.buendel.local')`,
    );
    expect(rows).toHaveLength(DEMO_PUBLIC_BODY_USERS.length + 2);
    for (const o of rows) {
      // what eForms asks of a buyer (BT-500 to BT-507) and of a winner (BT-165, BT-506)
      expect(o).toMatchObject({ address: expect.objectContaining({ postalCode: expect.stringMatching(/^\d{5}$/) }) });
      expect(o['nuts3']).toMatch(/^DED4\d$/);
      expect(o['contact_email']).toMatch(/@.+\.demo\.buendel\.local$/);
      expect(o['contact_phone']).toMatch(/^\+49 \d+ 0000-\d+$/);
      if (o.type === 'supplier') expect(['micro', 'small', 'medium', 'large']).toContain(o['company_size']);
    }

    // an office someone changed stays as it is at the next start
    await db.query(`UPDATE organisations SET contact_phone = '+49 375 123456' WHERE reference_key = 'ags:14524020'`);
    await demoTask();
    const [callenberg] = await db.query<Array<{ contact_phone: string }>>(
      `SELECT contact_phone FROM organisations WHERE reference_key = 'ags:14524020'`,
    );
    expect(callenberg!.contact_phone).toBe('+49 375 123456');
  });
});
