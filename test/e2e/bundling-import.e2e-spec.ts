import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import {
  createTestApp,
  createTestRegion,
  createUserWithRole,
  insertSignedInUsers,
  TestApp,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { API, expectProblem, join } from '../support/bundling-api';

/**
 * POST /demands/import: CSV files as German Excel and other tools write them, a report per
 * row, idempotent re-uploads, and a larger file, against the real API and PostgreSQL.
 */
const IMPORT = `${API}/demands/import`;
const BOM = '\ufeff';
const GERMAN_HEADER = 'CPV;Bezeichnung;Menge;Einheit;Einzelpreis;Lieferung ab;Lieferung bis;Lieferort;Kriterien';

interface ImportReport {
  importId: string;
  dryRun: boolean;
  delimiter: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: Array<{ row: number; field: string; column?: string; reason: string }>;
  errorsTruncated: boolean;
  ignoredColumns: string[];
}

interface DemandView {
  id: string;
  cpvCode: string;
  title: string;
  quantity: number;
  unit: string;
  unitPriceEur: number;
  estimatedValueEur: number;
  deliveryFrom: string;
  deliveryTo: string;
  deliveryAgs: string;
  criteria: string[];
  status: string;
  bundleId: string | null;
  importKey: string | null;
}

/** lines joined as Excel writes them (CRLF, a line break after the last row) */
const crlf = (lines: string[]) => lines.map((l) => `${l}\r\n`).join('');

describe('CSV import of demands', () => {
  let t: TestApp;
  let db: DataSource;
  let region: TestRegion;
  /** one buyer per test, each in its own municipality, so that counts are exact */
  let buyers: TestUser[];
  let next = 0;
  const freshBuyer = () => {
    const buyer = buyers[next++];
    if (!buyer) throw new Error('not enough test buyers');
    return buyer;
  };

  const upload = (user: TestUser, csv: string | Buffer, query = '') =>
    t.http
      .post(`${IMPORT}${query}`)
      .set(user.auth)
      .set('Content-Type', 'text/csv')
      .send(typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv);

  const imported = async (user: TestUser, csv: string | Buffer, query = ''): Promise<ImportReport> => {
    const res = await upload(user, csv, query);
    if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as ImportReport;
  };

  const demandsOf = async (user: TestUser): Promise<DemandView[]> => {
    const res = await t.http.get(`${API}/demands?pageSize=100`).set(user.auth).expect(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items;
  };
  const countOf = async (user: TestUser) =>
    (
      await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM demands WHERE organisation_id = $1`, [
        user.organisationId,
      ])
    )[0]!.n;
  const byTitle = (demands: DemandView[]) => new Map(demands.map((d) => [d.title, d]));

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    db = t.app.get(DataSource);
    region = await createTestRegion(t, 24);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('formats', () => {
    it('reads German Excel: ";", UTF-8 with BOM, German headers, decimal commas, thousands dots, German dates, criteria with |', async () => {
      const buyer = freshBuyer();
      const ags = buyer.organisation.ags!;
      const csv =
        BOM +
        crlf([
          GERMAN_HEADER,
          `34144900-7;E-Kleinwagen Bauhof;2;H87;38.500,00;01.03.2027;30.06.2027;${ags};ZERO_EMISSION_VEHICLE|BATTERY_DUE_DILIGENCE`,
          `30190000-7;Kopierpapier Recycling;1.234,5;KGM;1,2345;01.01.2027;31.12.2027;${ags};BLAUER_ENGEL | EU_ECOLABEL`,
          `31158000-8;Wallbox für die Grundschule;3;H87;1.234,50;1.3.2027;15.7.2027;;`,
          `39000000-2;Bürostühle;"1.000";H87;"249,99";01.04.2027;30.09.2027;${ags};`,
        ]);
      const report = await imported(buyer, csv);
      expect(report).toMatchObject({
        dryRun: false,
        delimiter: ';',
        rows: 4,
        created: 4,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        errors: [],
        ignoredColumns: [],
      });
      const stored = byTitle(await demandsOf(buyer));
      expect(stored.size).toBe(4);
      expect(stored.get('E-Kleinwagen Bauhof')).toMatchObject({
        cpvCode: '34144900-7',
        quantity: 2,
        unit: 'H87',
        unitPriceEur: 38_500,
        estimatedValueEur: 77_000,
        deliveryFrom: '2027-03-01',
        deliveryTo: '2027-06-30',
        deliveryAgs: ags,
        criteria: ['ZERO_EMISSION_VEHICLE', 'BATTERY_DUE_DILIGENCE'],
        status: 'open',
        bundleId: null,
      });
      expect(stored.get('Kopierpapier Recycling')).toMatchObject({
        cpvCode: '30190000-7',
        quantity: 1234.5,
        unit: 'KGM',
        unitPriceEur: 1.2345,
        // 1234.5 x 1.2345 = 1523.99025
        estimatedValueEur: 1523.99,
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
        criteria: ['BLAUER_ENGEL', 'EU_ECOLABEL'],
      });
      expect(stored.get('Wallbox für die Grundschule')).toMatchObject({
        cpvCode: '31158000-8',
        quantity: 3,
        unitPriceEur: 1234.5,
        estimatedValueEur: 3703.5,
        deliveryFrom: '2027-03-01',
        deliveryTo: '2027-07-15',
        // an empty Lieferort is the buyer's own AGS
        deliveryAgs: ags,
        criteria: [],
      });
      // "1.000" in a German file is one thousand
      expect(stored.get('Bürostühle')).toMatchObject({
        quantity: 1000,
        unitPriceEur: 249.99,
        estimatedValueEur: 249_990,
      });
      // the exact stored decimals, not just what JSON shows
      const rows = await db.query<
        Array<{ title: string; quantity: string; unit_price_eur: string; estimated_value_cents: string }>
      >(
        `SELECT title, quantity::text, unit_price_eur::text, estimated_value_cents::text FROM demands WHERE organisation_id = $1 ORDER BY title`,
        [buyer.organisationId],
      );
      expect(rows.find((r) => r.title === 'Kopierpapier Recycling')).toMatchObject({
        quantity: '1234.500',
        unit_price_eur: '1.2345',
        estimated_value_cents: '152399',
      });
    });

    it('reads "," files with English headers, quoted decimal commas and English numbers', async () => {
      const buyer = freshBuyer();
      const csv = [
        'cpvCode,title,quantity,unit,unitPriceEur,deliveryFrom,deliveryTo,criteria',
        '34144900-7,"E-Van, 7 Sitze","1,5",H87,"45000,99",2027-03-01,2027-06-30,ZERO_EMISSION_VEHICLE',
        '30190000-7,Toner,10,H87,"1.234,50",2027-01-01,2027-12-31,',
        '30190000-7,Ordner,12.5,H87,"1,234.50",2027-01-01,2027-12-31,EU_ECOLABEL|BLAUER_ENGEL',
        '',
      ].join('\n');
      const report = await imported(buyer, csv);
      expect(report).toMatchObject({ delimiter: ',', rows: 3, created: 3, rejected: 0, errors: [] });
      const stored = byTitle(await demandsOf(buyer));
      expect(stored.get('E-Van, 7 Sitze')).toMatchObject({
        quantity: 1.5,
        unitPriceEur: 45_000.99,
        // 1.5 x 45,000.99 = 67,501.485, rounded half up
        estimatedValueEur: 67_501.49,
        criteria: ['ZERO_EMISSION_VEHICLE'],
      });
      expect(stored.get('Toner')).toMatchObject({ quantity: 10, unitPriceEur: 1234.5, estimatedValueEur: 12_345 });
      expect(stored.get('Ordner')).toMatchObject({
        quantity: 12.5,
        unitPriceEur: 1234.5,
        estimatedValueEur: 15_431.25,
        criteria: ['EU_ECOLABEL', 'BLAUER_ENGEL'],
      });
    });

    it('reads tab-separated files', async () => {
      const buyer = freshBuyer();
      const csv = [
        'CPV\tBezeichnung\tMenge\tEinheit\tEinzelpreis\tLieferung ab\tLieferung bis\tBemerkung',
        '34144900-7\tE-Roller\t4\tH87\t2.999,99\t01.04.2027\t30.04.2027\tfür den Ordnungsdienst',
        '31158000-8\tLadekabel\t0,5\tH87\t10\t01.04.2027\t30.04.2027\t',
      ].join('\n');
      const report = await imported(buyer, csv);
      expect(report).toMatchObject({ delimiter: '\t', rows: 2, created: 2, rejected: 0 });
      const stored = byTitle(await demandsOf(buyer));
      expect(stored.get('E-Roller')).toMatchObject({
        quantity: 4,
        unitPriceEur: 2999.99,
        estimatedValueEur: 11_999.96,
        deliveryFrom: '2027-04-01',
        deliveryTo: '2027-04-30',
      });
      expect(stored.get('Ladekabel')).toMatchObject({ quantity: 0.5, unitPriceEur: 10, estimatedValueEur: 5 });
    });
  });

  describe('bad rows', () => {
    it('reports every bad row with its line, field, column and reason, and stores the valid rows', async () => {
      const buyer = freshBuyer();
      const valid = (title: string) => `34144900-7;${title};2;H87;1.000,00;01.03.2027;30.06.2027;;`;
      const csv =
        BOM +
        crlf([
          GERMAN_HEADER, // line 1
          valid('Gut eins'), // 2
          '34144900-7;Unlesbare Menge;zwei;H87;1.000,00;01.03.2027;30.06.2027;;', // 3
          '34144999-7;Unbekannter CPV;2;H87;1.000,00;01.03.2027;30.06.2027;;', // 4
          '34144900-7;Unbekannte Einheit;2;XYZ;1.000,00;01.03.2027;30.06.2027;;', // 5
          '34144900-7;Kein Datum;2;H87;1.000,00;31.02.2027;30.06.2027;;', // 6
          '34144900-7;Verkehrt herum;2;H87;1.000,00;01.07.2027;30.06.2027;;', // 7
          '34144900-7;Unbekanntes Kriterium;2;H87;1.000,00;01.03.2027;30.06.2027;;NO_SUCH_CRITERION', // 8
          '34144900-7;Zu kurz;2', // 9
          valid('Gut zwei'), // 10
        ]);
      const report = await imported(buyer, csv);
      expect(report).toMatchObject({
        rows: 9,
        created: 2,
        updated: 0,
        unchanged: 0,
        rejected: 7,
        errorsTruncated: false,
      });
      const errorAt = (row: number) => report.errors.filter((e) => e.row === row);
      const expectError = (row: number, field: RegExp | string, column: string | undefined, reason?: RegExp) => {
        const hit = errorAt(row).find((e) => (typeof field === 'string' ? e.field === field : field.test(e.field)));
        if (!hit) throw new Error(`no error for line ${row} field ${String(field)}: ${JSON.stringify(report.errors)}`);
        if (column !== undefined) expect(hit.column).toBe(column);
        expect(hit.reason).toEqual(expect.any(String));
        if (reason) expect(hit.reason).toMatch(reason);
      };
      expectError(3, 'quantity', 'Menge');
      expectError(4, 'cpvCode', 'CPV', /34144999/);
      expectError(5, 'unit', 'Einheit', /XYZ/);
      expectError(6, 'deliveryFrom', 'Lieferung ab');
      expectError(7, 'deliveryTo', 'Lieferung bis', /before/);
      expectError(8, /^criteria(\.0)?$/, 'Kriterien', /NO_SUCH_CRITERION/);
      for (const [field, column] of [
        ['unit', 'Einheit'],
        ['unitPriceEur', 'Einzelpreis'],
        ['deliveryFrom', 'Lieferung ab'],
        ['deliveryTo', 'Lieferung bis'],
      ] as const) {
        expectError(9, field, column);
      }
      // errors on the bad lines only
      expect(new Set(report.errors.map((e) => e.row))).toEqual(new Set([3, 4, 5, 6, 7, 8, 9]));

      const stored = await demandsOf(buyer);
      expect(stored.map((d) => d.title).sort()).toEqual(['Gut eins', 'Gut zwei']);
    });

    it('reports an unclosed quote on the last line at that line, and stores the rows before it', async () => {
      const buyer = freshBuyer();
      const csv = crlf([
        GERMAN_HEADER, // 1
        '34144900-7;Gut;2;H87;100;01.03.2027;30.06.2027;;', // 2
        '34144900-7;Auch gut;2;H87;100;01.03.2027;30.06.2027;;', // 3
        '34144900-7;"Offenes Anführungszeichen;2;H87;100;01.03.2027;30.06.2027;;', // 4
      ]);
      const report = await imported(buyer, csv);
      expect(report).toMatchObject({ created: 2, rejected: 1 });
      expect(report.errors).toEqual([{ row: 4, field: 'row', reason: expect.stringMatching(/quote/i) }]);
      expect((await demandsOf(buyer)).map((d) => d.title).sort()).toEqual(['Auch gut', 'Gut']);
    });

    it('names the row of an unclosed quote in the middle of a file, and stores the rows before it', async () => {
      const buyer = freshBuyer();
      const csv = crlf([
        GERMAN_HEADER,
        '34144900-7;Vorher;2;H87;100;01.03.2027;30.06.2027;;',
        '34144900-7;"Kaputt;2;H87;100;01.03.2027;30.06.2027;;',
        '34144900-7;Nachher;2;H87;100;01.03.2027;30.06.2027;;',
      ]);
      const report = await imported(buyer, csv);
      expect(report.errors.length).toBeGreaterThan(0);
      expect(report.errors[0]!.row).toBe(3);
      expect(report.rejected).toBeGreaterThanOrEqual(1);
      const titles = (await demandsOf(buyer)).map((d) => d.title);
      expect(titles).toContain('Vorher');
      // whatever the parser makes of the rest, nothing with a broken quote is stored
      expect(titles.some((title) => title.includes('Kaputt'))).toBe(false);
    });
  });

  describe('idempotency', () => {
    it('the same file uploaded twice creates nothing the second time', async () => {
      const buyer = freshBuyer();
      const csv = crlf([
        GERMAN_HEADER,
        '34144900-7;E-Auto;2;H87;30.000,00;01.03.2027;30.06.2027;;',
        '31158000-8;Wallbox;2;H87;2.000,00;01.03.2027;30.06.2027;;',
        '30190000-7;Papier;100;KGM;1,50;01.03.2027;30.06.2027;;',
      ]);
      const first = await imported(buyer, csv);
      expect(first).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 0 });
      const before = await demandsOf(buyer);
      const second = await imported(buyer, csv);
      expect(second).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3, rejected: 0 });
      expect(second.importId).not.toBe(first.importId);
      expect(await countOf(buyer)).toBe(3);
      expect(await demandsOf(buyer)).toEqual(before);
    });

    it('with a Schlüssel column, a changed row updates its demand and the rest stay unchanged', async () => {
      const buyer = freshBuyer();
      const file = (carQuantity: string) =>
        BOM +
        crlf([
          `Schlüssel;${GERMAN_HEADER}`,
          `A-1;34144900-7;E-Auto;${carQuantity};H87;30.000,00;01.03.2027;30.06.2027;;`,
          'A-2;31158000-8;Wallbox;2;H87;2.000,00;01.03.2027;30.06.2027;;',
          'A-3;30190000-7;Papier;100;KGM;1,50;01.03.2027;30.06.2027;;',
        ]);
      expect(await imported(buyer, file('2'))).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
      const before = byTitle(await demandsOf(buyer));
      expect(before.get('E-Auto')).toMatchObject({ importKey: 'A-1', quantity: 2 });

      const report = await imported(buyer, file('5'));
      expect(report).toMatchObject({ rows: 3, created: 0, updated: 1, unchanged: 2, rejected: 0 });
      expect(await countOf(buyer)).toBe(3);
      const after = byTitle(await demandsOf(buyer));
      expect(after.get('E-Auto')).toMatchObject({
        id: before.get('E-Auto')!.id,
        quantity: 5,
        estimatedValueEur: 150_000,
      });
      expect(after.get('Wallbox')).toEqual(before.get('Wallbox'));
      expect(after.get('Papier')).toEqual(before.get('Papier'));
    });

    it('rejects a row that repeats a row key of the same file', async () => {
      const buyer = freshBuyer();
      const report = await imported(
        buyer,
        crlf([
          `Schlüssel;${GERMAN_HEADER}`,
          'K-1;34144900-7;Erstes;1;H87;100;01.03.2027;30.06.2027;;',
          'K-2;34144900-7;Zweites;1;H87;100;01.03.2027;30.06.2027;;',
          'K-1;34144900-7;Doppelt;1;H87;100;01.03.2027;30.06.2027;;',
        ]),
      );
      expect(report).toMatchObject({ rows: 3, created: 2, rejected: 1 });
      expect(report.errors).toEqual([
        { row: 4, field: 'rowKey', column: 'Schlüssel', reason: expect.stringMatching(/line 2/) },
      ]);
      expect((await demandsOf(buyer)).map((d) => d.title).sort()).toEqual(['Erstes', 'Zweites']);
    });

    it('without a key column, two identical rows are two demands, and a re-upload adds none', async () => {
      const buyer = freshBuyer();
      const row = '34144900-7;E-Auto;1;H87;30.000,00;01.03.2027;30.06.2027;;';
      const csv = crlf([GERMAN_HEADER, row, row]);
      expect(await imported(buyer, csv)).toMatchObject({ rows: 2, created: 2, rejected: 0 });
      expect(await countOf(buyer)).toBe(2);
      expect(await imported(buyer, csv)).toMatchObject({ rows: 2, created: 0, unchanged: 2, rejected: 0 });
      expect(await countOf(buyer)).toBe(2);
      // a third identical row is a third demand
      expect(await imported(buyer, crlf([GERMAN_HEADER, row, row, row]))).toMatchObject({
        created: 1,
        unchanged: 2,
      });
      expect(await countOf(buyer)).toBe(3);
    });

    it('leaves a bundled demand alone: the row is rejected on rowKey with a reason', async () => {
      const buyer = freshBuyer();
      const file = (quantity: string) =>
        crlf([
          `Schlüssel;${GERMAN_HEADER}`,
          `B-1;34144900-7;E-Auto gebündelt;${quantity};H87;30.000,00;01.03.2027;30.06.2027;;`,
          `B-2;34144900-7;E-Auto frei;${quantity};H87;30.000,00;01.03.2027;30.06.2027;;`,
        ]);
      expect(await imported(buyer, file('1'))).toMatchObject({ created: 2 });
      const before = byTitle(await demandsOf(buyer));
      const bundled = before.get('E-Auto gebündelt')!;
      const bundle = await t.http
        .post(`${API}/bundles`)
        .set(region.coordinator.auth)
        .send({
          title: 'Import-Test',
          cpvPrefix: '3414',
          joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
          deliveryFrom: '2027-01-01',
          deliveryTo: '2027-12-31',
        })
        .expect(201);
      expect((await join(t, buyer, bundle.body.id, [bundled.id])).status).toBe(201);

      const report = await imported(buyer, file('4'));
      expect(report).toMatchObject({ rows: 2, created: 0, updated: 1, unchanged: 0, rejected: 1 });
      expect(report.errors).toEqual([
        { row: 2, field: 'rowKey', column: 'Schlüssel', reason: expect.stringMatching(/bundled/) },
      ]);
      const after = byTitle(await demandsOf(buyer));
      expect(after.get('E-Auto gebündelt')).toMatchObject({
        id: bundled.id,
        quantity: 1,
        status: 'bundled',
        bundleId: bundle.body.id,
      });
      expect(after.get('E-Auto frei')).toMatchObject({ quantity: 4, status: 'open' });
      const [row] = await db.query<Array<{ quantity: string }>>(`SELECT quantity::text FROM demands WHERE id = $1`, [
        bundled.id,
      ]);
      expect(row!.quantity).toBe('1.000');
    });
  });

  describe('dry run', () => {
    it('?dryRun=true reports like a real import and stores nothing', async () => {
      const buyer = freshBuyer();
      const csv = crlf([
        GERMAN_HEADER,
        '34144900-7;E-Auto;2;H87;30.000,00;01.03.2027;30.06.2027;;',
        '34144900-7;Falsche Einheit;2;BX;30.000,00;01.03.2027;30.06.2027;;',
        '31158000-8;Wallbox;2;H87;2.000,00;01.03.2027;30.06.2027;;',
      ]);
      const dry = await imported(buyer, csv, '?dryRun=true');
      expect(dry).toMatchObject({ dryRun: true, rows: 3, created: 2, updated: 0, rejected: 1 });
      expect(dry.errors).toEqual([
        { row: 3, field: 'unit', column: 'Einheit', reason: expect.stringMatching(/deleted/) },
      ]);
      expect(await countOf(buyer)).toBe(0);
      const [audit] = await db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1`,
        [dry.importId],
      );
      expect(audit!.n).toBe(0);
      // the real import afterwards does what the dry run said
      expect(await imported(buyer, csv)).toMatchObject({ dryRun: false, created: 2, rejected: 1 });
      expect(await countOf(buyer)).toBe(2);
    });

    it('words the reasons per row in German for Accept-Language: de, as the web app asks', async () => {
      const buyer = freshBuyer();
      const csv = crlf([GERMAN_HEADER, '34144900-7;E-Auto;viele;H87;30.000,00;01.03.2027;30.06.2027;;']);
      const res = await upload(buyer, csv, '?dryRun=true').set('Accept-Language', 'de-DE,de;q=0.9');
      expect(res.status).toBe(200);
      expect((res.body as ImportReport).errors).toEqual([
        { row: 2, field: 'quantity', column: 'Menge', reason: 'muss eine Zahl mit höchstens 3 Nachkommastellen sein' },
      ]);
      const english = await imported(buyer, csv, '?dryRun=true');
      expect(english.errors[0]?.reason).toBe('must be a number with at most 3 decimals');
    });

    it('reads the status and the criteria as a German office writes them: "offen", "Blauer Engel"', async () => {
      const buyer = freshBuyer();
      const csv = crlf([
        `${GERMAN_HEADER};Status`,
        '30197630-1;Kopierpapier;500;Stück;4,20;01.01.2027;31.12.2027;;Blauer Engel, Garantiedauer;offen',
        '30197630-1;Ordner;100;Stück;2,50;01.01.2027;31.12.2027;;Grüner Knopf;Entwurf',
      ]);
      const res = await upload(buyer, csv).set('Accept-Language', 'de');
      expect(res.status).toBe(200);
      const report = res.body as ImportReport;
      expect(report).toMatchObject({ created: 1, rejected: 1 });
      // a name the catalogue does not know stays one entry, not a word each (GRÜNER, KNOPF)
      expect(report.errors).toEqual([
        { row: 3, field: 'criteria.0', column: 'Kriterien', reason: 'muss ein Kriteriencode wie EU_ECOLABEL sein' },
      ]);
      expect(byTitle(await demandsOf(buyer)).get('Kopierpapier')).toMatchObject({
        status: 'open',
        criteria: ['BLAUER_ENGEL', 'WARRANTY_YEARS'],
      });
    });

    it('refuses a dryRun value that is not true or false', async () => {
      const buyer = freshBuyer();
      const res = await upload(
        buyer,
        crlf([GERMAN_HEADER, '34144900-7;E;1;H87;1;01.03.2027;30.06.2027;;']),
        '?dryRun=ja',
      );
      expectProblem(res, 400, ['dryRun']);
      expect(await countOf(buyer)).toBe(0);
    });
  });

  describe('header, body and media type', () => {
    it('refuses a header without the required columns, naming each missing one', async () => {
      const buyer = freshBuyer();
      const res = await upload(buyer, crlf(['CPV;Bezeichnung;Menge;Farbe', '34144900-7;E-Auto;2;rot']));
      expectProblem(res, 400, ['header.unit', 'header.unitPriceEur', 'header.deliveryFrom', 'header.deliveryTo']);
      expect(await countOf(buyer)).toBe(0);
    });

    it('refuses a header that names one field twice', async () => {
      const buyer = freshBuyer();
      const res = await upload(
        buyer,
        crlf([`${GERMAN_HEADER};Anzahl`, '34144900-7;E-Auto;2;H87;100;01.03.2027;30.06.2027;;;3']),
      );
      expectProblem(res, 400, ['header.Anzahl'], { 'header.Anzahl': /Menge/ });
      expect(await countOf(buyer)).toBe(0);
    });

    it('refuses an empty body (400)', async () => {
      const buyer = freshBuyer();
      expectProblem(await upload(buyer, ''), 400);
      expectProblem(await upload(buyer, `${BOM}\r\n\r\n`), 400);
      expect(await countOf(buyer)).toBe(0);
    });

    it('refuses a JSON body (415) and a CSV body sent to POST /demands (415)', async () => {
      const buyer = freshBuyer();
      const json = await t.http
        .post(IMPORT)
        .set(buyer.auth)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify([{ cpvCode: '34144900-7' }]));
      expectProblem(json, 415);
      const csv = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .set('Content-Type', 'text/csv')
        .send(crlf([GERMAN_HEADER, '34144900-7;E-Auto;2;H87;100;01.03.2027;30.06.2027;;']));
      expectProblem(csv, 415);
      expect(await countOf(buyer)).toBe(0);
    });
  });

  describe('a larger file', () => {
    it('imports 5,000 rows in one upload', async () => {
      const buyer = freshBuyer();
      const N = 5000;
      const lines = [`Schlüssel;${GERMAN_HEADER}`];
      let expectedCents = 0;
      for (let i = 1; i <= N; i++) {
        const quantity = (i % 7) + 1;
        const cents = 10_000 + i; // 100.01 EUR and up
        expectedCents += quantity * cents;
        const price = `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
        lines.push(`R-${i};34144900-7;Fahrzeug Nr. ${i};${quantity};H87;${price};01.03.2027;30.06.2027;;`);
      }
      const csv = BOM + crlf(lines);
      const started = Date.now();
      const report = await imported(buyer, csv);
      const ms = Date.now() - started;
      console.log(`import of ${N} rows (${(Buffer.byteLength(csv) / 1024).toFixed(0)} KiB) took ${ms} ms`);
      expect(report).toMatchObject({ rows: N, created: N, updated: 0, unchanged: 0, rejected: 0, errors: [] });
      const [stored] = await db.query<Array<{ n: number; cents: string; keys: number }>>(
        `SELECT count(*)::int AS n, sum(estimated_value_cents)::text AS cents, count(DISTINCT import_key)::int AS keys
         FROM demands WHERE organisation_id = $1`,
        [buyer.organisationId],
      );
      expect(stored).toEqual({ n: N, cents: String(expectedCents), keys: N });
      const [last] = await db.query<Array<{ quantity: string; unit_price_eur: string }>>(
        `SELECT quantity::text, unit_price_eur::text FROM demands WHERE organisation_id = $1 AND import_key = $2`,
        [buyer.organisationId, `R-${N}`],
      );
      expect(last).toEqual({ quantity: `${(N % 7) + 1}.000`, unit_price_eur: ((10_000 + N) / 100).toFixed(4) });
    });
  });

  describe('access', () => {
    it('refuses a supplier (403) and a caller without a token (401)', async () => {
      const supplier = await createUserWithRole(t, 'supplier');
      const csv = crlf([GERMAN_HEADER, '34144900-7;E-Auto;2;H87;100;01.03.2027;30.06.2027;;']);
      expectProblem(await upload(supplier, csv), 403);
      const anonymous = await t.http.post(IMPORT).set('Content-Type', 'text/csv').send(csv);
      expectProblem(anonymous, 401);
    });
  });
});
