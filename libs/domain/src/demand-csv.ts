import { CRITERIA_CATALOGUE } from './criteria-catalogue';
import { isIsoDate } from './dates';
import { unitCodeOrText } from './units';

/**
 * Pure reading of demand CSV files as Excel writes them: `;` (German Excel) or `,` or tab
 * separated, German or English column names, German decimal commas and thousands dots,
 * German dates. Turns one record into the plain fields of a demand; the caller validates
 * them exactly like a `POST /demands` body.
 */

export type CsvDelimiter = ';' | ',' | '\t';

/** The separator of a file from its header line: the most frequent of `;`, `,` and tab outside quotes. */
export function detectCsvDelimiter(headerLine: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.keys(counts) as CsvDelimiter[]).sort((a, b) => counts[b] - counts[a])[0];
  return counts[best] > 0 ? best : ';';
}

/** the demand fields a CSV column can carry */
export const DEMAND_CSV_FIELDS = [
  'rowKey',
  'cpvCode',
  'title',
  'description',
  'specificationKey',
  'specificationText',
  'quantity',
  'unit',
  'unitPriceEur',
  'deliveryFrom',
  'deliveryTo',
  'deliveryAgs',
  'criteria',
  'status',
] as const;
export type DemandCsvField = (typeof DEMAND_CSV_FIELDS)[number];

export const REQUIRED_DEMAND_CSV_FIELDS: readonly DemandCsvField[] = [
  'cpvCode',
  'title',
  'quantity',
  'unit',
  'unitPriceEur',
  'deliveryFrom',
  'deliveryTo',
];

/** accepted column names per field, folded (see foldHeader) */
const ALIASES: Record<DemandCsvField, readonly string[]> = {
  rowKey: ['rowkey', 'key', 'zeilenschluessel', 'schluessel', 'externeid', 'externalid', 'referenz', 'reference', 'nr'],
  cpvCode: ['cpvcode', 'cpv', 'cpvnummer'],
  title: ['title', 'titel', 'bezeichnung', 'artikel', 'leistung'],
  description: ['description', 'beschreibung', 'details', 'bemerkung'],
  specificationKey: ['specificationkey', 'produktschluessel', 'spezifikationsschluessel', 'produktkennung'],
  specificationText: ['specificationtext', 'produktspezifikation', 'spezifikation', 'spezifikationstext'],
  quantity: ['quantity', 'menge', 'anzahl', 'stueckzahl'],
  unit: ['unit', 'unitcode', 'einheit', 'mengeneinheit'],
  unitPriceEur: [
    'unitpriceeur',
    'unitprice',
    'einzelpreis',
    'einzelpreiseur',
    'nettoeinzelpreis',
    'preisjeeinheit',
    'stueckpreis',
    'preis',
  ],
  deliveryFrom: ['deliveryfrom', 'lieferungab', 'liefervon', 'lieferbeginn', 'lieferzeitraumvon'],
  deliveryTo: ['deliveryto', 'lieferungbis', 'lieferbis', 'lieferende', 'lieferzeitraumbis'],
  deliveryAgs: ['deliveryags', 'ags', 'lieferort', 'lieferortags', 'gemeindeschluessel'],
  criteria: ['criteria', 'kriterien', 'nachhaltigkeitskriterien'],
  status: ['status'],
};

/** lower case, umlauts spelled out, only letters and digits: "Einzelpreis (€)" -> "einzelpreis" */
export function foldHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
}

const FIELD_OF = new Map<string, DemandCsvField>(
  DEMAND_CSV_FIELDS.flatMap((field) => ALIASES[field].map((alias) => [alias, field] as const)),
);

export interface CsvHeaderProblem {
  column: string;
  reason: string;
}

export interface DemandCsvHeader {
  /** column index -> field */
  fields: Array<DemandCsvField | undefined>;
  /** field -> the header as written in the file (for messages) */
  columnOf: Partial<Record<DemandCsvField, string>>;
  /** columns that mean nothing to us; they are left alone */
  ignored: string[];
  problems: CsvHeaderProblem[];
}

/** Maps the header row to demand fields; missing required and doubled columns are problems. */
export function mapDemandCsvHeader(headers: readonly string[]): DemandCsvHeader {
  const fields: Array<DemandCsvField | undefined> = [];
  const columnOf: Partial<Record<DemandCsvField, string>> = {};
  const ignored: string[] = [];
  const problems: CsvHeaderProblem[] = [];
  for (const header of headers) {
    const field = FIELD_OF.get(foldHeader(header));
    fields.push(field);
    if (!field) {
      if (header.trim() !== '') ignored.push(header);
    } else if (columnOf[field] !== undefined) {
      problems.push({ column: header, reason: `means the same as column "${columnOf[field]}" (${field})` });
    } else {
      columnOf[field] = header;
    }
  }
  for (const field of REQUIRED_DEMAND_CSV_FIELDS) {
    if (columnOf[field] === undefined) {
      problems.push({
        column: field,
        reason: `is missing; name a column "${field}" or "${ALIASES[field][1] ?? ALIASES[field][0]}"`,
      });
    }
  }
  return { fields, columnOf, ignored, problems };
}

/**
 * A decimal as written in a German or English spreadsheet, as a plain decimal string
 * (`"1.234,5"` -> `"1234.5"`), or undefined if it is none. A single comma is the decimal
 * separator. Dots group thousands when a comma follows, or, in a `;` file (German Excel),
 * when they group exactly three digits (`1.234`); otherwise a dot is the decimal point.
 * English grouping (`1,234,567` or `1,234.5`) is read outside `;` files. A currency sign
 * or "EUR" and spaces are ignored.
 */
export function parseLocaleDecimal(text: string, delimiter: CsvDelimiter = ';'): string | undefined {
  const t = text.replace(/€|eur/gi, '').replace(/[\s\u00a0\u202f']/g, '');
  if (/^\d+(,\d+)?$/.test(t)) return t.replace(',', '.');
  if (/^\d{1,3}(\.\d{3})+,\d+$/.test(t)) return t.replace(/\./g, '').replace(',', '.');
  if (delimiter === ';' && /^\d{1,3}(\.\d{3})+$/.test(t)) return t.replace(/\./g, '');
  if (/^\d+\.\d+$/.test(t)) return t;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) && delimiter !== ';') return t.replace(/,/g, '');
  return undefined;
}

/** `2026-03-01`, `01.03.2026` or `1.3.2026` as `2026-03-01`; undefined if it is no real date. */
export function parseLocaleDate(text: string): string | undefined {
  const t = text.trim();
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  const iso = german ? `${german[3]}-${german[2].padStart(2, '0')}-${german[1].padStart(2, '0')}` : t.slice(0, 10);
  if (!german && !/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(t)) return undefined;
  return isIsoDate(iso) ? iso : undefined;
}

/** criterion codes in one cell, separated by spaces, commas, semicolons or bars */
export function splitCodeList(text: string): string[] {
  return text
    .split(/[\s,;|]+/)
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
}

/** a name folded for comparing: lower case, one space between words */
const foldName = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** the built-in criteria by their German name, in full and without its parenthesis ("Blauer Engel") */
const CRITERION_BY_NAME = new Map(
  CRITERIA_CATALOGUE.flatMap((c) => [
    [foldName(c.name.de), c.code],
    [foldName(c.name.de.replace(/\s*\(.*\)\s*$/, '')), c.code],
  ]),
);

/**
 * The criteria of a cell as offices write them: codes (`BLAUER_ENGEL TAKE_BACK`), or the
 * German names of the catalogue separated by commas, semicolons or bars ("Blauer Engel,
 * Garantiedauer"); a name the catalogue does not know stays as written, for the validation to
 * name.
 */
export function splitCriteriaCell(text: string): string[] {
  return text.split(/[,;|]+/).flatMap((part) => {
    const code = CRITERION_BY_NAME.get(foldName(part));
    if (code) return [code];
    // codes (upper case or with _) may stand apart by spaces; other words are one name, as written
    const words = part.trim().split(/\s+/);
    const codes = words.every((w) => /^[A-Za-z0-9_]+$/.test(w) && (w.includes('_') || w === w.toUpperCase()));
    return codes ? splitCodeList(part) : part.trim() ? [part.trim()] : [];
  });
}

/** the status as offices write it: "offen" and "Entwurf" as well as `open` and `draft` */
const STATUS_WORDS: Readonly<Record<string, string>> = { offen: 'open', entwurf: 'draft' };

export function demandCsvStatus(cell: string): string {
  const lower = cell.trim().toLowerCase();
  return STATUS_WORDS[lower] ?? lower;
}

/** The raw demand of one record: numbers and dates normalised where they can be read, else left as text. */
export interface DemandCsvValues {
  rowKey?: string;
  cpvCode?: string;
  title?: string;
  description?: string;
  specificationKey?: string;
  specificationText?: string;
  quantity?: number | string;
  unit?: string;
  unitPriceEur?: number | string;
  deliveryFrom?: string;
  deliveryTo?: string;
  deliveryAgs?: string;
  criteria?: string[];
  status?: string;
}

/** A cell as a file gives it: text from CSV; numbers, dates and booleans as such from a spreadsheet. */
export type SheetCell = string | number | boolean | Date | null | undefined;

/** delivery dates outside these years are mistakes (year 0000, 2207 for 2027), and PostgreSQL refuses some */
export const DEMAND_DATE_YEARS = { from: 1900, to: 2200 } as const;

/** Why a YYYY-MM-DD date is out of the accepted years, or undefined. */
export function demandDateProblem(iso: string): string | undefined {
  const year = Number(iso.slice(0, 4));
  return year < DEMAND_DATE_YEARS.from || year > DEMAND_DATE_YEARS.to
    ? `must be a date between ${DEMAND_DATE_YEARS.from} and ${DEMAND_DATE_YEARS.to}`
    : undefined;
}

/** An Excel serial day (1900 date system; 60 is the phantom 29 Feb 1900) as YYYY-MM-DD, or undefined. */
export function excelSerialToIsoDate(serial: number, date1904 = false): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return undefined;
  const days = Math.floor(serial) + (date1904 ? 1462 : 0);
  // serials after the phantom 29 Feb 1900 are one day ahead of the real calendar
  const epoch = Date.UTC(1899, 11, days > 60 ? 30 : 31);
  return new Date(epoch + days * 86_400_000).toISOString().slice(0, 10);
}

/** a date cell of a spreadsheet (exceljs gives UTC midnight of the day shown) as YYYY-MM-DD */
function sheetDate(cell: Date): string | undefined {
  return Number.isNaN(cell.getTime()) ? undefined : cell.toISOString().slice(0, 10);
}

/** a code typed as a number loses its leading zeros in a spreadsheet: 1001000 is the AGS 01001000 */
function codeText(cell: number, digits: number): string {
  return Number.isInteger(cell) && cell >= 0 ? String(cell).padStart(digits, '0') : String(cell);
}

function textOf(cell: Exclude<SheetCell, null | undefined>): string {
  if (cell instanceof Date) return sheetDate(cell) ?? '';
  return String(cell);
}

/**
 * Reads one record with the header mapping. Empty cells are absent. A number or date that
 * cannot be read stays text, so that the validation names the field and what it found.
 * Text cells are read as German Excel writes them (decimal commas, 01.03.2027); a
 * spreadsheet's numbers and dates are taken as they are.
 */
export function readDemandRecord(
  record: readonly SheetCell[],
  header: DemandCsvHeader,
  delimiter: CsvDelimiter = ';',
): DemandCsvValues {
  const values: DemandCsvValues = {};
  header.fields.forEach((field, i) => {
    const raw = record[i];
    if (!field || raw === undefined || raw === null) return;
    if (typeof raw !== 'string') {
      readTypedCell(values, field, raw);
      return;
    }
    const cell = raw.trim();
    if (cell === '') return;
    switch (field) {
      case 'quantity':
      case 'unitPriceEur': {
        const decimal = parseLocaleDecimal(cell, delimiter);
        values[field] = decimal === undefined ? cell : Number(decimal);
        break;
      }
      case 'deliveryFrom':
      case 'deliveryTo':
        values[field] = parseLocaleDate(cell) ?? cell;
        break;
      case 'criteria':
        values.criteria = splitCriteriaCell(cell);
        break;
      case 'unit':
        values.unit = unitCodeOrText(cell);
        break;
      case 'status':
        values.status = demandCsvStatus(cell);
        break;
      default:
        values[field] = cell;
    }
  });
  return values;
}

/** a spreadsheet's number, date or boolean in a field */
function readTypedCell(values: DemandCsvValues, field: DemandCsvField, cell: number | boolean | Date): void {
  switch (field) {
    case 'quantity':
    case 'unitPriceEur':
      // Excel shows (and means) 15 significant digits; beyond them is binary noise (0.1 + 0.2)
      values[field] = typeof cell === 'number' ? Number(cell.toPrecision(15)) : textOf(cell);
      break;
    case 'deliveryFrom':
    case 'deliveryTo':
      values[field] =
        cell instanceof Date
          ? (sheetDate(cell) ?? textOf(cell))
          : typeof cell === 'number'
            ? (excelSerialToIsoDate(cell) ?? textOf(cell))
            : textOf(cell);
      break;
    case 'cpvCode':
      values.cpvCode = typeof cell === 'number' ? codeText(cell, 8) : textOf(cell);
      break;
    case 'deliveryAgs':
      values.deliveryAgs = typeof cell === 'number' ? codeText(cell, 8) : textOf(cell);
      break;
    case 'criteria':
      values.criteria = splitCriteriaCell(textOf(cell));
      break;
    case 'unit':
      values.unit = unitCodeOrText(textOf(cell));
      break;
    case 'status':
      values.status = demandCsvStatus(textOf(cell));
      break;
    default:
      values[field] = textOf(cell);
  }
}

/** the CSV form of readDemandRecord (every cell is text) */
export const readDemandCsvRecord: (
  record: readonly string[],
  header: DemandCsvHeader,
  delimiter: CsvDelimiter,
) => DemandCsvValues = readDemandRecord;
