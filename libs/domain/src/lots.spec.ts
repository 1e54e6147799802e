import fc from 'fast-check';
import { InvalidCpvCodeError } from './cpv';
import { InvalidInputError } from './errors';
import { DEFAULT_MAX_LOT_VALUE_CENTS, LotLine, lotTitle, MAX_LOT_TITLE_LENGTH, proposeLots } from './lots';

const EUR = 100;
const line = (over: Partial<LotLine> = {}): LotLine => ({
  cpvCode: '31440000-2',
  unit: 'H87',
  quantityMilli: 1000,
  estimatedValueCents: 1000 * EUR,
  districtKey: '14524',
  organisationId: 'org-a',
  ...over,
});

const labels: Record<string, string> = {
  '31440000-2': 'Batterien',
  '31400000-0': 'Akkumulatoren und Batterien',
  '31430000-9': 'Elektrische Akkumulatoren',
  '34110000-1': 'Personenkraftwagen',
};
const cpvLabel = (code: string) => labels[code];
const districtLabel = (key: string) => ({ '14524': 'Zwickau', '14522': 'Mittelsachsen' })[key];

const lineArb: fc.Arbitrary<LotLine> = fc.record({
  cpvCode: fc.constantFrom(
    '31440000-2',
    '31430000',
    '31410000-3',
    '34110000-1',
    '34144900-7',
    '30213100-6',
    '09310000-5',
  ),
  unit: fc.constantFrom('H87', 'KWH'),
  quantityMilli: fc.nat({ max: 1_000_000 }),
  estimatedValueCents: fc.nat({ max: 200_000_000 }),
  districtKey: fc.constantFrom('14524', '14522', '14521', '09162'),
  organisationId: fc.constantFrom('a', 'b', 'c'),
});
const maxArb = fc.integer({ min: 1, max: 400_000_000 });

describe('proposeLots', () => {
  it('keeps a small product national under the class key and German label', () => {
    const lots = proposeLots(
      [line({ districtKey: '14524' }), line({ districtKey: '14522', cpvCode: '31440000', organisationId: 'org-b' })],
      { cpvLabel, districtLabel },
    );
    expect(lots).toEqual([
      {
        key: 'P-3144',
        title: 'Los 1: Batterien, Mittelsachsen und Zwickau',
        cpvPrefix: '3144',
        cpvCodes: ['31440000-2'],
        districtKeys: ['14522', '14524'],
        estimatedValueCents: 2000 * EUR,
        lineCount: 2,
      },
    ]);
  });

  it('uses the group key for a small group with several classes, titled by each code of its items', () => {
    const lots = proposeLots([line(), line({ cpvCode: '31430000-9' })], { cpvLabel });
    expect(lots.map((l) => [l.key, l.title, l.cpvCodes])).toEqual([
      ['P-314', 'Los 1: Elektrische Akkumulatoren, Batterien, Kreis 14524', ['31430000-9', '31440000-2']],
    ]);
  });

  it('splits a too big, heterogeneous group into class lots', () => {
    const lots = proposeLots(
      [
        line({ estimatedValueCents: 300_000 * EUR }),
        line({ cpvCode: '31430000-9', estimatedValueCents: 300_000 * EUR }),
      ],
      { cpvLabel },
    );
    expect(lots.map((l) => [l.key, l.title, l.estimatedValueCents])).toEqual([
      ['P-3143', 'Los 1: Elektrische Akkumulatoren, Kreis 14524', 300_000 * EUR],
      ['P-3144', 'Los 2: Batterien, Kreis 14524', 300_000 * EUR],
    ]);
  });

  it('splits a too big product lot by district, with the district in key and title', () => {
    const lots = proposeLots(
      [
        line({ districtKey: '14524', estimatedValueCents: 200_000 * EUR }),
        line({ districtKey: '14522', estimatedValueCents: 250_000 * EUR }),
        line({ districtKey: '14522', estimatedValueCents: 100_000 * EUR, organisationId: 'org-b' }),
      ],
      { cpvLabel, districtLabel, maxLotValueCents: 500_000 * EUR },
    );
    expect(lots.map((l) => [l.key, l.title, l.districtKeys, l.estimatedValueCents, l.lineCount])).toEqual([
      ['P-3144-R-14522', 'Los 1: Batterien, Mittelsachsen', ['14522'], 350_000 * EUR, 2],
      ['P-3144-R-14524', 'Los 2: Batterien, Zwickau', ['14524'], 200_000 * EUR, 1],
    ]);
  });

  it('keeps a lot exactly at the maximum national (only values above it are split)', () => {
    const lots = proposeLots([
      line({ estimatedValueCents: 250_000 * EUR }),
      line({ districtKey: '14522', estimatedValueCents: 250_000 * EUR }),
    ]);
    expect(lots.map((l) => l.key)).toEqual(['P-3144']);
    expect(DEFAULT_MAX_LOT_VALUE_CENTS).toBe(500_000 * EUR);
  });

  it('does not split a single district further, even above the maximum', () => {
    const lots = proposeLots([line({ estimatedValueCents: 900_000 * EUR })]);
    expect(lots.map((l) => [l.key, l.estimatedValueCents])).toEqual([['P-3144', 900_000 * EUR]]);
  });

  it('splits by class first and then by district within a class', () => {
    const lots = proposeLots(
      [
        line({ cpvCode: '31430000-9', estimatedValueCents: 100 * EUR }),
        line({ districtKey: '14524', estimatedValueCents: 400_000 * EUR }),
        line({ districtKey: '14522', estimatedValueCents: 400_000 * EUR }),
      ],
      { maxLotValueCents: 500_000 * EUR },
    );
    expect(lots.map((l) => l.key)).toEqual(['P-3143', 'P-3144-R-14522', 'P-3144-R-14524']);
    expect(lots[0].title).toBe('Los 1: CPV 31430000-9, Kreis 14524');
    expect(lots[1].title).toBe('Los 2: CPV 31440000-2, Kreis 14522');
  });

  it('titles lots by their items and specifications, not by the misleading label of the key prefix', () => {
    const names = {
      cpvLabel: (code: string) =>
        ({
          '31158000-8': 'Ladegeräte',
          '31150000-2': 'Vorschaltgeräte für Gasentladungslampen oder -röhren',
          '34144900-7': 'Elektrofahrzeuge',
        })[code],
      districtLabel: (key: string) => ({ '14524': 'Landkreis Zwickau' })[key],
    };
    const lots = proposeLots(
      [
        line({ cpvCode: '34144900-7', specificationText: 'E-Transporter 3,5 t' }),
        line({ cpvCode: '34144900-7', specificationText: 'E-Kleinwagen' }),
        line({ cpvCode: '31158000-8', specificationText: 'Wallboxen' }),
      ],
      names,
    );
    expect(lots.map((l) => [l.key, l.title])).toEqual([
      ['P-3115', 'Los 1: Ladegeräte (Wallboxen), Landkreis Zwickau'],
      ['P-3414', 'Los 2: Elektrofahrzeuge (E-Kleinwagen, E-Transporter 3,5 t), Landkreis Zwickau'],
    ]);
  });

  it('shortens a title: three codes, then "u. a."; no districts beyond three; at most the maximum length', () => {
    const items = ['31440000-2', '31430000-9', '31400000-0', '34110000-1'].map((cpvCode, i) => ({
      cpvCode,
      districtKey: `1452${i}`,
    }));
    expect(lotTitle(3, items, { cpvLabel })).toBe(
      'Los 3: Akkumulatoren und Batterien, Elektrische Akkumulatoren, Batterien u. a.',
    );
    const long = lotTitle(1, [{ cpvCode: '31440000-2', districtKey: '14524', specificationText: 'x'.repeat(300) }]);
    expect(long).toHaveLength(MAX_LOT_TITLE_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });

  it('makes separate lots for separate CPV groups', () => {
    const lots = proposeLots([line(), line({ cpvCode: '34110000-1' }), line({ cpvCode: '34144900-7' })]);
    expect(lots.map((l) => l.key)).toEqual(['P-3144', 'P-341']);
  });

  it('returns no lots for no lines and rejects bad input', () => {
    expect(proposeLots([])).toEqual([]);
    expect(() => proposeLots([line({ cpvCode: '31440000-9' })])).toThrow(InvalidCpvCodeError);
    expect(() => proposeLots([line({ districtKey: '1452' })])).toThrow(
      'lines[0].districtKey: must be 5 digits, got "1452"',
    );
    expect(() => proposeLots([line({ estimatedValueCents: 0.5 })])).toThrow(InvalidInputError);
    expect(() => proposeLots([line()], { maxLotValueCents: 0 })).toThrow(/maxLotValueCents/);
  });

  it('lot values sum exactly to the total and every line is in one lot (property)', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 40 }), maxArb, (lines, maxLotValueCents) => {
        const lots = proposeLots(lines, { maxLotValueCents });
        const total = lines.reduce((s, l) => s + l.estimatedValueCents, 0);
        expect(lots.reduce((s, l) => s + l.estimatedValueCents, 0)).toBe(total);
        expect(lots.reduce((s, l) => s + l.lineCount, 0)).toBe(lines.length);
        expect(new Set(lots.map((l) => l.key)).size).toBe(lots.length);
      }),
    );
  });

  it('is deterministic: any order of the same lines gives the same lots (property)', () => {
    fc.assert(
      fc.property(
        fc
          .array(lineArb, { maxLength: 40 })
          .chain((lines) =>
            fc.tuple(
              fc.constant(lines),
              fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }),
            ),
          ),
        maxArb,
        ([lines, permuted], maxLotValueCents) => {
          expect(proposeLots(permuted, { maxLotValueCents })).toEqual(proposeLots(lines, { maxLotValueCents }));
        },
      ),
    );
  });

  it('only splits what is too big, and a national lot above the maximum cannot be split further (property)', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 40 }), maxArb, (lines, maxLotValueCents) => {
        for (const lot of proposeLots(lines, { maxLotValueCents })) {
          expect(lot.key).toMatch(/^P-\d{3,4}(-R-\d{5})?$/);
          expect(lot.cpvCodes.every((c) => c.startsWith(lot.cpvPrefix))).toBe(true);
          if (lot.key.includes('-R-')) {
            expect(lot.districtKeys).toHaveLength(1);
            const product = lines.filter((l) => l.cpvCode.startsWith(lot.cpvPrefix));
            expect(product.reduce((s, l) => s + l.estimatedValueCents, 0)).toBeGreaterThan(maxLotValueCents);
          } else if (lot.estimatedValueCents > maxLotValueCents) {
            expect(lot.districtKeys).toHaveLength(1);
            expect(new Set(lot.cpvCodes.map((c) => c.slice(0, 4))).size).toBe(1);
          }
        }
      }),
    );
  });
});
