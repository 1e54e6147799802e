import fc from 'fast-check';
import { cpvPrefixToCode } from './cpv';
import { InvalidInputError } from './errors';
import {
  anonymiseMarketDemand,
  MARKET_CELL_LADDER,
  MarketCell,
  MarketContribution,
  MarketDemandPartition,
  partitionMarketDemand,
} from './market-cells';

// real Saxon and other districts with their NUTS-3 codes
const ZWICKAU = { districtKey: '14524', nuts3: 'DED45' };
const VOGTLAND = { districtKey: '14523', nuts3: 'DED44' };
const MITTELSACHSEN = { districtKey: '14522', nuts3: 'DED43' };
const DRESDEN = { districtKey: '14612', nuts3: 'DED21' };
const LEIPZIG = { districtKey: '14713', nuts3: 'DED51' };
const MUENCHEN = { districtKey: '09162', nuts3: 'DE212' };
const BERLIN = { districtKey: '11000', nuts3: 'DE300' };
const DISTRICTS = [ZWICKAU, VOGTLAND, MITTELSACHSEN, DRESDEN, LEIPZIG, MUENCHEN, BERLIN];

const BATTERIES = '31440000-2'; // class-level code 3144
const LAPTOPS = cpvPrefixToCode('302131'); // 30213100-6, subcategory
const DESKTOPS = cpvPrefixToCode('302133'); // subcategory, same category 30213
const CODES = [
  BATTERIES,
  '31440000', // the same code without check digit
  cpvPrefixToCode('314'), // group-level code 31400000
  cpvPrefixToCode('31'), // division-level code 31000000
  cpvPrefixToCode('31401'), // category 31401: at the class step its label is 314
  cpvPrefixToCode('3141'),
  cpvPrefixToCode('315'),
  LAPTOPS,
  DESKTOPS,
  '09310000-5',
  '34144900-7',
];
const QUARTERS = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2027-Q1'];
const UNITS = ['H87', 'C62', 'KWH'];

const contribution = (over: Partial<MarketContribution> = {}): MarketContribution => ({
  organisationId: 'org-a',
  bundleId: 'bundle-1',
  cpvCode: BATTERIES,
  unit: 'H87',
  ...ZWICKAU,
  quarter: '2026-Q3',
  quantityMilli: 1000,
  valueCents: 10_000,
  ...over,
});

/** Contributions of the given organisations with equal quantities and values. */
const orgs = (ids: string[], over: Partial<MarketContribution> = {}): MarketContribution[] =>
  ids.map((organisationId) => contribution({ organisationId, ...over }));

const ZWICKAU_REGION = {
  level: 'district',
  country: 'DE',
  nuts1: 'DED',
  nuts2: 'DED4',
  nuts3: 'DED45',
  districtKey: '14524',
};

describe('anonymiseMarketDemand: examples', () => {
  it('publishes a cell of three organisations at the finest level, without ids', () => {
    const result = anonymiseMarketDemand([
      contribution({ organisationId: 'org-a', bundleId: 'bundle-1', quantityMilli: 2000, valueCents: 20_000 }),
      contribution({ organisationId: 'org-b', bundleId: 'bundle-1', quantityMilli: 3000, valueCents: 30_000 }),
      contribution({ organisationId: 'org-c', bundleId: 'bundle-2', quantityMilli: 5000, valueCents: 50_000 }),
    ]);
    expect(result).toEqual({
      cells: [
        {
          cpv: { prefix: '3144', code: BATTERIES, level: 'class' },
          region: ZWICKAU_REGION,
          period: { level: 'quarter', year: '2026', quarter: '2026-Q3' },
          organisationCount: 3,
          bundleCount: 2,
          quantities: [{ unit: 'H87', quantityMilli: 10_000 }],
          estimatedValueCents: 100_000,
        },
      ],
      suppressed: { contributionCount: 0, estimatedValueCents: 0 },
    });
  });

  it('counts organisations, not contributions: two organisations in three bundles are suppressed', () => {
    const result = anonymiseMarketDemand([
      contribution({ organisationId: 'org-a', bundleId: 'bundle-1' }),
      contribution({ organisationId: 'org-a', bundleId: 'bundle-2' }),
      contribution({ organisationId: 'org-b', bundleId: 'bundle-3', valueCents: 5 }),
    ]);
    expect(result).toEqual({ cells: [], suppressed: { contributionCount: 3, estimatedValueCents: 20_005 } });
  });

  it('merges two organisations with a sensitive neighbour quarter into a year cell', () => {
    const result = anonymiseMarketDemand([
      ...orgs(['org-a', 'org-b'], { quarter: '2026-Q3' }),
      ...orgs(['org-c'], { quarter: '2026-Q4' }),
    ]);
    expect(result.cells).toEqual([
      expect.objectContaining({
        cpv: { prefix: '3144', code: BATTERIES, level: 'class' },
        region: ZWICKAU_REGION,
        period: { level: 'year', year: '2026' },
        organisationCount: 3,
        quantities: [{ unit: 'H87', quantityMilli: 3000 }],
        estimatedValueCents: 30_000,
      }),
    ]);
    expect(result.suppressed.contributionCount).toBe(0);
  });

  it('keeps a safe quarter cell and publishes only the sensitive quarters as a disjoint residual year cell', () => {
    const result = anonymiseMarketDemand([
      ...orgs(['org-a', 'org-b', 'org-c'], { quarter: '2026-Q3', valueCents: 100 }),
      ...orgs(['org-d', 'org-e'], { quarter: '2026-Q4', valueCents: 10 }),
      ...orgs(['org-a'], { quarter: '2026-Q1', valueCents: 10 }),
    ]);
    expect(result.cells.map((c) => [c.period, c.organisationCount, c.estimatedValueCents])).toEqual([
      [{ level: 'year', year: '2026' }, 3, 30], // Q1 and Q4 only, not Q3
      [{ level: 'quarter', year: '2026', quarter: '2026-Q3' }, 3, 300],
    ]);
  });

  it('never merges different years: a lone quarter of 2027 stays suppressed', () => {
    const result = anonymiseMarketDemand([
      ...orgs(['org-a', 'org-b'], { quarter: '2026-Q4' }),
      ...orgs(['org-c'], { quarter: '2027-Q1' }),
    ]);
    expect(result).toEqual({ cells: [], suppressed: { contributionCount: 3, estimatedValueCents: 30_000 } });
  });

  it('generalises a cell in which one organisation has 90 % of the value', () => {
    const code = LAPTOPS;
    const contributions = [
      contribution({ organisationId: 'org-a', cpvCode: code, valueCents: 9000 }),
      contribution({ organisationId: 'org-b', cpvCode: code, valueCents: 500 }),
      contribution({ organisationId: 'org-c', cpvCode: code, valueCents: 500 }),
    ];
    expect(anonymiseMarketDemand(contributions).cells).toEqual([]);

    // with two organisations ordering desktops in the same category, the merged category cell is safe
    const result = anonymiseMarketDemand([
      ...contributions,
      ...orgs(['org-d', 'org-e'], { cpvCode: DESKTOPS, valueCents: 2500 }),
    ]);
    expect(result.cells).toEqual([
      expect.objectContaining({
        cpv: { prefix: '30213', code: cpvPrefixToCode('30213'), level: 'category' },
        region: ZWICKAU_REGION,
        period: { level: 'year', year: '2026' },
        organisationCount: 5,
        estimatedValueCents: 15_000, // org-a has 60 %
      }),
    ]);
  });

  it('treats exactly 85 % as not dominant and anything above as dominant', () => {
    const at = (aValue: number) =>
      anonymiseMarketDemand([
        contribution({ organisationId: 'org-a', valueCents: aValue }),
        contribution({ organisationId: 'org-b', valueCents: 100 }),
        contribution({ organisationId: 'org-c', valueCents: 50 }),
      ]).cells.length;
    expect(at(850)).toBe(1); // 850 / 1000 = 85 %
    expect(at(851)).toBe(0);
  });

  it('applies the dominance rule to the quantity of each unit as well', () => {
    const result = anonymiseMarketDemand([
      contribution({ organisationId: 'org-a', quantityMilli: 90_000 }),
      contribution({ organisationId: 'org-b', quantityMilli: 5_000 }),
      contribution({ organisationId: 'org-c', quantityMilli: 5_000 }),
    ]);
    expect(result.cells).toEqual([]);
  });

  it('does not publish the quantity of a unit that fewer than three organisations use', () => {
    const result = anonymiseMarketDemand([
      ...orgs(['org-a', 'org-b', 'org-c'], { unit: 'H87' }),
      contribution({ organisationId: 'org-a', unit: 'C62', quantityMilli: 777, valueCents: 1 }),
    ]);
    expect(result.cells).toHaveLength(1);
    expect(result.cells[0].quantities).toEqual([{ unit: 'H87', quantityMilli: 3000 }]);
    expect(result.cells[0].estimatedValueCents).toBe(30_000);
    expect(result.suppressed).toEqual({ contributionCount: 1, estimatedValueCents: 1 });
  });

  it('goes up the ladder to NUTS-2 when each district has fewer than three organisations', () => {
    const result = anonymiseMarketDemand([
      ...orgs(['org-a', 'org-b'], ZWICKAU),
      ...orgs(['org-c'], VOGTLAND),
      ...orgs(['org-d'], DRESDEN), // another NUTS-2 region: stays apart, alone
    ]);
    expect(result.cells).toEqual([
      expect.objectContaining({
        cpv: { prefix: '3144', code: BATTERIES, level: 'class' },
        region: { level: 'nuts2', country: 'DE', nuts1: 'DED', nuts2: 'DED4' },
        period: { level: 'year', year: '2026' },
        organisationCount: 3,
      }),
    ]);
    expect(result.suppressed.contributionCount).toBe(1);
  });

  it('reaches (division, country, year) at the top of the ladder', () => {
    const result = anonymiseMarketDemand([
      contribution({ organisationId: 'org-a', cpvCode: BATTERIES, ...ZWICKAU }),
      contribution({ organisationId: 'org-b', cpvCode: cpvPrefixToCode('315'), ...BERLIN }),
      contribution({ organisationId: 'org-c', cpvCode: cpvPrefixToCode('31'), ...MUENCHEN }),
    ]);
    expect(result.cells).toEqual([
      expect.objectContaining({
        cpv: { prefix: '31', code: '31000000-6', level: 'division' },
        region: { level: 'country', country: 'DE' },
        period: { level: 'year', year: '2026' },
        organisationCount: 3,
      }),
    ]);
  });

  it('adds a group that reaches an already published label to that cell, so labels stay unique', () => {
    const code31401 = cpvPrefixToCode('31401'); // labelled 314 from the class step on
    const result = anonymiseMarketDemand([
      // published at the class step in DED4 as (314, DED4, 2026)
      contribution({ organisationId: 'org-a', cpvCode: code31401, ...ZWICKAU, quarter: '2026-Q1' }),
      contribution({ organisationId: 'org-b', cpvCode: code31401, ...ZWICKAU, quarter: '2026-Q2' }),
      contribution({ organisationId: 'org-c', cpvCode: code31401, ...MITTELSACHSEN }),
      // sensitive until the group step, where they also become (314, DED4, 2026)
      contribution({ organisationId: 'org-d', cpvCode: cpvPrefixToCode('3141'), ...ZWICKAU }),
      contribution({ organisationId: 'org-e', cpvCode: cpvPrefixToCode('3141'), ...VOGTLAND }),
      contribution({ organisationId: 'org-f', cpvCode: cpvPrefixToCode('3142'), ...VOGTLAND }),
    ]);
    expect(result.cells).toEqual([
      expect.objectContaining({
        cpv: { prefix: '314', code: cpvPrefixToCode('314'), level: 'group' },
        region: { level: 'nuts2', country: 'DE', nuts1: 'DED', nuts2: 'DED4' },
        organisationCount: 6,
      }),
    ]);
  });

  it('honours minOrganisations and maxDominanceShare', () => {
    const two = orgs(['org-a', 'org-b']);
    expect(anonymiseMarketDemand(two).cells).toHaveLength(0);
    expect(anonymiseMarketDemand(two, { minOrganisations: 2 }).cells).toHaveLength(1);
    const skewed = [
      contribution({ organisationId: 'org-a', valueCents: 70 }),
      contribution({ organisationId: 'org-b', valueCents: 30 }),
    ];
    expect(anonymiseMarketDemand(skewed, { minOrganisations: 2 }).cells).toHaveLength(1);
    expect(anonymiseMarketDemand(skewed, { minOrganisations: 2, maxDominanceShare: 0.6 }).cells).toHaveLength(0);
  });

  it('returns nothing for no contributions', () => {
    expect(anonymiseMarketDemand([])).toEqual({
      cells: [],
      suppressed: { contributionCount: 0, estimatedValueCents: 0 },
    });
  });

  it('documents a ladder that coarsens one dimension by one level per step', () => {
    expect(MARKET_CELL_LADDER[0]).toEqual({ cpv: 'subcategory', region: 'district', period: 'quarter' });
    expect(MARKET_CELL_LADDER[MARKET_CELL_LADDER.length - 1]).toEqual({
      cpv: 'division',
      region: 'country',
      period: 'year',
    });
    const rank = {
      cpv: ['subcategory', 'category', 'class', 'group', 'division'],
      region: ['district', 'nuts2', 'nuts1', 'country'],
      period: ['quarter', 'year'],
    };
    for (let s = 1; s < MARKET_CELL_LADDER.length; s++) {
      const steps = (['cpv', 'region', 'period'] as const).map(
        (d) => rank[d].indexOf(MARKET_CELL_LADDER[s][d]) - rank[d].indexOf(MARKET_CELL_LADDER[s - 1][d]),
      );
      expect(steps.sort()).toEqual([0, 0, 1]);
    }
  });
});

describe('anonymiseMarketDemand: validation', () => {
  const rejects = (over: Partial<MarketContribution>, field: string) => {
    let error: unknown;
    try {
      anonymiseMarketDemand([contribution(), contribution(over)]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(`contributions[1].${field}`);
  };

  it.each([
    [{ cpvCode: '31440000-3' }, 'cpvCode'],
    [{ cpvCode: '3144' }, 'cpvCode'],
    [{ unit: 'h87' }, 'unit'],
    [{ districtKey: '1452' }, 'districtKey'],
    [{ nuts3: 'DED4' }, 'nuts3'],
    [{ nuts3: 'DED44' }, 'nuts3'], // Zwickau is DED45 in the first contribution
    [{ quarter: '2026-Q5' }, 'quarter'],
    [{ quarter: '2026Q1' }, 'quarter'],
    [{ quantityMilli: -1 }, 'quantityMilli'],
    [{ valueCents: 1.5 }, 'valueCents'],
    [{ valueCents: Number.MAX_SAFE_INTEGER }, 'valueCents'], // total overflows
    [{ organisationId: '' }, 'organisationId'],
    [{ bundleId: undefined as unknown as string }, 'bundleId'],
  ] as Array<[Partial<MarketContribution>, string]>)('rejects %j', (over, field) => rejects(over, field));

  it('normalises codes given without check digit', () => {
    const result = anonymiseMarketDemand(orgs(['org-a', 'org-b', 'org-c'], { cpvCode: '31440000' }));
    expect(result.cells[0].cpv.code).toBe(BATTERIES);
  });

  it.each([
    { minOrganisations: 0 },
    { minOrganisations: 2.5 },
    { maxDominanceShare: 0 },
    { maxDominanceShare: 1.2 },
    { maxDominanceShare: NaN },
  ])('rejects options %p', (options) => {
    expect(() => anonymiseMarketDemand([], options)).toThrow(InvalidInputError);
  });
});

// ------------------------------------------------------------------------------------------
// property tests

/** dominance shares used in the properties, as exact fractions */
const SHARES: Array<[number, number]> = [
  [17, 20], // 0.85, the default
  [1, 2],
  [1, 1],
];

/** mostly comparable amounts, so that many cells pass; sometimes a huge one (dominance) or zero */
const amountArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 100, max: 1000 }) },
  { weight: 1, arbitrary: fc.nat({ max: 1_000_000_000 }) },
  { weight: 1, arbitrary: fc.constant(0) },
);

const contributionArb: fc.Arbitrary<MarketContribution> = fc
  .record({
    organisationId: fc.integer({ min: 1, max: 8 }).map((n) => `org-${n}`),
    bundleId: fc.integer({ min: 1, max: 4 }).map((n) => `bundle-${n}`),
    cpvCode: fc.constantFrom(...CODES),
    unit: fc.constantFrom(...UNITS),
    district: fc.constantFrom(...DISTRICTS),
    quarter: fc.constantFrom(...QUARTERS),
    quantityMilli: amountArb,
    valueCents: amountArb,
  })
  .map(({ district, ...rest }) => ({ ...rest, ...district }));

const optionsArb = fc.record({
  minOrganisations: fc.integer({ min: 1, max: 5 }),
  share: fc.constantFrom(...SHARES),
});

/** Checks every invariant of a partition against the input; O(n), one assertion at the end. */
function checkInvariants(
  contributions: readonly MarketContribution[],
  result: MarketDemandPartition,
  k = 3,
  [num, den]: [number, number] = [17, 20],
): void {
  const { cells, cellIndexOf, suppressed } = result;
  const errors: string[] = [];
  const fail = (message: string) => {
    if (errors.length < 20) errors.push(message);
  };
  if (cellIndexOf.length !== contributions.length) fail('cellIndexOf has the wrong length');

  interface Tally {
    orgs: Map<string, { value: number; quantity: Map<string, number> }>;
    bundles: Set<string>;
    value: number;
    quantity: Map<string, number>;
    unitOrgs: Map<string, Set<string>>;
  }
  const tallies = cells.map<Tally>(() => ({
    orgs: new Map(),
    bundles: new Set(),
    value: 0,
    quantity: new Map(),
    unitOrgs: new Map(),
  }));
  const totals = new Map<string, number>();
  const suppressedQuantity = new Map<string, number>();
  let totalValue = 0;
  let suppressedCount = 0;
  let suppressedValue = 0;
  const add = (map: Map<string, number>, key: string, amount: number) => map.set(key, (map.get(key) ?? 0) + amount);

  contributions.forEach((c, i) => {
    add(totals, c.unit, c.quantityMilli);
    totalValue += c.valueCents;
    const index = cellIndexOf[i];
    if (index === -1) {
      suppressedCount++;
      suppressedValue += c.valueCents;
      add(suppressedQuantity, c.unit, c.quantityMilli);
      return;
    }
    if (!Number.isInteger(index) || index < 0 || index >= cells.length) return fail(`contribution ${i}: cell ${index}`);
    const cell = cells[index];
    // the contribution lies inside the cell's box
    const nuts = cell.region.nuts3 ?? cell.region.nuts2 ?? cell.region.nuts1 ?? cell.region.country;
    if (
      !c.cpvCode.slice(0, 8).startsWith(cell.cpv.prefix) ||
      !c.nuts3.startsWith(nuts) ||
      (cell.region.districtKey !== undefined && c.districtKey !== cell.region.districtKey) ||
      c.quarter.slice(0, 4) !== cell.period.year ||
      (cell.period.quarter !== undefined && c.quarter !== cell.period.quarter)
    ) {
      fail(`contribution ${i} lies outside cell ${labelOf(cell)}`);
    }

    const tally = tallies[index];
    let org = tally.orgs.get(c.organisationId);
    if (!org) tally.orgs.set(c.organisationId, (org = { value: 0, quantity: new Map() }));
    org.value += c.valueCents;
    add(org.quantity, c.unit, c.quantityMilli);
    tally.bundles.add(c.bundleId);
    tally.value += c.valueCents;
    add(tally.quantity, c.unit, c.quantityMilli);
    if (!tally.unitOrgs.has(c.unit)) tally.unitOrgs.set(c.unit, new Set());
    tally.unitOrgs.get(c.unit)!.add(c.organisationId);
  });

  const dominated = (part: number, total: number) => BigInt(part) * BigInt(den) > BigInt(num) * BigInt(total);
  cells.forEach((cell, index) => {
    const tally = tallies[index];
    const label = labelOf(cell);
    // what the cell says is what its contributions add up to
    const quantities = [...tally.quantity]
      .map(([unit, quantityMilli]) => ({ unit, quantityMilli }))
      .sort((a, b) => (a.unit < b.unit ? -1 : 1));
    if (tally.orgs.size === 0) fail(`${label} is empty`);
    if (cell.organisationCount !== tally.orgs.size) fail(`${label}: organisationCount`);
    if (cell.bundleCount !== tally.bundles.size) fail(`${label}: bundleCount`);
    if (cell.estimatedValueCents !== tally.value) fail(`${label}: estimatedValueCents`);
    if (JSON.stringify(cell.quantities) !== JSON.stringify(quantities)) fail(`${label}: quantities`);
    // (1) k-anonymity and dominance, also per unit
    if (tally.orgs.size < k) fail(`${label}: only ${tally.orgs.size} organisations`);
    for (const [unit, orgs] of tally.unitOrgs)
      if (orgs.size < k) fail(`${label}: only ${orgs.size} organisations in ${unit}`);
    for (const org of tally.orgs.values()) {
      if (dominated(org.value, tally.value)) fail(`${label}: dominated value`);
      for (const [unit, quantity] of org.quantity) {
        if (dominated(quantity, tally.quantity.get(unit)!)) fail(`${label}: dominated quantity in ${unit}`);
      }
    }
  });
  expect(errors).toEqual([]);

  // (2) partition: sums over cells plus suppressed equal the input totals
  expect(suppressed).toEqual({ contributionCount: suppressedCount, estimatedValueCents: suppressedValue });
  expect(cells.reduce((s, c) => s + c.estimatedValueCents, 0) + suppressed.estimatedValueCents).toBe(totalValue);
  const published = new Map<string, number>();
  for (const cell of cells) for (const q of cell.quantities) add(published, q.unit, q.quantityMilli);
  const conserved = [...totals].map(([unit]) => (published.get(unit) ?? 0) + (suppressedQuantity.get(unit) ?? 0));
  expect(conserved).toEqual([...totals.values()]);

  // labels are unique and sorted
  const labels = cells.map(labelOf);
  expect(new Set(labels).size).toBe(labels.length);
  expect(labels).toEqual([...cells].sort(compareCells).map(labelOf));
}

const labelOf = (c: MarketCell) =>
  `${c.cpv.prefix}|${c.region.nuts3 ?? c.region.nuts2 ?? c.region.nuts1 ?? c.region.country}|${c.region.districtKey ?? ''}|${c.period.quarter ?? c.period.year}`;

function compareCells(a: MarketCell, b: MarketCell): number {
  const ka = labelOf(a).split('|');
  const kb = labelOf(b).split('|');
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}

describe('anonymiseMarketDemand: properties', () => {
  it('(1, 2) every cell is safe and the cells and suppressed partition the input', () => {
    fc.assert(
      fc.property(
        fc.array(contributionArb, { maxLength: 80, size: 'max' }),
        optionsArb,
        (contributions, { minOrganisations, share }) => {
          const result = partitionMarketDemand(contributions, {
            minOrganisations,
            maxDominanceShare: share[0] / share[1],
          });
          checkInvariants(contributions, result, minOrganisations, share);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('(1, 2) with the defaults', () => {
    let runsWithCells = 0;
    fc.assert(
      fc.property(fc.array(contributionArb, { maxLength: 150, size: 'max' }), (contributions) => {
        const result = partitionMarketDemand(contributions);
        checkInvariants(contributions, result);
        if (result.cells.length > 0) runsWithCells++;
      }),
      { numRuns: 200 },
    );
    expect(runsWithCells).toBeGreaterThan(50); // the generator exercises publication, not only suppression
  });

  it('(3) does not depend on the order of the input', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(contributionArb, fc.nat()), { maxLength: 80, size: 'max' }), (rows) => {
        const list = rows.map(([c]) => c);
        const shuffled = [...rows].sort((a, b) => a[1] - b[1]).map(([c]) => c);
        expect(anonymiseMarketDemand(shuffled)).toEqual(anonymiseMarketDemand(list));
      }),
      { numRuns: 200 },
    );
  });

  it('(4) never reveals an organisation or bundle id', () => {
    const idArb = fc.string({ minLength: 6, maxLength: 12, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz') });
    fc.assert(
      fc.property(
        fc.uniqueArray(idArb, { minLength: 8, maxLength: 8 }),
        fc.array(fc.tuple(contributionArb, fc.nat(7), fc.nat(7)), { maxLength: 80, size: 'max' }),
        (ids, rows) => {
          const contributions = rows.map(([c, o, b]) => ({
            ...c,
            organisationId: `o${ids[o]}`,
            bundleId: `b${ids[b]}`,
          }));
          const json = JSON.stringify(
            anonymiseMarketDemand(contributions, { minOrganisations: 1, maxDominanceShare: 1 }),
          );
          for (const c of contributions) {
            expect(json).not.toContain(c.organisationId);
            expect(json).not.toContain(c.bundleId);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('publishes every (code, district, quarter) cell as it is when k = 1 and dominance is off', () => {
    fc.assert(
      fc.property(fc.array(contributionArb, { maxLength: 60, size: 'max' }), (contributions) => {
        const { cells, suppressed } = anonymiseMarketDemand(contributions, {
          minOrganisations: 1,
          maxDominanceShare: 1,
        });
        const boxes = new Set(contributions.map((c) => `${c.cpvCode.slice(0, 8)}|${c.districtKey}|${c.quarter}`));
        expect(cells).toHaveLength(boxes.size);
        expect(cells.every((c) => c.period.level === 'quarter' && c.region.level === 'district')).toBe(true);
        expect(suppressed.contributionCount).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the invariants on 100,000 random contributions', () => {
    let seed = 20260301;
    const random = (n: number) => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    const pool = [
      ...CODES,
      ...['30192000', '33141000', '39830000', '44411000', '09134200', '15800000'].map(cpvPrefixToCode),
    ];
    const contributions: MarketContribution[] = [];
    for (let i = 0; i < 100_000; i++) {
      const district = DISTRICTS[random(DISTRICTS.length)];
      contributions.push({
        organisationId: `org-${random(3000)}`,
        bundleId: `bundle-${random(2000)}`,
        cpvCode: pool[random(pool.length)],
        unit: UNITS[random(UNITS.length)],
        ...district,
        quarter: QUARTERS[random(QUARTERS.length)],
        quantityMilli: random(5) === 0 ? random(1_000_000_000) : random(100_000),
        valueCents: random(5) === 0 ? random(1_000_000_000) : random(1_000_000),
      });
    }
    const result = partitionMarketDemand(contributions);
    checkInvariants(contributions, result);
    expect(result.cells.length).toBeGreaterThan(100);
  });
});
