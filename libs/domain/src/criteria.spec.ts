import { isValidCpvPrefix } from './cpv';
import {
  BundleToMatch,
  checkDemandAgainstBundle,
  CRITERIA_CATALOGUE,
  criteriaForCpv,
  DemandToMatch,
  findCriterion,
  legalDatesOn,
  TENDER_PHASES,
} from './criteria';
import { InvalidInputError } from './errors';

describe('CRITERIA_CATALOGUE', () => {
  it('contains the required criteria with unique codes', () => {
    const codes = CRITERIA_CATALOGUE.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of [
      'BLAUER_ENGEL',
      'EU_ECOLABEL',
      'RECYCLED_CONTENT_MIN',
      'ENERGY_EFFICIENCY_CLASS',
      'LKSG_DUE_DILIGENCE',
      'BATTERY_DUE_DILIGENCE',
      'BATTERY_CARBON_FOOTPRINT',
      'TAKE_BACK',
      'ZERO_EMISSION_VEHICLE',
      'RENEWABLE_ELECTRICITY',
    ]) {
      expect(codes).toContain(code);
    }
  });

  it('gives every criterion German and English names, known phases, a legal reference and valid CPV prefixes', () => {
    for (const c of CRITERIA_CATALOGUE) {
      expect(c.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(c.name.de.length).toBeGreaterThan(3);
      expect(c.name.en.length).toBeGreaterThan(3);
      expect(c.phases.length).toBeGreaterThan(0);
      for (const p of c.phases) expect(TENDER_PHASES).toContain(p);
      expect(c.legalReference).not.toBe('');
      for (const p of c.cpvPrefixes ?? []) expect(isValidCpvPrefix(p)).toBe(true);
      if (c.parameter?.type === 'enum') expect(c.parameter.options!.length).toBeGreaterThan(0);
      if (c.parameter?.min !== undefined && c.parameter.max !== undefined)
        expect(c.parameter.min).toBeLessThan(c.parameter.max);
    }
    // every phase is covered by some criterion
    for (const p of TENDER_PHASES) expect(CRITERIA_CATALOGUE.some((c) => c.phases.includes(p))).toBe(true);
  });

  it('describes the parameters', () => {
    const blauerEngel = findCriterion('BLAUER_ENGEL')!;
    expect(blauerEngel.parameter!.options!.find((o) => o.value === 'DE-UZ 78')).toMatchObject({
      label: { de: 'Computer und Tastaturen' },
      cpvPrefixes: ['3021', '30237'],
    });
    expect(blauerEngel.cpvPrefixes).toContain('3021');
    expect(findCriterion('RECYCLED_CONTENT_MIN')!.parameter).toMatchObject({
      type: 'percent',
      unit: '%',
      min: 0,
      max: 100,
    });
    expect(findCriterion('ENERGY_EFFICIENCY_CLASS')!.parameter!.options!.map((o) => o.value)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
    ]);
    expect(findCriterion('BATTERY_DUE_DILIGENCE')!.legalReference).toContain('2023/1542, Art. 47-52');
    expect(findCriterion('BATTERY_CARBON_FOOTPRINT')!.legalReference).toContain('Art. 7');
    expect(findCriterion('LKSG_DUE_DILIGENCE')!.phases).toEqual(['qualification', 'award', 'performance']);
    expect(findCriterion('NOPE')).toBeUndefined();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(CRITERIA_CATALOGUE)).toBe(true);
    expect(Object.isFrozen(CRITERIA_CATALOGUE[0].name)).toBe(true);
    expect(() => (CRITERIA_CATALOGUE as unknown as unknown[]).push({})).toThrow(TypeError);
  });

  it('lists the criteria meant for a CPV code', () => {
    const forBatteries = criteriaForCpv('31440000-2').map((c) => c.code);
    expect(forBatteries).toEqual(
      expect.arrayContaining(['BATTERY_DUE_DILIGENCE', 'BATTERY_CARBON_FOOTPRINT', 'TAKE_BACK', 'EU_ECOLABEL']),
    );
    expect(forBatteries).not.toContain('ZERO_EMISSION_VEHICLE');
    expect(criteriaForCpv('09310000').map((c) => c.code)).toContain('RENEWABLE_ELECTRICITY');
    expect(criteriaForCpv('34144900-7').map((c) => c.code)).toContain('ZERO_EMISSION_VEHICLE');
    expect(criteriaForCpv('30213100-6').map((c) => c.code)).toContain('BLAUER_ENGEL');
    expect(criteriaForCpv('45000000-7').map((c) => c.code)).not.toContain('BLAUER_ENGEL');
  });
});

describe('checkDemandAgainstBundle', () => {
  const bundle: BundleToMatch = {
    cpvPrefix: '3144',
    districtKeys: ['14524', '14522'],
    deliveryFrom: '2026-03-01',
    deliveryTo: '2026-06-30',
    mandatoryCriteria: ['BATTERY_DUE_DILIGENCE', 'TAKE_BACK'],
  };
  const demand: DemandToMatch = {
    cpvCode: '31440000-2',
    deliveryAgs: '14524330',
    deliveryFrom: '2026-06-01',
    deliveryTo: '2026-09-30',
    criteria: ['TAKE_BACK'],
  };

  it('returns no mismatch for a compatible demand', () => {
    expect(checkDemandAgainstBundle({ demand, bundle })).toEqual([]);
    // criteria the bundle imposes but the demand does not list are no conflict
    expect(checkDemandAgainstBundle({ demand: { ...demand, criteria: [] }, bundle })).toEqual([]);
    // windows touching on one day overlap
    expect(checkDemandAgainstBundle({ demand: { ...demand, deliveryFrom: '2026-06-30' }, bundle })).toEqual([]);
  });

  it('reports a CPV code outside the scope', () => {
    expect(checkDemandAgainstBundle({ demand: { ...demand, cpvCode: '30213100' }, bundle })).toEqual([
      {
        field: 'cpvCode',
        reason: "CPV code 30213100-6 is outside the bundle's CPV scope 3144",
        de: 'Der CPV-Code 30213100-6 liegt außerhalb des CPV-Bereichs des Bündels (3144).',
      },
    ]);
  });

  it('reports a region outside the bundle, by AGS or district key', () => {
    expect(checkDemandAgainstBundle({ demand: { ...demand, deliveryAgs: '09162000' }, bundle })).toEqual([
      {
        field: 'deliveryAgs',
        reason: "Delivery district 09162 is outside the bundle's region (14522, 14524)",
        de: 'Der Lieferort (Kreis 09162) liegt außerhalb der Kreise des Bündels (14522, 14524).',
      },
    ]);
    expect(
      checkDemandAgainstBundle({ demand: { ...demand, deliveryAgs: undefined, districtKey: '09162' }, bundle }),
    ).toEqual([
      {
        field: 'districtKey',
        reason: "Delivery district 09162 is outside the bundle's region (14522, 14524)",
        de: 'Der Lieferort (Kreis 09162) liegt außerhalb der Kreise des Bündels (14522, 14524).',
      },
    ]);
    expect(checkDemandAgainstBundle({ demand: { ...demand, deliveryAgs: undefined }, bundle })).toEqual([
      {
        field: 'deliveryAgs',
        reason: 'The demand has no delivery place (AGS or district key)',
        de: 'Der Bedarf hat keinen Lieferort.',
      },
    ]);
  });

  it('reports delivery windows that do not overlap', () => {
    expect(checkDemandAgainstBundle({ demand: { ...demand, deliveryFrom: '2026-07-01' }, bundle })).toEqual([
      {
        field: 'deliveryWindow',
        reason:
          "Delivery window 2026-07-01 to 2026-09-30 does not overlap the bundle's delivery window 2026-03-01 to 2026-06-30",
        de: 'Der Lieferzeitraum 01.07.2026 bis 30.09.2026 überschneidet sich nicht mit dem des Bündels (01.03.2026 bis 30.06.2026).',
      },
    ]);
    expect(
      checkDemandAgainstBundle({
        demand: { ...demand, deliveryFrom: '2026-01-01', deliveryTo: new Date('2026-02-28T12:00:00Z') },
        bundle,
      }),
    ).toHaveLength(1);
  });

  it('reports each criterion the demand requires but the bundle does not impose', () => {
    expect(
      checkDemandAgainstBundle({
        demand: { ...demand, criteria: ['TAKE_BACK', 'RECYCLED_CONTENT_MIN', 'EU_ECOLABEL', 'EU_ECOLABEL'] },
        bundle,
      }),
    ).toEqual([
      {
        field: 'criteria',
        reason: 'The demand requires criterion EU_ECOLABEL, which the bundle does not impose',
        // the criterion by its name in the catalogue
        de: 'Der Bedarf verlangt das Kriterium „EU-Umweltzeichen (EU Ecolabel)“, das das Bündel nicht vorschreibt.',
      },
      {
        field: 'criteria',
        reason: 'The demand requires criterion RECYCLED_CONTENT_MIN, which the bundle does not impose',
        de: 'Der Bedarf verlangt das Kriterium „Mindestanteil Recyclingmaterial“, das das Bündel nicht vorschreibt.',
      },
    ]);
  });

  it('reports all mismatches at once, in field order', () => {
    const result = checkDemandAgainstBundle({
      demand: {
        cpvCode: '34144900-7',
        deliveryAgs: '09162000',
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
        criteria: ['ZERO_EMISSION_VEHICLE'],
      },
      bundle,
    });
    expect(result.map((m) => m.field)).toEqual(['cpvCode', 'deliveryAgs', 'deliveryWindow', 'criteria']);
  });

  it('throws on malformed input', () => {
    expect(() => checkDemandAgainstBundle({ demand: { ...demand, deliveryTo: '2026-05-01' }, bundle })).toThrow(
      'demand.deliveryTo: 2026-05-01 is before deliveryFrom 2026-06-01',
    );
    expect(() => checkDemandAgainstBundle({ demand: { ...demand, deliveryAgs: '1452' }, bundle })).toThrow(
      InvalidInputError,
    );
    expect(() => checkDemandAgainstBundle({ demand: { ...demand, deliveryFrom: 'soon' }, bundle })).toThrow(
      /demand\.deliveryFrom/,
    );
    expect(() => checkDemandAgainstBundle({ demand, bundle: { ...bundle, cpvPrefix: '3' } })).toThrow(/prefix/);
  });
});

describe('battery criteria (Regulation (EU) 2023/1542)', () => {
  it('keeps the dates of the law as data with validity', () => {
    const cobalt = findCriterion('BATTERY_RECYCLED_COBALT')!;
    expect(legalDatesOn(cobalt, '2030-01-01').map((d) => d.value)).toEqual([undefined]);
    expect(legalDatesOn(cobalt, '2031-08-18').map((d) => d.value)).toEqual([undefined, 16]);
    expect(legalDatesOn(cobalt, '2036-08-18').map((d) => d.value)).toEqual([undefined, 26]);
    expect(legalDatesOn(findCriterion('BATTERY_RECYCLED_LITHIUM')!, '2037-01-01').map((d) => d.value)).toEqual([
      undefined,
      12,
    ]);
    expect(findCriterion('BATTERY_PASSPORT_ID')!.legalDates![0]!.validFrom).toBe('2027-02-18');
    expect(legalDatesOn(findCriterion('BATTERY_PASSPORT_ID')!, '2027-02-17')).toEqual([]);
    expect(findCriterion('BATTERY_DUE_DILIGENCE')!.legalDates![0]!.validFrom).toBe('2027-08-18');
  });

  it('scopes them to vehicles, batteries and charging, with a scoring rule for valued award criteria', () => {
    for (const code of ['BATTERY_RECYCLED_NICKEL', 'BATTERY_WARRANTY_YEARS', 'BATTERY_SOH_GUARANTEE_YEARS']) {
      const c = findCriterion(code)!;
      expect(c.phases).toContain('award');
      expect(c.parameter?.scoring).toEqual(expect.objectContaining({ rule: 'linear' }));
      expect(criteriaForCpv('34144900-7').map((x) => x.code)).toContain(code);
    }
    expect(criteriaForCpv('31158000-8').map((x) => x.code)).toContain('BATTERY_TAKE_BACK');
    expect(criteriaForCpv('30192000-1').map((x) => x.code)).not.toContain('BATTERY_PASSPORT_ID');
  });
});
