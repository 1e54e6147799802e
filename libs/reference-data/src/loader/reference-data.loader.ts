import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { referenceDataDir } from '@buendel/config';
import { PUBLIC_BODY_NAMING_VERSION } from '@buendel/domain';
import { StartupTask, StartupTaskHandler } from '@buendel/persistence';
import {
  CPV_COLUMNS,
  CpvRow,
  DISTRICT_COLUMNS,
  MUNICIPALITY_COLUMNS,
  OrganisationRow,
  parseCsv,
  sha256,
  toCpvRows,
  toOrganisationRows,
  toUnitRows,
  UNIT_COLUMNS,
  UNIT_VOCABULARY_VERSION,
  UnitRow,
  withGermanUnits,
} from './reference-rows';

/**
 * Bumped when the mapping from the files to the tables changes: it is part of every
 * checksum, so that a new mapping loads again although the files are unchanged.
 */
export const REFERENCE_DATA_FORMAT = 'reference-data/1';

export type ReferenceDataset = 'cpv' | 'units' | 'organisations';

export interface DatasetReport {
  dataset: ReferenceDataset;
  /** true when the stored checksum matched and nothing was read or written */
  skipped: boolean;
  checksum: string;
  rows: number;
  inserted: number;
  updated: number;
  /** rows with a reference key that the files no longer have (kept: they may be referenced) */
  stale: number;
  ms: number;
}

interface UpsertCounts {
  inserted: number;
  updated: number;
  stale: number;
}

interface DatasetDefinition {
  name: ReferenceDataset;
  table: 'cpv_codes' | 'units' | 'organisations';
  files: string[];
  /** rules from code that shape the rows (part of the checksum beside the files) */
  rules?: string;
  /** parses the file contents and writes them in the given transaction */
  write(manager: EntityManager, contents: Buffer[]): Promise<UpsertCounts & { rows: number }>;
}

/**
 * Loads the shipped reference data (data/*.csv) into cpv_codes, units and organisations.
 * Bulk (one INSERT ... SELECT FROM unnest(...) per table), idempotent (upserts that write
 * only rows whose values differ; organisation ids never change) and skipped entirely when
 * the stored checksum of a dataset matches its files. Each dataset loads in its own
 * transaction under an advisory lock, so that API instances starting at once load it once.
 */
@Injectable()
@StartupTask('reference data', 10)
export class ReferenceDataLoader implements StartupTaskHandler {
  private readonly logger = new Logger('ReferenceData');

  constructor(private readonly dataSource: DataSource) {}

  async run(): Promise<void> {
    const reports = await this.load();
    for (const r of reports) {
      this.logger.log(
        r.skipped
          ? `${r.dataset}: unchanged (checksum ${r.checksum.slice(0, 12)}), skipped in ${r.ms} ms`
          : `${r.dataset}: ${r.rows} rows, ${r.inserted} inserted, ${r.updated} updated in ${r.ms} ms`,
      );
      if (r.stale > 0) this.logger.warn(`${r.dataset}: ${r.stale} rows in the database are no longer in the files`);
    }
  }

  /** Loads every dataset whose files changed (all of them with `force`). */
  async load(options: { force?: boolean; dataDir?: string } = {}): Promise<DatasetReport[]> {
    const dir = options.dataDir ?? referenceDataDir();
    const reports: DatasetReport[] = [];
    for (const dataset of this.datasets()) {
      reports.push(await this.loadDataset(dataset, dir, options.force ?? false));
    }
    return reports;
  }

  private async loadDataset(dataset: DatasetDefinition, dir: string, force: boolean): Promise<DatasetReport> {
    const started = performance.now();
    const contents = await Promise.all(dataset.files.map((f) => readFile(path.join(dir, f))));
    const checksum = sha256(REFERENCE_DATA_FORMAT, '\0', ...contents.flatMap((c) => [c, '\0']), dataset.rules ?? '');
    const elapsed = () => Math.round(performance.now() - started);
    const skipped = (): DatasetReport => ({
      dataset: dataset.name,
      skipped: true,
      checksum,
      rows: 0,
      inserted: 0,
      updated: 0,
      stale: 0,
      ms: elapsed(),
    });

    if (!force && (await this.storedChecksum(this.dataSource.manager, dataset.name)) === checksum) return skipped();

    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `buendel:reference-data:${dataset.name}`,
      ]);
      // another instance may have loaded it while we waited for the lock
      if (!force && (await this.storedChecksum(manager, dataset.name)) === checksum) return skipped();
      const counts = await dataset.write(manager, contents);
      // fresh statistics, so that the planner sees the new rows (a loaded table starts empty)
      if (counts.inserted + counts.updated > 0) await manager.query(`ANALYZE ${dataset.table}`);
      await manager.query(
        `INSERT INTO reference_data_loads (dataset, checksum, row_count, loaded_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (dataset) DO UPDATE SET checksum = EXCLUDED.checksum, row_count = EXCLUDED.row_count,
           loaded_at = EXCLUDED.loaded_at
         WHERE (reference_data_loads.checksum, reference_data_loads.row_count)
           IS DISTINCT FROM (EXCLUDED.checksum, EXCLUDED.row_count)`,
        [dataset.name, checksum, counts.rows],
      );
      return { dataset: dataset.name, skipped: false, checksum, ...counts, ms: elapsed() };
    });
  }

  private async storedChecksum(manager: EntityManager, dataset: string): Promise<string | undefined> {
    const rows: Array<{ checksum: string }> = await manager.query(
      `SELECT checksum FROM reference_data_loads WHERE dataset = $1`,
      [dataset],
    );
    return rows[0]?.checksum;
  }

  private datasets(): DatasetDefinition[] {
    return [
      {
        name: 'cpv',
        table: 'cpv_codes',
        files: ['cpv-2008.csv'],
        write: async (manager, [cpv]) => {
          const rows = toCpvRows(parseCsv('cpv-2008.csv', cpv, CPV_COLUMNS));
          return { rows: rows.length, ...(await upsertCpv(manager, rows)) };
        },
      },
      {
        name: 'units',
        table: 'units',
        files: ['unit-codes.csv'],
        rules: UNIT_VOCABULARY_VERSION,
        write: async (manager, [units]) => {
          const rows = withGermanUnits(toUnitRows(parseCsv('unit-codes.csv', units, UNIT_COLUMNS)));
          return { rows: rows.length, ...(await upsertUnits(manager, rows)) };
        },
      },
      {
        name: 'organisations',
        table: 'organisations',
        files: ['de-municipalities.csv', 'de-districts.csv'],
        // a change of the naming rules writes the names of the stored organisations again
        rules: PUBLIC_BODY_NAMING_VERSION,
        write: async (manager, [municipalities, districts]) => {
          const rows = toOrganisationRows(
            parseCsv('de-municipalities.csv', municipalities, MUNICIPALITY_COLUMNS),
            parseCsv('de-districts.csv', districts, DISTRICT_COLUMNS),
          );
          return { rows: rows.length, ...(await upsertOrganisations(manager, rows)) };
        },
      },
    ];
  }
}

/** counts of an upsert CTE named `up` that returns `(xmax = 0) AS inserted` */
const COUNT_UPSERT = `SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up`;

async function counted(
  manager: EntityManager,
  upsert: string,
  params: unknown[],
  stale: string,
  staleParams: unknown[],
): Promise<UpsertCounts> {
  const [counts]: Array<{ inserted: number; updated: number }> = await manager.query(
    `WITH up AS (${upsert} RETURNING (xmax = 0) AS inserted) ${COUNT_UPSERT}`,
    params,
  );
  const [old]: Array<{ stale: number }> = await manager.query(stale, staleParams);
  return { inserted: counts.inserted, updated: counts.updated, stale: old.stale };
}

function upsertCpv(manager: EntityManager, rows: CpvRow[]): Promise<UpsertCounts> {
  const codes = rows.map((r) => r.code);
  return counted(
    manager,
    `INSERT INTO cpv_codes (code, digits, label_de, label_en, level, parent_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (code) DO UPDATE SET digits = EXCLUDED.digits, label_de = EXCLUDED.label_de,
       label_en = EXCLUDED.label_en, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code
     WHERE (cpv_codes.digits, cpv_codes.label_de, cpv_codes.label_en, cpv_codes.level, cpv_codes.parent_code)
       IS DISTINCT FROM (EXCLUDED.digits, EXCLUDED.label_de, EXCLUDED.label_en, EXCLUDED.level, EXCLUDED.parent_code)`,
    [
      codes,
      rows.map((r) => r.digits),
      rows.map((r) => r.labelDe),
      rows.map((r) => r.labelEn),
      rows.map((r) => r.level),
      rows.map((r) => r.parentCode),
    ],
    `SELECT count(*)::int AS stale FROM cpv_codes WHERE code NOT IN (SELECT unnest($1::text[]))`,
    [codes],
  );
}

function upsertUnits(manager: EntityManager, rows: UnitRow[]): Promise<UpsertCounts> {
  const codes = rows.map((r) => r.code);
  return counted(
    manager,
    `INSERT INTO units (code, name_en, name_de, symbol, level_category, status, is_common)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[])
     ON CONFLICT (code) DO UPDATE SET name_en = EXCLUDED.name_en, name_de = EXCLUDED.name_de,
       symbol = EXCLUDED.symbol, level_category = EXCLUDED.level_category, status = EXCLUDED.status,
       is_common = EXCLUDED.is_common
     WHERE (units.name_en, units.name_de, units.symbol, units.level_category, units.status, units.is_common)
       IS DISTINCT FROM (EXCLUDED.name_en, EXCLUDED.name_de, EXCLUDED.symbol, EXCLUDED.level_category,
         EXCLUDED.status, EXCLUDED.is_common)`,
    [
      codes,
      rows.map((r) => r.nameEn),
      rows.map((r) => r.nameDe),
      rows.map((r) => r.symbol),
      rows.map((r) => r.levelCategory),
      rows.map((r) => r.status),
      rows.map((r) => r.isCommon),
    ],
    `SELECT count(*)::int AS stale FROM units WHERE code NOT IN (SELECT unnest($1::text[]))`,
    [codes],
  );
}

/** keyed on reference_key: ids of existing organisations never change, and unchanged rows are not written */
function upsertOrganisations(manager: EntityManager, rows: OrganisationRow[]): Promise<UpsertCounts> {
  const keys = rows.map((r) => r.referenceKey);
  return counted(
    manager,
    `INSERT INTO organisations (reference_key, type, name, ags, district_key, nuts3, population, land_key, official_type)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[],
       $8::text[], $9::text[])
     ON CONFLICT (reference_key) WHERE reference_key IS NOT NULL DO UPDATE SET type = EXCLUDED.type,
       name = EXCLUDED.name, ags = EXCLUDED.ags, district_key = EXCLUDED.district_key, nuts3 = EXCLUDED.nuts3,
       population = EXCLUDED.population, land_key = EXCLUDED.land_key, official_type = EXCLUDED.official_type,
       updated_at = now()
     WHERE (organisations.type, organisations.name, organisations.ags, organisations.district_key,
         organisations.nuts3, organisations.population, organisations.land_key, organisations.official_type)
       IS DISTINCT FROM (EXCLUDED.type, EXCLUDED.name, EXCLUDED.ags, EXCLUDED.district_key, EXCLUDED.nuts3,
         EXCLUDED.population, EXCLUDED.land_key, EXCLUDED.official_type)`,
    [
      keys,
      rows.map((r) => r.type),
      rows.map((r) => r.name),
      rows.map((r) => r.ags),
      rows.map((r) => r.districtKey),
      rows.map((r) => r.nuts3),
      rows.map((r) => r.population),
      rows.map((r) => r.landKey),
      rows.map((r) => r.officialType),
    ],
    `SELECT count(*)::int AS stale FROM organisations
     WHERE (reference_key LIKE 'ags:%' OR reference_key LIKE 'kreis:%') AND reference_key NOT IN (SELECT unnest($1::text[]))`,
    [keys],
  );
}
