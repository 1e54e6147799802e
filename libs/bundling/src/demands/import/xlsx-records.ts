import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { SheetCell } from '@buendel/domain';
import { invalidFile } from './import-errors';
import { ImportRun, SheetRecord } from './import-run';

interface ReaderInternals {
  /** workbook.xml: the sheets in tab order */
  model?: { sheets?: Array<{ name: string; rId: string }> };
  /** workbook.xml.rels: rId -> worksheets/sheetN.xml */
  workbookRels?: Array<{ Id: string; Target: string }>;
}

/**
 * The rows of one sheet of an XLSX upload, streamed by exceljs's WorkbookReader (the zip is
 * read as it arrives; sheets that come before the shared strings are parked in a temporary
 * file by exceljs). The first sheet in tab order, or the one named `sheet`. Cells keep their
 * types: numbers and dates as Excel stores them, formulas as their result, rich text as text.
 */
export async function* xlsxRecords(bytes: Readable, run: ImportRun, sheet?: string): AsyncGenerator<SheetRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(bytes, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const internals = reader as unknown as ReaderInternals;
  const seen: string[] = [];
  let found = false;
  try {
    for await (const worksheet of reader) {
      const names = sheetNames(internals);
      const { id, name: fileName } = worksheet as unknown as { id: number | string; name: string };
      const name = names.get(Number(id)) ?? fileName;
      seen.push(name);
      const wanted = sheet ? name === sheet : !found && isFirstSheet(internals, Number(id), names);
      if (!wanted || found) {
        // skip this sheet's rows (the zip must still be read past them)
        for await (const _row of worksheet) void _row;
        continue;
      }
      found = true;
      run.report.sheet = name;
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        const cells: SheetCell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
        yield { cells, line: row.number, lastLine: row.number };
      }
    }
  } catch (e) {
    if (isZipProblem(e)) {
      throw invalidFile('The file cannot be read as XLSX', [
        {
          field: 'file',
          reason: `is not a readable Excel workbook (${(e as Error).message}); save it again as .xlsx`,
          de: `ist keine lesbare Excel-Arbeitsmappe (${(e as Error).message}); bitte erneut als .xlsx speichern`,
        },
      ]);
    }
    throw e;
  }
  if (!found) {
    throw invalidFile(sheet ? `The workbook has no sheet "${sheet}"` : 'The workbook has no sheet', [
      {
        field: sheet ? 'sheet' : 'file',
        reason: seen.length ? `the sheets are: ${quoted(seen)}` : 'has no worksheet',
        de: seen.length ? `die Arbeitsmappe hat die Blätter ${quoted(seen)}` : 'hat kein Tabellenblatt',
      },
    ]);
  }
}

const quoted = (names: string[]) => names.map((s) => `"${s}"`).join(', ');

/** sheet file number -> the name shown on its tab */
function sheetNames(reader: ReaderInternals): Map<number, string> {
  const names = new Map<number, string>();
  const target = new Map((reader.workbookRels ?? []).map((r) => [r.Id, r.Target]));
  for (const s of reader.model?.sheets ?? []) {
    const match = /sheet(\d+)\.xml$/.exec(target.get(s.rId) ?? '');
    if (match) names.set(Number(match[1]), s.name);
  }
  return names;
}

function isFirstSheet(reader: ReaderInternals, id: number, names: Map<number, string>): boolean {
  const first = reader.model?.sheets?.[0]?.name;
  // without the workbook's list the first sheet read counts as the first
  return first === undefined || names.get(id) === first;
}

/** one cell's value as the import reads it */
export function cellValue(value: unknown): SheetCell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v['richText']))
      return (v['richText'] as Array<{ text?: string }>).map((t) => t.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) return cellValue(v['result']);
    if ('text' in v) return cellValue(v['text']);
    if ('error' in v) return String(v['error']);
  }
  return String(value);
}

function isZipProblem(e: unknown): boolean {
  const message = e instanceof Error ? e.message : '';
  return /signature|zip|end of central directory|invalid|unexpected end|FILE_ENDED|Text data outside of root node|Unexpected close tag/i.test(
    message,
  );
}
