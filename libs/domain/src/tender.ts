import { isWithinPrefix, normalizeCpvCode, normalizeCpvPrefix } from './cpv';
import { TENDER_PHASES, TenderPhase } from './criteria';
import { assertNonNegativeInteger, formatScaled, parseScaled } from './money';
import { OfferScore, scoreOffers, validateWeights } from './scoring';

/**
 * Rules of a joint tender made from a closed bundle: which aggregated cells form which lot,
 * where the sustainability criteria sit in the four phases, and how offers are evaluated.
 */

/** A cell of the bundle's frozen aggregate: one CPV code and unit delivered in one district. */
export interface LotCell {
  cpvCode: string;
  unit: string;
  districtKey: string;
}

/** Which cells a lot takes: those under any of its CPV prefixes (all if none) and in any of its districts (all if none). */
export interface LotSelector {
  cpvPrefixes?: readonly string[];
  districtKeys?: readonly string[];
}

export interface LotAssignmentProblem {
  /** `lots.N` for a lot that takes nothing, `lots` for cells in no lot or in several */
  field: string;
  reason: string;
}

/**
 * Assigns every cell to exactly one lot: the coordinator merges proposed lots by naming
 * several prefixes in one lot, and splits one by giving two lots the same prefix with
 * different districts (or a narrower prefix). A cell in no lot or in two, and a lot that
 * takes no cell, are problems; the result lists the cell indexes per lot.
 */
export function assignCellsToLots(
  cells: readonly LotCell[],
  selectors: readonly LotSelector[],
): { lots: number[][]; problems: LotAssignmentProblem[] } {
  const normalised = selectors.map((s) => ({
    prefixes: s.cpvPrefixes?.map((p) => normalizeCpvPrefix(p)),
    districts: s.districtKeys ? new Set(s.districtKeys) : undefined,
  }));
  const lots: number[][] = selectors.map(() => []);
  /** lots that some cell matched, alone or with another lot */
  const touched = new Set<number>();
  const orphans: string[] = [];
  const doubles: string[] = [];
  cells.forEach((cell, index) => {
    const code = normalizeCpvCode(cell.cpvCode);
    const matches = normalised.flatMap((s, i) =>
      (!s.prefixes || s.prefixes.some((p) => isWithinPrefix(code, p))) &&
      (!s.districts || s.districts.has(cell.districtKey))
        ? [i]
        : [],
    );
    matches.forEach((m) => touched.add(m));
    const label = `${code} ${cell.unit} in ${cell.districtKey}`;
    if (matches.length === 0) orphans.push(label);
    else if (matches.length > 1) doubles.push(`${label} (lots ${matches.join(', ')})`);
    else lots[matches[0] ?? 0]?.push(index);
  });
  const problems: LotAssignmentProblem[] = [];
  if (orphans.length) problems.push({ field: 'lots', reason: `no lot takes ${orphans.join('; ')}` });
  if (doubles.length) problems.push({ field: 'lots', reason: `more than one lot takes ${doubles.join('; ')}` });
  lots.forEach((_, i) => {
    if (!touched.has(i))
      problems.push({ field: `lots.${i}`, reason: 'takes none of the bundle’s products and districts' });
  });
  return { lots, problems };
}

/** A criterion in one phase; award criteria carry their weight in points of 100. */
export interface PlacedCriterion {
  code: string;
  phase: TenderPhase;
  weight?: number;
  detail?: string;
}

export interface CriteriaPlacementInput {
  /** the bundle's mandatory criteria: each must sit in at least one phase */
  mandatory: readonly string[];
  /** the coordinator's placement; absent: every mandatory criterion in each of its phases */
  requested?: readonly PlacedCriterion[];
  /** weight of the price; default 100 without award criteria, else 70 */
  priceWeight?: number;
  /** the phases each known criterion may be used in (the catalogue) */
  phasesOf: (code: string) => readonly TenderPhase[] | undefined;
}

/** the price weight when award criteria are weighted and the coordinator named none */
export const DEFAULT_PRICE_WEIGHT_WITH_CRITERIA = 70;

/**
 * Places the criteria in the phases (specification, qualification, award with weights,
 * performance). Checks that each criterion is known and allowed in its phase, that award
 * criteria and only they carry a weight, that every mandatory criterion is placed, and that
 * the award weights and the price weight sum to exactly 100. Returns every problem with its field.
 */
export function placeCriteria(input: CriteriaPlacementInput): {
  criteria: PlacedCriterion[];
  priceWeight: number;
  problems: LotAssignmentProblem[];
} {
  const problems: LotAssignmentProblem[] = [];
  let criteria: PlacedCriterion[];
  if (input.requested) {
    criteria = [...input.requested];
    const seen = new Set<string>();
    criteria.forEach((c, i) => {
      const phases = input.phasesOf(c.code);
      const at = `criteria.${i}`;
      if (!phases) problems.push({ field: `${at}.code`, reason: `${c.code} is not in the criteria catalogue` });
      else if (!phases.includes(c.phase)) {
        problems.push({
          field: `${at}.phase`,
          reason: `${c.code} belongs to the phases ${phases.join(', ')}, not ${c.phase}`,
        });
      }
      if (c.phase === 'award' && !(typeof c.weight === 'number' && c.weight > 0)) {
        problems.push({ field: `${at}.weight`, reason: 'an award criterion needs a weight above 0' });
      }
      if (c.phase !== 'award' && c.weight !== undefined) {
        problems.push({ field: `${at}.weight`, reason: 'only award criteria carry a weight' });
      }
      const key = `${c.code}|${c.phase}`;
      if (seen.has(key)) problems.push({ field: at, reason: `${c.code} is placed in ${c.phase} twice` });
      seen.add(key);
    });
    for (const code of input.mandatory) {
      if (!criteria.some((c) => c.code === code)) {
        problems.push({ field: 'criteria', reason: `the bundle's mandatory criterion ${code} is in no phase` });
      }
    }
  } else {
    criteria = input.mandatory.flatMap((code) => (input.phasesOf(code) ?? []).map((phase) => ({ code, phase })));
  }
  let award = criteria.filter((c) => c.phase === 'award');
  const priceWeight = input.priceWeight ?? (award.length ? DEFAULT_PRICE_WEIGHT_WITH_CRITERIA : 100);
  if (!input.requested && award.length && priceWeight === 100) {
    // nothing left to weigh: the criteria stay in their other phases, not as award criteria of weight 0
    criteria = criteria.filter((c) => c.phase !== 'award');
    award = [];
  }
  if (!input.requested && award.length) {
    // the rest of 100 in equal parts (hundredths), the remainder to the first
    const rest = 100_00 - parseScaled(priceWeight, 2, 'priceWeight');
    const each = Math.floor(rest / award.length);
    award.forEach((c, i) => (c.weight = Number(formatScaled(each + (i === 0 ? rest - each * award.length : 0), 2))));
  }
  if (problems.length === 0) {
    try {
      validateWeights({ price: priceWeight, criteria: Object.fromEntries(award.map((c) => [c.code, c.weight ?? 0])) });
    } catch (e) {
      problems.push({ field: 'priceWeight', reason: (e as Error).message });
    }
  }
  criteria.sort(
    (a, b) =>
      TENDER_PHASES.indexOf(a.phase) - TENDER_PHASES.indexOf(b.phase) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return { criteria, priceWeight, problems };
}

export interface OfferToEvaluate {
  offerId: string;
  /** the offer's total for the lot, integer cents (sum of its item values) */
  priceCents: number;
  /** the criteria the supplier declares it fulfils */
  criteria: readonly string[];
  submittedAt?: string | Date;
}

export interface OfferEvaluation {
  offerId: string;
  priceCents: number;
  /** an offer that does not declare every specification, qualification and performance criterion is excluded */
  excluded: boolean;
  exclusionReasons: string[];
  /** absent for excluded offers */
  score?: OfferScore;
}

/**
 * Evaluates the offers of one lot: first the exclusion (every criterion of the specification,
 * qualification and performance phases must be declared), then the ranking of the rest by
 * price and the weighted award criteria (scoreOffers: points of 100, exact, deterministic ties).
 */
export function evaluateOffers(input: {
  offers: readonly OfferToEvaluate[];
  criteria: readonly PlacedCriterion[];
  priceWeight: number;
}): OfferEvaluation[] {
  const required = [...new Set(input.criteria.filter((c) => c.phase !== 'award').map((c) => c.code))].sort();
  const evaluations: OfferEvaluation[] = input.offers.map((o) => {
    assertNonNegativeInteger(o.priceCents, 'priceCents');
    const declared = new Set(o.criteria);
    const missing = required.filter((code) => !declared.has(code));
    const reasons = missing.map((code) => `does not declare ${code}`);
    if (o.priceCents === 0) reasons.push('has a total price of zero');
    return { offerId: o.offerId, priceCents: o.priceCents, excluded: reasons.length > 0, exclusionReasons: reasons };
  });
  const eligible = input.offers.filter((_, i) => !evaluations[i]?.excluded);
  const weights = {
    price: input.priceWeight,
    criteria: Object.fromEntries(input.criteria.filter((c) => c.phase === 'award').map((c) => [c.code, c.weight ?? 0])),
  };
  const scores = new Map(scoreOffers({ offers: eligible, weights }).map((s) => [s.offerId, s]));
  return evaluations
    .map((e) => (scores.has(e.offerId) ? { ...e, score: scores.get(e.offerId) } : e))
    .sort(
      (a, b) =>
        (a.score?.rank ?? Infinity) - (b.score?.rank ?? Infinity) ||
        a.priceCents - b.priceCents ||
        (a.offerId < b.offerId ? -1 : 1),
    );
}
