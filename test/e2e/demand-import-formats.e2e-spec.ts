import http from 'node:http';
import { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { createTestApp, createTestRegion, insertSignedInUsers, TestApp, TestRegion, TestUser } from '@buendel/testing';
import { API } from '../support/bundling-api';
import {
  binaryBody,
  postCut,
  SHEET_HEADER,
  sheetCells,
  sheetCsv,
  sheetDemands,
  sheetXlsx,
  XLSX_TYPE,
} from '../support/import-files';

/**
 * The demand import as German offices feed it: Excel's CSV in its encodings, XLSX, units as
 * people write them, the template; and whole or nothing: a broken or cut upload stores nothing,
 * every bad row is reported on its line, an early answer leaves no hanging connection.
 */
const IMPORT = `${API}/demands/import`;

interface Report {
  importId: string;
  format: string;
  encoding?: string;
  sheet?: string;
  headerRow: number;
  rows: number;
  created: number;
  updated: number;
  rejected: number;
  skipped: number;
  errors: Array<{ row: number; field: string; column?: string; reason: string }>;
  skippedRows: Array<{ row: number; reason: string }>;
}

describe('demand import: Excel in, whole or nothing', () => {
  let t: TestApp;
  let db: DataSource;
  let region: TestRegion;
  let buyers: TestUser[];
  let next = 0;
  const freshBuyer = () => buyers[next++]!;

  const upload = (user: TestUser, body: Buffer | string, type = 'text/csv', query = '') =>
    t.http
      .post(`${IMPORT}${query}`)
      .set(user.auth)
      .set('Content-Type', type)
      .send(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  const imported = async (user: TestUser, body: Buffer | string, type = 'text/csv', query = ''): Promise<Report> => {
    const res = await upload(user, body, type, query);
    if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Report;
  };
  const countOf = async (user: TestUser) =>
    (
      await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM demands WHERE organisation_id = $1`, [
        user.organisationId,
      ])
    )[0]!.n;
  /** the stored demands of a buyer, as comparable rows */
  const storedOf = (user: TestUser) =>
    db.query<Array<Record<string, string>>>(
      `SELECT import_key, cpv_code, title, quantity::text, unit, unit_price_eur::text, delivery_from::text,
              delivery_to::text, delivery_ags, estimated_value_cents::text
       FROM demands WHERE organisation_id = $1 ORDER BY import_key`,
      [user.organisationId],
    );
  const ags = (user: TestUser) => user.organisation.ags!;

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    db = t.app.get(DataSource);
    region = await createTestRegion(t, 24);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('the same 1,000 demands from UTF-8 CSV, Windows-1252 CSV and XLSX', () => {
    it('store identical demands, umlauts intact, and say what they read', async () => {
      const [utf8Buyer, ansiBuyer, xlsxBuyer] = [freshBuyer(), freshBuyer(), freshBuyer()];
      const rows = (user: TestUser) => sheetDemands(1000, ags(user));
      const utf8 = await imported(utf8Buyer, `\ufeff${sheetCsv(rows(utf8Buyer))}`);
      const ansi = await imported(ansiBuyer, iconv.encode(sheetCsv(rows(ansiBuyer)), 'win1252'));
      const xlsx = await imported(xlsxBuyer, await sheetXlsx(rows(xlsxBuyer)), XLSX_TYPE);
      expect(xlsx.errors).toEqual([]);
      expect(utf8).toMatchObject({ format: 'csv', encoding: 'UTF-8', rows: 1000, created: 1000, rejected: 0 });
      expect(ansi).toMatchObject({ format: 'csv', encoding: 'windows-1252', rows: 1000, created: 1000, rejected: 0 });
      expect(xlsx).toMatchObject({ format: 'xlsx', sheet: 'Bedarfe', rows: 1000, created: 1000, rejected: 0 });

      const strip = (list: Array<Record<string, string>>) => list.map(({ delivery_ags: _a, ...r }) => r);
      const reference = strip(await storedOf(utf8Buyer));
      expect(reference).toHaveLength(1000);
      expect(strip(await storedOf(ansiBuyer))).toEqual(reference);
      expect(strip(await storedOf(xlsxBuyer))).toEqual(reference);
      const first = reference.find((r) => r['import_key'] === 'S-1')!;
      expect(first).toMatchObject({ title: 'Ökostrom für das Feuerwehrgerätehaus 1', unit: 'H87' });
      expect(reference.find((r) => r['import_key'] === 'S-3')).toMatchObject({ unit: 'KWH' });
      expect(reference.find((r) => r['import_key'] === 'S-5')).toMatchObject({ unit: 'XCT' });
      expect(reference.some((r) => r['title']!.includes('\ufffd'))).toBe(false);
    });
  });

  describe('encodings', () => {
    it('decodes UTF-16 (Excel "Unicode text", tab-separated) and ISO-8859-15', async () => {
      const buyer = freshBuyer();
      const text = sheetCsv(sheetDemands(3, ags(buyer), 'U16')).replace(/;/g, '\t');
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
      expect(await imported(buyer, le)).toMatchObject({ encoding: 'UTF-16LE', created: 3, rejected: 0 });
      const latin9 = iconv.encode(
        sheetCsv(sheetDemands(3, ags(buyer), 'L9')).replace('Bürostühle', 'Bürostühle €'),
        'iso885915',
      );
      expect(await imported(buyer, latin9)).toMatchObject({ encoding: 'ISO-8859-15', created: 3 });
      const titles = (await storedOf(buyer)).map((r) => r['title']);
      expect(titles).toContain('Ökostrom für das Feuerwehrgerätehaus 1');
    });

    it('refuses a file that changes encoding at row 5,000 with 415 and stores nothing', async () => {
      const buyer = freshBuyer();
      const rows = sheetDemands(6000, ags(buyer));
      const csv = sheetCsv(rows);
      const cut = csv.indexOf('\r\n', csv.indexOf('S-4999;')) + 2;
      const bytes = Buffer.concat([Buffer.from(csv.slice(0, cut), 'utf8'), iconv.encode(csv.slice(cut), 'win1252')]);
      const res = await upload(buyer, bytes);
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNREADABLE_ENCODING');
      expect(res.body.errors[0].reason).toMatch(/line 5001 is not UTF-8/);
      expect(await countOf(buyer)).toBe(0);
    });
  });

  describe('bad rows deep in a file: reported on their row, nothing half-stored', () => {
    it('a year-0000 date and a NUL byte at row 5,000 are refused on their rows; the other rows are stored', async () => {
      const buyer = freshBuyer();
      const lines = sheetCsv(sheetDemands(6000, ags(buyer))).split('\r\n');
      lines[5000] = lines[5000]!.replace(/;\d\d\.\d\d\.2027;/, ';01.01.0000;');
      lines[5001] = lines[5001]!.replace(/^([^;]*;[^;]*;)/, '$1\u0000');
      const report = await imported(buyer, lines.join('\r\n'));
      expect(report).toMatchObject({ rows: 6000, created: 5998, rejected: 2 });
      expect([...report.errors].sort((a, b) => a.row - b.row)).toEqual([
        {
          row: 5001,
          field: 'deliveryFrom',
          column: 'Lieferung ab',
          reason: expect.stringMatching(/between 1900 and 2200/),
        },
        { row: 5002, field: 'title', column: 'Bezeichnung', reason: expect.stringMatching(/NUL/) },
      ]);
      expect(await countOf(buyer)).toBe(5998);
    });

    it('an unclosed quote is reported on every row it swallowed, and the rows before it are stored', async () => {
      const buyer = freshBuyer();
      const lines = sheetCsv(sheetDemands(50, ags(buyer))).split('\r\n');
      lines[31] = lines[31]!.replace('Bürostühle', '"Bürostühle');
      const report = await imported(buyer, lines.join('\r\n'));
      // line 32 opens the quote; lines 32 to 51 are the rows it affects
      expect(report).toMatchObject({ rows: 50, created: 30, rejected: 20 });
      expect(report.errors[0]).toEqual({
        row: 32,
        field: 'row',
        reason: expect.stringMatching(/never closed.*32 to 51/),
      });
      expect(report.errors.map((e) => e.row)).toEqual(Array.from({ length: 20 }, (_, i) => 32 + i));
      expect(await countOf(buyer)).toBe(30);
    });

    it('a stray quote that closes rows later reports the rows between as affected', async () => {
      const buyer = freshBuyer();
      const lines = sheetCsv(sheetDemands(20, ags(buyer))).split('\r\n');
      lines[5] = lines[5]!.replace(/;([^;]*\d)$/, ';"$1');
      lines[9] = lines[9]!.replace(/^([^;]*);/, '$1";');
      const report = await imported(buyer, lines.join('\r\n'));
      expect(report.created).toBe(15);
      expect(report.rejected).toBe(5);
      expect(report.errors.filter((e) => e.field === 'row').map((e) => e.row)).toEqual([6, 7, 8, 9, 10]);
      expect(report.errors.find((e) => e.field === 'row')!.reason).toMatch(/closes only on line 10/);
    });
  });

  describe('whole or nothing', () => {
    it('an upload cut at 60 % stores nothing', async () => {
      const buyer = freshBuyer();
      const body = Buffer.from(sheetCsv(sheetDemands(10_000, ags(buyer))), 'utf8');
      await postCut(t, buyer, IMPORT, body, 0.6);
      // the server notices the cut and rolls back; nothing of the 6,000 rows it read stays
      await new Promise((r) => setTimeout(r, 1500));
      expect(await countOf(buyer)).toBe(0);
      const [imports] = await db.query(`SELECT count(*)::int AS n FROM demand_imports WHERE organisation_id = $1`, [
        buyer.organisationId,
      ]);
      expect(imports.n).toBe(0);
    });

    it('after an early answer the connection is not left hanging: a bad header with 3 MB behind it', async () => {
      const buyer = freshBuyer();
      const body = Buffer.from(`Foo;Bar\r\n${'1;2\r\n'.repeat(600_000)}`, 'utf8');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const post = () =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.request(
            {
              host: '127.0.0.1',
              port,
              agent,
              method: 'POST',
              path: IMPORT,
              headers: { ...buyer.auth, 'content-type': 'text/csv', 'content-length': body.length },
            },
            (res) => {
              let text = '';
              res.on('data', (c: Buffer) => (text += c.toString()));
              res.on('end', () => resolve({ status: res.statusCode!, body: text }));
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      const first = await post();
      expect(first.status).toBe(400);
      expect(JSON.parse(first.body).errors.map((e: { field: string }) => e.field)).toContain('header.cpvCode');
      // a second request on the same keep-alive agent is answered as the first (a connection left
      // hanging would time the test out; no clock bound, which a loaded machine would break)
      const second = await post();
      expect(second.status).toBe(400);
      expect(JSON.parse(second.body).errors.map((e: { field: string }) => e.field)).toContain('header.cpvCode');
      agent.destroy();
    });
  });

  describe('XLSX', () => {
    it('reads the first sheet or a named one, finds the header under title rows, skips empty rows and headings', async () => {
      const buyer = freshBuyer();
      const rows = sheetDemands(4, ags(buyer), 'X');
      const workbook = await sheetXlsx(rows, {
        extraSheetFirst: 'Deckblatt',
        before: [['Bedarfsmeldung Gemeinde Musterhausen 2027'], ['Stand: 01.12.2026']],
      });
      const first = await upload(buyer, workbook, XLSX_TYPE);
      expect(first.status).toBe(400);
      expect(first.body.errors.map((e: { field: string }) => e.field)).toContain('header.cpvCode');
      const missing = await upload(buyer, workbook, XLSX_TYPE, '?sheet=Gibtsnicht');
      expect(missing.status).toBe(400);
      expect(missing.body.errors[0]).toEqual({ field: 'sheet', reason: 'the sheets are: "Deckblatt", "Bedarfe"' });
      const named = await imported(buyer, workbook, XLSX_TYPE, '?sheet=Bedarfe');
      expect(named).toMatchObject({ sheet: 'Bedarfe', headerRow: 3, rows: 4, created: 4, skipped: 2 });
      expect(named.skippedRows).toEqual([
        { row: 1, reason: 'above the header row' },
        { row: 2, reason: 'above the header row' },
      ]);

      // a heading row (merged across the columns) and an empty row between the data
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Liste');
      sheet.addRow(SHEET_HEADER);
      const more = sheetDemands(2, ags(buyer), 'Y');
      const cells = sheetCells;
      sheet.addRow(['Feuerwehr']);
      sheet.mergeCells('A2:I2');
      sheet.addRow(cells(more[0]!));
      sheet.addRow([]).getCell(1).value = null;
      sheet.getRow(4).getCell(3).value = ' ';
      sheet.addRow(cells(more[1]!));
      const report = await imported(buyer, Buffer.from(await book.xlsx.writeBuffer()), XLSX_TYPE);
      expect(report).toMatchObject({ sheet: 'Liste', rows: 2, created: 2, rejected: 0 });
      expect(report.skippedRows).toEqual(
        expect.arrayContaining([{ row: 2, reason: 'only one cell filled: a heading or merged cells' }]),
      );
    });

    it('refuses an .xls workbook (415) and a broken XLSX (400)', async () => {
      const buyer = freshBuyer();
      const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
      expect((await upload(buyer, xls, 'application/vnd.ms-excel')).status).toBe(415);
      const broken = (await sheetXlsx(sheetDemands(3, ags(buyer)))).subarray(0, 400);
      const res = await upload(buyer, broken, XLSX_TYPE);
      expect(res.status).toBe(400);
      expect(await countOf(buyer)).toBe(0);
    });

    it('accepts a multipart upload from a browser', async () => {
      const buyer = freshBuyer();
      const res = await t.http
        .post(`${IMPORT}?dryRun=true`)
        .set(buyer.auth)
        .attach('file', await sheetXlsx(sheetDemands(3, ags(buyer), 'M')), 'bedarfe.xlsx');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ format: 'xlsx', dryRun: true, created: 3 });
      expect(await countOf(buyer)).toBe(0);
    });
  });

  describe('units as German offices write them', () => {
    it('reads Stück, Stk., m², kWh; refuses an abbreviation of two units naming both', async () => {
      const buyer = freshBuyer();
      const line = (key: string, unit: string) => `${key};09310000-5;Strom;1;${unit};0,30;01.01.2027;31.12.2027;`;
      const csv = [
        SHEET_HEADER.join(';'),
        line('a', 'Stück'),
        line('b', 'Stk'),
        line('c', 'm²'),
        line('d', 'Pkg.'),
      ].join('\r\n');
      const report = await imported(buyer, csv);
      expect(report).toMatchObject({ created: 3, rejected: 1 });
      expect(report.errors).toEqual([
        { row: 5, field: 'unit', column: 'Einheit', reason: expect.stringContaining('Paket (XPK) or Packung (XPA)') },
      ]);
      expect((await storedOf(buyer)).map((r) => r['unit'])).toEqual(['H87', 'H87', 'MTK']);
    });
  });

  describe('product specifications', () => {
    it('reads the key and text columns (the key lower-cased) and names every bad one on its row', async () => {
      const buyer = freshBuyer();
      const header =
        'Schlüssel;CPV;Bezeichnung;Menge;Einheit;Einzelpreis;Lieferung ab;Lieferung bis;Produktschlüssel;Produktspezifikation';
      const line = (key: string, spec: string) =>
        `${key};34144900-7;Fahrzeug ${key};1;Stück;30000;01.03.2027;30.09.2027;${spec}`;
      const csv = [
        header,
        line('van', 'E-Transporter-3-5t;E-Transporter 3,5 t'),
        line('car', 'e-kleinwagen;E-Kleinwagen'),
        line('plain', ';'),
        line('bad-key', 'E Transporter;E-Transporter'),
        line('no-key', ';E-Transporter'),
        line('no-text', `e-van;${''}`),
        line('long', `e-van;${'x'.repeat(201)}`),
      ].join('\r\n');
      const report = await imported(buyer, csv);
      expect(report).toMatchObject({ created: 3, rejected: 4 });
      expect(report.errors).toEqual([
        { row: 5, field: 'specificationKey', column: 'Produktschlüssel', reason: expect.stringMatching(/hyphens/) },
        { row: 6, field: 'specificationKey', column: 'Produktschlüssel', reason: 'is required with specificationText' },
        {
          row: 7,
          field: 'specificationText',
          column: 'Produktspezifikation',
          reason: 'is required with specificationKey',
        },
        { row: 8, field: 'specificationText', column: 'Produktspezifikation', reason: expect.stringMatching(/200/) },
      ]);
      const stored = await db.query(
        `SELECT import_key, specification_key, specification_text FROM demands WHERE organisation_id = $1 ORDER BY import_key`,
        [buyer.organisationId],
      );
      expect(stored).toEqual([
        { import_key: 'car', specification_key: 'e-kleinwagen', specification_text: 'E-Kleinwagen' },
        { import_key: 'plain', specification_key: null, specification_text: null },
        { import_key: 'van', specification_key: 'e-transporter-3-5t', specification_text: 'E-Transporter 3,5 t' },
      ]);
    });
  });

  describe('the template', () => {
    it('GET template.xlsx: German headers, a unit list, an example row; it imports as it is', async () => {
      const buyer = freshBuyer();
      const res = await t.http
        .get(`${IMPORT}/template.xlsx`)
        .set(buyer.auth)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      expect(res.headers['content-type']).toBe(XLSX_TYPE);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as never);
      const sheet = book.getWorksheet('Bedarfe')!;
      expect(sheet.getRow(1).values).toEqual([
        undefined,
        ...[
          'Schlüssel',
          'CPV',
          'Bezeichnung',
          'Beschreibung',
          'Produktschlüssel',
          'Produktspezifikation',
          'Menge',
          'Einheit',
          'Einzelpreis (EUR)',
          'Lieferung ab',
          'Lieferung bis',
          'Lieferort (AGS)',
          'Kriterien',
          'Status',
        ],
      ]);
      expect(sheet.getCell('J2').value).toEqual(new Date('2027-03-01T00:00:00Z'));
      expect(sheet.getCell('I2').value).toBe(38500);
      // the example is written as an office writes it: the criterion's German name, "offen"
      expect([sheet.getCell('M2').value, sheet.getCell('N2').value]).toEqual(['Emissionsfreies Fahrzeug', 'offen']);
      expect(sheet.getCell('N2').dataValidation).toMatchObject({ type: 'list', formulae: ['"offen,Entwurf"'] });
      expect(sheet.getCell('H2').dataValidation).toMatchObject({
        type: 'list',
        formulae: [expect.stringMatching(/^Einheiten!/)],
      });
      const units = book.getWorksheet('Einheiten')!;
      expect(units.getColumn(1).values).toEqual(expect.arrayContaining(['Stück', 'Karton', 'Kilowattstunde']));
      expect(await imported(buyer, res.body as Buffer, XLSX_TYPE)).toMatchObject({ created: 1, rejected: 0 });
      expect(
        await db.query(`SELECT specification_key, specification_text FROM demands WHERE organisation_id = $1`, [
          buyer.organisationId,
        ]),
      ).toEqual([{ specification_key: 'e-kleinwagen', specification_text: 'E-Kleinwagen, viersitzig' }]);
      expect(
        await db.query(`SELECT criteria, status FROM demands WHERE organisation_id = $1`, [buyer.organisationId]),
      ).toEqual([{ criteria: ['ZERO_EMISSION_VEHICLE'], status: 'open' }]);

      const csv = await t.http.get(`${IMPORT}/template.csv`).set(buyer.auth).expect(200);
      expect(csv.text.startsWith('\ufeffSchlüssel;CPV;Bezeichnung')).toBe(true);
      // the same key: the CSV template's example is the same demand
      expect(await imported(buyer, Buffer.from(csv.text, 'utf8'))).toMatchObject({ created: 0, unchanged: 1 });
    });
  });
});
