import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { ImportReport } from '../generate/generator';
import { COPY_COLUMNS, drawLines, toCopyText, toCsv, toXlsx } from '../generate/rows';
import { say } from '../lib/progress';
import { Random } from '../lib/random';
import { median, nowMs, round } from '../lib/stats';
import { BenchContext, ScenarioResult, withProfiles } from './context';

const KEY_PREFIX = 'r4-';
/** imports of the file per run (each followed by a COPY); the median counts */
const IMPORT_RUNS = 3;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * R4: the CSV import of `importRows` demand lines (one file, one POST /demands/import by a
 * district's coordinator, delivering to the district's municipalities) against COPY of
 * the same rows, in their stored form, into the same table (same indexes, constraints and
 * foreign keys) in a transaction that is rolled back. A dry run of the same file (parse,
 * validate, look up; nothing stored) splits the import's time into reading and storing.
 *
 * R4x: the same lines as an XLSX workbook (numbers and dates as cells, made by exceljs)
 * through the same POST /demands/import, against the CSV import of R4: the cost of reading
 * Excel's format instead of its CSV export.
 */
export async function runR4(ctx: BenchContext): Promise<Record<'R4' | 'R4x', ScenarioResult>> {
  const { stack, world, options } = ctx;
  const district = world.largestDistrict();
  const importer = district.coordinator;
  const user = world.user('coordinator', importer.id);
  const token = world.coordinatorToken(district.key);
  const ags = district.places.map((p) => p.ags!);
  const lines = drawLines(new Random(options.seed, 'r4'), options.importRows, {
    keyPrefix: KEY_PREFIX,
    size: 1,
    cpv: world.cpv,
    agsOf: (rng) => rng.pick(ags),
  });
  const csv = toCsv(lines, true);
  const copyText = toCopyText(lines, importer.id, user.id);
  await stack.query(`DELETE FROM demands WHERE organisation_id = $1 AND import_key LIKE '${KEY_PREFIX}%'`, [
    importer.id,
  ]);

  const copyOnce = async (): Promise<number> => {
    const client = await stack.pool.connect();
    try {
      await client.query('BEGIN');
      const started = nowMs();
      await pipeline(Readable.from([copyText]), client.query(copyFrom(`COPY demands (${COPY_COLUMNS}) FROM STDIN`)));
      const ms = nowMs() - started;
      await client.query('ROLLBACK');
      return ms;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
  const xlsx = await toXlsx(lines);
  const upload = async (dryRun: boolean, asXlsx = false): Promise<{ ms: number; report: ImportReport }> => {
    const started = nowMs();
    const response = await stack.client.post<ImportReport>(
      `/api/v1/demands/import${dryRun ? '?dryRun=true' : ''}`,
      token,
      asXlsx ? xlsx : csv,
      asXlsx ? XLSX_TYPE : 'text/csv',
    );
    const ms = nowMs() - started;
    const expected = dryRun ? response.body.created : response.body.created + response.body.updated;
    if (response.status >= 300 || response.body.rejected > 0 || expected !== lines.length) {
      throw new Error(`R4: import answered ${response.status}: ${JSON.stringify(response.body).slice(0, 1500)}`);
    }
    return { ms, report: response.body };
  };

  const clean = () =>
    stack.query(`DELETE FROM demands WHERE organisation_id = $1 AND import_key LIKE '${KEY_PREFIX}%'`, [importer.id]);
  await copyOnce(); // warm-up
  const dry = await upload(true);
  // COPY and the import alternate; medians count
  const floorMs = [await copyOnce()];
  const importMs: number[] = [];
  const stored: number[] = [];
  let profiles: Record<string, string> = {};
  for (let k = 0; k < IMPORT_RUNS; k++) {
    const measured = await withProfiles(ctx, 'R4', k === 0 ? [stack.api] : [], () => upload(false), [
      'node_modules/csv-parse/',
      'readRow',
      'node_modules/class-transformer/',
      'node_modules/class-validator/',
      'storeBatch',
      'resolveDemand',
      'node_modules/pg/',
      'node_modules/typeorm/',
    ]);
    if (k === 0) profiles = measured.profiles;
    importMs.push(measured.result.ms);
    const [count] = await stack.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM demands WHERE organisation_id = $1 AND import_key LIKE '${KEY_PREFIX}%'`,
      [importer.id],
    );
    stored.push(count!.n);
    await clean();
    floorMs.push(await copyOnce());
    say(
      `R4 run ${k + 1}/${IMPORT_RUNS}: import ${round(measured.result.ms / 1000, 2)} s, COPY ${round(floorMs[k + 1]! / 1000, 2)} s`,
    );
  }
  // the XLSX workbook of the same lines, twice, each after the lines of the one before are removed
  const xlsxMs: number[] = [];
  for (let k = 0; k < IMPORT_RUNS; k++) {
    const measured = await upload(false, true);
    xlsxMs.push(measured.ms);
    await clean();
    say(`R4x run ${k + 1}/${IMPORT_RUNS}: XLSX import ${round(measured.ms / 1000, 2)} s`);
  }
  const real = { ms: median(importMs) };
  const allStored = stored.every((n) => n === lines.length);
  // the imports and the rolled-back COPYs left dead rows; the next scenarios (and runs) read demands
  await stack.query('VACUUM (ANALYZE) demands');

  const projectRate = lines.length / (real.ms / 1000);
  const floorRate = lines.length / (median(floorMs) / 1000);
  const ratio = projectRate / floorRate;
  const pass = ratio >= 0.5 && allStored;
  const readShare = dry.ms / real.ms;
  const csvRate = projectRate;
  const xlsxRate = lines.length / (median(xlsxMs) / 1000);
  const r4x: ScenarioResult = {
    title: `XLSX import of the same ${lines.length.toLocaleString('en')} lines vs their CSV import`,
    project: round(xlsxRate, 0),
    floor: round(csvRate, 0),
    unit: 'rows/s',
    ratio: round(xlsxRate / csvRate, 3),
    target: 'figure',
    pass: null,
    note:
      `the workbook is ${round(xlsx.length / 1024 / 1024, 1)} MiB (the CSV ${round(Buffer.byteLength(csv) / 1024 / 1024, 1)} MiB); ` +
      `exceljs's streaming reader unzips and parses the sheet XML as it arrives`,
    details: { xlsxBytes: xlsx.length, xlsxSeconds: xlsxMs.map((ms) => round(ms / 1000, 2)) },
  };
  const r4: ScenarioResult = {
    title: `CSV import of ${lines.length.toLocaleString('en')} demand lines vs COPY of the same rows`,
    project: round(projectRate, 0),
    floor: round(floorRate, 0),
    unit: 'rows/s',
    ratio: round(ratio, 3),
    target: '>= 0.5',
    pass,
    note: pass
      ? undefined
      : `the import takes ${round(real.ms / 1000, 2)} s, COPY ${round(median(floorMs) / 1000, 2)} s. A dry run of the ` +
        `same file (parse, validate every row, look up the codes per batch; nothing stored) takes ${round(dry.ms / 1000, 2)} s, ` +
        `${Math.round(readShare * 100)}% of the import; the rest is the ${Math.ceil(lines.length / 1000)} batches' INSERTs ` +
        'that the reading of the next batch does not hide' +
        (profiles['api'] ? `; API profile: ${profiles['api']}` : '; run with --profile for the API profile') +
        (allStored ? '' : `; rows stored per import: ${stored.join(', ')} of ${lines.length}`),
    details: {
      rows: lines.length,
      csvBytes: Buffer.byteLength(csv),
      importer: `${importer.name} (coordinator of district ${district.key}, ${ags.length} municipalities)`,
      importSeconds: importMs.map((ms) => round(ms / 1000, 2)),
      dryRunSeconds: round(dry.ms / 1000, 2),
      copySeconds: floorMs.map((ms) => round(ms / 1000, 3)),
      stored,
      profiles,
    },
  };
  return { R4: r4, R4x: r4x };
}
