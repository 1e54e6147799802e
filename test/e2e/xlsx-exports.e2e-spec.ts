import { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestRegion,
  createTestWorker,
  insertSignedInUsers,
  TestApp,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { API, currentAggregate, join, recordDemand } from '../support/bundling-api';
import { binaryBody } from '../support/import-files';

/**
 * XLSX exports, opened with exceljs as Excel would open them: the sheets, real numbers and
 * dates with German formats, umlauts intact.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('XLSX exports', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let region: TestRegion;
  let buyers: TestUser[];

  /** GET a workbook and open it */
  const workbookAt = async (user: TestUser, path: string): Promise<ExcelJS.Workbook> => {
    const res = await t.http.get(`${API}${path}`).set(user.auth).buffer(true).parse(binaryBody);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${String(res.body)}`);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+\.xlsx"$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    return book;
  };
  /** the rows of a sheet as objects keyed by the header row */
  const rowsOf = (sheet: ExcelJS.Worksheet) => {
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const rows: Array<Record<string, ExcelJS.Cell>> = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1)])));
    });
    return rows;
  };

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    region = await createTestRegion(t, 3);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it("a buyer's demands: one row each, numbers, money and dates as Excel numbers and dates", async () => {
    const buyer = buyers[0]!;
    await recordDemand(t, buyer, {
      cpvCode: '09310000-5',
      title: 'Ökostrom für das Feuerwehrgerätehaus',
      quantity: 12500.5,
      unit: 'kWh',
      unitPriceEur: 0.2875,
      deliveryFrom: '2027-01-01',
      deliveryTo: '2027-12-31',
    });
    await recordDemand(t, buyer, {
      cpvCode: '34144900-7',
      title: 'E-Kleinwagen',
      quantity: 2,
      unit: 'Stück',
      unitPriceEur: 38500,
      deliveryFrom: '2027-03-01',
      deliveryTo: '2027-06-30',
      status: 'draft',
    });
    const book = await workbookAt(buyer, '/demands/export.xlsx');
    expect(book.worksheets.map((s) => s.name)).toEqual(['Bedarfe']);
    const rows = rowsOf(book.getWorksheet('Bedarfe')!);
    expect(rows).toHaveLength(2);
    const power = rows.find((r) => r['Bezeichnung']!.value === 'Ökostrom für das Feuerwehrgerätehaus')!;
    expect(power['Menge']!.value).toBe(12500.5);
    expect(power['Einheit']!.value).toBe('Kilowattstunde');
    expect(power['UN/ECE-Code']!.value).toBe('KWH');
    expect(power['Einzelpreis (EUR)']!.value).toBe(0.2875);
    expect(power['Einzelpreis (EUR)']!.numFmt).toBe('#,##0.00## "€"');
    expect(power['Geschätzter Wert (EUR)']!.value).toBe(3593.89);
    expect(power['Geschätzter Wert (EUR)']!.numFmt).toBe('#,##0.00 "€"');
    expect(power['Lieferung ab']!.value).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(power['Lieferung ab']!.numFmt).toBe('DD.MM.YYYY');
    expect(power['Status']!.value).toBe('offen');
    const car = rows.find((r) => r['Bezeichnung']!.value === 'E-Kleinwagen')!;
    expect(car['Geschätzter Wert (EUR)']!.value).toBe(77000);
    expect(car['Status']!.value).toBe('Entwurf');
    // the filters of GET /demands
    const drafts = await workbookAt(buyer, '/demands/export.xlsx?status=draft');
    expect(rowsOf(drafts.getWorksheet('Bedarfe')!)).toHaveLength(1);
  });

  it("a bundle's summary, aggregate lines, lots and participants, for its coordinator only", async () => {
    const deadline = new Date(Date.now() + 3600_000).toISOString();
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'E-Fahrzeuge 2027 für Bauhöfe',
        cpvPrefix: '3414',
        joinDeadline: deadline,
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    for (const [i, buyer] of buyers.slice(1).entries()) {
      const demand = await recordDemand(t, buyer, {
        cpvCode: '34144900-7',
        title: `E-Transporter ${i + 1}`,
        quantity: i + 1,
        unit: 'Stk.',
        unitPriceEur: 45000,
        deliveryFrom: '2027-03-01',
        deliveryTo: '2027-06-30',
      });
      expect((await join(t, buyer, bundle.body.id, [demand.id])).status).toBe(201);
    }
    const aggregate = await currentAggregate(t, region.coordinator, bundle.body.id);
    const book = await workbookAt(region.coordinator, `/bundles/${bundle.body.id}/export.xlsx`);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Übersicht', 'Positionen', 'Lose', 'Teilnehmende']);
    const facts = new Map<string, ExcelJS.Cell>();
    book.getWorksheet('Übersicht')!.eachRow((row) => facts.set(String(row.getCell(1).value), row.getCell(2)));
    expect(facts.get('Bündel')!.value).toBe('E-Fahrzeuge 2027 für Bauhöfe');
    expect(facts.get('Geschätzter Gesamtwert (EUR, netto)')!.value).toBe(135000);
    expect(facts.get('Geschätzter Gesamtwert (EUR, netto)')!.numFmt).toBe('#,##0.00 "€"');
    // Excel has no time zone: the cell holds the deadline as a Berlin clock shows it
    const berlin = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Berlin',
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(new Date(deadline));
    expect((facts.get('Teilnahmefrist')!.value as Date).toISOString().slice(0, 16)).toBe(berlin.replace(' ', 'T'));
    expect(facts.get('Teilnahmefrist')!.numFmt).toBe('DD.MM.YYYY HH:MM');
    expect(facts.get('Teilnehmende Organisationen')!.value).toBe(2);
    const lines = rowsOf(book.getWorksheet('Positionen')!);
    expect(lines.map((l) => [l['CPV']!.value, l['Einheit']!.value, l['Menge']!.value])).toEqual([
      ['34144900-7', 'Stück', 3],
    ]);
    expect(rowsOf(book.getWorksheet('Lose')!)).toHaveLength(aggregate.lots.length);
    const participants = rowsOf(book.getWorksheet('Teilnehmende')!);
    expect(participants.map((p) => p['Geschätzter Wert (EUR)']!.value).sort()).toEqual([45000, 90000]);

    // a buyer (403 by role); another district's coordinator does not see the bundle at all (404)
    await t.http.get(`${API}/bundles/${bundle.body.id}/export.xlsx`).set(buyers[1]!.auth).expect(403);
    const other = await createTestRegion(t, 0);
    await t.http.get(`${API}/bundles/${bundle.body.id}/export.xlsx`).set(other.coordinator.auth).expect(404);
  });
});
