import {
  addYears,
  callOffMethodsFor,
  callOffNumber,
  crossesWarningShare,
  daysBetween,
  frameworkEndReason,
  frameworkExpiryWarningDue,
  frameworkLatestTermEnd,
  frameworkMaximumMilli,
  frameworkTermErrors,
  nextTermEstimateMilli,
  ocdsFrameworkMethod,
  quantityLeftMilli,
  rankCallOffOffers,
  rankFrameworkSuppliers,
  withinTerm,
} from './framework';

describe('framework term (§ 21 Abs. 6 VgV)', () => {
  it('allows four years less a day without a reason', () => {
    expect(frameworkLatestTermEnd('2027-01-01')).toBe('2030-12-31');
    expect(frameworkTermErrors('2027-01-01', '2030-12-31')).toEqual([]);
    expect(frameworkTermErrors('2027-01-01', '2028-12-31')).toEqual([]);
  });

  it('asks a reason for a longer term, and accepts one of 20 characters', () => {
    const [error] = frameworkTermErrors('2027-01-01', '2031-01-01');
    expect(error).toEqual({
      field: 'termReason',
      code: 'TERM_REASON_REQUIRED',
      reason: expect.stringMatching(/after 2030-12-31.*§ 21 Abs\. 6 VgV/),
      de: expect.stringMatching(/^ist nötig .*nach dem 2030-12-31.*§ 21 Abs\. 6 VgV/),
    });
    expect(frameworkTermErrors('2027-01-01', '2031-01-01', 'kurz')).toHaveLength(1);
    expect(frameworkTermErrors('2027-01-01', '2031-06-30', 'Amortisation der Ladeinfrastruktur')).toEqual([]);
  });

  it('refuses an end before the start', () => {
    expect(frameworkTermErrors('2027-01-01', '2026-12-31')).toEqual([
      {
        field: 'termTo',
        code: 'TERM_TO_BEFORE_FROM',
        reason: 'must be on or after the start of the term (2027-01-01)',
        de: 'muss am oder nach dem Beginn der Laufzeit (2027-01-01) liegen',
      },
    ]);
  });

  it('adds years on the calendar, a leap day to the 28th', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2026-12-02', 2)).toBe('2028-12-02');
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2027-01-01', '2026-12-31')).toBe(-1);
  });
});

describe('framework quantities', () => {
  it('sets the default maximum from the estimate, rounded up', () => {
    expect(frameworkMaximumMilli(1_000_000, 120)).toBe(1_200_000);
    expect(frameworkMaximumMilli(1, 150)).toBe(2);
    expect(quantityLeftMilli(1000, 400)).toBe(600);
    expect(quantityLeftMilli(1000, 1400)).toBe(0);
  });

  it('warns once when the call-offs cross 80 % of the maximum', () => {
    expect(crossesWarningShare(0, 799, 1000)).toBe(false);
    expect(crossesWarningShare(0, 800, 1000)).toBe(true);
    expect(crossesWarningShare(799, 1000, 1000)).toBe(true);
    expect(crossesWarningShare(800, 900, 1000)).toBe(false);
    expect(crossesWarningShare(0, 0, 0)).toBe(false);
  });
});

describe('framework suppliers', () => {
  const offers = [
    { offerId: 'o1', supplierOrganisationId: 's1', rank: 2, excluded: false },
    { offerId: 'o2', supplierOrganisationId: 's2', rank: 1, excluded: false },
    { offerId: 'o3', supplierOrganisationId: 's3', rank: null, excluded: true },
    { offerId: 'o4', supplierOrganisationId: 's4', rank: 3, excluded: false },
  ];

  it('puts the awarded offer first, then the admissible ones by rank, at most as many as asked', () => {
    expect(rankFrameworkSuppliers(offers, 'o2', 3).map((o) => o.offerId)).toEqual(['o2', 'o1', 'o4']);
    expect(rankFrameworkSuppliers(offers, 'o1', 2).map((o) => o.offerId)).toEqual(['o1', 'o2']);
    expect(rankFrameworkSuppliers(offers, 'o2', 1).map((o) => o.offerId)).toEqual(['o2']);
    expect(rankFrameworkSuppliers(offers, 'o2', 10).map((o) => o.offerId)).toEqual(['o2', 'o1', 'o4']);
  });

  it('allows ranking and mini-competitions only with several suppliers', () => {
    expect(callOffMethodsFor(1)).toEqual(['direct']);
    expect(callOffMethodsFor(2)).toEqual(['direct', 'ranking', 'mini-competition']);
    expect(ocdsFrameworkMethod(1)).toBe('withoutReopeningCompetition');
    expect(ocdsFrameworkMethod(3)).toBe('withAndWithoutReopeningCompetition');
  });

  it('ranks mini-competition offers by total, then by time', () => {
    const a = { id: 'a', totalCents: 500, submittedAt: new Date(2) };
    const b = { id: 'b', totalCents: 400, submittedAt: new Date(3) };
    const c = { id: 'c', totalCents: 400, submittedAt: new Date(1) };
    expect(rankCallOffOffers([a, b, c]).map((o) => o.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('framework end and expiry', () => {
  it('ends after its term or when exhausted', () => {
    expect(frameworkEndReason('2028-12-01', '2028-12-01', false)).toBeNull();
    expect(frameworkEndReason('2028-12-01', '2028-12-02', false)).toBe('term');
    expect(frameworkEndReason('2028-12-01', '2027-01-01', true)).toBe('exhausted');
  });

  it('warns from 90 days before the end', () => {
    expect(frameworkExpiryWarningDue('2028-12-01', '2028-09-01')).toBe(false);
    expect(frameworkExpiryWarningDue('2028-12-01', '2028-09-02')).toBe(true);
    expect(frameworkExpiryWarningDue('2028-12-01', '2028-12-01')).toBe(true);
    expect(frameworkExpiryWarningDue('2028-12-01', '2028-12-02')).toBe(false);
  });

  it('takes call-offs only within the term', () => {
    expect(withinTerm('2027-01-01', '2028-12-31', '2026-12-31')).toBe(false);
    expect(withinTerm('2027-01-01', '2028-12-31', '2027-01-01')).toBe(true);
    expect(withinTerm('2027-01-01', '2028-12-31', '2029-01-01')).toBe(false);
  });

  it('numbers call-offs and estimates the next term from the last', () => {
    expect(callOffNumber('BUENDEL-1A2B3C4D-RV', 7)).toBe('BUENDEL-1A2B3C4D-RV-A0007');
    // 365 of 730 days passed, 500 called off: the next two years about 1,000
    expect(nextTermEstimateMilli(500_000, 365, 730)).toBe(1_000_000);
    expect(nextTermEstimateMilli(1_500, 10, 10)).toBe(2_000);
    expect(nextTermEstimateMilli(0, 10, 10)).toBe(0);
  });
});
