import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import TestAgent from 'supertest/lib/agent';
import { TestApp } from './test-app';

/** the roles of Bündel (as in @buendel/auth, which this util library may not import) */
export type TestRole = 'buyer' | 'coordinator' | 'supplier' | 'admin';
export const TEST_ROLES: readonly TestRole[] = ['buyer', 'coordinator', 'supplier', 'admin'];

export type TestOrganisationType = 'municipality' | 'district' | 'city' | 'central_purchasing_body' | 'supplier';

export interface TestOrganisation {
  id: string;
  type: TestOrganisationType;
  name: string;
  ags: string | null;
  districtKey: string | null;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: TestRole;
  organisationId: string;
  organisation: TestOrganisation;
  accessToken: string;
  /** `{ Authorization: 'Bearer ...' }`, for `.set(user.auth)` */
  auth: Record<string, string>;
}

export const TEST_PASSWORD = 'test-password-0123';

/** a fresh, valid, lower-case e-mail address */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@e2e.test`;
}

/**
 * A district key no real district has (real keys start with the Land, 01 to 16), so that
 * test organisations never meet the reference data. Random: tests do not share one.
 */
export function testDistrictKey(): string {
  return `9${String(randomBytes(2).readUInt16BE(0) % 10_000).padStart(4, '0')}`;
}

/** the organisation type a role's user belongs to by default */
const DEFAULT_TYPE: Record<TestRole, TestOrganisationType> = {
  buyer: 'municipality',
  coordinator: 'district',
  supplier: 'supplier',
  admin: 'central_purchasing_body',
};

/**
 * Inserts an organisation row directly (public bodies normally come from the reference
 * data, which tests must not depend on). Public bodies get a test district key unless
 * one is given; `ags` stays null unless given (real AGS belong to the reference data).
 */
export async function insertOrganisation(
  t: TestApp,
  fields: { type: TestOrganisationType; name?: string; ags?: string | null; districtKey?: string | null },
): Promise<TestOrganisation> {
  const isPublic = fields.type !== 'supplier';
  const districtKey = fields.districtKey !== undefined ? fields.districtKey : isPublic ? testDistrictKey() : null;
  const name = fields.name ?? `Test ${fields.type} ${randomUUID().slice(0, 8)}`;
  const [row] = await t.app
    .get(DataSource)
    .query<Array<{ id: string }>>(
      `INSERT INTO organisations (type, name, ags, district_key) VALUES ($1, $2, $3, $4) RETURNING id`,
      [fields.type, name, fields.ags ?? null, districtKey],
    );
  if (!row) throw new Error('no organisation inserted');
  return { id: row.id, type: fields.type, name, ags: fields.ags ?? null, districtKey };
}

/** POST /auth/login; fails the test unless it answers 200 */
export async function loginAs(http: TestAgent, email: string, password: string): Promise<string> {
  const res = await http.post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login of ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

const adminTokens = new WeakMap<TestAgent, Promise<string>>();

/** a token of the platform admin of the run (ADMIN_EMAIL / ADMIN_PASSWORD of the global setup) */
export function adminToken(t: TestApp): Promise<string> {
  let token = adminTokens.get(t.http);
  if (!token) {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = process.env;
    if (!email || !password) throw new Error('ADMIN_EMAIL and ADMIN_PASSWORD are set by the e2e global setup');
    token = loginAs(t.http, email, password);
    adminTokens.set(t.http, token);
  }
  return token;
}

/** the display names of the users createUserWithRole makes */
export const TEST_NAMES: Record<TestRole, string> = {
  buyer: 'Erika Mustermann',
  coordinator: 'Max Mustermann',
  supplier: 'Katrin Weber',
  admin: 'Thomas Richter',
};

/**
 * A signed-in user with this role, made through the API (POST /organisations/{id}/users
 * as the admin), in a fresh organisation of the fitting type unless one is given.
 *
 *   const buyer = await createUserWithRole(t, 'buyer');
 *   await t.http.get('/api/v1/auth/me').set(buyer.auth).expect(200);
 */
export async function createUserWithRole(
  t: TestApp,
  role: TestRole,
  options: { organisation?: TestOrganisation; email?: string; password?: string; name?: string } = {},
): Promise<TestUser> {
  const organisation = options.organisation ?? (await insertOrganisation(t, { type: DEFAULT_TYPE[role] }));
  const email = options.email ?? uniqueEmail(role);
  const password = options.password ?? TEST_PASSWORD;
  const res = await t.http
    .post(`/api/v1/organisations/${organisation.id}/users`)
    .set('Authorization', `Bearer ${await adminToken(t)}`)
    .send({ name: options.name ?? TEST_NAMES[role], email, password, role });
  if (res.status !== 201) throw new Error(`creating a ${role} answered ${res.status}: ${JSON.stringify(res.body)}`);
  const accessToken = await loginAs(t.http, email, password);
  return {
    id: res.body.id as string,
    email,
    password,
    role,
    organisationId: organisation.id,
    organisation,
    accessToken,
    auth: { Authorization: `Bearer ${accessToken}` },
  };
}
