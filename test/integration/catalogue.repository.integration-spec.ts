import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataSource, QueryRunner } from 'typeorm';
import { CatalogueRepository, THRESHOLDS_VERSION_SQL, ThresholdsService } from '@buendel/bundling';
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
    const versionOf = async () => (await m.query<Array<{ v: string }>>(`SELECT ${THRESHOLDS_VERSION_SQL} AS v`))[0]!.v;
    const version = await versionOf();
    const [first, ...rest] = configured;
    expect(await repo.thresholdsEqual(m, rest)).toBe(false);
    expect(await repo.thresholdsEqual(m, [{ ...first!, thresholdEur: first!.thresholdEur + 1 }, ...rest])).toBe(false);
    expect(await repo.thresholdsEqual(m, [{ ...first!, label: 'anders' }, ...rest])).toBe(false);
    await repo.replaceThresholds(m, rest);
    expect(await repo.thresholdsEqual(m, rest)).toBe(true);
    expect(await repo.thresholdsEqual(m, configured)).toBe(false);
    // the version names the content: another after the change, the same once it is back
    expect(await versionOf()).not.toBe(version);
    await repo.replaceThresholds(m, configured);
    expect(await versionOf()).toBe(version);
  });

  it('reads the thresholds by category and start, in whole cents', async () => {
    const { version, rows } = await repo.thresholds();
    expect(version).toMatch(/^[0-9a-f]{32}$/);
    expect(rows).toHaveLength(configured.length);
    const keys = rows.map((r) => `${r.category} ${r.valid_from}`);
    expect([...keys].sort()).toEqual(keys);
    expect(rows.every((r) => /^\d+$/.test(r.threshold_cents) && /^\d{4}-\d\d-\d\d$/.test(r.valid_from))).toBe(true);
  });

  it('ThresholdsService: the copy read last serves its version; another version reads the table again', async () => {
    const service = new ThresholdsService(repo);
    const { version } = await repo.thresholds();
    const first = await service.thresholdsOf(version);
    expect(first).toHaveLength(configured.length);
    expect(await service.thresholdsOf(version)).toBe(first);
    const again = await service.thresholdsOf('0'.repeat(32));
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
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
