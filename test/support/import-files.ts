import ExcelJS from 'exceljs';

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
    const row = sheet.addRow([
      r.key,
      r.cpvCode,
      r.title,
      r.quantity,
      r.unit,
      r.unitPriceEur,
      new Date(`${r.deliveryFrom}T00:00:00Z`),
      new Date(`${r.deliveryTo}T00:00:00Z`),
      Number(r.ags),
    ]);
    row.getCell(7).numFmt = 'DD.MM.YYYY';
    row.getCell(8).numFmt = 'DD.MM.YYYY';
    row.getCell(6).numFmt = '#,##0.00 "€"';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
