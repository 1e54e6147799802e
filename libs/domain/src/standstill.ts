import { berlinDate, isIsoDate } from './dates';
import { InvalidInputError } from './errors';

/**
 * The standstill (Wartefrist, § 134 GWB) between the award decision and the contract. Every
 * bidder of a lot is told the winner's name, why its own offer lost and the earliest date of
 * conclusion; the contract may be concluded only after 15 calendar days from sending the
 * information, 10 when it was sent by electronic means (§ 134 Abs. 2 GWB). The period starts on
 * the day after sending (§ 134 Abs. 2 Satz 3 GWB, § 187 Abs. 1 BGB) and ends with its last day
 * (§ 188 Abs. 1 BGB); a last day on a Saturday, Sunday or a public holiday moves to the next
 * working day (§ 193 BGB, Art. 3 Abs. 4 VO (EWG, Euratom) 1182/71), the safe reading that the
 * review bodies accept. Below the EU threshold § 134 GWB does not apply; national procedures
 * take a configured number of days (default none). Days are counted in Europe/Berlin.
 */

/** calendar days of the standstill after electronic sending, and otherwise (§ 134 Abs. 2 GWB) */
export const STANDSTILL_DAYS_ELECTRONIC = 10;
export const STANDSTILL_DAYS_OTHER = 15;

export type StandstillScope = 'EU' | 'NATIONAL';

export interface StandstillRule {
  scope: StandstillScope;
  /** the information letters went out by electronic means (e-mail, the platform) */
  electronic: boolean;
  /** national procedures: the configured days (0: no standstill) */
  nationalDays: number;
}

/** The days of the standstill for a procedure (0: the contract may follow the decision at once). */
export function standstillDays(rule: StandstillRule): number {
  if (rule.scope === 'NATIONAL') {
    if (!Number.isInteger(rule.nationalDays) || rule.nationalDays < 0)
      throw new InvalidInputError('nationalDays', `must be a whole number of days, not ${rule.nationalDays}`);
    return rule.nationalDays;
  }
  return rule.electronic ? STANDSTILL_DAYS_ELECTRONIC : STANDSTILL_DAYS_OTHER;
}

export interface Standstill {
  days: number;
  /** Berlin date the information was sent */
  sentOn: string;
  /** the last day of the period (after moving it off a weekend or holiday); null without a standstill */
  lastDay: string | null;
  /** the first Berlin date on which the contract may be concluded */
  earliestConclusionDate: string;
  /** the instant from which the contract may be concluded (midnight in Berlin, or the sending itself) */
  earliestConclusionAt: Date;
}

/** The standstill of information letters sent at `sentAt`. */
export function standstillAfter(sentAt: Date, days: number): Standstill {
  if (!Number.isInteger(days) || days < 0) throw new InvalidInputError('days', `must be a whole number, not ${days}`);
  const sentOn = berlinDate(sentAt, 'sentAt');
  if (days === 0) return { days, sentOn, lastDay: null, earliestConclusionDate: sentOn, earliestConclusionAt: sentAt };
  let lastDay = addDays(sentOn, days);
  while (!isWorkingDay(lastDay)) lastDay = addDays(lastDay, 1);
  const earliestConclusionDate = addDays(lastDay, 1);
  return {
    days,
    sentOn,
    lastDay,
    earliestConclusionDate,
    earliestConclusionAt: berlinMidnight(earliestConclusionDate),
  };
}

/** May the contract be concluded at `now`? */
export function standstillOver(standstill: Pick<Standstill, 'earliestConclusionAt'>, now: Date): boolean {
  return now.getTime() >= standstill.earliestConclusionAt.getTime();
}

/** `date` plus `days` calendar days (`YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  if (!isIsoDate(date)) throw new InvalidInputError('date', `invalid date ${date}`);
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Monday to Friday and no public holiday observed throughout Germany. */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !germanPublicHolidays(Number(date.slice(0, 4))).has(date);
}

/**
 * The public holidays of every German Land (Neujahr, Karfreitag, Ostermontag, 1. Mai, Christi
 * Himmelfahrt, Pfingstmontag, Tag der Deutschen Einheit, 1. und 2. Weihnachtstag). A Land's own
 * holidays are not counted: the period may end a day early there, never late somewhere else.
 */
export function germanPublicHolidays(year: number): Set<string> {
  const easter = easterSunday(year);
  const fixed = ['01-01', '05-01', '10-03', '12-25', '12-26'].map((md) => `${year}-${md}`);
  return new Set([...fixed, ...[-2, 1, 39, 50].map((offset) => addDays(easter, offset))]);
}

/** Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The instant a Berlin calendar day begins (00:00 CET or CEST). */
export function berlinMidnight(date: string): Date {
  if (!isIsoDate(date)) throw new InvalidInputError('date', `invalid date ${date}`);
  for (const offset of ['+01:00', '+02:00']) {
    const instant = new Date(`${date}T00:00:00${offset}`);
    if (berlinDate(instant) === date && berlinDate(new Date(instant.getTime() - 1)) !== date) return instant;
  }
  throw new InvalidInputError('date', `no midnight in Europe/Berlin on ${date}`);
}

/** `YYYY-MM-DD` as German offices write it: `11.12.2026` */
export function formatGermanDate(date: string): string {
  if (!isIsoDate(date)) throw new InvalidInputError('date', `invalid date ${date}`);
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}
