import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { CsvDelimiter, detectCsvDelimiter } from '@buendel/domain';
import { ImportRun, SheetRecord } from './import-run';
import { TextDecoding } from './text-decoding';
import { readAhead } from './upload-stream';

/**
 * The records of a CSV upload, with the lines each spans: decoded to UTF-8 (TextDecoding says
 * which encoding it read), the separator taken from the first line, parsed by csv-parse. A
 * quote left open to the end of the file is reported on every line it swallowed.
 */
export async function* csvRecords(bytes: Readable, run: ImportRun): AsyncGenerator<SheetRecord> {
  const text = new TextDecoding();
  bytes.on('error', (e) => text.destroy(e));
  bytes.pipe(text);
  const delimiter = await sniffDelimiter(text);
  run.delimiter = delimiter;
  run.report.delimiter = delimiter;

  // csv-parse counts a CRLF inside quotes as two lines: what it counted too much so far
  let overcounted = 0;
  // the last line of the last complete record: a quote left open starts after it
  let lastLine = 0;
  const parser = text.pipe(
    parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_records_with_error: true,
      skip_empty_lines: true,
      // the record with its lines (cheaper than csv-parse's info object per record)
      on_record: (cells: string[], context: { lines: number }): SheetRecord => {
        let breaks = 0;
        for (const cell of cells) {
          if (!cell.includes('\n')) continue;
          for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) {
            breaks++;
            if (cell[i - 1] === '\r') overcounted++;
          }
        }
        lastLine = context.lines - overcounted;
        return { cells, line: lastLine - breaks, lastLine };
      },
    }),
  );
  text.on('error', (e) => parser.destroy(e));
  let unclosedQuote = false;
  parser.on('skip', (e: Error & { lines?: number; code?: string }) => {
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') unclosedQuote = true;
    else
      run.reject(
        (e.lines ?? 0) - overcounted,
        'row',
        `cannot be read as CSV: ${e.message}`,
        undefined,
        `kann nicht als CSV gelesen werden: ${e.message}`,
      );
  });
  yield* parser as AsyncIterable<SheetRecord>;
  run.report.encoding = text.encoding;
  if (unclosedQuote) run.rejectQuoted(lastLine + 1, lastLine + 1, Math.max(text.lines, lastLine + 1), 0);
}

/** the separator, from the first line (read ahead and put back for the parser) */
async function sniffDelimiter(source: Readable): Promise<CsvDelimiter> {
  const head = await readAhead(source, (h, last) => last.includes(0x0a) || h.length > 64 * 1024);
  const firstLine =
    head
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .split(/\r?\n/)[0] ?? '';
  return detectCsvDelimiter(firstLine);
}
