import * as domain from './index';

describe('@buendel/domain public API', () => {
  it('exports every topic', () => {
    for (const name of [
      'normalizeCpvCode',
      'isValidCpvCode',
      'isWithinPrefix',
      'parseThresholds',
      'procedureRegime',
      'aggregateLines',
      'proposeLots',
      'CRITERIA_CATALOGUE',
      'checkDemandAgainstBundle',
      'scoreOffers',
      'allocateItem',
      'allocateAward',
      'canTransition',
      'assertTransition',
      'DEMAND_STATUS_MACHINE',
      'BUNDLE_STATUS_MACHINE',
      'eurToCents',
      'centsToEur',
      'DomainRuleError',
    ]) {
      expect(domain).toHaveProperty(name);
    }
  });

  it('works end to end: aggregate -> regime -> lots -> allocation', () => {
    const thresholds = domain.parseThresholds({
      thresholds: [
        {
          category: 'SUPPLIES_SERVICES_SUB_CENTRAL',
          thresholdEur: 216000,
          validFrom: '2026-01-01',
          validTo: '2027-12-31',
          legalBasis: '§ 106 GWB',
        },
      ],
    });
    const lines = [
      {
        organisationId: 'a',
        cpvCode: '34144900',
        unit: 'H87',
        quantityMilli: 3000,
        estimatedValueCents: domain.lineValueCents(3000, '38000'),
        districtKey: '14524',
        specificationKey: 'e-transporter',
        specificationText: 'E-Transporter',
      },
      {
        organisationId: 'b',
        cpvCode: '34144900-7',
        unit: 'H87',
        quantityMilli: 4000,
        estimatedValueCents: domain.lineValueCents(4000, '38000'),
        districtKey: '14522',
        specificationKey: 'e-transporter',
        specificationText: 'E-Transporter',
      },
    ];
    const aggregate = domain.aggregateLines(lines);
    expect(aggregate.totalEstimatedValueCents).toBe(26_600_000);
    // one item per delivery district
    expect(aggregate.lines.map((l) => [l.districtKey, l.quantityMilli])).toEqual([
      ['14522', 4000],
      ['14524', 3000],
    ]);
    const regime = domain.procedureRegime({
      estimatedValueCents: aggregate.totalEstimatedValueCents,
      category: domain.thresholdCategoryFor(domain.cpvContractNature('34144900'), 'sub-central'),
      on: '2026-04-01',
      thresholds,
    });
    expect(regime.scope).toBe('EU');
    expect(domain.proposeLots(lines).map((l) => l.key)).toEqual(['P-3414']);
    const shares = domain.allocateItem({
      totalQuantityMilli: aggregate.lines[0].quantityMilli + aggregate.lines[1].quantityMilli,
      totalValueCents: domain.lineValueCents(7000, '35123.45'),
      participants: lines,
    });
    expect(
      shares.map((s) => [s.organisationId, domain.milliToQuantity(s.quantityMilli), domain.centsToEur(s.valueCents)]),
    ).toEqual([
      ['a', 3, 105370.35],
      ['b', 4, 140493.8],
    ]);
  });
});
