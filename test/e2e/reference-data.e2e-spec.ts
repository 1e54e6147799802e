import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { ReferenceDataLoader } from '@buendel/reference-data';
import { createTestApp, createUserWithRole, TestApp } from '@buendel/testing';

type Role = 'buyer' | 'coordinator' | 'supplier' | 'admin';

/**
 * The reference data loaded by the start-up task (run once by the global setup) and the
 * look-ups GET /cpv, /cpv/{code}, /organisations and /units.
 */
describe('reference data', () => {
  let t: TestApp;
  let db: DataSource;
  const auth: Record<Role, Record<string, string>> = {} as Record<Role, Record<string, string>>;

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    db = t.app.get(DataSource);
    // the guard checks every request against the user's row: real users of each role
    for (const role of ['buyer', 'coordinator', 'supplier', 'admin'] as const) {
      auth[role] = (await createUserWithRole(t, role)).auth;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async (sql: string, params: unknown[] = []): Promise<number> => {
    const [row] = await db.query<Array<{ n: number }>>(`SELECT (${sql})::int AS n`, params);
    return row!.n;
  };

  describe('the loader', () => {
    it('loaded every CPV code, unit, municipality, city and district', async () => {
      expect(await count(`SELECT count(*) FROM cpv_codes`)).toBe(9454);
      expect(await count(`SELECT count(*) FROM cpv_codes WHERE digits = left(code, 8)`)).toBe(9454);
      expect(await count(`SELECT count(*) FROM cpv_codes WHERE level = 'division'`)).toBe(45);
      expect(await count(`SELECT count(*) FROM units`)).toBe(2141);
      expect(await count(`SELECT count(*) FROM units WHERE status = 'active'`)).toBe(1761);
      expect(await count(`SELECT count(*) FROM units WHERE is_common`)).toBe(32);
      const reference = `reference_key LIKE 'ags:%' OR reference_key LIKE 'kreis:%'`;
      expect(await count(`SELECT count(*) FROM organisations WHERE (${reference}) AND ags IS NOT NULL`)).toBe(10787);
      expect(
        await count(`SELECT count(*) FROM organisations WHERE (${reference}) AND type IN ('municipality', 'city')`),
      ).toBe(10787);
      expect(await count(`SELECT count(*) FROM organisations WHERE (${reference}) AND type = 'city'`)).toBe(106);
      expect(await count(`SELECT count(*) FROM organisations WHERE (${reference}) AND type = 'district'`)).toBe(294);
      const loads = await db.query(`SELECT dataset, row_count FROM reference_data_loads ORDER BY dataset`);
      expect(loads).toEqual([
        { dataset: 'cpv', row_count: 9454 },
        { dataset: 'organisations', row_count: 11081 },
        { dataset: 'units', row_count: 2141 },
      ]);
    });

    it('maps Landkreis Zwickau (14524) with its 33 municipalities, and a kreisfreie Stadt as one city', async () => {
      const [zwickau] = await db.query(
        `SELECT type, name, ags, district_key, nuts3, official_type, land_key FROM organisations WHERE reference_key = 'kreis:14524'`,
      );
      expect(zwickau).toEqual({
        type: 'district',
        name: 'Landkreis Zwickau',
        ags: null,
        district_key: '14524',
        nuts3: 'DED45',
        official_type: 'Landkreis',
        land_key: '14',
      });
      expect(
        await count(`SELECT count(*) FROM organisations WHERE district_key = '14524' AND type = 'municipality'`),
      ).toBe(33);
      const chemnitz = await db.query(
        `SELECT type, ags, district_key, nuts3, reference_key FROM organisations WHERE district_key = '14511'`,
      );
      expect(chemnitz).toEqual([
        { type: 'city', ags: '14511000', district_key: '14511', nuts3: 'DED41', reference_key: 'ags:14511000' },
      ]);
    });

    it('writes nothing when loaded again (checksums match), and a forced reload changes no row or id', async () => {
      // the reference rows only: other test files add organisations of their own meanwhile
      const state = () =>
        db.query(
          `WITH ref AS (SELECT * FROM organisations WHERE reference_key LIKE 'ags:%' OR reference_key LIKE 'kreis:%')
           SELECT (SELECT max(updated_at) FROM ref) AS updated,
                  (SELECT md5(string_agg(id::text || reference_key, ',' ORDER BY reference_key)) FROM ref) AS ids,
                  (SELECT count(*)::int FROM ref) AS organisations,
                  (SELECT json_agg(json_build_object('d', dataset, 'at', loaded_at, 'sum', checksum) ORDER BY dataset)
                     FROM reference_data_loads) AS loads`,
        );
      const [before] = await state();
      const loader = t.app.get(ReferenceDataLoader);

      const started = performance.now();
      const again = await loader.load();
      const ms = Math.round(performance.now() - started);
      console.log(`reference data loaded again in ${ms} ms: ${again.map((r) => `${r.dataset} ${r.ms} ms`).join(', ')}`);
      expect(again.map((r) => [r.dataset, r.skipped])).toEqual([
        ['cpv', true],
        ['units', true],
        ['organisations', true],
      ]);

      const forced = await loader.load({ force: true });
      expect(forced.map((r) => [r.dataset, r.inserted, r.updated, r.stale])).toEqual([
        ['cpv', 0, 0, 0],
        ['units', 0, 0, 0],
        ['organisations', 0, 0, 0],
      ]);
      const [after] = await state();
      expect(after).toEqual(before);
    });
  });

  describe('GET /cpv', () => {
    it('finds "Batterie" with Batterien (31440000-2) at the top', async () => {
      const res = await t.http.get('/api/v1/cpv').query({ search: 'Batterie' }).set(auth.buyer).expect(200);
      expect(res.body.items.slice(0, 3).map((i: { code: string }) => i.code)).toContain('31440000-2');
      expect(res.body.items[0]).toEqual({
        code: '31440000-2',
        labelDe: 'Batterien',
        labelEn: 'Batteries',
        level: 'class',
        parentCode: '31400000-0',
      });
      expect(res.body).toMatchObject({ page: 1, pageSize: 20 });
      expect(res.body.total).toBeGreaterThanOrEqual(res.body.items.length);
    });

    it('finds English words and tolerates a typo', async () => {
      const en = await t.http.get('/api/v1/cpv').query({ search: 'batteries' }).set(auth.supplier).expect(200);
      expect(en.body.items[0].code).toBe('31440000-2');
      const typo = await t.http.get('/api/v1/cpv').query({ search: 'Baterie' }).set(auth.supplier).expect(200);
      expect(typo.body.items.slice(0, 3).map((i: { code: string }) => i.code)).toContain('31440000-2');
    });

    it.each(['3144', '31440000', '31440000-2'])('finds the code first for %p', async (search) => {
      const res = await t.http.get('/api/v1/cpv').query({ search }).set(auth.coordinator).expect(200);
      expect(res.body.items[0].code).toBe('31440000-2');
    });

    it('lists the codes below a prefix, the code itself first', async () => {
      const res = await t.http.get('/api/v1/cpv').query({ search: '0311', pageSize: 100 }).set(auth.buyer).expect(200);
      expect(res.body.items[0].code).toBe('03110000-5');
      expect(res.body.items.length).toBeGreaterThan(1);
      for (const item of res.body.items) expect(item.code.startsWith('0311')).toBe(true);
      expect(res.body.total).toBe(res.body.items.length);
    });

    it('lists the 45 divisions without a search, paginated', async () => {
      const first = await t.http.get('/api/v1/cpv').set(auth.buyer).expect(200);
      expect(first.body).toMatchObject({ page: 1, pageSize: 20, total: 45 });
      expect(first.body.items).toHaveLength(20);
      expect(first.body.items[0].code).toBe('03000000-1');
      const last = await t.http.get('/api/v1/cpv').query({ page: 3 }).set(auth.buyer).expect(200);
      expect(last.body.items).toHaveLength(5);
      expect(last.body.items.every((i: { level: string }) => i.level === 'division')).toBe(true);
    });

    it('refuses a page size above the maximum and other bad parameters, with field and reason', async () => {
      const big = await t.http.get('/api/v1/cpv').query({ pageSize: 1000 }).set(auth.buyer).expect(400);
      expect(big.headers['content-type']).toContain('application/problem+json');
      expect(big.body.errors).toEqual([
        expect.objectContaining({ field: 'pageSize', reason: expect.stringMatching(/100/) }),
      ]);
      const bad = await t.http
        .get('/api/v1/cpv')
        .query({ page: 0, pageSize: 'many', search: 'x'.repeat(101), sort: 'code' })
        .set(auth.buyer)
        .expect(400);
      const fields = bad.body.errors.map((e: { field: string }) => e.field);
      expect(new Set(fields)).toEqual(new Set(['page', 'pageSize', 'search', 'sort']));
    });

    it('needs a signed-in user', async () => {
      for (const path of ['/api/v1/cpv', '/api/v1/cpv/31440000-2', '/api/v1/organisations', '/api/v1/units']) {
        const res = await t.http.get(path).expect(401);
        expect(res.body.code).toBe('UNAUTHENTICATED');
      }
    });
  });

  describe('GET /cpv/{code}', () => {
    it('gives the code with its path (division first) and children', async () => {
      const res = await t.http.get('/api/v1/cpv/31440000-2').set(auth.buyer).expect(200);
      expect(res.body).toMatchObject({ code: '31440000-2', labelDe: 'Batterien', level: 'class' });
      expect(res.body.path.map((p: { code: string }) => p.code)).toEqual(['31000000-6', '31400000-0']);
      expect(res.body.path[0].level).toBe('division');
      expect(res.body.children).toEqual([]);
      const group = await t.http.get('/api/v1/cpv/31400000').set(auth.buyer).expect(200);
      expect(group.body.code).toBe('31400000-0');
      expect(group.body.children.map((c: { code: string }) => c.code)).toContain('31440000-2');
      for (const child of group.body.children) expect(child.parentCode).toBe('31400000-0');
    });

    it('accepts the code without the check digit', async () => {
      const res = await t.http.get('/api/v1/cpv/31440000').set(auth.admin).expect(200);
      expect(res.body.code).toBe('31440000-2');
    });

    it('answers 404 for an unknown code and 400 for a malformed one', async () => {
      const missing = await t.http.get('/api/v1/cpv/99999999').set(auth.buyer).expect(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      expect(missing.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      for (const code of ['3144', 'abc', '31440000-22']) {
        const bad = await t.http.get(`/api/v1/cpv/${code}`).set(auth.buyer).expect(400);
        expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'code', reason: expect.any(String) })]);
      }
      const wrongCheck = await t.http.get('/api/v1/cpv/31440000-3').set(auth.buyer).expect(400);
      expect(wrongCheck.body.errors[0].reason).toMatch(/31440000-2/);
    });
  });

  describe('GET /organisations', () => {
    it('lists the 33 municipalities of Landkreis Zwickau', async () => {
      const res = await t.http
        .get('/api/v1/organisations')
        .query({ districtKey: '14524', type: 'municipality', pageSize: 100 })
        .set(auth.buyer)
        .expect(200);
      expect(res.body.total).toBe(33);
      expect(res.body.items).toHaveLength(33);
      for (const item of res.body.items) {
        expect(item).toMatchObject({ type: 'municipality', districtKey: '14524', nuts3: 'DED45' });
        expect(item.ags).toMatch(/^14524\d{3}$/);
      }
      expect(Object.keys(res.body.items[0]).sort()).toEqual(
        ['id', 'type', 'name', 'ags', 'districtKey', 'nuts3', 'population', 'landKey', 'officialType'].sort(),
      );
    });

    it('gives the district itself', async () => {
      const res = await t.http
        .get('/api/v1/organisations')
        .query({ districtKey: '14524', type: 'district' })
        .set(auth.coordinator)
        .expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          type: 'district',
          name: 'Landkreis Zwickau',
          ags: null,
          districtKey: '14524',
          nuts3: 'DED45',
        }),
      ]);
      expect(res.body.items[0].population).toBeGreaterThan(300_000);
    });

    it('ranks a name search: the district and the town of that name first; umlauts may be spelled out', async () => {
      const res = await t.http.get('/api/v1/organisations').query({ search: 'Zwickau' }).set(auth.buyer).expect(200);
      // named as they name themselves, and both exact for "Zwickau"
      expect(
        res.body.items
          .slice(0, 2)
          .map((i: { name: string }) => i.name)
          .sort(),
      ).toEqual(['Landkreis Zwickau', 'Stadt Zwickau']);
      // Berlin is a city state: it buys as the Land, whatever the statistical office calls it ("Berlin, Stadt")
      const berlin = await t.http
        .get('/api/v1/organisations')
        .query({ search: 'Berlin', type: 'city' })
        .set(auth.buyer)
        .expect(200);
      expect(berlin.body.items.map((i: { name: string }) => i.name)).toEqual(['Land Berlin']);
      const muenchen = await t.http
        .get('/api/v1/organisations')
        .query({ search: 'Muenchen' })
        .set(auth.buyer)
        .expect(200);
      expect(muenchen.body.items.map((i: { ags: string | null }) => i.ags)).toContain('09162000');
    });

    it('shows suppliers to admins only, and never their address or contact', async () => {
      const name = `Batteriewerk ${randomUUID()}`;
      await db.query(
        `INSERT INTO organisations (type, name, vat_id, address, contact_name) VALUES ('supplier', $1, $2, $3, 'Erika Muster')`,
        [
          name,
          `DE${Date.now().toString().slice(-9)}`,
          { street: 'Werkstr. 1', postalCode: '08056', city: 'Zwickau', country: 'DE' },
        ],
      );
      for (const role of ['buyer', 'coordinator', 'supplier'] as const) {
        const res = await t.http.get('/api/v1/organisations').query({ search: name }).set(auth[role]).expect(200);
        expect(res.body.total).toBe(0);
        const typed = await t.http
          .get('/api/v1/organisations')
          .query({ type: 'supplier', pageSize: 100 })
          .set(auth[role])
          .expect(200);
        expect(typed.body.total).toBe(0);
      }
      const admin = await t.http.get('/api/v1/organisations').query({ search: name }).set(auth.admin).expect(200);
      expect(admin.body.items).toHaveLength(1);
      expect(admin.body.items[0]).toMatchObject({ type: 'supplier', name });
      expect(admin.body.items[0]).not.toHaveProperty('address');
      expect(admin.body.items[0]).not.toHaveProperty('contactName');
      expect(admin.body.items[0]).not.toHaveProperty('vatId');
    });

    it('validates districtKey, type, search and the page size', async () => {
      const res = await t.http
        .get('/api/v1/organisations')
        .query({ districtKey: '1452', type: 'village', search: 'a' })
        .set(auth.buyer)
        .expect(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(['districtKey', 'search', 'type']);
      await t.http.get('/api/v1/organisations').query({ pageSize: 101 }).set(auth.buyer).expect(400);
      await t.http
        .get('/api/v1/organisations')
        .query({ search: 'x'.repeat(101) })
        .set(auth.buyer)
        .expect(400);
    });
  });

  describe('GET /units', () => {
    it('lists active units by default, the common ones first', async () => {
      const res = await t.http.get('/api/v1/units').query({ pageSize: 100 }).set(auth.buyer).expect(200);
      expect(res.body.total).toBe(1761);
      expect(res.body.items.every((u: { status: string }) => u.status === 'active')).toBe(true);
      expect(res.body.items.slice(0, 32).every((u: { isCommon: boolean }) => u.isCommon)).toBe(true);
    });

    it('finds a unit by code, symbol or name', async () => {
      const kgm = await t.http.get('/api/v1/units').query({ search: 'KGM' }).set(auth.buyer).expect(200);
      expect(kgm.body.items[0]).toEqual({
        code: 'KGM',
        nameEn: 'kilogram',
        nameDe: 'Kilogramm',
        symbol: 'kg',
        status: 'active',
        isCommon: true,
      });
      const kg = await t.http.get('/api/v1/units').query({ search: 'kg' }).set(auth.buyer).expect(200);
      expect(kg.body.items[0].code).toBe('KGM');
      const piece = await t.http.get('/api/v1/units').query({ search: 'Stück' }).set(auth.buyer).expect(200);
      expect(piece.body.items[0].code).toBe('H87');
      // abbreviations as German offices write them, and the Rec. 21 packages
      for (const [search, code] of [
        ['Stk.', 'H87'],
        ['Karton', 'XCT'],
        ['m²', 'MTK'],
        ['Std.', 'HUR'],
      ] as const) {
        const found = await t.http.get('/api/v1/units').query({ search }).set(auth.buyer).expect(200);
        expect([search, found.body.items[0]?.code]).toEqual([search, code]);
      }
    });

    it('filters common units and status', async () => {
      const common = await t.http
        .get('/api/v1/units')
        .query({ common: 'true', pageSize: 100 })
        .set(auth.buyer)
        .expect(200);
      expect(common.body.total).toBe(32);
      // every unit offered has a German name
      expect(common.body.items.filter((u: { nameDe: string | null }) => !u.nameDe)).toEqual([]);
      const all = await t.http.get('/api/v1/units').query({ status: 'all' }).set(auth.buyer).expect(200);
      expect(all.body.total).toBe(2141);
      const deleted = await t.http.get('/api/v1/units').query({ status: 'deleted' }).set(auth.buyer).expect(200);
      expect(deleted.body.total).toBe(309);
      const bad = await t.http
        .get('/api/v1/units')
        .query({ common: 'maybe', status: 'gone' })
        .set(auth.buyer)
        .expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['common', 'status']);
    });
  });

  it('documents the look-ups in the OpenAPI document', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    for (const path of ['/api/v1/cpv', '/api/v1/cpv/{code}', '/api/v1/organisations', '/api/v1/units']) {
      expect(res.body.paths[path]?.get).toBeDefined();
    }
    const schemas = res.body.components.schemas;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['CpvCodePageDto', 'CpvCodeDetailDto', 'OrganisationPageDto', 'UnitPageDto']),
    );
    expect(res.body.paths['/api/v1/cpv'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'page',
      'pageSize',
      'search',
    ]);
  });
});
