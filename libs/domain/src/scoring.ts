import { DomainRuleError, InvalidInputError } from './errors';
import { assertNonNegativeInteger, parseScaled } from './money';
import { compareCodeUnits } from './order';

/**
 * Evaluation of offers (§ 127 GWB, § 58 VgV) with a points scale of 100:
 * - price: the lowest price gets the full price weight, every other offer
 *   `weight x lowest / price` (linear, proportional);
 * - each criterion: `weight x fulfilment`, fulfilment in [0, 1] (a listed or `true` criterion = 1);
 *   criteria of an offer that carry no weight score nothing.
 * Weights have at most two decimals and must sum to exactly 100. All points are computed in
 * integer hundredths of a point (each part rounded half up once), so sums and ties are exact.
 *
 * Ranking and tie-breaking (deterministic): higher total points; then lower price; then more
 * criteria points; then earlier submission (`submittedAt`, offers without one last); then
 * `offerId` in ascending code-unit order. Ranks are 1..n without gaps.
 */

export interface ScoringWeights {
  price: number;
  /** criterion code -> weight */
  criteria: Readonly<Record<string, number>>;
}

export interface OfferToScore {
  offerId: string;
  /** total net price of the offer for the lot, integer cents, > 0 */
  priceCents: number;
  /** criteria met (codes), or code -> fulfilment in [0, 1] or boolean */
  criteria: readonly string[] | Readonly<Record<string, number | boolean>>;
  submittedAt?: string | Date;
}

export interface OfferScore {
  offerId: string;
  rank: number;
  priceCents: number;
  pricePoints: number;
  criteriaPoints: number;
  /** points per weighted criterion */
  criteriaBreakdown: Record<string, number>;
  totalPoints: number;
}

/** Weights are malformed or do not sum to 100. */
export class InvalidWeightsError extends DomainRuleError {
  constructor(message: string) {
    super('INVALID_WEIGHTS', message);
  }
}

/** Checks the weights (non-negative, at most 2 decimals, sum exactly 100) and returns them in hundredths. */
export function validateWeights(weights: ScoringWeights): { price: number; criteria: Map<string, number> } {
  const toHundredths = (value: number, name: string): number => {
    try {
      return parseScaled(value, 2, name);
    } catch {
      throw new InvalidWeightsError(
        `Weight of ${name} must be a non-negative number with at most 2 decimals, got ${String(value)}`,
      );
    }
  };
  const price = toHundredths(weights.price, 'price');
  const criteria = new Map(Object.entries(weights.criteria).map(([code, w]) => [code, toHundredths(w, code)]));
  const sum = [...criteria.values()].reduce((s, w) => s + w, price);
  if (sum !== 100_00) throw new InvalidWeightsError(`Weights must sum to 100, got ${sum / 100}`);
  return { price, criteria };
}

/** Scores and ranks the offers of one lot; returns them in rank order. */
export function scoreOffers(input: { offers: readonly OfferToScore[]; weights: ScoringWeights }): OfferScore[] {
  const weights = validateWeights(input.weights);
  const ids = new Set<string>();
  input.offers.forEach((o, i) => {
    assertNonNegativeInteger(o.priceCents, `offers[${i}].priceCents`);
    if (o.priceCents === 0) throw new InvalidInputError(`offers[${i}].priceCents`, 'must be positive');
    if (ids.has(o.offerId)) throw new InvalidInputError(`offers[${i}].offerId`, `duplicate offer ${o.offerId}`);
    ids.add(o.offerId);
  });
  if (input.offers.length === 0) return [];
  const lowest = BigInt(Math.min(...input.offers.map((o) => o.priceCents)));

  const scored = input.offers.map((offer, i) => {
    const price = BigInt(offer.priceCents);
    // round(w x lowest / price) half up = floor((2 w lowest + price) / (2 price))
    const pricePoints = Number((2n * BigInt(weights.price) * lowest + price) / (2n * price));
    const fulfilment = fulfilmentOf(offer.criteria, `offers[${i}].criteria`);
    const breakdown: Record<string, number> = {};
    let criteriaPoints = 0;
    for (const [code, weight] of [...weights.criteria].sort(([a], [b]) => compareCodeUnits(a, b))) {
      const points = Math.round(weight * (fulfilment.get(code) ?? 0));
      breakdown[code] = points / 100;
      criteriaPoints += points;
    }
    const submittedAt =
      offer.submittedAt === undefined ? undefined : instantOf(offer.submittedAt, `offers[${i}].submittedAt`);
    return { offer, pricePoints, criteriaPoints, breakdown, total: pricePoints + criteriaPoints, submittedAt };
  });

  scored.sort(
    (a, b) =>
      b.total - a.total ||
      a.offer.priceCents - b.offer.priceCents ||
      b.criteriaPoints - a.criteriaPoints ||
      (a.submittedAt ?? Infinity) - (b.submittedAt ?? Infinity) ||
      compareCodeUnits(a.offer.offerId, b.offer.offerId),
  );
  return scored.map((s, i) => ({
    offerId: s.offer.offerId,
    rank: i + 1,
    priceCents: s.offer.priceCents,
    pricePoints: s.pricePoints / 100,
    criteriaPoints: s.criteriaPoints / 100,
    criteriaBreakdown: s.breakdown,
    totalPoints: s.total / 100,
  }));
}

function fulfilmentOf(criteria: OfferToScore['criteria'], field: string): Map<string, number> {
  if (isStringArray(criteria)) return new Map(criteria.map((c) => [c, 1]));
  const map = new Map<string, number>();
  for (const [code, value] of Object.entries(criteria)) {
    const f = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    if (typeof f !== 'number' || !(f >= 0 && f <= 1))
      throw new InvalidInputError(`${field}.${code}`, `fulfilment must be between 0 and 1, got ${String(value)}`);
    map.set(code, f);
  }
  return map;
}

function isStringArray(value: OfferToScore['criteria']): value is readonly string[] {
  return Array.isArray(value);
}

function instantOf(value: string | Date, field: string): number {
  const time = (typeof value === 'string' ? new Date(value) : value).getTime();
  if (Number.isNaN(time)) throw new InvalidInputError(field, `invalid instant ${String(value)}`);
  return time;
}
