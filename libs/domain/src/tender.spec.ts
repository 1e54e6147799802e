import fc from 'fast-check';
import { TenderPhase } from './criteria';
import { evaluateOffers } from './offer-evaluation';
import { criteriaOfLot, lotPriceWeight, placeCriteria } from './criteria-placement';
import { assignCellsToLots } from './tender';

const cells = [
  { cpvCode: '34144900-7', unit: 'H87', districtKey: '14524' },
  { cpvCode: '34144900-7', unit: 'H87', districtKey: '14523' },
  { cpvCode: '31158000-8', unit: 'H87', districtKey: '14524' },
];

describe('assignCellsToLots', () => {
  it('keeps products apart, merges them into one lot, or splits a product by district', () => {
    expect(assignCellsToLots(cells, [{ cpvPrefixes: ['3414'] }, { cpvPrefixes: ['3115'] }])).toEqual({
      lots: [[0, 1], [2]],
      problems: [],
    });
    expect(assignCellsToLots(cells, [{ cpvPrefixes: ['3414', '3115'] }]).lots).toEqual([[0, 1, 2]]);
    expect(
      assignCellsToLots(cells, [
        { cpvPrefixes: ['3414'], districtKeys: ['14524'] },
        { cpvPrefixes: ['3414'], districtKeys: ['14523'] },
        { cpvPrefixes: ['3115'] },
      ]).lots,
    ).toEqual([[0], [1], [2]]);
  });

  it('names cells in no lot, cells in two lots, and lots that take nothing', () => {
    const { problems } = assignCellsToLots(cells, [
      { cpvPrefixes: ['3414'] },
      { districtKeys: ['14524'] },
      { cpvPrefixes: ['30'] },
    ]);
    expect(problems.map((p) => p.field)).toEqual(['lots', 'lots.2']);
    expect(problems[0]!.reason).toMatch(/more than one lot takes 34144900-7 H87 in 14524 \(lots 0, 1\)/);
    expect(problems[0]!.de).toBe('mehr als ein Los umfasst 34144900-7 H87 in 14524 (Lose 0, 1)');
    const orphan = assignCellsToLots(cells, [{ cpvPrefixes: ['3414'] }]).problems;
    expect(orphan).toEqual([
      {
        field: 'lots',
        reason: 'no lot takes 31158000-8 H87 in 14524',
        de: 'kein Los umfasst 31158000-8 H87 in 14524',
      },
    ]);
  });

  it('does not call a lot empty when its products are only taken twice', () => {
    const { problems } = assignCellsToLots(cells, [{ cpvPrefixes: ['3414'] }, { cpvPrefixes: ['3414', '3115'] }]);
    expect(problems.map((p) => p.field)).toEqual(['lots']);
  });

  it('puts every cell in exactly one lot when there are no problems (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('14524', '14523', '14521'), { minLength: 1, maxLength: 3 }), (districts) => {
        const selectors = [...new Set(districts)].map((d) => ({ districtKeys: [d] }));
        const { lots, problems } = assignCellsToLots(cells, selectors);
        if (problems.length === 0) expect(lots.flat().sort()).toEqual([0, 1, 2]);
      }),
    );
  });
});

const catalogue: Record<string, TenderPhase[]> = {
  ZERO_EMISSION_VEHICLE: ['specification', 'award'],
  BATTERY_DUE_DILIGENCE: ['qualification', 'performance'],
  TAKE_BACK: ['performance'],
};
const phasesOf = (code: string) => catalogue[code];

describe('placeCriteria', () => {
  it('places each mandatory criterion in its phases by default, price 70 and the rest of 100 on the award criteria', () => {
    const { criteria, priceWeight, problems } = placeCriteria({
      mandatory: ['ZERO_EMISSION_VEHICLE', 'BATTERY_DUE_DILIGENCE'],
      phasesOf,
    });
    expect(problems).toEqual([]);
    expect(priceWeight).toBe(70);
    expect(criteria).toEqual([
      { code: 'ZERO_EMISSION_VEHICLE', phase: 'specification' },
      { code: 'BATTERY_DUE_DILIGENCE', phase: 'qualification' },
      { code: 'ZERO_EMISSION_VEHICLE', phase: 'award', weight: 30 },
      { code: 'BATTERY_DUE_DILIGENCE', phase: 'performance' },
    ]);
  });

  it('gives the whole 100 to the price without award criteria', () => {
    expect(placeCriteria({ mandatory: ['TAKE_BACK'], phasesOf }).priceWeight).toBe(100);
  });

  it('keeps no award criterion of weight 0 when the price takes the whole 100', () => {
    const { criteria, problems } = placeCriteria({ mandatory: ['ZERO_EMISSION_VEHICLE'], priceWeight: 100, phasesOf });
    expect(problems).toEqual([]);
    expect(criteria).toEqual([{ code: 'ZERO_EMISSION_VEHICLE', phase: 'specification' }]);
  });

  it('checks a requested placement: phase, weights, mandatory criteria, the sum of 100', () => {
    const { problems } = placeCriteria({
      mandatory: ['ZERO_EMISSION_VEHICLE', 'TAKE_BACK'],
      requested: [
        { code: 'ZERO_EMISSION_VEHICLE', phase: 'qualification' },
        { code: 'UNKNOWN', phase: 'award', weight: 10 },
        { code: 'BATTERY_DUE_DILIGENCE', phase: 'performance', weight: 5 },
        { code: 'ZERO_EMISSION_VEHICLE', phase: 'qualification' },
      ],
      priceWeight: 80,
      phasesOf,
    });
    expect(problems.map((p) => p.field)).toEqual([
      'criteria.0.phase',
      'criteria.1.code',
      'criteria.2.weight',
      'criteria.3.phase',
      'criteria.3',
      'criteria',
    ]);
  });

  it('refuses weights that do not sum to 100', () => {
    const { problems } = placeCriteria({
      mandatory: [],
      requested: [{ code: 'ZERO_EMISSION_VEHICLE', phase: 'award', weight: 25 }],
      priceWeight: 70,
      phasesOf,
    });
    expect(problems).toEqual([
      {
        field: 'priceWeight',
        reason: 'price (70) and award criteria (25) must add up to exactly 100 points',
        de: 'Preis (70) und Zuschlagskriterien (25) müssen zusammen genau 100 Punkte ergeben',
      },
    ]);
  });
});

describe('placeCriteria on lots', () => {
  const lots = [
    { key: 'L1', title: 'Fahrzeuge', cpvCodes: ['34144900-7', '34144910-0'] },
    { key: 'L2', title: 'Wallboxen', cpvCodes: ['31158000-8'] },
  ];
  const scopes: Record<string, string[]> = { ZERO_EMISSION_VEHICLE: ['341'] };
  const cpvPrefixesOf = (code: string) => scopes[code];

  it('places a scoped mandatory criterion on the lots within its scope only; the other lot weighs the price alone', () => {
    const { criteria, priceWeight, problems } = placeCriteria({
      mandatory: ['ZERO_EMISSION_VEHICLE', 'TAKE_BACK'],
      phasesOf,
      lots,
      cpvPrefixesOf,
    });
    expect(problems).toEqual([]);
    expect(priceWeight).toBe(70);
    expect(criteria).toEqual([
      { code: 'ZERO_EMISSION_VEHICLE', phase: 'specification', lotKeys: ['L1'] },
      { code: 'ZERO_EMISSION_VEHICLE', phase: 'award', weight: 30, lotKeys: ['L1'] },
      { code: 'TAKE_BACK', phase: 'performance' },
    ]);
    expect(lotPriceWeight(criteria, 'L1')).toBe(70);
    expect(lotPriceWeight(criteria, 'L2')).toBe(100);
    expect(criteriaOfLot(criteria, 'L2').map((c) => c.code)).toEqual(['TAKE_BACK']);
  });

  it('refuses a scoped criterion on a lot outside its scope, naming the lot, and unknown lot keys', () => {
    const { problems } = placeCriteria({
      mandatory: [],
      requested: [
        { code: 'ZERO_EMISSION_VEHICLE', phase: 'specification' },
        { code: 'TAKE_BACK', phase: 'performance', lotKeys: ['L3'] },
      ],
      phasesOf,
      lots,
      cpvPrefixesOf,
    });
    expect(problems).toEqual([
      {
        field: 'criteria.0.lotKeys',
        reason:
          'ZERO_EMISSION_VEHICLE applies only to CPV 341; the lot L2 (Wallboxen) contains no such product or service',
        de: 'ZERO_EMISSION_VEHICLE gilt nur für CPV 341; das Los L2 (Wallboxen) enthält keine solche Leistung',
      },
      {
        field: 'criteria.1.lotKeys',
        reason: 'no lot of this tender: L3 (lots: L1, L2)',
        de: 'kein Los dieser Ausschreibung: L3 (Lose: L1, L2)',
      },
    ]);
  });

  it('checks the sum of 100 in every lot with award criteria', () => {
    const ok = placeCriteria({
      mandatory: [],
      requested: [{ code: 'ZERO_EMISSION_VEHICLE', phase: 'award', weight: 30, lotKeys: ['L1'] }],
      priceWeight: 70,
      phasesOf,
      lots,
      cpvPrefixesOf,
    });
    expect(ok.problems).toEqual([]);
    const bad = placeCriteria({
      mandatory: [],
      requested: [{ code: 'ZERO_EMISSION_VEHICLE', phase: 'award', weight: 20, lotKeys: ['L1'] }],
      priceWeight: 70,
      phasesOf,
      lots,
      cpvPrefixesOf,
    });
    expect(bad.problems).toEqual([
      {
        field: 'priceWeight',
        reason: 'price (70) and award criteria (20) of lot L1 (Fahrzeuge) must add up to exactly 100 points',
        de: 'Preis (70) und Zuschlagskriterien (20) des Loses L1 (Fahrzeuge) müssen zusammen genau 100 Punkte ergeben',
      },
    ]);
  });
});

describe('evaluateOffers', () => {
  const criteria = [
    { code: 'ZERO_EMISSION_VEHICLE', phase: 'specification' as const },
    { code: 'ZERO_EMISSION_VEHICLE', phase: 'award' as const, weight: 20 },
    { code: 'TAKE_BACK', phase: 'performance' as const },
  ];

  it('excludes offers that do not declare the required criteria and ranks the rest', () => {
    const result = evaluateOffers({
      criteria,
      priceWeight: 80,
      offers: [
        { offerId: 'cheap-but-incomplete', priceCents: 100_000_00, criteria: ['ZERO_EMISSION_VEHICLE'] },
        { offerId: 'a', priceCents: 120_000_00, criteria: ['ZERO_EMISSION_VEHICLE', 'TAKE_BACK'] },
        { offerId: 'b', priceCents: 110_000_00, criteria: ['ZERO_EMISSION_VEHICLE', 'TAKE_BACK'] },
      ],
    });
    expect(result.map((r) => [r.offerId, r.excluded, r.score?.rank])).toEqual([
      ['b', false, 1],
      ['a', false, 2],
      ['cheap-but-incomplete', true, undefined],
    ]);
    expect(result[2]!.exclusionReasons).toEqual(['erklärt TAKE_BACK nicht']);
    // b: 80 points for the lowest price + 20 for the award criterion
    expect(result[0]!.score!.totalPoints).toBe(100);
    expect(result[1]!.score!.pricePoints).toBe(73.33);
  });

  it('excludes and scores per lot: a vehicle criterion never excludes an offer of the wallbox lot', () => {
    const placed = [
      { code: 'ZERO_EMISSION_VEHICLE', phase: 'specification' as const, lotKeys: ['L1'] },
      { code: 'ZERO_EMISSION_VEHICLE', phase: 'award' as const, weight: 30, lotKeys: ['L1'] },
    ];
    const wallboxes = evaluateOffers({
      criteria: placed,
      lotKey: 'L2',
      offers: [{ offerId: 'w', priceCents: 1_390_00, criteria: [] }],
    });
    expect(wallboxes[0]).toMatchObject({ excluded: false, score: { pricePoints: 100, totalPoints: 100 } });
    const vans = evaluateOffers({
      criteria: placed,
      lotKey: 'L1',
      offers: [{ offerId: 'v', priceCents: 40_000_00, criteria: [] }],
    });
    expect(vans[0]).toMatchObject({ excluded: true, exclusionReasons: ['erklärt ZERO_EMISSION_VEHICLE nicht'] });
  });

  it('excludes an offer that breaks a valued limit and scores a valued award criterion by its rule', () => {
    const placed = [
      { code: 'RECYCLED_CONTENT_MIN', phase: 'specification' as const, value: 30, better: 'higher' as const },
      {
        code: 'RECYCLED_CONTENT_MIN',
        phase: 'award' as const,
        weight: 20,
        better: 'higher' as const,
        scoring: { rule: 'linear' as const, floor: 30, best: 80 },
      },
    ];
    const result = evaluateOffers({
      criteria: placed,
      priceWeight: 80,
      offers: [
        { offerId: 'low', priceCents: 90_00, criteria: [], values: { RECYCLED_CONTENT_MIN: 20 } },
        { offerId: 'none', priceCents: 90_00, criteria: ['RECYCLED_CONTENT_MIN'] },
        { offerId: 'mid', priceCents: 100_00, criteria: [], values: { RECYCLED_CONTENT_MIN: 55 } },
        { offerId: 'top', priceCents: 125_00, criteria: [], values: { RECYCLED_CONTENT_MIN: 90 } },
      ],
    });
    expect(result.map((r) => [r.offerId, r.excluded, r.score?.pricePoints, r.score?.criteriaPoints])).toEqual([
      ['mid', false, 80, 10],
      ['top', false, 64, 20],
      ['low', true, undefined, undefined],
      ['none', true, undefined, undefined],
    ]);
    expect(result.find((r) => r.offerId === 'low')!.exclusionReasons).toEqual([
      'RECYCLED_CONTENT_MIN: 20 angeboten, gefordert mindestens 30',
    ]);
    expect(result.find((r) => r.offerId === 'none')!.exclusionReasons).toEqual([
      'nennt keinen Wert für RECYCLED_CONTENT_MIN (gefordert: mindestens 30)',
    ]);
  });
});

describe('placeCriteria with values', () => {
  const parameters: Record<string, { type: string; min?: number; max?: number; better?: 'higher' | 'lower' }> = {
    RECYCLED_CONTENT_MIN: { type: 'percent', min: 0, max: 100, better: 'higher' },
  };
  const phases: Record<string, TenderPhase[]> = {
    RECYCLED_CONTENT_MIN: ['specification', 'award', 'performance'],
    TAKE_BACK: ['performance'],
  };
  it('checks the value, the rule and that only valued criteria carry them', () => {
    const { problems } = placeCriteria({
      mandatory: [],
      requested: [
        { code: 'RECYCLED_CONTENT_MIN', phase: 'specification', value: 120 },
        { code: 'RECYCLED_CONTENT_MIN', phase: 'award', weight: 30, scoring: { rule: 'linear', floor: 60, best: 40 } },
        { code: 'TAKE_BACK', phase: 'performance', value: 3 },
      ],
      priceWeight: 70,
      phasesOf: (c) => phases[c],
      parameterOf: (c) => parameters[c],
    });
    expect(problems.map((p) => p.field)).toEqual(['criteria.0.value', 'criteria.1.scoring.best', 'criteria.2.value']);
  });
});
