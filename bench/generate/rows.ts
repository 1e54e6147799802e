import ExcelJS from 'exceljs';
import { lineValueCents, quantityToMilli } from '@buendel/domain';
import { Random } from '../lib/random';
import { COUNT_UNITS, Family, FAMILIES } from './catalogue';

/** one demand line as the generator draws it (decimals as exact text with a dot) */
export interface DemandLine {
  rowKey: string;
  cpvCode: string;
  title: string;
  quantity: string;
  unit: string;
  unitPriceEur: string;
  deliveryFrom: string;
  deliveryTo: string;
  deliveryAgs: string;
  criteria: string[];
  status: 'open' | 'draft';
}

/** Full CPV codes (with check digit) by their eight digits, read from the product's cpv_codes. */
export type CpvLookup = Map<string, string>;

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const BASE_2027 = Date.UTC(2027, 0, 1);
const BASE_2028 = Date.UTC(2028, 0, 1);
const DURATIONS: Array<[days: number, weight: number]> = [
  [30, 2],
  [90, 3],
  [180, 3],
  [365, 2],
];

function decimal(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return digits > 0 ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/**
 * Draws `count` demand lines. `size` (0.3..3) scales the quantities with the size of the
 * buyer; `agsOf` picks the delivery place of a line. Same random stream -> same lines.
 */
export function drawLines(
  rng: Random,
  count: number,
  options: { keyPrefix: string; size: number; cpv: CpvLookup; agsOf: (rng: Random) => string },
): DemandLine[] {
  const lines: DemandLine[] = [];
  for (let n = 0; n < count; n++) {
    const family: Family = rng.weighted(FAMILIES, (f) => f.weight);
    const item = family.items[rng.zipf(family.items.length, 1.0)]!;
    const cpvCode = options.cpv.get(item.stem);
    if (!cpvCode) throw new Error(`CPV ${item.stem} is not in cpv_codes`);
    const rawQuantity = rng.logNormal(item.quantity * options.size, 0.9, 0.001, 5_000_000_000);
    const quantity = COUNT_UNITS.has(item.unit)
      ? String(Math.max(1, Math.round(rawQuantity)))
      : decimal(Math.max(0.001, rawQuantity), rawQuantity >= 100 ? 0 : 3);
    const price = decimal(Math.max(0.01, rng.logNormal(item.price, 0.25, 0.01, 10_000_000)), 2);
    const later = rng.chance(0.1);
    const from = (later ? BASE_2028 : BASE_2027) + rng.int(0, later ? 200 : 300) * DAY;
    const days = rng.weighted(DURATIONS, ([, w]) => w)[0];
    const criteria = family.criteria.filter(([, p]) => rng.chance(p)).map(([code]) => code);
    lines.push({
      rowKey: `${options.keyPrefix}${n}`,
      cpvCode,
      title: item.title,
      quantity,
      unit: item.unit,
      unitPriceEur: price,
      deliveryFrom: iso(from),
      deliveryTo: iso(from + (days - 1) * DAY),
      deliveryAgs: options.agsOf(rng),
      criteria,
      status: rng.chance(0.05) ? 'draft' : 'open',
    });
  }
  return lines;
}

export const CSV_HEADER =
  'cpvCode;title;quantity;unit;unitPriceEur;deliveryFrom;deliveryTo;deliveryAgs;criteria;status;rowKey';

const germanDate = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
const cell = (text: string) => (/[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * The lines as German Excel writes them: `;` separated, decimal commas, and (for some
 * buyers) German dates; the product's CSV import reads both.
 */
export function toCsv(lines: readonly DemandLine[], germanDates: boolean): string {
  const out = [CSV_HEADER];
  for (const l of lines) {
    out.push(
      [
        l.cpvCode,
        cell(l.title),
        l.quantity.replace('.', ','),
        l.unit,
        l.unitPriceEur.replace('.', ','),
        germanDates ? germanDate(l.deliveryFrom) : l.deliveryFrom,
        germanDates ? germanDate(l.deliveryTo) : l.deliveryTo,
        l.deliveryAgs,
        l.criteria.join(','),
        l.status,
        l.rowKey,
      ].join(';'),
    );
  }
  return `${out.join('\r\n')}\r\n`;
}

/** The header of toXlsx: the German names of the product's template. */
export const XLSX_HEADER = [
  'CPV',
  'Bezeichnung',
  'Menge',
  'Einheit',
  'Einzelpreis (EUR)',
  'Lieferung ab',
  'Lieferung bis',
  'Lieferort (AGS)',
  'Kriterien',
  'Status',
  'Schlüssel',
];

/** The same lines as an Excel workbook: numbers as numbers, dates as dates (as a spreadsheet keeps them). */
export async function toXlsx(lines: readonly DemandLine[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Bedarfe');
  sheet.addRow(XLSX_HEADER);
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  for (const l of lines) {
    const row = sheet.addRow([
      l.cpvCode,
      l.title,
      Number(l.quantity),
      l.unit,
      Number(l.unitPriceEur),
      day(l.deliveryFrom),
      day(l.deliveryTo),
      l.deliveryAgs,
      l.criteria.join(','),
      l.status,
      l.rowKey,
    ]);
    row.getCell(6).numFmt = 'DD.MM.YYYY';
    row.getCell(7).numFmt = 'DD.MM.YYYY';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** the columns the COPY floor writes, in the order of toCopyText */
export const COPY_COLUMNS =
  'organisation_id, created_by, import_key, cpv_code, title, quantity, unit, unit_price_eur, estimated_value_cents, delivery_from, delivery_to, delivery_ags, district_key, criteria, status';

const copyText = (text: string) => text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

/** The same lines in the form the table stores them, as COPY text (the value computed like the product). */
export function toCopyText(lines: readonly DemandLine[], organisationId: string, userId: string): string {
  const out: string[] = [];
  for (const l of lines) {
    const cents = lineValueCents(quantityToMilli(l.quantity), l.unitPriceEur);
    out.push(
      [
        organisationId,
        userId,
        copyText(l.rowKey),
        l.cpvCode,
        copyText(l.title),
        l.quantity,
        l.unit,
        l.unitPriceEur,
        String(cents),
        l.deliveryFrom,
        l.deliveryTo,
        l.deliveryAgs,
        l.deliveryAgs.slice(0, 5),
        `{${l.criteria.join(',')}}`,
        l.status,
      ].join('\t'),
    );
  }
  return `${out.join('\n')}\n`;
}
