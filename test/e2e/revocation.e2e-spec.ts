import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { USER_STATE_CACHE_MS } from '@buendel/auth';
import {
  adminToken,
  createTestApp,
  createUserWithRole,
  eventually,
  loginAs,
  TestApp,
  TestUser,
} from '@buendel/testing';

const API = '/api/v1';

/**
 * Revocation at once: every request checks the user's current state. A deactivated,
 * deleted or changed user's token stops working with the next request, not when it expires;
 * a new password refuses the tokens issued before it.
 */
describe('revocation of access tokens', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    db = t.app.get(DataSource);
    admin = { Authorization: `Bearer ${await adminToken(t)}` };
  });
  afterAll(async () => {
    await t.close();
  });

  const me = (auth: Record<string, string>) => t.http.get(`${API}/auth/me`).set(auth);
  const patchUser = (user: TestUser, body: object) =>
    t.http.patch(`${API}/organisations/${user.organisationId}/users/${user.id}`).set(admin).send(body);

  it("refuses a deactivated user's token with the very next request", async () => {
    const buyer = await createUserWithRole(t, 'buyer');
    await me(buyer.auth).expect(200); // its state is cached now
    const res = await patchUser(buyer, { active: false }).expect(200);
    expect(res.body.active).toBe(false);
    const refused = await me(buyer.auth).expect(401);
    expect(refused.body).toMatchObject({ code: 'TOKEN_REVOKED' });
    expect(refused.body.detail).toMatch(/deactivated/);
    // a write too, not only /auth/me
    await t.http
      .post(`${API}/demands`)
      .set(buyer.auth)
      .send({ cpvCode: '30192000-1', title: 'Papier', quantity: 1, unit: 'H87', unitPriceEur: 1 })
      .expect(401);
  });

  it('keeps refusing a token issued before the deactivation when the user is active again', async () => {
    const buyer = await createUserWithRole(t, 'buyer');
    // token times are whole seconds: the token's second ends before the deactivation, whose before the new login
    await new Promise((r) => setTimeout(r, 1100));
    await patchUser(buyer, { active: false }).expect(200);
    await new Promise((r) => setTimeout(r, 1100));
    await patchUser(buyer, { active: true }).expect(200);
    await me(buyer.auth).expect(401);
    const fresh = await loginAs(t.http, buyer.email, buyer.password);
    await me({ Authorization: `Bearer ${fresh}` }).expect(200);
  });

  it('refuses the tokens issued before a new password, and accepts those after it', async () => {
    const supplier = await createUserWithRole(t, 'supplier');
    await me(supplier.auth).expect(200);
    await new Promise((r) => setTimeout(r, 1100)); // the old token's iat is a second before the change
    await patchUser(supplier, { password: 'a-new-password-4711' }).expect(200);
    const refused = await me(supplier.auth).expect(401);
    expect(refused.body.detail).toMatch(/new password/);
    await t.http.post(`${API}/auth/login`).send({ email: supplier.email, password: supplier.password }).expect(401);
    const fresh = await loginAs(t.http, supplier.email, 'a-new-password-4711');
    await me({ Authorization: `Bearer ${fresh}` }).expect(200);
  });

  it('hears of changes made in the database by hand, well within the cache time', async () => {
    const deactivated = await createUserWithRole(t, 'buyer');
    const deleted = await createUserWithRole(t, 'buyer');
    const promoted = await createUserWithRole(t, 'buyer');
    for (const u of [deactivated, deleted, promoted]) await me(u.auth).expect(200);
    const started = Date.now();
    await db.query(`UPDATE users SET active = false WHERE id = $1`, [deactivated.id]);
    await db.query(`DELETE FROM users WHERE id = $1`, [deleted.id]);
    await db.query(`UPDATE users SET role = 'coordinator' WHERE id = $1`, [promoted.id]);
    for (const u of [deactivated, deleted, promoted]) {
      await eventually(async () => ((await me(u.auth)).status === 401 ? true : undefined), USER_STATE_CACHE_MS, 20);
    }
    // NOTIFY arrives in milliseconds; the cache time is only the fallback
    expect(Date.now() - started).toBeLessThan(USER_STATE_CACHE_MS / 2);
    const [row] = await db.query<Array<{ revoked: boolean }>>(
      `SELECT tokens_valid_after IS NOT NULL AS revoked FROM users WHERE id = $1`,
      [deactivated.id],
    );
    expect(row!.revoked).toBe(true);
  });

  it('answers 404 for a user of another organisation, and 400 for an empty change', async () => {
    const buyer = await createUserWithRole(t, 'buyer');
    const other = await createUserWithRole(t, 'buyer');
    await t.http
      .patch(`${API}/organisations/${other.organisationId}/users/${buyer.id}`)
      .set(admin)
      .send({ active: false })
      .expect(404);
    const empty = await patchUser(buyer, {}).expect(400);
    expect(empty.body.errors[0].field).toBe('active');
    await me(buyer.auth).expect(200);
  });
});
