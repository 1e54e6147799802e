import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { createUserWithRole, insertOrganisation, TestOrganisation, TestUser } from './identity-fixtures';
import { TestApp } from './test-app';

/**
 * A region of its own for one test: a district (with its coordinator) and municipalities in
 * it, each with an AGS under the test district key, so that demands can be delivered there.
 * Test district keys start with 9 and never meet the reference data.
 */
export interface TestRegion {
  districtKey: string;
  district: TestOrganisation;
  coordinator: TestUser;
  municipalities: TestOrganisation[];
}

export async function createTestRegion(t: TestApp, municipalityCount: number): Promise<TestRegion> {
  const district = await insertOrganisation(t, { type: 'district' });
  const districtKey = district.districtKey ?? '';
  const municipalities = await insertMunicipalities(t, districtKey, municipalityCount);
  const coordinator = await createUserWithRole(t, 'coordinator', { organisation: district });
  return { districtKey, district, coordinator, municipalities };
}

/** A demand row inserted directly (for access checks; the core-loop tests go through the API). */
export async function insertDemand(
  t: TestApp,
  organisationId: string,
  fields: { districtKey?: string; status?: string; cpvCode?: string } = {},
): Promise<string> {
  const districtKey = fields.districtKey ?? '99999';
  const [row] = await t.app.get(DataSource).query<Array<{ id: string }>>(
    `INSERT INTO demands (organisation_id, cpv_code, title, quantity, unit, unit_price_eur, estimated_value_cents,
       delivery_from, delivery_to, delivery_ags, district_key, status)
     VALUES ($1, $2, 'Testbedarf', 1, 'H87', 100, 10000, '2027-01-01', '2027-12-31', $3, $4, $5) RETURNING id`,
    [organisationId, fields.cpvCode ?? '34144900-7', `${districtKey}001`, districtKey, fields.status ?? 'open'],
  );
  if (!row) throw new Error('no row inserted');
  return row.id;
}

/** A bundle row inserted directly: open, deadline in a week, covering the given districts. */
export async function insertBundle(
  t: TestApp,
  coordinatorOrganisationId: string,
  districtKeys: string[],
): Promise<string> {
  const [row] = await t.app.get(DataSource).query<Array<{ id: string }>>(
    `INSERT INTO bundles (title, status, coordinator_organisation_id, cpv_prefixes, district_keys, join_deadline,
       delivery_from, delivery_to, threshold_category)
     VALUES ($1, 'open', $2, '{3414}', $3, now() + interval '7 days', '2027-01-01', '2027-12-31', 'SUPPLIES_SERVICES_SUB_CENTRAL')
     RETURNING id`,
    [`Testbündel ${randomUUID().slice(0, 8)}`, coordinatorOrganisationId, districtKeys],
  );
  if (!row) throw new Error('no row inserted');
  return row.id;
}

/** makes a demand of the organisation take part in the bundle (directly, for access checks) */
export async function insertParticipation(
  t: TestApp,
  bundleId: string,
  demandId: string,
  organisationId: string,
): Promise<void> {
  const db = t.app.get(DataSource);
  await db.query(`INSERT INTO bundle_participations (bundle_id, demand_id, organisation_id) VALUES ($1, $2, $3)`, [
    bundleId,
    demandId,
    organisationId,
  ]);
  await db.query(`UPDATE demands SET status = 'bundled' WHERE id = $1`, [demandId]);
}

/**
 * Many users at once for load and property tests: one user per organisation inserted
 * directly (no password that logs in) with a token signed by the app's own JwtService, with
 * exactly the claims a login gives. Login itself is tested in identity.e2e-spec.ts.
 */
export async function insertSignedInUsers(
  t: TestApp,
  organisations: TestOrganisation[],
  role: 'buyer' | 'coordinator',
): Promise<TestUser[]> {
  const db = t.app.get(DataSource);
  const jwt = t.app.get(JwtService);
  const emails = organisations.map(() => `${role}-${randomUUID().slice(0, 12)}@e2e.test`);
  const rows = await db.query<Array<{ id: string; email: string; organisation_id: string }>>(
    `INSERT INTO users (organisation_id, name, email, password_hash, role)
     SELECT o, $4, e, 'not-a-login', $3 FROM unnest($1::uuid[], $2::text[]) AS s(o, e)
     RETURNING id, email, organisation_id`,
    [organisations.map((o) => o.id), emails, role, role === 'coordinator' ? 'Max Mustermann' : 'Erika Mustermann'],
  );
  const byOrg = new Map(organisations.map((o) => [o.id, o]));
  return Promise.all(
    rows.map(async (r) => {
      const accessToken = await jwt.signAsync({ sub: r.id, email: r.email, role, org: r.organisation_id });
      return {
        id: r.id,
        email: r.email,
        password: '',
        role,
        organisationId: r.organisation_id,
        organisation: byOrg.get(r.organisation_id) as TestOrganisation,
        accessToken,
        auth: { Authorization: `Bearer ${accessToken}` },
      };
    }),
  );
}

/** municipalities with AGS in an existing test district, inserted in one statement */
export async function insertMunicipalities(
  t: TestApp,
  districtKey: string,
  count: number,
  from = 1,
): Promise<TestOrganisation[]> {
  const numbers = Array.from({ length: count }, (_, i) => from + i);
  const rows = await t.app.get(DataSource).query<Array<{ id: string; name: string; ags: string }>>(
    `INSERT INTO organisations (type, name, ags, district_key)
     SELECT 'municipality', 'Testgemeinde ' || a, a, $1 FROM unnest($2::text[]) AS s(a)
     RETURNING id, name, ags`,
    [districtKey, numbers.map((n) => `${districtKey}${String(n).padStart(3, '0')}`)],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, ags: r.ags, districtKey, type: 'municipality' as const }));
}

/**
 * A draft tender inserted directly (for access checks): its bundle is tendering, it has one
 * lot and item, and `participantOrganisationId` (if given) holds a share of the item.
 */
export async function insertTender(
  t: TestApp,
  coordinatorOrganisationId: string,
  participantOrganisationId?: string,
): Promise<string> {
  const db = t.app.get(DataSource);
  const bundleId = await insertBundle(t, coordinatorOrganisationId, ['99999']);
  await db.query(`UPDATE bundles SET status = 'tendering' WHERE id = $1`, [bundleId]);
  const [tender] = await db.query<Array<{ id: string }>>(
    `INSERT INTO tenders (bundle_id, coordinator_organisation_id, status, title, procedure_type, regime, estimated_value_cents,
       price_weight, submission_deadline)
     VALUES ($1, $2, 'draft', 'Testausschreibung', 'national-open',
       '{"scope":"NATIONAL","thresholdEur":216000,"legalBasis":"§ 106 GWB","referenceDate":"2026-11-23"}', 100000, 100,
       now() + interval '1 day')
     RETURNING id`,
    [bundleId, coordinatorOrganisationId],
  );
  if (!tender) throw new Error('no tender inserted');
  const [lot] = await db.query<Array<{ id: string }>>(
    `INSERT INTO tender_lots (tender_id, key, title, position, estimated_value_cents) VALUES ($1, 'P-3414', 'Los', 0, 100000) RETURNING id`,
    [tender.id],
  );
  const [item] = await db.query<Array<{ id: string }>>(
    `INSERT INTO tender_items (tender_id, lot_id, cpv_code, unit, quantity, estimated_value_cents, delivery_ags, position)
     VALUES ($1, $2, '34144900-7', 'H87', 1, 100000, '{99999001}', 0) RETURNING id`,
    [tender.id, lot?.id],
  );
  if (participantOrganisationId) {
    await db.query(
      `INSERT INTO tender_item_shares (item_id, organisation_id, tender_id, quantity, estimated_value_cents) VALUES ($1, $2, $3, 1, 100000)`,
      [item?.id, participantOrganisationId, tender.id],
    );
  }
  return tender.id;
}
