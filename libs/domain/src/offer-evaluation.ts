import { assertNonNegativeInteger } from './money';
import { OfferScore, scoreOffers } from './scoring';
import { criteriaOfLot, lotPriceWeight, PlacedCriterion } from './criteria-placement';
import { meetsLimit, ruleFulfilment } from './valued-criteria';

/**
 * The evaluation of a tender's offers, lot by lot, over the criteria that the placement
 * (placeCriteria in ./tender) put on the lot: exclusion first, then the ranking.
 */

export interface OfferToEvaluate {
  offerId: string;
  /** the values the offer states for valued criteria (code -> value); stating one declares the criterion */
  values?: Readonly<Record<string, number>>;
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
 * qualification and performance phases that applies to the lot must be declared), then the
 * ranking of the rest by price and the weighted award criteria of the lot (scoreOffers: points
 * of 100, exact, deterministic ties). With `lotKey` only the criteria on that lot count, and the
 * price weighs what the lot's award criteria leave of 100 (lotPriceWeight).
 */
export function evaluateOffers(input: {
  offers: readonly OfferToEvaluate[];
  criteria: readonly PlacedCriterion[];
  priceWeight?: number;
  lotKey?: string;
}): OfferEvaluation[] {
  const placed = input.lotKey === undefined ? input.criteria : criteriaOfLot(input.criteria, input.lotKey);
  const priceWeight =
    input.lotKey === undefined ? (input.priceWeight ?? 100) : lotPriceWeight(input.criteria, input.lotKey);
  const required = [...new Set(placed.filter((c) => c.phase !== 'award').map((c) => c.code))].sort();
  const limits = placed.filter((c) => c.phase !== 'award' && c.value !== undefined && c.value !== null);
  const evaluations: OfferEvaluation[] = input.offers.map((o) => {
    assertNonNegativeInteger(o.priceCents, 'priceCents');
    const values = o.values ?? {};
    const declared = new Set([...o.criteria, ...Object.keys(values)]);
    const missing = required.filter((code) => !declared.has(code));
    const reasons = missing.map((code) => `erklärt ${code} nicht`);
    for (const c of limits) {
      const better = c.better ?? 'higher';
      const limit = `${better === 'higher' ? 'mindestens' : 'höchstens'} ${String(c.value)}`;
      const offered = values[c.code];
      if (offered === undefined) {
        if (declared.has(c.code)) reasons.push(`nennt keinen Wert für ${c.code} (gefordert: ${limit})`);
      } else if (!meetsLimit(better, c.value as number, offered))
        reasons.push(`${c.code}: ${String(offered)} angeboten, gefordert ${limit}`);
    }
    if (o.priceCents === 0) reasons.push('hat einen Gesamtpreis von null');
    return { offerId: o.offerId, priceCents: o.priceCents, excluded: reasons.length > 0, exclusionReasons: reasons };
  });
  const awardCriteria = placed.filter((c) => c.phase === 'award');
  const eligible = input.offers
    .filter((_, i) => !evaluations[i]?.excluded)
    .map((o) => {
      const values = o.values ?? {};
      const declared = new Set([...o.criteria, ...Object.keys(values)]);
      // a declared criterion fulfils 1; a valued one with a rule earns what its value earns
      const fulfilment = Object.fromEntries(
        awardCriteria.map((c) => {
          const offered = values[c.code];
          if (c.scoring)
            return [
              c.code,
              offered === undefined ? 0 : ruleFulfilment(c.scoring, c.better ?? 'higher', c.weight ?? 0, offered),
            ];
          return [c.code, declared.has(c.code) ? 1 : 0];
        }),
      );
      return { ...o, criteria: fulfilment };
    });
  const weights = {
    price: priceWeight,
    criteria: Object.fromEntries(awardCriteria.map((c) => [c.code, c.weight ?? 0])),
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
