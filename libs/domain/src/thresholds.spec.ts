import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { berlinDate } from './dates';
import {
  findThreshold,
  NoThresholdError,
  parseThresholds,
  procedureRegime,
  Threshold,
  THRESHOLD_CATEGORIES,
  ThresholdConfigError,
  thresholdCategoryFor,
} from './thresholds';

const configText = readFileSync(join(__dirname, '../../../config/thresholds.json'), 'utf8');
const thresholds = parseThresholds(configText);

function problemsOf(json: unknown): readonly string[] {
  try {
    parseThresholds(json);
  } catch (e) {
    if (e instanceof ThresholdConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ThresholdConfigError');
}

const entry = (over: Partial<Threshold> = {}): Record<string, unknown> => ({
  category: 'WORKS',
  thresholdEur: 5404000,
  validFrom: '2026-01-01',
  validTo: '2027-12-31',
  legalBasis: '§ 106 GWB',
  ...over,
});

describe('thresholds configuration', () => {
  it('parses config/thresholds.json with both periods of every category', () => {
    expect(thresholds).toHaveLength(8);
    for (const category of THRESHOLD_CATEGORIES) {
      expect(thresholds.filter((t) => t.category === category).map((t) => [t.validFrom, t.validTo])).toEqual([
        ['2024-01-01', '2025-12-31'],
        ['2026-01-01', '2027-12-31'],
      ]);
    }
    const on2026 = (c: (typeof THRESHOLD_CATEGORIES)[number]) =>
      findThreshold(c, '2026-06-01', thresholds).thresholdEur;
    expect(on2026('SUPPLIES_SERVICES_SUB_CENTRAL')).toBe(216000);
    expect(on2026('SUPPLIES_SERVICES_CENTRAL')).toBe(140000);
    expect(on2026('UTILITIES_SUPPLIES_SERVICES')).toBe(432000);
    expect(on2026('WORKS')).toBe(5404000);
    const on2025 = (c: (typeof THRESHOLD_CATEGORIES)[number]) =>
      findThreshold(c, '2025-06-01', thresholds).thresholdEur;
    expect(on2025('SUPPLIES_SERVICES_SUB_CENTRAL')).toBe(221000);
    expect(on2025('SUPPLIES_SERVICES_CENTRAL')).toBe(143000);
    expect(on2025('UTILITIES_SUPPLIES_SERVICES')).toBe(443000);
    expect(on2025('WORKS')).toBe(5538000);
    expect(findThreshold('SUPPLIES_SERVICES_SUB_CENTRAL', '2026-01-01', thresholds).legalBasis).toBe(
      '§ 106 Abs. 2 Nr. 1 GWB i. V. m. Art. 4 Buchst. c RL 2014/24/EU; § 3 VgV',
    );
  });

  it('accepts the parsed object and the bare array as well as the text', () => {
    expect(parseThresholds(JSON.parse(configText))).toEqual(thresholds);
    expect(parseThresholds([entry()])).toEqual([entry()]);
    expect(parseThresholds([entry({ validTo: null })])[0].validTo).toBeNull();
  });

  it('rejects overlapping periods within a category', () => {
    const problems = problemsOf([entry(), entry({ validFrom: '2027-12-31', validTo: '2029-12-31' })]);
    expect(problems).toEqual([expect.stringMatching(/WORKS: period from 2027-12-31 overlaps/)]);
    expect(problemsOf([entry({ validTo: null }), entry({ validFrom: '2028-01-01', validTo: '2029-12-31' })])).toEqual([
      expect.stringMatching(/overlaps .* open end/),
    ]);
    expect(problemsOf([entry(), entry()])).toHaveLength(1);
  });

  it('rejects gaps within a category but not between categories', () => {
    expect(problemsOf([entry(), entry({ validFrom: '2028-01-02', validTo: '2029-12-31' })])).toEqual([
      'WORKS: gap between 2027-12-31 and 2028-01-02',
    ]);
    expect(
      parseThresholds([
        entry(),
        entry({ category: 'SUPPLIES_SERVICES_CENTRAL', validFrom: '2030-01-01', validTo: '2031-12-31' }),
      ]),
    ).toHaveLength(2);
  });

  it('names every malformed field', () => {
    const problems = problemsOf({
      thresholds: [
        entry({ category: 'SOCIAL' as never }),
        entry({ thresholdEur: -1 }),
        entry({ thresholdEur: 1.234 }),
        entry({ validFrom: '2026-02-30' }),
        entry({ validTo: '31.12.2027' }),
        entry({ validFrom: '2027-01-01', validTo: '2026-01-01' }),
        entry({ legalBasis: ' ' }),
        42,
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^thresholds\[0\]\.category: unknown category "SOCIAL"/),
      expect.stringMatching(/^thresholds\[1\]\.thresholdEur/),
      expect.stringMatching(/^thresholds\[2\]\.thresholdEur/),
      expect.stringMatching(/^thresholds\[3\]\.validFrom/),
      expect.stringMatching(/^thresholds\[4\]\.validTo/),
      'thresholds[5]: validTo 2026-01-01 is before validFrom 2027-01-01',
      expect.stringMatching(/^thresholds\[6\]\.legalBasis/),
      'thresholds[7]: expected an object',
    ]);
  });

  it('rejects non-JSON, wrong shapes and other currencies', () => {
    expect(problemsOf('{ nope')).toEqual([expect.stringMatching(/not valid JSON/)]);
    expect(problemsOf({ limits: [] })).toEqual([expect.stringMatching(/"thresholds" array/)]);
    expect(problemsOf({ currency: 'USD', thresholds: [] })).toEqual(['currency must be EUR, got "USD"']);
  });
});

describe('procedureRegime', () => {
  const on = new Date('2026-03-15T10:00:00Z');
  const regime = (
    estimatedValueCents: number,
    category: (typeof THRESHOLD_CATEGORIES)[number] = 'SUPPLIES_SERVICES_SUB_CENTRAL',
  ) => procedureRegime({ estimatedValueCents, category, on, thresholds });

  it('is EU-wide at or above the threshold and national below it', () => {
    expect(regime(21_600_000).scope).toBe('EU');
    expect(regime(21_599_999).scope).toBe('NATIONAL');
    expect(regime(0).scope).toBe('NATIONAL');
    expect(regime(14_000_000, 'SUPPLIES_SERVICES_CENTRAL').scope).toBe('EU');
    expect(regime(43_199_999, 'UTILITIES_SUPPLIES_SERVICES').scope).toBe('NATIONAL');
    expect(regime(540_400_000, 'WORKS').scope).toBe('EU');
  });

  it('returns the threshold, its legal basis and validity', () => {
    expect(regime(30_000_000)).toEqual({
      scope: 'EU',
      thresholdEur: 216000,
      legalBasis: '§ 106 Abs. 2 Nr. 1 GWB i. V. m. Art. 4 Buchst. c RL 2014/24/EU; § 3 VgV',
      category: 'SUPPLIES_SERVICES_SUB_CENTRAL',
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
    });
  });

  it('uses the period in force on the date: EUR 218,000 is EU-wide in 2026 but national in 2025', () => {
    const value = 21_800_000;
    const at = (d: string) =>
      procedureRegime({ estimatedValueCents: value, category: 'SUPPLIES_SERVICES_SUB_CENTRAL', on: d, thresholds });
    expect(at('2025-12-31').scope).toBe('NATIONAL');
    expect(at('2026-01-01').scope).toBe('EU');
  });

  it('reads the date in Europe/Berlin', () => {
    // 23:30 UTC on 31 Dec 2025 is already 1 Jan 2026 in Berlin
    expect(berlinDate(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
    expect(berlinDate('2026-06-30T22:30:00Z')).toBe('2026-07-01');
    expect(berlinDate('2026-06-30')).toBe('2026-06-30');
    expect(() => berlinDate('2026-02-30')).toThrow(/invalid date/);
    expect(() => berlinDate(new Date('nope'))).toThrow(/invalid date/);
    expect(
      procedureRegime({ estimatedValueCents: 1, category: 'WORKS', on: new Date('2025-12-31T23:30:00Z'), thresholds })
        .thresholdEur,
    ).toBe(5404000);
  });

  it('throws a typed error when no threshold is in force', () => {
    const call = () => procedureRegime({ estimatedValueCents: 1, category: 'WORKS', on: '2028-01-01', thresholds });
    expect(call).toThrow(NoThresholdError);
    expect(call).toThrow('No EU threshold for WORKS is in force on 2028-01-01');
    expect(() => procedureRegime({ estimatedValueCents: 1, category: 'WORKS', on: '2023-12-31', thresholds })).toThrow(
      NoThresholdError,
    );
  });

  it('rejects a negative or fractional estimated value', () => {
    expect(() => regime(-1)).toThrow(/estimatedValueCents/);
    expect(() => regime(1.5)).toThrow(/estimatedValueCents/);
  });

  it('is monotonic in the value (property)', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 1e12 }),
        fc.nat({ max: 1e12 }),
        fc.constantFrom(...THRESHOLD_CATEGORIES),
        (a, b, category) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const r = (v: number) => procedureRegime({ estimatedValueCents: v, category, on, thresholds });
          if (r(lo).scope === 'EU') expect(r(hi).scope).toBe('EU');
          expect(r(lo).scope === 'EU').toBe(lo >= r(lo).thresholdEur * 100);
        },
      ),
    );
  });

  it('maps contract nature and authority to the category', () => {
    expect(thresholdCategoryFor('supplies', 'sub-central')).toBe('SUPPLIES_SERVICES_SUB_CENTRAL');
    expect(thresholdCategoryFor('services', 'central')).toBe('SUPPLIES_SERVICES_CENTRAL');
    expect(thresholdCategoryFor('services', 'utility')).toBe('UTILITIES_SUPPLIES_SERVICES');
    expect(thresholdCategoryFor('works', 'utility')).toBe('WORKS');
  });
});
