import { DataSource } from 'typeorm';
import { ReferenceDataRepository, textSearchParams } from '@buendel/reference-data';
import { OrganisationType, PUBLIC_BODY_TYPES } from '@buendel/persistence';
import { pageRequest } from '@buendel/http';
import { openIntegrationDb } from '../support/integration-db';

/**
 * ReferenceDataRepository against the run's migrated database and the reference data the
 * global setup loaded (no Nest, no HTTP): the ranked and fuzzy searches and the ancestry.
 */
describe('ReferenceDataRepository against PostgreSQL', () => {
  let db: DataSource;
  let repo: ReferenceDataRepository;
  const page = pageRequest({ page: 1, pageSize: 5 });
  const code = (r: { code: string }) => r.code;

  beforeAll(async () => {
    db = await openIntegrationDb();
    repo = new ReferenceDataRepository(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('the CPV word search needs every word; the fuzzy one (trigram indexes only) forgives a typo', async () => {
    const strict = await repo.cpvPage({ kind: 'words', text: textSearchParams('Baterie'), fuzzy: false }, page, code);
    expect(strict.total).toBe(0);
    const fuzzy = await repo.cpvPage({ kind: 'words', text: textSearchParams('Baterie'), fuzzy: true }, page, code);
    expect(fuzzy.items.slice(0, 3)).toContain('31440000-2');
    expect(fuzzy.total).toBeGreaterThanOrEqual(fuzzy.items.length);
    // the transaction's SET LOCAL ended with it
    const [setting] = await db.query<Array<{ enable_seqscan: string }>>(`SHOW enable_seqscan`);
    expect(setting!.enable_seqscan).toBe('on');
  });

  it('a code search gives the code first, then its subtree; the count is the subtree', async () => {
    const all = pageRequest({ page: 1, pageSize: 100 });
    const res = await repo.cpvPage({ kind: 'code', prefix: '0311', exactDigits: '03110000' }, all, code);
    expect(res.items[0]).toBe('03110000-5');
    expect(res.items.every((c) => c.startsWith('0311'))).toBe(true);
    expect(res.total).toBe(res.items.length);
  });

  it('the ancestry is the division first, down to the code; the children are by code', async () => {
    const row = await repo.cpvByDigits('31440000');
    expect(row).toMatchObject({ code: '31440000-2', parent_code: '31400000-0' });
    expect((await repo.cpvAncestry(row!.parent_code)).map(code)).toEqual(['31000000-6', '31400000-0']);
    expect(await repo.cpvAncestry(null)).toEqual([]);
    const children = (await repo.cpvChildren('31400000-0')).map(code);
    expect(children).toContain('31440000-2');
    expect([...children].sort()).toEqual(children);
    expect(await repo.cpvByDigits('99999999')).toBeUndefined();
  });

  it('a unit a German abbreviation stands for comes first; the status filter holds', async () => {
    const res = await repo.unitsPage(
      { status: 'active', search: { text: textSearchParams('Stk.'), unitCode: 'H87' } },
      page,
      (u) => [u.code, u.status],
    );
    expect(res.items[0]).toEqual(['H87', 'active']);
    expect(res.items.every(([, s]) => s === 'active')).toBe(true);
    const common = await repo.unitsPage({ common: true }, pageRequest({ page: 1, pageSize: 100 }), (u) => u.is_common);
    expect(common.total).toBe(32);
    expect(common.items.every(Boolean)).toBe(true);
  });

  it('the directory ranks the exact name first, searches keys by prefix, and keeps to the types asked', async () => {
    const types = [...PUBLIC_BODY_TYPES];
    const name = (fuzzy: boolean, text: string) => ({
      types,
      name: { text: textSearchParams(text, { fold: true }), fuzzy },
    });
    const zwickau = await repo.organisationsPage(name(false, 'zwickau'), page, (o) => [o.type, o.name]);
    // "Landkreis Zwickau" and "Stadt Zwickau" are both exact for "zwickau" (the name without its kind)
    expect(zwickau.items.slice(0, 2).sort()).toEqual([
      ['district', 'Landkreis Zwickau'],
      ['municipality', 'Stadt Zwickau'],
    ]);
    const typo = await repo.organisationsPage(name(true, 'Chemnits'), page, (o) => o.name);
    expect(typo.items).toContain('Stadt Chemnitz');
    const keys = await repo.organisationsPage(
      { types, keyPrefix: '14524' },
      pageRequest({ page: 1, pageSize: 100 }),
      (o) => [o.ags, o.district_key],
    );
    expect(keys.total).toBeGreaterThanOrEqual(34); // the district and its 33 municipalities
    expect(keys.items[0]).toEqual([null, '14524']); // the district (no AGS) first
    const suppliers = await repo.organisationsPage(
      { types: [OrganisationType.Supplier], keyPrefix: '14524' },
      page,
      (o) => o,
    );
    expect(suppliers.total).toBe(0);
  });
});
