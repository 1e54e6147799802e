import { atDeadline, isProvisionalJoin, needsJoinMandate } from './join-mandate';

describe('the mandate to join', () => {
  it('is needed only above the value the organisation set', () => {
    expect(needsJoinMandate(100_000_00, null)).toBe(false);
    expect(needsJoinMandate(100_000_00, 100_000_00)).toBe(false);
    expect(needsJoinMandate(100_000_01, 100_000_00)).toBe(true);
    expect(needsJoinMandate(1, 0)).toBe(true);
  });

  it('keeps a join provisional until the decision is recorded, and at the deadline follows the bundle', () => {
    expect(isProvisionalJoin('awaiting')).toBe(true);
    expect(isProvisionalJoin('kept')).toBe(true);
    expect(isProvisionalJoin('recorded')).toBe(false);
    expect(isProvisionalJoin('dropped')).toBe(false);
    expect(atDeadline('drop')).toBe('dropped');
    expect(atDeadline('keep')).toBe('kept');
  });
});
