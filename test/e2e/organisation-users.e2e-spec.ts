import { createApiApp } from '@buendel/api';
import {
  adminToken,
  createTestApp,
  createUserWithRole,
  insertOrganisation,
  TEST_PASSWORD,
  TestApp,
  uniqueEmail,
} from '@buendel/testing';
import { API, expectProblem } from '../support/bundling-api';

/** GET /organisations/{id}/users: the admin page's list of an organisation's users */
describe('GET /organisations/{id}/users', () => {
  let t: TestApp;
  let admin: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    admin = { Authorization: `Bearer ${await adminToken(t)}` };
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the users by e-mail address with role and state, paged and filtered; no password hash', async () => {
    const district = await insertOrganisation(t, { type: 'district' });
    const coordinator = await createUserWithRole(t, 'coordinator', {
      organisation: district,
      email: `a-${uniqueEmail('koordination')}`,
    });
    const created: string[] = [];
    for (const [i, role] of (['buyer', 'buyer', 'admin'] as const).entries()) {
      const res = await t.http
        .post(`${API}/organisations/${district.id}/users`)
        .set(admin)
        .send({ name: `Person ${i}`, email: `b${i}-${uniqueEmail(role)}`, password: TEST_PASSWORD, role })
        .expect(201);
      created.push(res.body.id);
    }
    await t.http
      .patch(`${API}/organisations/${district.id}/users/${created[1]}`)
      .set(admin)
      .send({ active: false })
      .expect(200);

    const all = await t.http.get(`${API}/organisations/${district.id}/users`).set(admin).expect(200);
    expect(all.body).toMatchObject({ page: 1, pageSize: 20, total: 4 });
    const emails = all.body.items.map((u: { email: string }) => u.email);
    expect(emails).toEqual([...emails].sort());
    expect(all.body.items[0]).toEqual({
      id: coordinator.id,
      name: 'Max Mustermann',
      email: coordinator.email,
      role: 'coordinator',
      organisationId: district.id,
      active: true,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(all.body)).not.toMatch(/password|argon/i);

    const buyers = await t.http.get(`${API}/organisations/${district.id}/users?role=buyer`).set(admin).expect(200);
    expect(buyers.body.items.map((u: { id: string }) => u.id).sort()).toEqual([created[0], created[1]].sort());
    const inactive = await t.http.get(`${API}/organisations/${district.id}/users?active=false`).set(admin).expect(200);
    expect(inactive.body.items.map((u: { id: string }) => u.id)).toEqual([created[1]]);
    const second = await t.http
      .get(`${API}/organisations/${district.id}/users?pageSize=3&page=2`)
      .set(admin)
      .expect(200);
    expect(second.body).toMatchObject({ page: 2, pageSize: 3, total: 4 });
    expect(second.body.items).toHaveLength(1);

    // a coordinator sees its own organisation's users, not another's
    const own = await t.http.get(`${API}/organisations/${district.id}/users`).set(coordinator.auth).expect(200);
    expect(own.body.total).toBe(4);
    const other = await insertOrganisation(t, { type: 'district' });
    expectProblem(await t.http.get(`${API}/organisations/${other.id}/users`).set(coordinator.auth), 404);
  });

  it('names every bad query parameter; 404 for an unknown organisation', async () => {
    const district = await insertOrganisation(t, { type: 'district' });
    expectProblem(
      await t.http
        .get(`${API}/organisations/${district.id}/users?role=king&active=maybe&pageSize=500&page=0`)
        .set(admin),
      400,
      ['role', 'active', 'pageSize', 'page'],
    );
    expectProblem(await t.http.get(`${API}/organisations/00000000-0000-4000-8000-000000000000/users`).set(admin), 404);
    expectProblem(await t.http.get(`${API}/organisations/kein-uuid/users`).set(admin), 400, ['id']);
  });
});
