import type { CriterionOption, SustainabilityCriterion } from './criteria';

/**
 * The data of the sustainability criteria catalogue (GET /criteria): each criterion with its
 * phases, its parameter and its legal references. The types and the rules on it are in
 * criteria.ts.
 */
const BLAUER_ENGEL_GROUPS: readonly CriterionOption[] = [
  {
    value: 'DE-UZ 5',
    label: { de: 'Hygiene-Papiere aus Altpapier', en: 'Tissue paper from recovered paper' },
    cpvPrefixes: ['3376'],
  },
  {
    value: 'DE-UZ 12a',
    label: { de: 'Emissionsarme Lacke', en: 'Low-emission paints and varnishes' },
    cpvPrefixes: ['4481'],
  },
  { value: 'DE-UZ 14a', label: { de: 'Recyclingpapier', en: 'Recycled paper' }, cpvPrefixes: ['30197', '30199'] },
  {
    value: 'DE-UZ 30a',
    label: { de: 'Produkte aus Recycling-Kunststoffen', en: 'Products made from recycled plastics' },
    cpvPrefixes: ['1952'],
  },
  {
    value: 'DE-UZ 38',
    label: { de: 'Emissionsarme Möbel aus Holz und Holzwerkstoffen', en: 'Low-emission furniture made of wood' },
    cpvPrefixes: ['391'],
  },
  {
    value: 'DE-UZ 78',
    label: { de: 'Computer und Tastaturen', en: 'Computers and keyboards' },
    cpvPrefixes: ['3021', '30237'],
  },
  { value: 'DE-UZ 154', label: { de: 'Textilien', en: 'Textiles' }, cpvPrefixes: ['18'] },
  {
    value: 'DE-UZ 219',
    label: { de: 'Bürogeräte mit Druckfunktion', en: 'Office equipment with printing function' },
    cpvPrefixes: ['3012', '302321'],
  },
];

const ENERGY_CLASSES: readonly CriterionOption[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((c) => ({
  value: c,
  label: { de: `Effizienzklasse ${c} oder besser`, en: `Efficiency class ${c} or better` },
}));

const PERCENT = { type: 'percent', unit: '%', min: 0, max: 100 } as const;
const BATTERY_PREFIXES = ['314', '341', '3443'];

/** The catalogue served by `GET /criteria`; codes are stable identifiers. Deeply frozen. */
export const CRITERIA_CATALOGUE: readonly SustainabilityCriterion[] = deepFreeze([
  {
    code: 'BLAUER_ENGEL',
    name: { de: 'Blauer Engel (Umweltzeichen des Bundes)', en: 'Blue Angel (German federal ecolabel)' },
    phases: ['specification', 'award', 'performance'],
    parameter: {
      type: 'enum',
      label: { de: 'Produktgruppe (Vergabekriterien)', en: 'Product group (award criteria)' },
      options: BLAUER_ENGEL_GROUPS,
    },
    cpvPrefixes: [...new Set(BLAUER_ENGEL_GROUPS.flatMap((g) => g.cpvPrefixes ?? []))],
    legalReference: '§ 34 VgV (Gütezeichen)',
  },
  {
    code: 'EU_ECOLABEL',
    name: { de: 'EU-Umweltzeichen (EU Ecolabel)', en: 'EU Ecolabel' },
    phases: ['specification', 'award', 'performance'],
    legalReference: 'Verordnung (EG) Nr. 66/2010; § 34 VgV',
  },
  {
    code: 'RECYCLED_CONTENT_MIN',
    name: { de: 'Mindestanteil Recyclingmaterial', en: 'Minimum recycled content' },
    phases: ['specification', 'award', 'performance'],
    parameter: { ...PERCENT, better: 'higher', label: { de: 'Mindestanteil Rezyklat', en: 'Minimum recycled share' } },
    legalReference: '§ 31 Abs. 3 VgV; § 45 KrWG',
  },
  {
    code: 'ENERGY_EFFICIENCY_CLASS',
    name: { de: 'Energieeffizienzklasse', en: 'Energy efficiency class' },
    phases: ['specification', 'award'],
    parameter: { type: 'enum', label: { de: 'Mindestklasse', en: 'Minimum class' }, options: ENERGY_CLASSES },
    cpvPrefixes: ['30', '31', '32', '39', '42'],
    legalReference: 'Verordnung (EU) 2017/1369; § 67 VgV',
  },
  {
    code: 'LKSG_DUE_DILIGENCE',
    name: {
      de: 'Sorgfaltspflichten in der Lieferkette (Lieferkettensorgfaltspflichtengesetz)',
      en: 'Supply-chain due diligence (German Supply Chain Due Diligence Act)',
    },
    // a qualification and performance condition, and in the award a competitive advantage
    phases: ['qualification', 'award', 'performance'],
    legalReference: 'LkSG, insbesondere §§ 5, 8, 10 und 22 LkSG (Ausschluss von öffentlichen Aufträgen)',
    legalDates: [
      {
        validFrom: '2024-01-01',
        what: 'Sorgfaltspflichten für Unternehmen ab 1.000 Beschäftigten im Inland',
        legalReference: '§ 1 Abs. 1 LkSG',
      },
    ],
  },
  {
    code: 'BATTERY_DUE_DILIGENCE',
    name: { de: 'Sorgfaltspflichten für Batterien (Rohstoffe)', en: 'Battery due diligence (raw materials)' },
    phases: ['qualification', 'performance'],
    cpvPrefixes: BATTERY_PREFIXES,
    legalReference: 'Verordnung (EU) 2023/1542, Art. 47-52',
    legalDates: [
      {
        validFrom: '2027-08-18',
        what: 'Sorgfaltspflichten für Kobalt, natürlichen Graphit, Lithium und Nickel (verschoben vom 18.08.2025)',
        legalReference: 'Art. 48 VO (EU) 2023/1542 i. d. F. der VO (EU) 2025/1561',
      },
    ],
  },
  {
    code: 'BATTERY_CARBON_FOOTPRINT',
    name: { de: 'CO2-Fußabdruck von Batterien', en: 'Battery carbon footprint' },
    phases: ['specification', 'award'],
    parameter: {
      type: 'number',
      label: { de: 'Höchstwert', en: 'Maximum' },
      unit: 'kg CO2e/kWh',
      min: 0,
      better: 'lower',
      scoring: { rule: 'linear', floor: 100, best: 50 },
    },
    cpvPrefixes: BATTERY_PREFIXES,
    legalReference: 'Verordnung (EU) 2023/1542, Art. 7',
    legalDates: [
      {
        validFrom: '2025-02-18',
        what: 'Erklärung zum CO2-Fußabdruck für Traktionsbatterien von Elektrofahrzeugen (frühestens; 12 Monate nach dem delegierten Rechtsakt)',
        legalReference: 'Art. 7 Abs. 1 VO (EU) 2023/1542',
      },
    ],
  },
  {
    code: 'BATTERY_CARBON_FOOTPRINT_CLASS',
    name: {
      de: 'Leistungsklasse des CO2-Fußabdrucks von Batterien',
      en: 'Battery carbon footprint performance class',
    },
    phases: ['specification', 'award'],
    parameter: {
      type: 'enum',
      label: { de: 'Mindestklasse', en: 'Minimum class' },
      options: ['A', 'B', 'C', 'D', 'E'].map((c) => ({
        value: c,
        label: { de: `Klasse ${c} oder besser`, en: `Class ${c} or better` },
      })),
    },
    cpvPrefixes: BATTERY_PREFIXES,
    legalReference: 'Verordnung (EU) 2023/1542, Art. 7 Abs. 2',
    legalDates: [
      {
        validFrom: '2026-08-18',
        what: 'Kennzeichnung der Leistungsklasse (frühestens; 18 Monate nach dem delegierten Rechtsakt)',
        legalReference: 'Art. 7 Abs. 2 VO (EU) 2023/1542',
      },
    ],
  },
  ...(
    [
      ['COBALT', 'Kobalt', 'cobalt', 16, 26],
      ['LITHIUM', 'Lithium', 'lithium', 6, 12],
      ['NICKEL', 'Nickel', 'nickel', 6, 15],
      ['LEAD', 'Blei', 'lead', 85, 85],
    ] as const
  ).map(([code, de, en, from2031, from2036]): SustainabilityCriterion => ({
    code: `BATTERY_RECYCLED_${code}`,
    name: { de: `Rezyklatanteil ${de} in Batterien`, en: `Recycled ${en} content of batteries` },
    phases: ['specification', 'award', 'performance'],
    parameter: {
      ...PERCENT,
      better: 'higher',
      label: { de: `Mindestanteil ${de} aus Recycling`, en: `Minimum share of recycled ${en}` },
      scoring: { rule: 'linear', floor: 0, best: from2036 },
    },
    cpvPrefixes: BATTERY_PREFIXES,
    legalReference: 'Verordnung (EU) 2023/1542, Art. 8',
    legalDates: [
      {
        validFrom: '2028-08-18',
        what: 'Dokumentation des Rezyklatanteils (frühestens; 24 Monate nach dem delegierten Rechtsakt)',
        legalReference: 'Art. 8 Abs. 1 VO (EU) 2023/1542',
      },
      {
        validFrom: '2031-08-18',
        validTo: '2036-08-17',
        what: `Mindestanteil ${de} aus Recycling`,
        value: from2031,
        legalReference: 'Art. 8 Abs. 2 VO (EU) 2023/1542',
      },
      {
        validFrom: '2036-08-18',
        what: `Mindestanteil ${de} aus Recycling`,
        value: from2036,
        legalReference: 'Art. 8 Abs. 3 VO (EU) 2023/1542',
      },
    ],
  })),
  {
    code: 'BATTERY_PASSPORT_ID',
    name: { de: 'Batteriepass je gelieferter Batterie', en: 'Battery passport per delivered battery' },
    phases: ['specification', 'performance'],
    cpvPrefixes: BATTERY_PREFIXES,
    legalReference: 'Verordnung (EU) 2023/1542, Art. 77',
    legalDates: [
      {
        validFrom: '2027-02-18',
        what: 'Batteriepass (eindeutige Kennung, QR-Code) für Traktionsbatterien, LV-Batterien und Industriebatterien über 2 kWh',
        legalReference: 'Art. 77 Abs. 1 VO (EU) 2023/1542',
      },
    ],
  },
  {
    code: 'BATTERY_SOH_DATA_ACCESS',
    name: {
      de: 'Zugang zu den Daten des Batteriemanagementsystems (Alterungszustand)',
      en: 'Access to battery management system data (state of health)',
    },
    phases: ['specification', 'performance'],
    cpvPrefixes: BATTERY_PREFIXES,
    legalReference: 'Verordnung (EU) 2023/1542, Art. 14',
    legalDates: [
      {
        validFrom: '2024-08-18',
        what: 'Lesezugriff auf die Parameter des Alterungszustands und der voraussichtlichen Lebensdauer',
        legalReference: 'Art. 14 VO (EU) 2023/1542',
      },
    ],
  },
  {
    code: 'BATTERY_TAKE_BACK',
    name: {
      de: 'Rücknahme und Recycling der Batterien am Nutzungsende',
      en: 'Take-back and recycling of batteries at end of life',
    },
    phases: ['specification', 'award', 'performance'],
    cpvPrefixes: [...BATTERY_PREFIXES, '31158', '316815'],
    legalReference: 'Verordnung (EU) 2023/1542, Art. 56-62 und 71; BattDG; § 128 Abs. 2 GWB',
  },
  {
    code: 'BATTERY_WARRANTY_YEARS',
    name: { de: 'Garantie auf die Batterie', en: 'Battery warranty' },
    phases: ['specification', 'award', 'performance'],
    parameter: {
      type: 'number',
      label: { de: 'Mindestdauer', en: 'Minimum period' },
      unit: 'Jahre',
      min: 0,
      max: 20,
      better: 'higher',
      scoring: { rule: 'linear', floor: 5, best: 10 },
    },
    cpvPrefixes: BATTERY_PREFIXES,
    legalReference: '§ 31 Abs. 3 VgV; § 128 Abs. 2 GWB',
  },
  {
    code: 'BATTERY_SOH_GUARANTEE_YEARS',
    name: {
      de: 'Garantie des Alterungszustands (mindestens 70 % Restkapazität)',
      en: 'State-of-health guarantee (at least 70 % remaining capacity)',
    },
    phases: ['specification', 'award', 'performance'],
    parameter: {
      type: 'number',
      label: { de: 'Jahre mit mindestens 70 % Restkapazität', en: 'Years with at least 70 % remaining capacity' },
      unit: 'Jahre',
      min: 0,
      max: 20,
      better: 'higher',
      scoring: { rule: 'linear', floor: 5, best: 10 },
    },
    cpvPrefixes: BATTERY_PREFIXES,
    legalReference: 'Verordnung (EU) 2023/1542, Art. 10 und 14; § 128 Abs. 2 GWB',
  },
  {
    code: 'TAKE_BACK',
    name: { de: 'Rücknahme und Verwertung am Nutzungsende', en: 'Take-back and recovery at end of life' },
    phases: ['performance'],
    legalReference: '§ 128 Abs. 2 GWB; ElektroG, BattDG, VerpackG',
  },
  {
    code: 'ZERO_EMISSION_VEHICLE',
    name: { de: 'Emissionsfreies Fahrzeug', en: 'Zero-emission vehicle' },
    phases: ['specification', 'award'],
    cpvPrefixes: ['341', '60112', '6013', '6014', '6016', '90511'],
    legalReference: 'Saubere-Fahrzeuge-Beschaffungs-Gesetz (SaubFahrzeugBeschG); Richtlinie (EU) 2019/1161',
    // the German minimum shares of clean vehicles in public procurement, per reference period
    legalDates: [
      {
        validFrom: '2021-08-02',
        validTo: '2025-12-31',
        what: 'Mindestanteil sauberer leichter Nutzfahrzeuge (M1, M2, N1)',
        value: 38.5,
        legalReference: '§ 5 SaubFahrzeugBeschG, Anlage 2',
      },
      {
        validFrom: '2026-01-01',
        validTo: '2030-12-31',
        what: 'Mindestanteil emissionsfreier leichter Nutzfahrzeuge (M1, M2, N1)',
        value: 38.5,
        legalReference: '§ 5 SaubFahrzeugBeschG, Anlage 2; Art. 4 Nr. 4 Buchst. a RL 2009/33/EG',
      },
    ],
  },
  {
    code: 'RENEWABLE_ELECTRICITY',
    name: {
      de: 'Strom aus erneuerbaren Energien (Herkunftsnachweise)',
      en: 'Renewable electricity (guarantees of origin)',
    },
    phases: ['specification', 'performance'],
    parameter: { ...PERCENT, better: 'higher', label: { de: 'Mindestanteil', en: 'Minimum share' } },
    cpvPrefixes: ['0931'],
    legalReference: '§ 79 EEG (Herkunftsnachweise); § 31 Abs. 3 VgV',
  },
  {
    code: 'ILO_CORE_LABOUR_STANDARDS',
    name: { de: 'ILO-Kernarbeitsnormen', en: 'ILO core labour standards' },
    phases: ['award', 'performance'],
    cpvPrefixes: ['14', '15', '18', '19', '30', '37', '39'],
    legalReference: '§ 128 Abs. 2 GWB; § 34 VgV',
  },
  {
    code: 'SPARE_PARTS_AVAILABILITY',
    name: { de: 'Verfügbarkeit von Ersatzteilen', en: 'Spare parts availability' },
    phases: ['specification', 'award', 'performance'],
    parameter: {
      type: 'number',
      label: { de: 'Mindestdauer', en: 'Minimum period' },
      unit: 'Jahre',
      min: 1,
      max: 15,
      better: 'higher',
    },
    cpvPrefixes: ['30', '32', '39', '42'],
    legalReference: '§ 31 Abs. 3 VgV; § 128 Abs. 2 GWB',
  },
  {
    code: 'CO2_EMISSIONS_MAX',
    name: { de: 'CO2-Emissionen des Fahrzeugs (WLTP)', en: 'Vehicle CO2 emissions (WLTP)' },
    phases: ['specification', 'award'],
    parameter: {
      type: 'number',
      label: { de: 'Höchstwert', en: 'Maximum' },
      unit: 'g/km',
      min: 0,
      max: 500,
      better: 'lower',
    },
    cpvPrefixes: ['341'],
    legalReference: 'SaubFahrzeugBeschG; Verordnung (EU) 2019/631; § 68 VgV',
  },
  {
    code: 'WARRANTY_YEARS',
    name: { de: 'Garantiedauer', en: 'Warranty period' },
    phases: ['specification', 'award', 'performance'],
    parameter: {
      type: 'number',
      label: { de: 'Mindestdauer', en: 'Minimum period' },
      unit: 'Jahre',
      min: 0,
      max: 30,
      better: 'higher',
    },
    legalReference: '§ 31 Abs. 3 VgV; § 128 Abs. 2 GWB',
  },
  {
    code: 'ENVIRONMENTAL_MANAGEMENT',
    name: { de: 'Umweltmanagement (EMAS oder ISO 14001)', en: 'Environmental management (EMAS or ISO 14001)' },
    phases: ['qualification'],
    legalReference: '§ 49 Abs. 2 VgV',
  },
]);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
