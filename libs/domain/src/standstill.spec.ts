import { InvalidInputError } from './errors';
import {
  addDays,
  berlinMidnight,
  easterSunday,
  germanPublicHolidays,
  isWorkingDay,
  standstillAfter,
  standstillDays,
  standstillOver,
} from './standstill';

describe('standstill days (§ 134 Abs. 2 GWB)', () => {
  it('is 10 calendar days after electronic sending and 15 otherwise in EU procedures', () => {
    expect(standstillDays({ scope: 'EU', electronic: true, nationalDays: 0 })).toBe(10);
    expect(standstillDays({ scope: 'EU', electronic: false, nationalDays: 0 })).toBe(15);
  });

  it('takes the configured days below the threshold, none by default', () => {
    expect(standstillDays({ scope: 'NATIONAL', electronic: true, nationalDays: 0 })).toBe(0);
    expect(standstillDays({ scope: 'NATIONAL', electronic: false, nationalDays: 7 })).toBe(7);
    expect(() => standstillDays({ scope: 'NATIONAL', electronic: true, nationalDays: -1 })).toThrow(InvalidInputError);
  });
});

describe('earliest date of conclusion', () => {
  it('starts the day after sending and allows the contract from the day after the last day', () => {
    // sent on Tuesday 1 Dec 2026, 10:00 in Berlin: days 2..11 Dec, the 11th is a Friday
    const s = standstillAfter(new Date('2026-12-01T09:00:00Z'), 10);
    expect(s).toMatchObject({ sentOn: '2026-12-01', lastDay: '2026-12-11', earliestConclusionDate: '2026-12-12' });
    expect(s.earliestConclusionAt.toISOString()).toBe('2026-12-11T23:00:00.000Z');
  });

  it('moves a last day on a weekend to the next Monday', () => {
    const s = standstillAfter(new Date('2026-12-02T09:00:00Z'), 10);
    expect(s).toMatchObject({ lastDay: '2026-12-14', earliestConclusionDate: '2026-12-15' });
  });

  it('moves a last day on Christmas past both holidays and the weekend', () => {
    const s = standstillAfter(new Date('2026-12-15T09:00:00Z'), 10);
    expect(s).toMatchObject({ lastDay: '2026-12-28', earliestConclusionDate: '2026-12-29' });
  });

  it('moves a last day on Easter Monday to the Tuesday', () => {
    const s = standstillAfter(new Date('2026-03-27T09:00:00Z'), 10);
    expect(s).toMatchObject({ lastDay: '2026-04-07', earliestConclusionDate: '2026-04-08' });
  });

  it('counts 15 days when the letters did not go out electronically', () => {
    const s = standstillAfter(new Date('2026-12-01T09:00:00Z'), 15);
    expect(s).toMatchObject({ lastDay: '2026-12-16', earliestConclusionDate: '2026-12-17' });
  });

  it('counts in Berlin: a letter sent at 00:30 on 2 Dec (23:30 UTC on the 1st) was sent on the 2nd', () => {
    const s = standstillAfter(new Date('2026-12-01T23:30:00Z'), 10);
    expect(s.sentOn).toBe('2026-12-02');
  });

  it('ends at midnight of summer time in summer', () => {
    const s = standstillAfter(new Date('2026-07-01T08:00:00Z'), 10);
    expect(s).toMatchObject({ lastDay: '2026-07-13', earliestConclusionDate: '2026-07-14' });
    expect(s.earliestConclusionAt.toISOString()).toBe('2026-07-13T22:00:00.000Z');
  });

  it('allows the contract at once without a standstill', () => {
    const sent = new Date('2026-12-01T09:00:00Z');
    const s = standstillAfter(sent, 0);
    expect(s).toMatchObject({ lastDay: null, earliestConclusionDate: '2026-12-01' });
    expect(standstillOver(s, sent)).toBe(true);
  });

  it('is over from the earliest instant on, not a millisecond before', () => {
    const s = standstillAfter(new Date('2026-12-01T09:00:00Z'), 10);
    expect(standstillOver(s, new Date(s.earliestConclusionAt.getTime() - 1))).toBe(false);
    expect(standstillOver(s, s.earliestConclusionAt)).toBe(true);
  });

  it('refuses a negative or broken number of days', () => {
    expect(() => standstillAfter(new Date(), -1)).toThrow(InvalidInputError);
    expect(() => standstillAfter(new Date(), 1.5)).toThrow(InvalidInputError);
    expect(() => standstillAfter(new Date('nope'), 10)).toThrow(InvalidInputError);
  });
});

describe('the calendar of the standstill', () => {
  it('knows Easter Sunday', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(easterSunday(2285)).toBe('2285-03-22');
  });

  it('lists the nine holidays of every Land', () => {
    expect([...germanPublicHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-10-03',
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it('tells working days', () => {
    expect(isWorkingDay('2026-12-04')).toBe(true); // Friday
    expect(isWorkingDay('2026-12-05')).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-06')).toBe(false); // Sunday
    expect(isWorkingDay('2026-10-03')).toBe(false); // Saturday and a holiday
    expect(isWorkingDay('2026-05-14')).toBe(false); // Christi Himmelfahrt, a Thursday
  });

  it('finds midnight in Berlin on the days the clocks change', () => {
    expect(berlinMidnight('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(berlinMidnight('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(() => berlinMidnight('2026-02-30')).toThrow(InvalidInputError);
  });
});
