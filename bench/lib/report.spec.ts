import type { ScenarioResult } from '../scenarios/context';
import { optionsForSize, parseOptions, parseSizes } from './options';
import {
  dataSetTable,
  figureGrowth,
  figureTable,
  formatFactor,
  growth,
  growthLines,
  SizeRun,
  sizesReport,
  table,
} from './report';

const result = (over: Partial<ScenarioResult>): ScenarioResult => ({
  title: 'aggregate all bundles',
  project: 1,
  floor: 1,
  unit: 's',
  ratio: 1,
  target: '<= 2',
  pass: true,
  ...over,
});

const size = (rows: number, participations: number, results: Record<string, ScenarioResult>): SizeRun => ({
  rows,
  bundles: Math.max(50, Math.round((rows / 1_000_000) * 2000)),
  participations,
  results,
  dataSet: 'reused',
  seconds: 90,
  machine: { loadAverageAtStart: [1, 2, 3], loadAverageAtEnd: [4.5, 3.25, 3] },
});

const small = size(250_000, 12_359, {
  R1: result({ project: 0.69, floor: 0.063, ratio: 10.9, pass: false }),
  R2: result({ project: { p50: 10, p99: 20 }, floor: { p50: 2, p99: 4 }, unit: 'ms', ratio: 5 }),
  R5: result({
    project: { joinsPerSecond: 100, joins: 200, counted: 200 },
    floor: { lockedTransactionsPerSecond: 1000 },
    unit: 'joins/s',
    ratio: 0.1,
  }),
});
const middle = size(1_000_000, 189_075, {
  R1: result({ project: 2.691, floor: 0.2016, ratio: 13.3, pass: false }),
  R2: result({ project: { p50: 11, p99: 30 }, floor: { p50: 2, p99: 5 }, unit: 'ms', ratio: 6 }),
  R5: result({
    project: { joinsPerSecond: 80, joins: 200, counted: 200 },
    floor: { lockedTransactionsPerSecond: 900 },
    unit: 'joins/s',
    ratio: 0.09,
  }),
  R4: result({ project: 'failed', floor: null, ratio: null, pass: null }),
});
const large = size(3_000_000, 1_444_812, {
  R1: result({ project: 16.7, floor: 3.03, ratio: 5.5, pass: false }),
});

describe('formatFactor', () => {
  it('keeps two significant digits', () => {
    expect(formatFactor(3.9)).toBe('×3.9');
    expect(formatFactor(3.2101)).toBe('×3.2');
    expect(formatFactor(1)).toBe('×1.0');
    expect(formatFactor(0.951)).toBe('×0.95');
    expect(formatFactor(12.4)).toBe('×12');
    expect(formatFactor(Infinity)).toBe('×?');
  });
});

describe('growth', () => {
  it('divides numbers, key by key for composite figures, and has none for text or a missing figure', () => {
    expect(growth(2, 6)).toBe(3);
    expect(growth({ p50: 10, p99: 20 }, { p50: 11, p99: 30 })).toEqual({ p50: 1.1, p99: 1.5 });
    expect(growth({ a: 1, joins: 200 }, { a: 2, joins: 200 }, new Set(['joins']))).toEqual({ a: 2 });
    expect(growth('failed', 3)).toBeNull();
    expect(growth(undefined, 3)).toBeNull();
    expect(growth(null, null)).toBeNull();
    expect(growth(0, 3)).toBeNull();
  });
});

describe('figureGrowth and growthLines', () => {
  it('compares each size with the next and, from three sizes on, the first with the last', () => {
    const g = figureGrowth([small, middle, large]);
    expect(g['R1']!.map((x) => [x.from, x.to])).toEqual([
      [250_000, 1_000_000],
      [1_000_000, 3_000_000],
      [250_000, 3_000_000],
    ]);
    expect(growthLines(g['R1']!)).toEqual([
      '×3.9 project / ×3.2 floor from 250,000 to 1,000,000',
      '×6.2 project / ×15 floor from 1,000,000 to 3,000,000',
      '×24 project / ×48 floor from 250,000 to 3,000,000',
    ]);
  });

  it('leaves out the keys of a composite figure that are the same at every size', () => {
    const g = figureGrowth([small, middle]);
    expect(g['R5']![0]!.project).toEqual({ joinsPerSecond: 0.8 });
    expect(growthLines(g['R5']!)).toEqual([
      'project joinsPerSecond ×0.80 / floor lockedTransactionsPerSecond ×0.90 from 250,000 to 1,000,000',
    ]);
    expect(growthLines(g['R2']!)).toEqual(['project p50 ×1.1, p99 ×1.5 / floor p99 ×1.3 from 250,000 to 1,000,000']);
  });

  it('says nothing for a figure measured at one size only', () => {
    expect(growthLines(figureGrowth([small, middle])['R4']!)).toEqual([]);
  });
});

describe('figureTable', () => {
  it('has a column per size and a row for project, floor, ratio and result, then the growth', () => {
    const runs = [small, middle];
    expect(figureTable('R1', runs, figureGrowth(runs)['R1']!)).toBe(
      [
        'R1: aggregate all bundles; target <= 2',
        '',
        '| R1 (s)  | 250,000 lines | 1,000,000 lines |',
        '|---------|---------------|-----------------|',
        '| project | 0.69          | 2.691           |',
        '| floor   | 0.063         | 0.202           |',
        '| ratio   | 10.9          | 13.3            |',
        '| result  | MISS          | MISS            |',
        '',
        '×3.9 project / ×3.2 floor from 250,000 to 1,000,000',
      ].join('\n'),
    );
  });

  it('shows a dash where a size did not measure the figure', () => {
    const text = figureTable('R4', [small, middle], []);
    expect(text).toContain('| project | -             | failed          |');
    expect(text).toContain('| result  | -             | n/a             |');
  });
});

describe('dataSetTable', () => {
  it('gives lines, bundles and participations per size, the load, and their growth', () => {
    expect(dataSetTable([small, middle])).toBe(
      [
        '| data set                           | 250,000 lines      | 1,000,000 lines    |',
        '|------------------------------------|--------------------|--------------------|',
        '| demand lines                       | 250,000            | 1,000,000          |',
        '| bundles                            | 500                | 2,000              |',
        '| participations                     | 12,359             | 189,075            |',
        '| loaded or reused                   | reused             | reused             |',
        '| minutes (loading included)         | 1.5                | 1.5                |',
        '| load average at start (1/5/15 min) | 1.00 / 2.00 / 3.00 | 1.00 / 2.00 / 3.00 |',
        '| load average at end                | 4.50 / 3.25 / 3.00 | 4.50 / 3.25 / 3.00 |',
        '',
        '×4.0 lines / ×4.0 bundles / ×15 participations from 250,000 to 1,000,000',
      ].join('\n'),
    );
  });
});

describe('sizesReport', () => {
  it('puts the data sets first, then one table per figure in the order they ran', () => {
    const text = sizesReport([small, middle]);
    const order = ['| demand lines', 'R1: ', 'R2: ', 'R5: ', 'R4: '].map((s) => text.indexOf(s));
    expect(order.every((at, k) => at >= 0 && (k === 0 || at > order[k - 1]!))).toBe(true);
  });
});

describe('table (one size)', () => {
  it('keeps the single-size layout: a row per figure', () => {
    expect(table({ R1: result({ project: 4.529, floor: 0.837, ratio: 5.41, pass: false }) })).toBe(
      [
        '| id | what                  | project | floor | unit | ratio | target | result |',
        '|----|-----------------------|---------|-------|------|-------|--------|--------|',
        '| R1 | aggregate all bundles | 4.529   | 0.837 | s    | 5.41  | <= 2   | MISS   |',
      ].join('\n'),
    );
  });
});

describe('--sizes', () => {
  it('parses sizes in the order given, with underscores, and rejects small or repeated ones', () => {
    expect(parseSizes('250000, 1_000_000,3000000')).toEqual([250_000, 1_000_000, 3_000_000]);
    expect(() => parseSizes('250000,250000')).toThrow(/twice/);
    expect(() => parseSizes('5000')).toThrow(/>= 10787/);
    expect(() => parseSizes('250000,')).toThrow(/\(empty\)/);
  });

  it('gives each size its own rows and bundles (2,000 per 1,000,000, at least 50)', () => {
    const options = parseOptions(['--sizes', '12000,1000000', '--only', 'R1']);
    expect(options.sizes).toEqual([12_000, 1_000_000]);
    expect(optionsForSize(options, 12_000)).toMatchObject({ rows: 12_000, bundles: 50, only: ['R1'] });
    expect(optionsForSize(options, 1_000_000)).toMatchObject({ rows: 1_000_000, bundles: 2000 });
    expect(parseOptions(['--rows', '250000']).sizes).toBeUndefined();
    expect(() => parseOptions(['--sizes', '12000', '--rows', '12000'])).toThrow(/exclude/);
    expect(() => parseOptions(['--sizes', '12000', '--bundles', '60'])).toThrow(/--bundles/);
  });
});
