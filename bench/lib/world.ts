import { randomUUID } from 'node:crypto';
import { AccessTokenClaims } from '@buendel/auth';
import { catalogueStems, catalogueUnits, FAMILIES } from '../generate/catalogue';
import { CpvLookup } from '../generate/rows';
import { BENCH_JWT_SECRET, Stack } from './stack';
import { signAccessToken } from './tokens';

export interface Org {
  id: string;
  type: 'municipality' | 'city' | 'district';
  name: string;
  ags: string | null;
  districtKey: string;
  population: number | null;
}

export interface District {
  key: string;
  name: string;
  /** the organisation that coordinates it: the Landkreis, or the kreisfreie Stadt itself */
  coordinator: Org;
  /** municipalities and the city delivering in it, by AGS */
  places: Org[];
}

interface UserRow {
  id: string;
  organisation_id: string;
  email: string;
  role: string;
}

const EMAIL_DOMAIN = 'bench.buendel.invalid';

/**
 * The organisations of the reference data and one bench user per role and organisation:
 * a buyer for every municipality and kreisfreie Stadt, a coordinator for every district,
 * and one supplier. Users are rows (no password that logs in); their access tokens are
 * signed with the bench's JWT secret, like the product signs them.
 */
export class World {
  orgs: Org[] = [];
  districts = new Map<string, District>();
  /** municipalities and cities with an AGS, sorted by AGS */
  places: Org[] = [];
  cpv: CpvLookup = new Map();
  private users = new Map<string, UserRow>();
  private tokens = new Map<string, string>();
  supplierOrgId = '';

  constructor(private readonly stack: Stack) {}

  async load(): Promise<void> {
    const orgs = await this.stack.query<{
      id: string;
      type: Org['type'];
      name: string;
      ags: string | null;
      district_key: string;
      population: number | null;
    }>(
      `SELECT id, type, name, ags, district_key, population FROM organisations
       WHERE type IN ('municipality', 'city', 'district') AND district_key IS NOT NULL ORDER BY district_key, ags NULLS FIRST`,
    );
    this.orgs = orgs.map((o) => ({
      id: o.id,
      type: o.type,
      name: o.name,
      ags: o.ags?.trim() ?? null,
      districtKey: o.district_key.trim(),
      population: o.population,
    }));
    this.places = this.orgs.filter((o) => o.ags).sort((a, b) => a.ags!.localeCompare(b.ags!));
    for (const org of this.orgs) {
      if (org.type !== 'district' && org.type !== 'city') continue;
      this.districts.set(org.districtKey, { key: org.districtKey, name: org.name, coordinator: org, places: [] });
    }
    for (const place of this.places) this.districts.get(place.districtKey)?.places.push(place);
    if (this.places.length < 10_000) throw new Error(`only ${this.places.length} municipalities in the reference data`);

    const stems = catalogueStems();
    const cpv = await this.stack.query<{ digits: string; code: string }>(
      `SELECT digits, code FROM cpv_codes WHERE digits = ANY($1::text[])`,
      [stems],
    );
    this.cpv = new Map(cpv.map((r) => [r.digits, r.code]));
    const missing = stems.filter((s) => !this.cpv.has(s));
    if (missing.length) throw new Error(`CPV codes missing from cpv_codes: ${missing.join(', ')}`);
    for (const family of FAMILIES) {
      for (const item of family.items) {
        if (!item.stem.startsWith(family.prefix)) throw new Error(`${item.stem} is outside ${family.prefix}`);
      }
    }
    const units = await this.stack.query<{ code: string }>(
      `SELECT code FROM units WHERE code = ANY($1::text[]) AND status <> 'deleted'`,
      [catalogueUnits()],
    );
    const badUnits = catalogueUnits().filter((u) => !units.some((r) => r.code === u));
    if (badUnits.length) throw new Error(`units missing or deleted: ${badUnits.join(', ')}`);
  }

  /** Creates the bench users (idempotent) and loads them. */
  async ensureUsers(): Promise<void> {
    await this.stack.query(
      `INSERT INTO users (organisation_id, name, email, password_hash, role)
       SELECT id, 'Einkauf ' || name, 'buyer-' || ags || '@${EMAIL_DOMAIN}', '!bench: no login', 'buyer'
       FROM organisations WHERE type IN ('municipality', 'city') AND ags IS NOT NULL
       ON CONFLICT (email) DO NOTHING`,
    );
    await this.stack.query(
      `INSERT INTO users (organisation_id, name, email, password_hash, role)
       SELECT id, 'Koordination ' || name, 'coordinator-' || district_key || '@${EMAIL_DOMAIN}', '!bench: no login', 'coordinator'
       FROM organisations WHERE type IN ('district', 'city') AND district_key IS NOT NULL
       ON CONFLICT (email) DO NOTHING`,
    );
    await this.stack.query(
      `INSERT INTO organisations (type, name, reference_key, vat_id, address, contact_name)
       VALUES ('supplier', 'Bench Lieferant GmbH', 'bench:supplier', 'DE999999998',
               '{"street":"Teststraße 1","postalCode":"10115","city":"Berlin","country":"DE"}', 'Bench')
       ON CONFLICT (reference_key) WHERE reference_key IS NOT NULL DO NOTHING`,
    );
    const [supplier] = await this.stack.query<{ id: string }>(
      `SELECT id FROM organisations WHERE reference_key = 'bench:supplier'`,
    );
    this.supplierOrgId = supplier!.id;
    await this.stack.query(
      `INSERT INTO users (organisation_id, name, email, password_hash, role)
       VALUES ($1, 'Bench Vertrieb', 'supplier@${EMAIL_DOMAIN}', '!bench: no login', 'supplier') ON CONFLICT (email) DO NOTHING`,
      [this.supplierOrgId],
    );
    const users = await this.stack.query<UserRow>(
      `SELECT id, organisation_id, email, role FROM users WHERE email LIKE '%@${EMAIL_DOMAIN}'`,
    );
    this.users = new Map(users.map((u) => [`${u.role}:${u.organisation_id}`, u]));
  }

  /** `count` more suppliers (W1's evaluation page: many bidders), each with a user; their organisation ids */
  async extraSuppliers(count: number): Promise<string[]> {
    const rows = await this.stack.query<{ id: string }>(
      `INSERT INTO organisations (type, name, reference_key, vat_id, address, contact_name)
       SELECT 'supplier', 'Bench Bieter ' || n, 'bench:supplier:' || n, 'DE' || lpad((900000000 + n)::text, 9, '0'),
              '{"street":"Teststraße 1","postalCode":"10115","city":"Berlin","country":"DE"}', 'Bench'
       FROM generate_series(1, $1::int) AS n
       ON CONFLICT (reference_key) WHERE reference_key IS NOT NULL DO UPDATE SET name = EXCLUDED.name
       RETURNING id`,
      [count],
    );
    const ids = rows.map((r) => r.id);
    await this.stack.query(
      `INSERT INTO users (organisation_id, name, email, password_hash, role)
       SELECT o, 'Bench Bieter', 'supplier-' || o || '@${EMAIL_DOMAIN}', '!bench: no login', 'supplier'
       FROM unnest($1::uuid[]) AS o ON CONFLICT (email) DO NOTHING`,
      [ids],
    );
    const users = await this.stack.query<UserRow>(
      `SELECT id, organisation_id, email, role FROM users WHERE organisation_id = ANY($1::uuid[])`,
      [ids],
    );
    for (const u of users) this.users.set(`${u.role}:${u.organisation_id}`, u);
    return ids;
  }

  user(role: 'buyer' | 'coordinator' | 'supplier', organisationId: string): UserRow {
    const user = this.users.get(`${role}:${organisationId}`);
    if (!user) throw new Error(`no bench ${role} for organisation ${organisationId}`);
    return user;
  }

  /**
   * A user's access token; with `session`, a browser session's (the web app's cookie counts
   * only for a token with a session id, as `POST /auth/session` issues it).
   */
  token(role: 'buyer' | 'coordinator' | 'supplier', organisationId: string, session = false): string {
    const key = `${role}:${organisationId}${session ? ':session' : ''}`;
    let token = this.tokens.get(key);
    if (!token) {
      const user = this.user(role, organisationId);
      const claims: AccessTokenClaims = {
        sub: user.id,
        email: user.email,
        role,
        org: organisationId,
        ...(session ? { sid: randomUUID() } : {}),
      };
      token = signAccessToken(BENCH_JWT_SECRET, claims);
      this.tokens.set(key, token);
    }
    return token;
  }

  buyerToken(org: Org, session = false): string {
    return this.token('buyer', org.id, session);
  }

  coordinatorToken(districtKey: string, session = false): string {
    const district = this.districts.get(districtKey);
    if (!district) throw new Error(`unknown district ${districtKey}`);
    return this.token('coordinator', district.coordinator.id, session);
  }

  supplierToken(): string {
    return this.token('supplier', this.supplierOrgId);
  }

  /** the district with the most municipalities (R4's importer, R5's buyers) */
  largestDistrict(): District {
    return [...this.districts.values()].sort(
      (a, b) => b.places.length - a.places.length || a.key.localeCompare(b.key),
    )[0]!;
  }
}
