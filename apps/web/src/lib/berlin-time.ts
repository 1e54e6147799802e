const BERLIN = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** the wall-clock time in Berlin of an instant, as milliseconds of a UTC date with the same digits */
function berlinWallClock(instant: number): number {
  const parts = Object.fromEntries(BERLIN.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return Date.UTC(
    Number(parts['year']),
    Number(parts['month']) - 1,
    Number(parts['day']),
    Number(parts['hour']),
    Number(parts['minute']),
  );
}

/**
 * A day and a time as people in Berlin read them (`2026-12-15`, `12:00`), as an ISO instant,
 * whatever the browser's own time zone; undefined when either is missing or malformed.
 */
export function berlinInstant(date: string, time: string): string | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // the offset at a first guess, then at the corrected instant (around the change to summer time)
  let instant = wall - (berlinWallClock(wall) - wall);
  instant = wall - (berlinWallClock(instant) - instant);
  return new Date(instant).toISOString();
}

/** an instant as the day and time a form in Berlin shows (`2026-12-15`, `12:00`), the inverse of berlinInstant */
export function berlinParts(iso: string): { date: string; time: string } {
  const wall = new Date(berlinWallClock(new Date(iso).getTime())).toISOString();
  return { date: wall.slice(0, 10), time: wall.slice(11, 16) };
}
