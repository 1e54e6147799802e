import { InvalidInputError } from './errors';

/** Calendar dates as `YYYY-MM-DD` strings; instants are read in Europe/Berlin (German public buyers). */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const BERLIN = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const BERLIN_CLOCK = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** What a Berlin clock shows at an instant: `2027-01-20`, `12:00:00` and its offset (`+01:00`, `+02:00`). */
export function berlinClock(instant: Date): { date: string; time: string; offset: string } {
  const p = Object.fromEntries(BERLIN_CLOCK.formatToParts(instant).map((x) => [x.type, x.value]));
  const tz = p['timeZoneName'] ?? 'GMT';
  const offset = tz === 'GMT' ? '+00:00' : tz.replace('GMT', '');
  return { date: `${p['year']}-${p['month']}-${p['day']}`, time: `${p['hour']}:${p['minute']}:${p['second']}`, offset };
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  // arithmetic, not a Date per call: the CSV import checks two dates on every row
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= days;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Calendar date (`YYYY-MM-DD`) of an instant in Europe/Berlin. A plain `YYYY-MM-DD` string is
 * taken as is; other strings are parsed as ISO 8601 instants. Throws InvalidInputError.
 */
export function berlinDate(on: Date | string, field = 'date'): string {
  if (typeof on === 'string' && DATE.test(on)) {
    if (!isIsoDate(on)) throw new InvalidInputError(field, `invalid date ${on}`);
    return on;
  }
  const instant = typeof on === 'string' ? new Date(on) : on;
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime()))
    throw new InvalidInputError(field, `invalid date ${String(on)}`);
  const parts = Object.fromEntries(BERLIN.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

/** The calendar day after a `YYYY-MM-DD` date. */
export function dayAfter(date: string): string {
  if (!isIsoDate(date)) throw new InvalidInputError('date', `invalid date ${date}`);
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
