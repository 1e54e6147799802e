import { isWithinPrefix, normalizeCpvCode, normalizeCpvPrefix } from './cpv';
import { TENDER_PHASES, TenderPhase } from './criteria';
import { formatScaled, parseScaled } from './money';
import type { LotAssignmentProblem } from './tender';
import { validateWeights } from './scoring';
import { Better, isValuedParameter, ruleProblems, ScoringRule } from './valued-criteria';

/**
 * Where a joint tender's sustainability criteria sit: in which of the four phases, on which lots
 * (each lot owns its criteria), with which value or scoring rule, and the price weight per lot.
 */

/**
 * A criterion in one phase and on the lots it applies to; award criteria carry their weight in
 * points of 100. `lotKeys` absent (or null): every lot of the tender.
 */
export interface PlacedCriterion {
  code: string;
  phase: TenderPhase;
  weight?: number;
  detail?: string;
  lotKeys?: readonly string[] | null;
  /** a valued criterion outside the award phase: the limit an offer must keep (valued-criteria.ts) */
  value?: number | null;
  /** a valued award criterion: how its points follow from the offered value */
  scoring?: ScoringRule | null;
  /** the catalogue's direction of a valued criterion (filled in for the evaluation) */
  better?: Better;
}

/** what the placement needs of a catalogue entry's parameter */
export interface ParameterToPlace {
  type: string;
  min?: number;
  max?: number;
  better?: Better;
  unit?: string;
  /** the catalogue's rule for a valued award criterion that the tender gives none */
  scoring?: ScoringRule;
}

/** a lot as the placement sees it: its key and the CPV codes of its items */
export interface LotToPlace {
  key: string;
  title?: string;
  cpvCodes: readonly string[];
}

export interface CriteriaPlacementInput {
  /** the bundle's mandatory criteria: each must sit in at least one phase */
  mandatory: readonly string[];
  /** the coordinator's placement; absent: every mandatory criterion in each of its phases */
  requested?: readonly PlacedCriterion[];
  /** weight of the price in every lot with award criteria; default 100 without award criteria, else 70 */
  priceWeight?: number;
  /** the phases each known criterion may be used in (the catalogue) */
  phasesOf: (code: string) => readonly TenderPhase[] | undefined;
  /** the tender's lots; absent: the lots are not checked (one lot for everything) */
  lots?: readonly LotToPlace[];
  /** the CPV prefixes a catalogue entry is scoped to; undefined: any product or service */
  cpvPrefixesOf?: (code: string) => readonly string[] | undefined;
  /** the catalogue entry's parameter; a criterion carries a value only if it is `percent` or `number` */
  parameterOf?: (code: string) => ParameterToPlace | null | undefined;
  /**
   * the requested criteria are the stored ones and the lots were planned anew: lot keys of lots
   * that no longer exist are dropped, and a criterion on every lot moves to the lots within its scope
   */
  lotsReplanned?: boolean;
}

/** the price weight when award criteria are weighted and the coordinator named none */
export const DEFAULT_PRICE_WEIGHT_WITH_CRITERIA = 70;

/** whether a placed criterion applies to the lot (no lot keys: every lot) */
export function appliesToLot(criterion: Pick<PlacedCriterion, 'lotKeys'>, lotKey: string): boolean {
  return !criterion.lotKeys || criterion.lotKeys.includes(lotKey);
}

/** the criteria that apply to one lot */
export function criteriaOfLot<C extends Pick<PlacedCriterion, 'lotKeys'>>(criteria: readonly C[], lotKey: string): C[] {
  return criteria.filter((c) => appliesToLot(c, lotKey));
}

/**
 * The price weight of a lot: the rest of 100 after the weights of the award criteria that apply
 * to it (exact, in hundredths). A lot without award criteria is awarded on the price alone (100).
 */
export function lotPriceWeight(criteria: readonly PlacedCriterion[], lotKey: string): number {
  const award = criteriaOfLot(criteria, lotKey).filter((c) => c.phase === 'award');
  const sum = award.reduce((s, c) => s + parseScaled(c.weight ?? 0, 2, 'weight'), 0);
  return Number(formatScaled(100_00 - sum, 2));
}

/** what is wrong with a criterion's value and scoring rule, by the catalogue's parameter */
function valueProblems(
  c: PlacedCriterion,
  at: string,
  parameter: ParameterToPlace | null | undefined,
): LotAssignmentProblem[] {
  const hasValue = c.value !== undefined && c.value !== null;
  const hasRule = c.scoring !== undefined && c.scoring !== null;
  if (!hasValue && !hasRule) return [];
  if (!parameter || !isValuedParameter(parameter)) {
    return [
      {
        field: hasValue ? `${at}.value` : `${at}.scoring`,
        reason: `${c.code} carries no numeric value (only criteria with a percent or number parameter do)`,
        de: `${c.code} trägt keinen Zahlenwert (nur Kriterien mit Prozent- oder Zahlenparameter)`,
      },
    ];
  }
  const problems: LotAssignmentProblem[] = [];
  const better = parameter.better ?? 'higher';
  if (hasValue && c.phase === 'award')
    problems.push({
      field: `${at}.value`,
      reason: 'in the award phase a scoring rule (scoring) applies, not a limit',
      de: 'in der Zuschlagsphase gilt eine Bewertungsregel (scoring), kein Grenzwert',
    });
  if (hasValue && c.phase !== 'award') {
    const v = c.value as number;
    if (parameter.min !== undefined && v < parameter.min)
      problems.push({
        field: `${at}.value`,
        reason: `must be at least ${parameter.min}`,
        de: `muss mindestens ${parameter.min} sein`,
      });
    if (parameter.max !== undefined && v > parameter.max)
      problems.push({
        field: `${at}.value`,
        reason: `must be at most ${parameter.max}`,
        de: `darf höchstens ${parameter.max} sein`,
      });
  }
  if (hasRule && c.phase !== 'award')
    problems.push({
      field: `${at}.scoring`,
      reason: 'only award criteria have a scoring rule',
      de: 'nur Zuschlagskriterien haben eine Bewertungsregel',
    });
  if (hasRule && c.phase === 'award')
    problems.push(
      ...ruleProblems(c.scoring as ScoringRule, better, c.weight, parameter).map((p) => ({
        field: `${at}.scoring.${p.field}`,
        reason: p.reason,
        de: p.de,
      })),
    );
  return problems;
}

/** a stored criterion on newly planned lots: on its lots that still exist, else on the lots within its scope */
function movedToLots(
  c: PlacedCriterion,
  lots: readonly LotToPlace[],
  cpvPrefixesOf: CriteriaPlacementInput['cpvPrefixesOf'],
): PlacedCriterion {
  const kept = c.lotKeys?.filter((k) => lots.some((l) => l.key === k));
  if (kept && kept.length) return { ...c, lotKeys: kept };
  const scope = cpvPrefixesOf?.(c.code);
  const within = scope ? lots.filter((l) => lotWithinScope(l, scope)).map((l) => l.key) : [];
  return { ...c, lotKeys: within.length && within.length < lots.length ? within : null };
}

/** whether any of the lot's CPV codes lies under one of the prefixes */
function lotWithinScope(lot: LotToPlace, prefixes: readonly string[]): boolean {
  const normalised = prefixes.map((p) => normalizeCpvPrefix(p));
  return lot.cpvCodes.some((code) => normalised.some((p) => isWithinPrefix(normalizeCpvCode(code), p)));
}

function lotLabel(lot: LotToPlace): string {
  return lot.title ? `${lot.key} (${lot.title})` : lot.key;
}

/**
 * Places the criteria in the phases (specification, qualification, award with weights,
 * performance) and on the lots. Checks that each criterion is known and allowed in its phase,
 * that award criteria and only they carry a weight, that every mandatory criterion is placed,
 * that a criterion scoped to CPV codes sits only on lots with products under them (a vehicle
 * criterion on a lot of wallboxes is refused, naming the lot), and that in every lot with award
 * criteria their weights and the price weight sum to exactly 100. By default a mandatory
 * criterion sits on the lots within its scope. Returns every problem with its field.
 */
export function placeCriteria(input: CriteriaPlacementInput): {
  criteria: PlacedCriterion[];
  priceWeight: number;
  problems: LotAssignmentProblem[];
} {
  const problems: LotAssignmentProblem[] = [];
  const lots = input.lots;
  const lotKeys = new Set(lots?.map((l) => l.key));
  let criteria: PlacedCriterion[];
  if (input.requested) {
    criteria = input.requested.map((c) =>
      input.lotsReplanned && lots ? movedToLots(c, lots, input.cpvPrefixesOf) : { ...c },
    );
    const seen = new Set<string>();
    criteria.forEach((c, i) => {
      const phases = input.phasesOf(c.code);
      const at = `criteria.${i}`;
      if (!phases)
        problems.push({
          field: `${at}.code`,
          reason: `${c.code} is not in the criteria catalogue`,
          de: `${c.code} steht nicht im Kriterienkatalog`,
        });
      else if (!phases.includes(c.phase)) {
        problems.push({
          field: `${at}.phase`,
          reason: `${c.code} belongs in the phases ${phases.join(', ')}, not in ${c.phase}`,
          de: `${c.code} gehört in die Phasen ${phases.join(', ')}, nicht in ${c.phase}`,
        });
      }
      if (c.phase === 'award' && !(typeof c.weight === 'number' && c.weight > 0)) {
        problems.push({
          field: `${at}.weight`,
          reason: 'an award criterion needs a weight above 0',
          de: 'ein Zuschlagskriterium braucht eine Gewichtung über 0',
        });
      }
      if (c.phase !== 'award' && c.weight !== undefined) {
        problems.push({
          field: `${at}.weight`,
          reason: 'only award criteria carry a weight',
          de: 'nur Zuschlagskriterien tragen eine Gewichtung',
        });
      }
      problems.push(...valueProblems(c, at, input.parameterOf?.(c.code)));
      const key = `${c.code}|${c.phase}`;
      if (seen.has(key))
        problems.push({
          field: at,
          reason: `${c.code} is twice in the phase ${c.phase}`,
          de: `${c.code} steht zweimal in der Phase ${c.phase}`,
        });
      seen.add(key);
      if (lots && c.lotKeys) {
        const unknown = c.lotKeys.filter((k) => !lotKeys.has(k));
        if (unknown.length)
          problems.push({
            field: `${at}.lotKeys`,
            reason: `no lot of this tender: ${unknown.join(', ')} (lots: ${[...lotKeys].join(', ')})`,
            de: `kein Los dieser Ausschreibung: ${unknown.join(', ')} (Lose: ${[...lotKeys].join(', ')})`,
          });
      }
      const scope = input.cpvPrefixesOf?.(c.code);
      if (lots && scope) {
        const outside = lots.filter((l) => appliesToLot(c, l.key) && !lotWithinScope(l, scope));
        if (outside.length)
          problems.push({
            field: `${at}.lotKeys`,
            reason:
              `${c.code} applies only to CPV ${scope.join(', ')}; ` +
              `${outside.length === 1 ? 'the lot' : 'the lots'} ${outside.map(lotLabel).join(', ')} ` +
              `${outside.length === 1 ? 'contains' : 'contain'} no such product or service`,
            de:
              `${c.code} gilt nur für CPV ${scope.join(', ')}; ` +
              `${outside.length === 1 ? 'das Los' : 'die Lose'} ${outside.map(lotLabel).join(', ')} ` +
              `${outside.length === 1 ? 'enthält' : 'enthalten'} keine solche Leistung`,
          });
      }
    });
    for (const code of input.mandatory) {
      if (!criteria.some((c) => c.code === code)) {
        problems.push({
          field: 'criteria',
          reason: `the bundle's mandatory criterion ${code} is in no phase`,
          de: `das Pflichtkriterium ${code} des Bündels steht in keiner Phase`,
        });
      }
    }
  } else {
    criteria = input.mandatory.flatMap((code) => {
      const scope = input.cpvPrefixesOf?.(code);
      const within = lots && scope ? lots.filter((l) => lotWithinScope(l, scope)).map((l) => l.key) : undefined;
      // on the lots within the criterion's scope; on all when all are, or none (the bundle imposes it)
      const onLots = within && within.length > 0 && within.length < (lots?.length ?? 0) ? within : undefined;
      return (input.phasesOf(code) ?? []).map((phase) => ({ code, phase, ...(onLots ? { lotKeys: onLots } : {}) }));
    });
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
    // every lot with award criteria: the price weight and their weights sum to 100
    // (without any award criterion the price weighs 100 alone)
    for (const lot of lots && award.length ? lots : [{ key: '', cpvCodes: [] }]) {
      const ofLot = award.filter((c) => appliesToLot(c, lot.key));
      if (!ofLot.length && lots && award.length) continue;
      try {
        validateWeights({
          price: priceWeight,
          criteria: Object.fromEntries(ofLot.map((c) => [c.code, c.weight ?? 0])),
        });
      } catch {
        const sum = ofLot.reduce((s, c) => s + parseScaled(c.weight ?? 0, 2, 'weight'), 0) / 100;
        problems.push({
          field: 'priceWeight',
          reason:
            `price (${priceWeight}) and award criteria (${sum}) ` +
            `${lot.key ? `of lot ${lotLabel(lot)} ` : ''}must add up to exactly 100 points`,
          de:
            `Preis (${priceWeight}) und Zuschlagskriterien (${sum}) ` +
            `${lot.key ? `des Loses ${lotLabel(lot)} ` : ''}müssen zusammen genau 100 Punkte ergeben`,
        });
      }
    }
  }
  criteria.sort(
    (a, b) =>
      TENDER_PHASES.indexOf(a.phase) - TENDER_PHASES.indexOf(b.phase) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return { criteria, priceWeight, problems };
}
