import { isIsoDate } from './dates';
import { milliToQuantity } from './money';
import { addDays } from './standstill';

/**
 * Framework agreements (Rahmenvereinbarungen, § 21 VgV; CJEU C-23/20): a term of at most four
 * years unless a written reason justifies more, for every participant and item an estimated and
 * a maximum quantity, one or several suppliers per lot in a ranking, and call-offs within the
 * maxima. Quantities are integer thousandths (money.ts); dates `YYYY-MM-DD`.
 */

/** § 21 Abs. 6 VgV: the term is at most four years, longer only in a justified special case */
export const FRAMEWORK_MAX_TERM_YEARS = 4;
/** a longer term needs a written reason of at least this length */
export const FRAMEWORK_TERM_REASON_MIN_LENGTH = 20;
/** the coordinator and the buyer are warned when a participant's call-offs reach this share of its maximum */
export const FRAMEWORK_WARNING_SHARE_PERCENT = 80;
/** the framework's end is announced this many days before its term ends */
export const FRAMEWORK_EXPIRY_WARNING_DAYS = 90;
/** the default maximum: this percentage of the estimated quantity */
export const FRAMEWORK_DEFAULT_MAXIMUM_PERCENT = 120;
export const FRAMEWORK_MAX_SUPPLIERS_PER_LOT = 10;

export type CallOffMethod = 'direct' | 'ranking' | 'mini-competition';
export const CALL_OFF_METHODS: readonly CallOffMethod[] = ['direct', 'ranking', 'mini-competition'];
export type CallOffStatus = 'offered' | 'competition' | 'ordered' | 'failed' | 'cancelled';
export type FrameworkStatus = 'active' | 'expired' | 'exhausted';

export interface FrameworkFieldError {
  field: string;
  /** a stable code of the problem, for clients */
  code: string;
  /** in English */
  reason: string;
  /** the reason in German (the API sends it to readers of German) */
  de: string;
}

function utcDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/** whole days from `from` to `to` (negative when `to` lies before) */
export function daysBetween(from: string, to: string): number {
  return utcDay(to) - utcDay(from);
}

/** the same calendar day `years` later (29 Feb to 28 Feb in a common year) */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const m = Number(date.slice(5, 7));
  let d = Number(date.slice(8, 10));
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (m === 2 && d === 29 && !leap) d = 28;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** the last day a term from `termFrom` may run without a reason: four years less a day */
export function frameworkLatestTermEnd(termFrom: string): string {
  return addDays(addYears(termFrom, FRAMEWORK_MAX_TERM_YEARS), -1);
}

/**
 * The term's errors (in English, with their German): the end not before the start, and more than four years only with
 * a written reason (§ 21 Abs. 6 VgV).
 */
export function frameworkTermErrors(termFrom: string, termTo: string, reason?: string | null): FrameworkFieldError[] {
  if (!isIsoDate(termFrom) || !isIsoDate(termTo)) return [];
  if (termTo < termFrom)
    return [
      {
        field: 'termTo',
        code: 'TERM_TO_BEFORE_FROM',
        reason: `must be on or after the start of the term (${termFrom})`,
        de: `muss am oder nach dem Beginn der Laufzeit (${termFrom}) liegen`,
      },
    ];
  const latest = frameworkLatestTermEnd(termFrom);
  if (termTo > latest && (reason ?? '').trim().length < FRAMEWORK_TERM_REASON_MIN_LENGTH) {
    return [
      {
        field: 'termReason',
        code: 'TERM_REASON_REQUIRED',
        reason:
          `is required (at least ${FRAMEWORK_TERM_REASON_MIN_LENGTH} characters): the term ends after ${latest}, ` +
          `more than ${FRAMEWORK_MAX_TERM_YEARS} years only in a justified exceptional case under § 21 Abs. 6 VgV`,
        de:
          `ist nötig (mindestens ${FRAMEWORK_TERM_REASON_MIN_LENGTH} Zeichen): die Laufzeit endet nach dem ${latest}, ` +
          `mehr als ${FRAMEWORK_MAX_TERM_YEARS} Jahre nach § 21 Abs. 6 VgV nur in einem begründeten Sonderfall`,
      },
    ];
  }
  return [];
}

/** the default maximum of an estimate: `percent` % of it, rounded up to a thousandth */
export function frameworkMaximumMilli(estimatedMilli: number, percent: number): number {
  return Math.ceil((estimatedMilli * percent) / 100);
}

/** what is left of a maximum after what was called off (never below zero) */
export function quantityLeftMilli(maximumMilli: number, calledOffMilli: number): number {
  return Math.max(0, maximumMilli - calledOffMilli);
}

/** whether a call-off moving the called-off total from `before` to `after` crosses the warning share of the maximum */
export function crossesWarningShare(
  beforeMilli: number,
  afterMilli: number,
  maximumMilli: number,
  percent = FRAMEWORK_WARNING_SHARE_PERCENT,
): boolean {
  if (maximumMilli <= 0) return false;
  // compare in integers: before * 100 < percent * max <= after * 100
  return beforeMilli * 100 < percent * maximumMilli && afterMilli * 100 >= percent * maximumMilli;
}

export interface RankedOffer {
  offerId: string;
  supplierOrganisationId: string;
  /** the rank of the evaluation; null when excluded */
  rank: number | null;
  excluded: boolean;
}

/**
 * The framework's suppliers of a lot in their order: the awarded offer first, then the other
 * admissible offers by their rank, at most `count` suppliers.
 */
export function rankFrameworkSuppliers(offers: RankedOffer[], awardedOfferId: string, count: number): RankedOffer[] {
  const awarded = offers.find((o) => o.offerId === awardedOfferId);
  const others = offers
    .filter((o) => o.offerId !== awardedOfferId && !o.excluded && o.rank !== null)
    .sort(
      (a, b) =>
        (a.rank as number) - (b.rank as number) || a.supplierOrganisationId.localeCompare(b.supplierOrganisationId),
    );
  return [...(awarded ? [awarded] : []), ...others].slice(0, Math.max(1, count));
}

/** which call-off methods a framework with this many suppliers in a lot allows */
export function callOffMethodsFor(suppliers: number): CallOffMethod[] {
  return suppliers > 1 ? ['direct', 'ranking', 'mini-competition'] : ['direct'];
}

/** the OCDS framework agreement method (framework agreement extension) */
export function ocdsFrameworkMethod(
  suppliersPerLot: number,
): 'withoutReopeningCompetition' | 'withAndWithoutReopeningCompetition' {
  return suppliersPerLot > 1 ? 'withAndWithoutReopeningCompetition' : 'withoutReopeningCompetition';
}

/**
 * The eForms kind of framework (BT-765): one supplier calls off without reopening competition
 * (`fa-wo-rc`); several also allow a mini-competition (`fa-mix`).
 */
export function eformsFrameworkMethod(suppliersPerLot: number): 'fa-wo-rc' | 'fa-mix' {
  return suppliersPerLot > 1 ? 'fa-mix' : 'fa-wo-rc';
}

/** why a framework ends today, if it does: its term passed, or every maximum is called off (CJEU C-23/20) */
export function frameworkEndReason(termTo: string, today: string, exhausted: boolean): 'term' | 'exhausted' | null {
  if (today > termTo) return 'term';
  if (exhausted) return 'exhausted';
  return null;
}

/** whether the 90-day warning before the term's end is due today */
export function frameworkExpiryWarningDue(
  termTo: string,
  today: string,
  days = FRAMEWORK_EXPIRY_WARNING_DAYS,
): boolean {
  const left = daysBetween(today, termTo);
  return left >= 0 && left <= days;
}

/** whether a call-off can be made today: the term has begun and not ended */
export function withinTerm(termFrom: string, termTo: string, today: string): boolean {
  return today >= termFrom && today <= termTo;
}

/** the contract number of a call-off: the framework's number, `A` and its running number */
export function callOffNumber(frameworkNumber: string, sequence: number): string {
  return `${frameworkNumber}-A${String(sequence).padStart(4, '0')}`;
}

/**
 * The estimate for the next term from the last one: what was called off, scaled from the days
 * of the last term that have passed to the days of the next term, rounded up to a whole unit.
 */
export function nextTermEstimateMilli(calledOffMilli: number, elapsedDays: number, nextTermDays: number): number {
  if (calledOffMilli <= 0 || elapsedDays <= 0) return 0;
  return Math.ceil((calledOffMilli * nextTermDays) / elapsedDays / 1000) * 1000;
}

/** the offers of a mini-competition in their order: lowest total first, then the earlier submission */
export function rankCallOffOffers<T extends { totalCents: number; submittedAt: Date }>(offers: T[]): T[] {
  return [...offers].sort((a, b) => a.totalCents - b.totalCents || a.submittedAt.getTime() - b.submittedAt.getTime());
}

/** a buyer's estimated and maximum quantity of one item of a framework (CJEU C-23/20) */
export interface FrameworkShare {
  buyerName: string;
  /** the item's label */
  label: string;
  unit: string;
  unitName?: string | null;
  estimatedMilli: number;
  maximumMilli: number;
}

const germanQuantity = (milli: number) => String(milliToQuantity(milli)).replace('.', ',');

/**
 * Every buyer's estimate and maximum per item in German words, for the texts that carry them
 * where the standard has no field of its own (the eForms lot description BT-24, OCDS's
 * frameworkAgreement.description); empty without shares.
 */
export function frameworkSharesText(shares: readonly FrameworkShare[]): string {
  if (!shares.length) return '';
  return `Geschätzte Mengen und Höchstmengen je Auftraggeber: ${shares
    .map(
      (s) =>
        `${s.buyerName}: ${s.label} ${germanQuantity(s.estimatedMilli)}, höchstens ${germanQuantity(s.maximumMilli)} ${s.unitName ?? s.unit}`,
    )
    .join('; ')}.`;
}
