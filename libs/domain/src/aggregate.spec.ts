import fc from 'fast-check';
import { aggregateLines, aggregateSummedItems, ParticipationLine, SummedItem } from './aggregate';
import { itemKeyOf } from './items';
import { InvalidCpvCodeError, normalizeCpvCode } from './cpv';
import { InvalidInputError } from './errors';

const line = (over: Partial<ParticipationLine> = {}): ParticipationLine => ({
  organisationId: 'org-a',
  cpvCode: '31440000-2',
  unit: 'H87',
  quantityMilli: 1000,
  estimatedValueCents: 100,
  specificationKey: null,
  specificationText: null,
  districtKey: '14524',
  ...over,
});

const lineArb: fc.Arbitrary<ParticipationLine> = fc.record({
  organisationId: fc.constantFrom('org-a', 'org-b', 'org-c', 'org-d'),
  cpvCode: fc.constantFrom('31440000-2', '31440000', '34144900-7', '30213100-6', '09310000-5'),
  unit: fc.constantFrom('H87', 'KWH', 'C62'),
  quantityMilli: fc.nat({ max: 10_000_000_000 }),
  estimatedValueCents: fc.nat({ max: 10_000_000_000 }),
  specificationKey: fc.constantFrom(null, 'e-van', 'e-car'),
  specificationText: fc.constantFrom(null, 'E-Transporter', 'E-Kleinwagen'),
  districtKey: fc.constantFrom('14524', '14522'),
});

const none = { specificationKey: null, specificationText: null, districtKey: '14524' };

describe('aggregateLines', () => {
  it('totals quantities and values per CPV code and unit, and counts distinct participants', () => {
    const result = aggregateLines([
      line({ organisationId: 'a', quantityMilli: 2500, estimatedValueCents: 1999 }),
      line({ organisationId: 'b', cpvCode: '31440000', quantityMilli: 1, estimatedValueCents: 1 }),
      line({ organisationId: 'a', quantityMilli: 500, estimatedValueCents: 1 }),
      line({ organisationId: 'b', unit: 'C62', quantityMilli: 7000, estimatedValueCents: 700 }),
      line({
        organisationId: 'c',
        cpvCode: '09310000-5',
        unit: 'KWH',
        quantityMilli: 120_000_000,
        estimatedValueCents: 3_614_400,
      }),
    ]);
    expect(result).toEqual({
      lines: [
        {
          ...none,
          cpvCode: '09310000-5',
          unit: 'KWH',
          quantityMilli: 120_000_000,
          estimatedValueCents: 3_614_400,
          participantCount: 1,
        },
        {
          ...none,
          cpvCode: '31440000-2',
          unit: 'C62',
          quantityMilli: 7000,
          estimatedValueCents: 700,
          participantCount: 1,
        },
        {
          ...none,
          cpvCode: '31440000-2',
          unit: 'H87',
          quantityMilli: 3001,
          estimatedValueCents: 2001,
          participantCount: 2,
        },
      ],
      participantCount: 3,
      totalEstimatedValueCents: 3_617_101,
    });
  });

  it('keeps products of one CPV code and unit apart by their specification, and districts apart', () => {
    const van = { specificationKey: 'e-transporter-3-5t', specificationText: 'E-Transporter 3,5 t' };
    const car = { specificationKey: 'e-kleinwagen', specificationText: 'E-Kleinwagen' };
    const result = aggregateLines([
      line({ ...van, cpvCode: '34144900-7', organisationId: 'a', estimatedValueCents: 4_800_000 }),
      line({ ...van, cpvCode: '34144900-7', organisationId: 'b', estimatedValueCents: 4_800_000 }),
      line({ ...car, cpvCode: '34144900-7', organisationId: 'a', estimatedValueCents: 2_600_000 }),
      line({ ...car, cpvCode: '34144900-7', organisationId: 'c', districtKey: '14522', estimatedValueCents: 1 }),
    ]);
    expect(
      result.lines.map((l) => [l.specificationText, l.districtKey, l.estimatedValueCents, l.participantCount]),
    ).toEqual([
      ['E-Kleinwagen', '14522', 1, 1],
      ['E-Kleinwagen', '14524', 2_600_000, 1],
      ['E-Transporter 3,5 t', '14524', 9_600_000, 2],
    ]);
  });

  it('returns an empty aggregate for no lines', () => {
    expect(aggregateLines([])).toEqual({ lines: [], participantCount: 0, totalEstimatedValueCents: 0 });
  });

  it('adds decimal quantities exactly (0.1 + 0.2 = 0.3)', () => {
    const result = aggregateLines([line({ quantityMilli: 100 }), line({ quantityMilli: 200 })]);
    expect(result.lines[0].quantityMilli).toBe(300);
  });

  it('rejects invalid lines with the field named', () => {
    expect(() => aggregateLines([line({ cpvCode: '31440000-3' })])).toThrow(InvalidCpvCodeError);
    expect(() => aggregateLines([line(), line({ unit: 'piece' })])).toThrow('lines[1].unit: not a unit code: "piece"');
    expect(() => aggregateLines([line({ organisationId: '' })])).toThrow(/organisationId/);
    expect(() => aggregateLines([line({ quantityMilli: 1.5 })])).toThrow(/lines\[0\]\.quantityMilli/);
    expect(() => aggregateLines([line({ estimatedValueCents: -1 })])).toThrow(InvalidInputError);
    expect(() =>
      aggregateLines([line({ estimatedValueCents: Number.MAX_SAFE_INTEGER }), line({ estimatedValueCents: 1 })]),
    ).toThrow(/safe integer range/);
  });

  it('does not mutate its input', () => {
    const input = [line({ cpvCode: '31440000' }), line({ organisationId: 'b' })];
    const copy = structuredClone(input);
    aggregateLines(input);
    expect(input).toEqual(copy);
  });

  it('gives the same result for any permutation of the lines (property)', () => {
    fc.assert(
      fc.property(
        fc
          .array(lineArb, { maxLength: 30 })
          .chain((lines) =>
            fc.tuple(
              fc.constant(lines),
              fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }),
            ),
          ),
        ([lines, permuted]) => {
          expect(aggregateLines(permuted)).toEqual(aggregateLines(lines));
        },
      ),
    );
  });

  it('returns to the same result after adding and then removing a line (property)', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), lineArb, fc.nat(), (lines, extra, pos) => {
        const before = aggregateLines(lines);
        const at = pos % (lines.length + 1);
        const withExtra = [...lines.slice(0, at), extra, ...lines.slice(at)];
        const added = aggregateLines(withExtra);
        expect(added.totalEstimatedValueCents).toBe(before.totalEstimatedValueCents + extra.estimatedValueCents);
        const removed = withExtra.filter((_, i) => i !== at);
        expect(aggregateLines(removed)).toEqual(before);
      }),
    );
  });

  it('keeps the totals consistent with the lines (property)', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), (lines) => {
        const result = aggregateLines(lines);
        expect(result.lines.reduce((s, l) => s + l.estimatedValueCents, 0)).toBe(result.totalEstimatedValueCents);
        expect(result.totalEstimatedValueCents).toBe(lines.reduce((s, l) => s + l.estimatedValueCents, 0));
        expect(result.participantCount).toBe(new Set(lines.map((l) => l.organisationId)).size);
        for (const l of result.lines) expect(l.participantCount).toBeLessThanOrEqual(result.participantCount);
      }),
    );
  });
});

/** what the aggregation's statement makes of lines: their sums per item key, texts distinct */
function summed(lines: readonly ParticipationLine[]): SummedItem[] {
  const items = new Map<string, SummedItem & { texts: Set<string>; organisations: Set<string> }>();
  for (const l of lines) {
    const cpvCode = normalizeCpvCode(l.cpvCode);
    const key = itemKeyOf({ ...l, cpvCode });
    const item = items.get(key) ?? {
      cpvCode,
      unit: l.unit,
      specificationKey: l.specificationKey,
      districtKey: l.districtKey,
      specificationTexts: [],
      quantityMilli: 0,
      estimatedValueCents: 0,
      participantCount: 0,
      texts: new Set<string>(),
      organisations: new Set<string>(),
    };
    item.quantityMilli += l.quantityMilli;
    item.estimatedValueCents += l.estimatedValueCents;
    if (l.specificationText !== null) item.texts.add(l.specificationText);
    item.organisations.add(l.organisationId);
    items.set(key, item);
  }
  return [...items.values()].reverse().map(({ texts, organisations, ...item }) => ({
    ...item,
    specificationTexts: [...texts].reverse(),
    participantCount: organisations.size,
  }));
}

describe('aggregateSummedItems', () => {
  it('equals aggregateLines of the lines it sums, in any order (property)', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), (lines) => {
        const organisations = new Set(lines.map((l) => l.organisationId)).size;
        expect(aggregateSummedItems(summed(lines), organisations)).toEqual(aggregateLines(lines));
      }),
    );
  });

  it('rejects two items of one key and a code not in canonical form, naming the item', () => {
    const item: SummedItem = {
      cpvCode: '31440000-2',
      unit: 'H87',
      specificationKey: null,
      districtKey: '14524',
      specificationTexts: [],
      quantityMilli: 1000,
      estimatedValueCents: 100,
      participantCount: 1,
    };
    expect(() => aggregateSummedItems([item, { ...item }], 1)).toThrow(InvalidInputError);
    expect(() => aggregateSummedItems([item, { ...item }], 1)).toThrow(/items\[1\]/);
    expect(() => aggregateSummedItems([{ ...item, cpvCode: '31440000' }], 1)).toThrow(/items\[0\]\.cpvCode/);
    expect(() => aggregateSummedItems([{ ...item, unit: 'h87' }], 1)).toThrow(/items\[0\]\.unit/);
  });
});
