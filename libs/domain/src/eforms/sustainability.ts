import { isWithinPrefix, normalizeCpvCode } from '../cpv';
import type { EnvironmentalImpact, GppCriteria, SocialObjective, StrategicProcurement } from './codes';
import type { EformsLotCriterionInput } from './input';

/**
 * How the sustainability criteria of the catalogue (`GET /criteria`) appear in eForms: every
 * criterion is an aim of strategic procurement (BT-06) with, for green procurement, the
 * environmental impact (BT-774) and whose green criteria it follows (BT-805), and for social
 * procurement the social objective (BT-775).
 */
export interface EformsCriterionMeaning {
  strategic: StrategicProcurement;
  environmentalImpact?: EnvironmentalImpact;
  gpp?: GppCriteria;
  socialObjective?: SocialObjective;
}

export const EFORMS_CRITERION_MEANING: Readonly<Record<string, EformsCriterionMeaning>> = {
  // national ecolabel of the Federal Environment Agency
  BLAUER_ENGEL: { strategic: 'env-imp', environmentalImpact: 'pollu-prev', gpp: 'national' },
  EU_ECOLABEL: { strategic: 'env-imp', environmentalImpact: 'pollu-prev', gpp: 'eu' },
  RECYCLED_CONTENT_MIN: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'other' },
  ENERGY_EFFICIENCY_CLASS: { strategic: 'env-imp', environmentalImpact: 'clim-mitig', gpp: 'eu' },
  LKSG_DUE_DILIGENCE: { strategic: 'soc-obj', socialObjective: 'hum-right' },
  BATTERY_DUE_DILIGENCE: { strategic: 'soc-obj', socialObjective: 'hum-right' },
  BATTERY_CARBON_FOOTPRINT: { strategic: 'env-imp', environmentalImpact: 'clim-mitig', gpp: 'eu' },
  TAKE_BACK: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'other' },
  // Battery Regulation (EU) 2023/1542: footprint, recycled content, passport, state of health, end of life
  BATTERY_CARBON_FOOTPRINT_CLASS: { strategic: 'env-imp', environmentalImpact: 'clim-mitig', gpp: 'eu' },
  BATTERY_RECYCLED_COBALT: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'eu' },
  BATTERY_RECYCLED_LITHIUM: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'eu' },
  BATTERY_RECYCLED_NICKEL: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'eu' },
  BATTERY_RECYCLED_LEAD: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'eu' },
  BATTERY_PASSPORT_ID: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'eu' },
  BATTERY_SOH_DATA_ACCESS: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'eu' },
  BATTERY_TAKE_BACK: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'eu' },
  BATTERY_WARRANTY_YEARS: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'other' },
  BATTERY_SOH_GUARANTEE_YEARS: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'other' },
  ZERO_EMISSION_VEHICLE: { strategic: 'env-imp', environmentalImpact: 'clim-mitig', gpp: 'eu' },
  RENEWABLE_ELECTRICITY: { strategic: 'env-imp', environmentalImpact: 'clim-mitig', gpp: 'other' },
  ILO_CORE_LABOUR_STANDARDS: { strategic: 'soc-obj', socialObjective: 'work-cond' },
  SPARE_PARTS_AVAILABILITY: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'other' },
  ENVIRONMENTAL_MANAGEMENT: { strategic: 'env-imp', environmentalImpact: 'other', gpp: 'other' },
  // Clean Vehicles Directive: the vehicle's tailpipe CO2 (WLTP) against a maximum
  CO2_EMISSIONS_MAX: { strategic: 'env-imp', environmentalImpact: 'clim-mitig', gpp: 'eu' },
  // a longer warranty keeps the product in use longer: circular economy
  WARRANTY_YEARS: { strategic: 'env-imp', environmentalImpact: 'circ-econ', gpp: 'other' },
};

const PHASE_DE: Readonly<Record<EformsLotCriterionInput['phase'], string>> = {
  specification: 'Leistungsbeschreibung',
  qualification: 'Eignung',
  award: 'Zuschlagskriterium',
  performance: 'Ausführungsbedingung',
};

/** One aim of strategic procurement of a lot, with the German description (BT-777). */
export interface LotStrategicAim {
  code: StrategicProcurement;
  description: string;
}

export interface LotSustainability {
  /** BT-06 with BT-777, in the order env-imp, soc-obj, inn-pur; empty = `none` */
  aims: LotStrategicAim[];
  environmentalImpacts: EnvironmentalImpact[];
  socialObjectives: SocialObjective[];
  gpp: GppCriteria[];
}

function criterionText(c: EformsLotCriterionInput): string {
  return `${c.name}${c.detail ? ` (${c.detail})` : ''} – ${PHASE_DE[c.phase]}`;
}

/** The strategic-procurement fields of a lot, derived from the criteria placed on it. */
export function lotSustainability(criteria: readonly EformsLotCriterionInput[]): LotSustainability {
  const byAim = new Map<StrategicProcurement, string[]>();
  const impacts = new Set<EnvironmentalImpact>();
  const social = new Set<SocialObjective>();
  const gpp = new Set<GppCriteria>();
  for (const c of criteria) {
    const meaning = EFORMS_CRITERION_MEANING[c.code];
    if (!meaning) continue;
    byAim.set(meaning.strategic, [...(byAim.get(meaning.strategic) ?? []), criterionText(c)]);
    if (meaning.environmentalImpact) impacts.add(meaning.environmentalImpact);
    if (meaning.socialObjective) social.add(meaning.socialObjective);
    if (meaning.gpp) gpp.add(meaning.gpp);
  }
  const order: StrategicProcurement[] = ['env-imp', 'soc-obj', 'inn-pur'];
  return {
    aims: order
      .filter((a) => byAim.has(a))
      .map((a) => ({ code: a, description: [...new Set(byAim.get(a))].sort().join('; ') })),
    environmentalImpacts: [...impacts].sort(),
    socialObjectives: [...social].sort(),
    gpp: [...gpp].sort(),
  };
}

/**
 * CPV codes within the scope of the Clean Vehicles Directive ((EU) 2019/1161, Table 1 of the
 * annex, as the Saubere-Fahrzeuge-Beschaffungs-Gesetz lists them): road vehicles of classes
 * M and N, and the road transport, refuse collection, postal and courier services that use them.
 */
export const CLEAN_VEHICLES_CPV_PREFIXES: readonly string[] = [
  '3411', // passenger cars
  '34121', // buses and coaches
  '34144', // special-purpose motor vehicles (refuse vehicles, electric vehicles 34144900)
  '3413', // motor vehicles for the transport of goods
  '6011', // public road transport services
  '6013', // special-purpose road passenger-transport services
  '6014', // non-scheduled passenger transport
  '90511', // refuse collection services
  '6016', // mail transport by road
  '6017', // hire of passenger vehicles with driver
  '6411', // postal services
  '6412', // courier services
];

/** Whether a CPV code lies in the scope of the Clean Vehicles Directive (BT-717). */
export function isCleanVehiclesCpv(cpvCode: string): boolean {
  const code = normalizeCpvCode(cpvCode);
  return CLEAN_VEHICLES_CPV_PREFIXES.some((p) => isWithinPrefix(code, p));
}
