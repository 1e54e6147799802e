import {
  bundleStatusLabel,
  BUNDLE_STATUS_LABELS,
  DEMAND_STATUS_LABELS,
  demandStatusLabel,
  formatDate,
  formatDateTime,
  formatCount,
  formatEur,
  formatNumber,
  formatPoints,
  formatQuantity,
  regimeLabel,
  regimeShortLabel,
  TENDER_PHASE_LABELS,
  TENDER_STATUS_LABELS,
  tenderStatusLabel,
  timeLeftLabel,
  unitLabel,
} from './display';
import { BUNDLE_STATUSES, DEMAND_STATUSES } from './demand-status';
import { TENDER_STATUSES } from './tender-status';
import { TENDER_PHASES } from './criteria';

const NBSP = '\u00a0';

describe('German display helpers', () => {
  it('writes calendar dates dd.mm.yyyy as they are', () => {
    expect(formatDate('2027-03-01')).toBe('01.03.2027');
    expect(formatDate('2028-02-29')).toBe('29.02.2028');
  });

  it('writes instants as their day in Europe/Berlin, across midnight and the clock change', () => {
    expect(formatDate('2026-12-31T23:30:00Z')).toBe('01.01.2027'); // 00:30 CET
    expect(formatDate('2027-06-30T22:30:00Z')).toBe('01.07.2027'); // 00:30 CEST
    expect(formatDate('2027-06-30T21:30:00Z')).toBe('30.06.2027'); // 23:30 CEST
    expect(formatDate(new Date('2027-03-28T01:30:00Z'))).toBe('28.03.2027');
    expect(formatDateTime('2027-03-28T00:59:00Z')).toBe('28.03.2027, 01:59 Uhr'); // before the change (CET)
    expect(formatDateTime('2027-03-28T01:00:00Z')).toBe('28.03.2027, 03:00 Uhr'); // after it (CEST)
  });

  it('writes nothing for no value or one that is not a date', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('gestern')).toBe('');
    expect(formatDateTime('')).toBe('');
  });

  it('writes money as 1.234,56 € with a no-break space', () => {
    expect(formatEur(1234.56)).toBe(`1.234,56${NBSP}€`);
    expect(formatEur(216_000)).toBe(`216.000,00${NBSP}€`);
    expect(formatEur(216_000, { wholeEuros: true })).toBe(`216.000${NBSP}€`);
    expect(formatEur(0.1 + 0.2)).toBe(`0,30${NBSP}€`);
    expect(formatEur(-5)).toBe(`-5,00${NBSP}€`);
    expect(formatEur(null)).toBe('');
    expect(formatEur(Number.NaN)).toBe('');
  });

  it('writes evaluation points with two decimals', () => {
    expect(formatPoints(91)).toBe('91,00');
    expect(formatPoints(1234.567)).toBe('1.234,57');
    expect(formatPoints(undefined)).toBe('');
  });

  it('counts with the noun in the right number and German grouping', () => {
    expect(formatCount(1, 'Benachrichtigung', 'Benachrichtigungen')).toBe('1 Benachrichtigung');
    expect(formatCount(0, 'Benachrichtigung', 'Benachrichtigungen')).toBe('0 Benachrichtigungen');
    expect(formatCount(2, 'offener Bedarf', 'offene Bedarfe')).toBe('2 offene Bedarfe');
    expect(formatCount(1, 'offener Bedarf', 'offene Bedarfe')).toBe('1 offener Bedarf');
    expect(formatCount(12345, 'Organisation', 'Organisationen')).toBe('12.345 Organisationen');
  });

  it('writes quantities with German grouping and the German unit name', () => {
    expect(formatNumber(1500)).toBe('1.500');
    expect(formatNumber(2.5)).toBe('2,5');
    expect(formatNumber(0.125)).toBe('0,125');
    expect(formatQuantity(12, 'H87')).toBe(`12${NBSP}Stück`);
    expect(formatQuantity(1500, 'KWH')).toBe(`1.500${NBSP}Kilowattstunde`);
    expect(unitLabel('ZZZ')).toBe('ZZZ');
  });

  it('has a German label for every demand and bundle status', () => {
    expect(Object.keys(DEMAND_STATUS_LABELS).sort()).toEqual([...DEMAND_STATUSES].sort());
    expect(Object.keys(BUNDLE_STATUS_LABELS).sort()).toEqual([...BUNDLE_STATUSES].sort());
    expect(demandStatusLabel('withdrawn')).toBe('Zurückgezogen');
    expect(bundleStatusLabel('open')).toBe('Offen für Beteiligung');
    expect(bundleStatusLabel('unknown')).toBe('unknown');
    expect(Object.keys(TENDER_STATUS_LABELS).sort()).toEqual([...TENDER_STATUSES].sort());
    expect(tenderStatusLabel('awarded')).toBe('Zuschlag erteilt');
    expect(Object.keys(TENDER_PHASE_LABELS).sort()).toEqual([...TENDER_PHASES].sort());
  });

  it('names the regime with its threshold', () => {
    expect(regimeLabel({ scope: 'EU', thresholdEur: 216_000 })).toBe(
      `EU-weites Verfahren (Schwellenwert 216.000${NBSP}€ erreicht)`,
    );
    expect(regimeLabel({ scope: 'NATIONAL', thresholdEur: 216_000 })).toBe(
      `Nationales Verfahren (unter dem Schwellenwert von 216.000${NBSP}€)`,
    );
    expect(regimeShortLabel('EU')).toBe('EU-weit');
  });

  it('says the time left until a deadline in words', () => {
    const now = Date.parse('2027-01-10T12:00:00Z');
    expect(timeLeftLabel('2027-01-15T12:00:00Z', now)).toBe('noch 5 Tage');
    expect(timeLeftLabel('2027-01-11T15:00:00Z', now)).toBe('noch 1 Tag und 3 Stunden');
    expect(timeLeftLabel('2027-01-10T13:30:00Z', now)).toBe('noch 1 Stunde');
    expect(timeLeftLabel('2027-01-10T12:01:30Z', now)).toBe('noch 1 Minute');
    expect(timeLeftLabel('2027-01-10T12:00:30Z', now)).toBe('noch weniger als eine Minute');
    expect(timeLeftLabel('2027-01-10T12:00:00Z', now)).toBe('abgelaufen');
    expect(timeLeftLabel('kein Datum', now)).toBe('');
  });
});
