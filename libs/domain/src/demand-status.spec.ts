import {
  assertTransition,
  BUNDLE_STATUS_MACHINE,
  BUNDLE_STATUSES,
  BundleStatus,
  canTransition,
  DEMAND_STATUS_MACHINE,
  DEMAND_STATUSES,
  DemandStatus,
  InvalidTransitionError,
  isDemandChangeable,
  isDemandInBundle,
  statusAfterChange,
  isFinalStatus,
} from './demand-status';

describe('demand status machine', () => {
  const allowed: [DemandStatus, DemandStatus][] = [
    ['draft', 'open'],
    ['draft', 'withdrawn'],
    ['open', 'draft'],
    ['open', 'bundled'],
    ['open', 'withdrawn'],
    ['bundled', 'open'],
    ['bundled', 'tendered'],
    ['tendered', 'awarded'],
    ['tendered', 'open'],
  ];

  it('allows exactly the listed transitions', () => {
    for (const from of DEMAND_STATUSES) {
      for (const to of DEMAND_STATUSES) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect([from, to, canTransition(DEMAND_STATUS_MACHINE, from, to)]).toEqual([from, to, expected]);
      }
    }
  });

  it('has a table entry for every status, pointing to known statuses only', () => {
    expect(Object.keys(DEMAND_STATUS_MACHINE.transitions).sort()).toEqual([...DEMAND_STATUSES].sort());
    for (const targets of Object.values(DEMAND_STATUS_MACHINE.transitions)) {
      for (const t of targets) expect(DEMAND_STATUSES).toContain(t);
    }
  });

  it('has awarded and withdrawn as final states', () => {
    expect(DEMAND_STATUSES.filter((s) => isFinalStatus(DEMAND_STATUS_MACHINE, s))).toEqual(['awarded', 'withdrawn']);
  });

  it('does not let a bundled demand be withdrawn without leaving the bundle first', () => {
    expect(canTransition(DEMAND_STATUS_MACHINE, 'bundled', 'withdrawn')).toBe(false);
    expect(canTransition(DEMAND_STATUS_MACHINE, 'bundled', 'open')).toBe(true);
  });

  it('throws a typed error with the allowed targets', () => {
    expect(() => assertTransition(DEMAND_STATUS_MACHINE, 'draft', 'open')).not.toThrow();
    let error: unknown;
    try {
      assertTransition(DEMAND_STATUS_MACHINE, 'draft', 'awarded');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidTransitionError);
    const e = error as InvalidTransitionError;
    expect(e.code).toBe('INVALID_STATUS_TRANSITION');
    expect(e.message).toBe('A demand cannot change from draft to awarded (allowed: open, withdrawn)');
    expect([e.entity, e.from, e.to, e.allowed]).toEqual(['demand', 'draft', 'awarded', ['open', 'withdrawn']]);
    expect(() => assertTransition(DEMAND_STATUS_MACHINE, 'withdrawn', 'open')).toThrow(
      'A demand cannot change from withdrawn to open (withdrawn is final)',
    );
  });

  it('never allows a transition from an unknown status or to itself', () => {
    expect(canTransition(DEMAND_STATUS_MACHINE, 'toString' as DemandStatus, 'open')).toBe(false);
    expect(() => assertTransition(DEMAND_STATUS_MACHINE, 'nope' as DemandStatus, 'open')).toThrow(
      InvalidTransitionError,
    );
    for (const s of DEMAND_STATUSES) expect(canTransition(DEMAND_STATUS_MACHINE, s, s)).toBe(false);
  });
});

describe('bundle status machine', () => {
  const allowed: [BundleStatus, BundleStatus][] = [
    ['open', 'closed'],
    ['open', 'cancelled'],
    ['closed', 'tendering'],
    ['closed', 'cancelled'],
    ['tendering', 'awarded'],
    ['tendering', 'cancelled'],
  ];

  it('allows exactly open -> closed -> tendering -> awarded, and cancelling before award', () => {
    for (const from of BUNDLE_STATUSES) {
      for (const to of BUNDLE_STATUSES) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect([from, to, canTransition(BUNDLE_STATUS_MACHINE, from, to)]).toEqual([from, to, expected]);
      }
    }
    expect(BUNDLE_STATUSES.filter((s) => isFinalStatus(BUNDLE_STATUS_MACHINE, s))).toEqual(['awarded', 'cancelled']);
  });

  it('cannot reopen a closed bundle', () => {
    expect(() => assertTransition(BUNDLE_STATUS_MACHINE, 'closed', 'open')).toThrow(
      'A bundle cannot change from closed to open (allowed: tendering, cancelled)',
    );
  });

  it('is frozen', () => {
    expect(Object.isFrozen(BUNDLE_STATUS_MACHINE)).toBe(true);
    expect(Object.isFrozen(BUNDLE_STATUS_MACHINE.transitions)).toBe(true);
  });
});

describe('what the buyer may do with a demand, by its status', () => {
  it('changes or withdraws a draft, an open and a bundled demand; not a tendered, awarded or withdrawn one', () => {
    expect(DEMAND_STATUSES.filter((s) => isDemandChangeable(s))).toEqual(['draft', 'open', 'bundled']);
    expect(isDemandChangeable('unknown')).toBe(false);
  });

  it('a bundled demand is the one in a bundle', () => {
    expect(DEMAND_STATUSES.filter((s) => isDemandInBundle(s))).toEqual(['bundled']);
  });

  it('a change without a status keeps a draft a draft and makes any other demand open', () => {
    expect(statusAfterChange('draft', undefined)).toBe('draft');
    expect(statusAfterChange('open', undefined)).toBe('open');
    expect(statusAfterChange('bundled', undefined)).toBe('open');
    expect(statusAfterChange('draft', 'open')).toBe('open');
    expect(statusAfterChange('open', 'draft')).toBe('draft');
  });
});
