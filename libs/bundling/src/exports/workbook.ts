import { StreamableFile } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { berlinClock } from '@buendel/domain';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Excel number formats as German offices expect them. Excel stores the number; the format
 * codes are locale-neutral, so that German Excel shows 1.234,56 € and 01.03.2027.
 */
export const EXCEL_FORMATS = {
  money: '#,##0.00 "€"',
  /** unit prices keep their four decimals */
  price: '#,##0.00## "€"',
  quantity: '#,##0.###',
  integer: '#,##0',
  percent: '0.0%',
  date: 'DD.MM.YYYY',
  dateTime: 'DD.MM.YYYY HH:MM',
} as const;

export type ExcelFormat = keyof typeof EXCEL_FORMATS;

export interface SheetColumn<T> {
  header: string;
  width?: number;
  format?: ExcelFormat;
  value(row: T): string | number | Date | null | undefined;
}

/** A calendar date (YYYY-MM-DD) as the Date Excel stores for that day (UTC midnight, as exceljs writes it). */
export function excelDate(iso: string | null | undefined): Date | null {
  return iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null;
}

/**
 * An instant as the Date Excel stores for the time a Berlin clock shows then: Excel has no
 * time zone, and exceljs writes a Date's UTC fields, so a deadline at 12:00 Berlin time
 * would read 11:00 (10:00 in summer).
 */
export function excelBerlinTime(instant: Date): Date {
  if (Number.isNaN(instant.getTime())) return instant;
  const { date, time } = berlinClock(instant);
  return new Date(`${date}T${time}Z`);
}

/** a cell's value as written: instants of a date-time column as a Berlin clock shows them */
const cellValue = <V>(value: V, format: ExcelFormat | undefined): V | Date =>
  format === 'dateTime' && value instanceof Date ? excelBerlinTime(value) : value;

/** Adds a sheet with a bold, frozen header row, filters and the columns' formats. */
export function addTable<T>(workbook: ExcelJS.Workbook, name: string, columns: SheetColumn<T>[], rows: Iterable<T>) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(12, c.header.length + 2),
    style: c.format ? { numFmt: EXCEL_FORMATS[c.format] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => cellValue(c.value(row) ?? null, c.format)));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

/** A label / value sheet (summaries: totals, regime, dates). */
export function addFacts(
  workbook: ExcelJS.Workbook,
  name: string,
  facts: Array<[string, string | number | Date | null, ExcelFormat?]>,
) {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = [{ width: 34 }, { width: 40 }];
  for (const [label, value, format] of facts) {
    const row = sheet.addRow([label, cellValue(value, format)]);
    row.getCell(1).font = { bold: true };
    if (format) row.getCell(2).numFmt = EXCEL_FORMATS[format];
  }
  return sheet;
}

export function newWorkbook(title: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bündel';
  workbook.title = title;
  workbook.created = new Date();
  return workbook;
}

/** The workbook as a download named `fileName`. */
export async function xlsxFile(workbook: ExcelJS.Workbook, fileName: string): Promise<StreamableFile> {
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return new StreamableFile(buffer, {
    type: XLSX_MEDIA_TYPE,
    disposition: `attachment; filename="${fileName}"`,
    length: buffer.length,
  });
}

/** a download name from a title: `buendel-e-fahrzeuge-2027.xlsx` (ASCII, for every browser) */
export function fileNameOf(prefix: string, title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${prefix}${slug ? `-${slug}` : ''}.xlsx`;
}
