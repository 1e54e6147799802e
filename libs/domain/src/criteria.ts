import { isWithinPrefix, normalizeCpvCode, normalizeCpvPrefix } from './cpv';
import { berlinDate } from './dates';
import { InvalidInputError } from './errors';
import { CRITERIA_CATALOGUE } from './criteria-catalogue';
import { ScoringRule } from './valued-criteria';

export { CRITERIA_CATALOGUE };

/**
 * Sustainability criteria catalogue (its data: criteria-catalogue.ts) and the compatibility
 * check of a demand with a bundle.
 * A criterion can be applied in one or more of the four tender phases: specification
 * (Leistungsbeschreibung, § 31 VgV), qualification (Eignung, §§ 122 GWB, 49 VgV), award
 * (Zuschlagskriterien, § 127 GWB, § 58 VgV) and contract performance
 * (Ausführungsbedingungen, § 128 Abs. 2 GWB). Labels as proof: § 34 VgV.
 */

export const TENDER_PHASES = ['specification', 'qualification', 'award', 'performance'] as const;
export type TenderPhase = (typeof TENDER_PHASES)[number];

export interface LocalisedText {
  de: string;
  en: string;
}

export interface CriterionOption {
  value: string;
  label: LocalisedText;
  /** CPV prefixes the option is meant for */
  cpvPrefixes?: readonly string[];
}

/** The parameter a buyer sets when applying the criterion. */
export interface CriterionParameter {
  type: 'enum' | 'percent' | 'number';
  label: LocalisedText;
  unit?: string;
  min?: number;
  max?: number;
  /** for `percent` and `number`: which values are better (see valued-criteria.ts) */
  better?: 'higher' | 'lower';
  /** for `enum`: the allowed values, in order (best first where there is an order) */
  options?: readonly CriterionOption[];
  /** for `percent` and `number`: the rule that scores it as an award criterion when the tender sets none */
  scoring?: ScoringRule;
}

/**
 * A date of the law a criterion follows, with its validity: from when an obligation applies
 * (the battery passport from 18 Feb 2027), or a legal minimum share in a period (Art. 8 of the
 * Battery Regulation: 16 % recycled cobalt from 18 Aug 2031). Data, not constants.
 */
export interface CriterionLegalDate {
  /** first day it applies */
  validFrom: string;
  /** last day, if it ends */
  validTo?: string;
  /** what applies then (German) */
  what: string;
  /** the legal minimum (or maximum) in the parameter's unit, where there is one */
  value?: number;
  legalReference: string;
}

export interface SustainabilityCriterion {
  code: string;
  name: LocalisedText;
  phases: readonly TenderPhase[];
  parameter?: CriterionParameter;
  /** CPV prefixes the criterion is meant for; absent = any product or service */
  cpvPrefixes?: readonly string[];
  legalReference: string;
  /** the dates of the law it follows, with their validity */
  legalDates?: readonly CriterionLegalDate[];
}

const BY_CODE: ReadonlyMap<string, SustainabilityCriterion> = new Map(CRITERIA_CATALOGUE.map((c) => [c.code, c]));

/** The criterion with this code, or undefined. */
export function findCriterion(code: string): SustainabilityCriterion | undefined {
  return BY_CODE.get(code);
}

/** Criteria meant for a CPV code (those without CPV prefixes apply to everything). */
export function criteriaForCpv(cpvCode: string): SustainabilityCriterion[] {
  const code = normalizeCpvCode(cpvCode);
  return CRITERIA_CATALOGUE.filter((c) => !c.cpvPrefixes || c.cpvPrefixes.some((p) => isWithinPrefix(code, p)));
}

export interface DemandToMatch {
  cpvCode: string;
  /** Kreisschlüssel; if absent, the first five digits of `deliveryAgs` */
  districtKey?: string;
  deliveryAgs?: string;
  deliveryFrom: string | Date;
  deliveryTo: string | Date;
  /** criterion codes the demand requires */
  criteria: readonly string[];
}

export interface BundleToMatch {
  /** the CPV scope: one prefix, or several (a demand fits when it lies under any of them) */
  cpvPrefix: string | readonly string[];
  districtKeys: readonly string[];
  deliveryFrom: string | Date;
  deliveryTo: string | Date;
  mandatoryCriteria: readonly string[];
}

export interface Mismatch {
  field: 'cpvCode' | 'districtKey' | 'deliveryAgs' | 'deliveryWindow' | 'criteria';
  reason: string;
  /** the reason in German, for a reader of German (the API's problem details, the web app) */
  de: string;
}

/** YYYY-MM-DD as TT.MM.JJJJ */
const germanDay = (day: string) => day.split('-').reverse().join('.');

/** a criterion's German name from the built-in catalogue, else its code */
const criterionNameDe = (code: string) => CRITERIA_CATALOGUE.find((c) => c.code === code)?.name.de ?? code;

/**
 * Why a demand cannot join a bundle; an empty list means it is compatible. Checks the CPV
 * scope, the region (district), that the delivery windows overlap (inclusive dates), and that
 * the demand requires no criterion the bundle does not impose (one mismatch per criterion).
 * A bundle's mandatory criteria apply to every participant, so criteria the bundle imposes but
 * the demand does not list are no conflict. Throws InvalidInputError on malformed input.
 */
export function checkDemandAgainstBundle(input: { demand: DemandToMatch; bundle: BundleToMatch }): Mismatch[] {
  const { demand, bundle } = input;
  const mismatches: Mismatch[] = [];

  const prefixes = (typeof bundle.cpvPrefix === 'string' ? [bundle.cpvPrefix] : bundle.cpvPrefix).map(
    normalizeCpvPrefix,
  );
  const code = normalizeCpvCode(demand.cpvCode);
  if (!prefixes.some((prefix) => isWithinPrefix(code, prefix))) {
    mismatches.push({
      field: 'cpvCode',
      reason: `CPV code ${code} is outside the bundle's CPV scope ${prefixes.join(', ')}`,
      de: `Der CPV-Code ${code} liegt außerhalb des CPV-Bereichs des Bündels (${prefixes.join(', ')}).`,
    });
  }

  const field = demand.districtKey !== undefined ? 'districtKey' : 'deliveryAgs';
  const districtKey = demand.districtKey ?? demand.deliveryAgs?.slice(0, 5);
  if (districtKey === undefined) {
    mismatches.push({
      field: 'deliveryAgs',
      reason: 'The demand has no delivery place (AGS or district key)',
      de: 'Der Bedarf hat keinen Lieferort.',
    });
  } else if (!/^\d{5}$/.test(districtKey) || (field === 'deliveryAgs' && !/^\d{8}$/.test(demand.deliveryAgs ?? ''))) {
    throw new InvalidInputError(
      `demand.${field}`,
      `malformed: "${field === 'districtKey' ? districtKey : demand.deliveryAgs}"`,
    );
  } else if (!bundle.districtKeys.includes(districtKey)) {
    mismatches.push({
      field,
      reason: `Delivery district ${districtKey} is outside the bundle's region (${[...bundle.districtKeys].sort().join(', ') || 'none'})`,
      de: `Der Lieferort (Kreis ${districtKey}) liegt außerhalb der Kreise des Bündels (${[...bundle.districtKeys].sort().join(', ') || 'keine'}).`,
    });
  }

  const [df, dt] = window(demand.deliveryFrom, demand.deliveryTo, 'demand');
  const [bf, bt] = window(bundle.deliveryFrom, bundle.deliveryTo, 'bundle');
  if (df > bt || bf > dt) {
    mismatches.push({
      field: 'deliveryWindow',
      reason: `Delivery window ${df} to ${dt} does not overlap the bundle's delivery window ${bf} to ${bt}`,
      de: `Der Lieferzeitraum ${germanDay(df)} bis ${germanDay(dt)} überschneidet sich nicht mit dem des Bündels (${germanDay(bf)} bis ${germanDay(bt)}).`,
    });
  }

  const imposed = new Set(bundle.mandatoryCriteria);
  for (const criterion of [...new Set(demand.criteria)].sort()) {
    if (!imposed.has(criterion)) {
      mismatches.push({
        field: 'criteria',
        reason: `The demand requires criterion ${criterion}, which the bundle does not impose`,
        de: `Der Bedarf verlangt das Kriterium „${criterionNameDe(criterion)}“, das das Bündel nicht vorschreibt.`,
      });
    }
  }
  return mismatches;
}

function window(from: string | Date, to: string | Date, who: string): [string, string] {
  const f = berlinDate(from, `${who}.deliveryFrom`);
  const t = berlinDate(to, `${who}.deliveryTo`);
  if (t < f) throw new InvalidInputError(`${who}.deliveryTo`, `${t} is before deliveryFrom ${f}`);
  return [f, t];
}

/** the legal dates of a criterion that apply on a day (`YYYY-MM-DD`): the validity is data */
export function legalDatesOn(
  criterion: Pick<SustainabilityCriterion, 'legalDates'>,
  day: string,
): CriterionLegalDate[] {
  return (criterion.legalDates ?? []).filter((d) => d.validFrom <= day && (!d.validTo || day <= d.validTo));
}
