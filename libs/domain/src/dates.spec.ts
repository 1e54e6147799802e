import { berlinDate, dayAfter, isIsoDate } from './dates';
import { InvalidInputError } from './errors';

describe('dates', () => {
  it('recognises real calendar dates only', () => {
    expect(isIsoDate('2026-01-01')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('01.01.2026')).toBe(false);
    expect(isIsoDate(20260101)).toBe(false);
  });

  it('reads instants in Europe/Berlin, in winter (UTC+1) and summer (UTC+2)', () => {
    expect(berlinDate(new Date('2025-12-31T22:59:59Z'))).toBe('2025-12-31');
    expect(berlinDate(new Date('2025-12-31T23:00:00Z'))).toBe('2026-01-01');
    expect(berlinDate('2026-06-30T21:59:59Z')).toBe('2026-06-30');
    expect(berlinDate('2026-06-30T22:00:00Z')).toBe('2026-07-01');
    expect(berlinDate('2026-06-30')).toBe('2026-06-30');
  });

  it('rejects invalid dates with the field named', () => {
    expect(() => berlinDate('2026-02-30', 'deliveryFrom')).toThrow('deliveryFrom: invalid date 2026-02-30');
    expect(() => berlinDate(new Date('nope'))).toThrow(InvalidInputError);
    expect(() => berlinDate('soon')).toThrow(InvalidInputError);
  });

  it('computes the next day across month and year ends', () => {
    expect(dayAfter('2025-12-31')).toBe('2026-01-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(dayAfter('2026-03-28')).toBe('2026-03-29');
    expect(() => dayAfter('2026-02-30')).toThrow(InvalidInputError);
  });
});

describe('isIsoDate against the calendar', () => {
  it('agrees with Date for every day of four years around leap days and centuries', () => {
    for (const year of [1900, 2000, 2024, 2026]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const viaDate = new Date(`${text}T00:00:00Z`);
          const real = !Number.isNaN(viaDate.getTime()) && viaDate.toISOString().slice(0, 10) === text;
          expect(isIsoDate(text)).toBe(real);
        }
      }
    }
  });
});
