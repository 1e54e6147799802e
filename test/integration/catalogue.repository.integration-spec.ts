import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataSource, QueryRunner } from 'typeorm';
import { CatalogueRepository } from '@buendel/bundling';
import { configTablesDir } from '@buendel/config';
import { CRITERIA_CATALOGUE, parseThresholds, Threshold } from '@buendel/domain';
import { openIntegrationDb } from '../support/integration-db';

/**
 * CatalogueRepository against the run's migrated database (no Nest, no HTTP). The tables are
 * shared by every test file, so whatever a test changes happens in a transaction it rolls back.
 */
describe('CatalogueRepository against PostgreSQL', () => {
  let db: DataSource;
  let repo: CatalogueRepository;
  let runner: QueryRunner;
  let configured: Threshold[];

  beforeAll(async () => {
    db = await openIntegrationDb();
    repo = new CatalogueRepository(db);
    configured = parseThresholds(await readFile(path.join(configTablesDir(), 'thresholds.json'), 'utf8'));
  });
  beforeEach(async () => {
    runner = db.createQueryRunner();
    await runner.startTransaction();
  });
  afterEach(async () => {
    await runner.rollbackTransaction();
    await runner.release();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('the table equals the configured thresholds; a changed, a missing or an extra period makes it differ', async () => {
    const m = runner.manager;
    expect(await repo.thresholdsEqual(m, configured)).toBe(true);
    const [first, ...rest] = configured;
    expect(await repo.thresholdsEqual(m, rest)).toBe(false);
    expect(await repo.thresholdsEqual(m, [{ ...first!, thresholdEur: first!.thresholdEur + 1 }, ...rest])).toBe(false);
    expect(await repo.thresholdsEqual(m, [{ ...first!, label: 'anders' }, ...rest])).toBe(false);
    await repo.replaceThresholds(m, rest);
    expect(await repo.thresholdsEqual(m, rest)).toBe(true);
    expect(await repo.thresholdsEqual(m, configured)).toBe(false);
  });

  it('reads the thresholds by category and start, in whole cents', async () => {
    const rows = await repo.thresholds();
    expect(rows).toHaveLength(configured.length);
    const keys = rows.map((r) => `${r.category} ${r.valid_from}`);
    expect([...keys].sort()).toEqual(keys);
    expect(rows.every((r) => /^\d+$/.test(r.threshold_cents) && /^\d{4}-\d\d-\d\d$/.test(r.valid_from))).toBe(true);
  });

  it('adds a criterion once, knows its code, and the built-in seed changes no row a second time', async () => {
    const m = runner.manager;
    const code = `TEST_${Date.now().toString(36).toUpperCase()}`;
    const criterion = {
      code,
      nameDe: 'Testkriterium',
      nameEn: 'Test criterion',
      phases: ['award'],
      parameter: null,
      cpvPrefixes: ['3414'],
      legalReference: '§ 58 VgV',
    };
    expect(await repo.insertCriterion(m, criterion)).toBe(true);
    expect(await repo.insertCriterion(m, { ...criterion, nameDe: 'Zweites' })).toBe(false);
    expect(await repo.criterion(m, code)).toMatchObject({ nameDe: 'Testkriterium', builtin: false });
    const builtin = CRITERIA_CATALOGUE[0]!.code;
    expect(await repo.knownCriterionCodes([code, builtin, 'NO_SUCH'], m)).toEqual(new Set([code, builtin]));
    expect(await repo.knownCriterionCodes([code])).toEqual(new Set()); // outside the transaction: not there
    const before = await db.query<Array<{ xmin: string }>>(
      `SELECT xmin::text FROM sustainability_criteria ORDER BY code`,
    );
    await repo.seedBuiltinCriteria();
    const after = await db.query<Array<{ xmin: string }>>(
      `SELECT xmin::text FROM sustainability_criteria ORDER BY code`,
    );
    expect(after).toEqual(before);
    expect((await repo.allCriterionCodes()).size).toBeGreaterThanOrEqual(CRITERIA_CATALOGUE.length);
  });
});
