import http from 'node:http';
import { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import type { TestApp, TestUser } from '@buendel/testing';

/** the same demand rows as CSV (text, German Excel style) and as XLSX (typed cells), for the import tests */
export interface SheetDemand {
  key: string;
  cpvCode: string;
  title: string;
  quantity: number;
  unit: string;
  unitPriceEur: number;
  deliveryFrom: string;
  deliveryTo: string;
  ags: string;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const SHEET_HEADER = [
  'Schlüssel',
  'CPV',
  'Bezeichnung',
  'Menge',
  'Einheit',
  'Einzelpreis (EUR)',
  'Lieferung ab',
  'Lieferung bis',
  'Lieferort',
];

const TITLES = ['Ökostrom für das Feuerwehrgerätehaus', 'Straßenbeleuchtung Süd', 'Bürostühle', 'Kopierpapier A4 weiß'];
const UNITS = ['Stück', 'Stk.', 'kWh', 'H87', 'Karton'];
const CPV = ['09310000-5', '34144900-7', '39111000-3', '30197630-1'];

/** `n` demands with umlauts, decimals and dates, delivering to `ags` */
export function sheetDemands(n: number, ags: string, prefix = 'S'): SheetDemand[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `${prefix}-${i + 1}`,
    cpvCode: CPV[i % CPV.length]!,
    title: `${TITLES[i % TITLES.length]} ${i + 1}`,
    quantity: ((i * 37) % 5000) / 8 + 0.125,
    unit: UNITS[i % UNITS.length]!,
    unitPriceEur: ((i * 7919) % 100000) / 100 + 0.5,
    deliveryFrom: `2027-${String((i % 12) + 1).padStart(2, '0')}-01`,
    deliveryTo: `2028-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
    ags,
  }));
}

const german = (n: number) => n.toLocaleString('de-DE', { maximumFractionDigits: 4, useGrouping: true });
const germanDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** as German Excel writes "CSV (Trennzeichen-getrennt)": `;`, decimal commas, thousands dots, German dates, CRLF */
export function sheetCsv(rows: SheetDemand[]): string {
  const lines = [SHEET_HEADER.join(';')];
  for (const r of rows) {
    lines.push(
      [
        r.key,
        r.cpvCode,
        r.title,
        german(r.quantity),
        r.unit,
        german(r.unitPriceEur),
        germanDate(r.deliveryFrom),
        germanDate(r.deliveryTo),
        r.ags,
      ].join(';'),
    );
  }
  return lines.map((l) => `${l}\r\n`).join('');
}

/** a workbook made by exceljs: numbers as numbers, dates as dates (formatted as German Excel shows them) */
export async function sheetXlsx(
  rows: SheetDemand[],
  options: { sheetName?: string; before?: string[][]; extraSheetFirst?: string } = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  if (options.extraSheetFirst) workbook.addWorksheet(options.extraSheetFirst).addRow(['nichts hier']);
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Bedarfe');
  for (const line of options.before ?? []) sheet.addRow(line);
  sheet.addRow(SHEET_HEADER);
  for (const r of rows) {
    const row = sheet.addRow(sheetCells(r));
    row.getCell(7).numFmt = 'DD.MM.YYYY';
    row.getCell(8).numFmt = 'DD.MM.YYYY';
    row.getCell(6).numFmt = '#,##0.00 "€"';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** the cells of one demand as a spreadsheet row: numbers as numbers, dates as dates */
export function sheetCells(r: SheetDemand): Array<string | number | Date> {
  return [
    r.key,
    r.cpvCode,
    r.title,
    r.quantity,
    r.unit,
    r.unitPriceEur,
    new Date(`${r.deliveryFrom}T00:00:00Z`),
    new Date(`${r.deliveryTo}T00:00:00Z`),
    Number(r.ags),
  ];
}

/** POSTs the first `fraction` of a body that announces its full length, then cuts the connection */
export async function postCut(t: TestApp, user: TestUser, path: string, body: Buffer, fraction: number): Promise<void> {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  await new Promise<void>((resolve) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path,
      headers: { ...user.auth, 'content-type': 'text/csv', 'content-length': body.length },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(body.subarray(0, Math.floor(body.length * fraction)), () => setTimeout(() => req.destroy(), 300));
  });
}

/** supertest: the body of a binary answer as a Buffer */
export function binaryBody(res: Response, done: (e: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
