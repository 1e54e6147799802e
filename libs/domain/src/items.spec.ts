import fc from 'fast-check';
import { InvalidInputError } from './errors';
import { compareItems, groupItems, itemDescription, itemKeyOf, ItemLine } from './items';

const line = (over: Partial<ItemLine> = {}): ItemLine => ({
  cpvCode: '34144900-7',
  unit: 'H87',
  specificationKey: null,
  specificationText: null,
  districtKey: '14524',
  organisationId: 'a',
  quantityMilli: 1000,
  estimatedValueCents: 100,
  ...over,
});
const van = { specificationKey: 'e-transporter-3-5t', specificationText: 'E-Transporter 3,5 t' };
const car = { specificationKey: 'e-kleinwagen', specificationText: 'E-Kleinwagen' };

describe('groupItems', () => {
  it('makes an e-van and a small e-car of one CPV code and unit two items', () => {
    const items = groupItems([
      line({ ...van, organisationId: 'b', quantityMilli: 2000, estimatedValueCents: 9_600_000 }),
      line({ ...car, organisationId: 'a', quantityMilli: 2000, estimatedValueCents: 5_200_000 }),
      line({ ...van, organisationId: 'a', quantityMilli: 1000, estimatedValueCents: 4_800_000 }),
    ]);
    expect(items).toEqual([
      {
        cpvCode: '34144900-7',
        unit: 'H87',
        ...car,
        districtKey: '14524',
        quantityMilli: 2000,
        estimatedValueCents: 5_200_000,
        deliveryAgs: [],
        shares: [{ organisationId: 'a', quantityMilli: 2000, estimatedValueCents: 5_200_000 }],
      },
      {
        cpvCode: '34144900-7',
        unit: 'H87',
        ...van,
        districtKey: '14524',
        quantityMilli: 3000,
        estimatedValueCents: 14_400_000,
        deliveryAgs: [],
        shares: [
          { organisationId: 'a', quantityMilli: 1000, estimatedValueCents: 4_800_000 },
          { organisationId: 'b', quantityMilli: 2000, estimatedValueCents: 9_600_000 },
        ],
      },
    ]);
  });

  it('keeps delivery districts, units and demands without a specification apart', () => {
    const items = groupItems([
      line(),
      line({ districtKey: '14522', deliveryAgs: ['14522010'] }),
      line({ unit: 'C62' }),
      line({ ...van }),
      line({ deliveryAgs: ['14524330', '14524010'] }),
    ]);
    expect(items.map((i) => [i.unit, i.specificationKey, i.districtKey, i.quantityMilli, i.deliveryAgs])).toEqual([
      ['C62', null, '14524', 1000, []],
      ['H87', null, '14522', 1000, ['14522010']],
      ['H87', null, '14524', 2000, ['14524010', '14524330']],
      ['H87', 'e-transporter-3-5t', '14524', 1000, []],
    ]);
  });

  it('takes one text for a key, whatever the order (the first in code-unit order)', () => {
    const a = groupItems([line({ ...van }), line({ ...van, specificationText: 'E-Transporter' })]);
    const b = groupItems([line({ ...van, specificationText: 'E-Transporter' }), line({ ...van })]);
    expect(a[0].specificationText).toBe('E-Transporter');
    expect(b).toEqual(a);
  });

  it('normalises the CPV code and refuses bad lines, naming the field', () => {
    expect(groupItems([line({ cpvCode: '34144900' })])[0].cpvCode).toBe('34144900-7');
    expect(() => groupItems([line(), line({ unit: 'x' })])).toThrow('lines[1].unit');
    expect(() => groupItems([line({ districtKey: '145' })])).toThrow(/lines\[0\]\.districtKey/);
    expect(() => groupItems([line({ specificationKey: 'E Van' })])).toThrow(/specificationKey/);
    expect(() => groupItems([line({ quantityMilli: -1 })])).toThrow(InvalidInputError);
  });

  it('is a function of the multiset of lines, and the items sum to the lines (property)', () => {
    const arb = fc.record({
      cpvCode: fc.constantFrom('34144900-7', '31158000-8'),
      unit: fc.constantFrom('H87', 'C62'),
      specificationKey: fc.constantFrom(null, 'e-van', 'e-car'),
      specificationText: fc.constantFrom(null, 'E-Van', 'E-Car'),
      districtKey: fc.constantFrom('14524', '14522'),
      organisationId: fc.constantFrom('a', 'b', 'c'),
      quantityMilli: fc.nat({ max: 1_000_000 }),
      estimatedValueCents: fc.nat({ max: 1_000_000 }),
    });
    fc.assert(
      fc.property(
        fc
          .array(arb, { maxLength: 25 })
          .chain((ls) => fc.tuple(fc.constant(ls), fc.shuffledSubarray(ls, { minLength: ls.length }))),
        ([lines, permuted]) => {
          const items = groupItems(lines);
          expect(groupItems(permuted)).toEqual(items);
          expect(new Set(items.map(itemKeyOf)).size).toBe(items.length);
          const sum = (xs: Array<{ estimatedValueCents: number }>) => xs.reduce((s, x) => s + x.estimatedValueCents, 0);
          expect(sum(items)).toBe(sum(lines));
          for (const item of items) expect(sum(item.shares)).toBe(item.estimatedValueCents);
          for (let i = 1; i < items.length; i++) expect(compareItems(items[i - 1], items[i])).toBeLessThan(0);
        },
      ),
    );
  });
});

describe('itemDescription', () => {
  it('is the specification text, else the CPV label, else the code', () => {
    expect(itemDescription({ cpvCode: '34144900-7', specificationText: 'E-Kleinwagen' })).toBe('E-Kleinwagen');
    expect(itemDescription({ cpvCode: '31158000-8', specificationText: null }, () => 'Ladegeräte')).toBe('Ladegeräte');
    expect(itemDescription({ cpvCode: '31158000-8', specificationText: null })).toBe('CPV 31158000-8');
  });
});
