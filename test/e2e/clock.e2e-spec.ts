import { createApiApp } from '@buendel/api';
import { BundlesService } from '@buendel/bundling';
import {
  createTestApp,
  createTestRegion,
  insertSignedInUsers,
  TestApp,
  TestClock,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { API, join, recordDemand } from '../support/bundling-api';

const DAY = 86_400_000;

/**
 * A test moves time with a TestClock instead of sleeping. Only this file's API gets it: a worker
 * with a moved clock would take jobs of the other test files (they share the queues) and close
 * their bundles early, so the test calls what the deadline job calls through the API's service.
 */
describe('a test clock moves the deadlines', () => {
  const clock = new TestClock();
  let t: TestApp;
  let region: TestRegion;
  let buyer: TestUser;

  beforeAll(async () => {
    t = await createTestApp(() => createApiApp({ clock }));
    region = await createTestRegion(t, 1);
    [buyer] = await insertSignedInUsers(t, region.municipalities, 'buyer');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ten days later the opt-in deadline has passed: joining is refused and the deadline job closes the bundle', async () => {
    const deadline = new Date(clock.nowMs() + 7 * DAY);
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Uhr',
        cpvPrefix: '3414',
        joinDeadline: deadline.toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    const demand = await recordDemand(t, buyer!, {
      cpvCode: '34144900-7',
      title: 'Elektroauto',
      quantity: 1,
      unit: 'H87',
      unitPriceEur: 30_000,
      deliveryFrom: '2027-03-01',
      deliveryTo: '2027-04-30',
    });

    clock.advance(10 * DAY);
    const late = await join(t, buyer!, bundle.body.id, [demand.id]);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('JOIN_DEADLINE_PASSED');

    expect(await t.app.get(BundlesService).closeIfDue(bundle.body.id, 'deadline')).toBe(true);
    const closed = await t.http.get(`${API}/bundles/${bundle.body.id}`).set(region.coordinator.auth).expect(200);
    expect(closed.body.status).toBe('closed');
    expect(new Date(closed.body.closedAt).getTime()).toBeGreaterThan(deadline.getTime());
  });

  it('refuses a deadline that is in the past by the clock, though not by the wall clock', async () => {
    clock.set(new Date(Date.now() + 30 * DAY));
    const res = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Zu spät',
        cpvPrefix: '3414',
        joinDeadline: new Date(Date.now() + DAY).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'joinDeadline', code: 'NOT_IN_FUTURE', reason: 'must be in the future' },
    ]);
    clock.reset();
  });
});
