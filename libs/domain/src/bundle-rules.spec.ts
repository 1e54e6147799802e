import { BUNDLE_STATUSES } from './demand-status';
import {
  bundleAcceptsChanges,
  canCancelBundle,
  canCloseBundle,
  demandJoinProblem,
  isBundleVisible,
} from './bundle-rules';

describe('rules of a bundle', () => {
  const bundle = { coordinatorOrganisationId: 'c', districtKeys: ['14524', '14521'] };

  it('is visible to its coordinator, its districts and its participants, and to nobody else', () => {
    expect(isBundleVisible(bundle, { organisationId: 'c', regionKeys: [] }, false)).toBe(true);
    expect(isBundleVisible(bundle, { organisationId: 'x', regionKeys: ['14521'] }, false)).toBe(true);
    expect(isBundleVisible(bundle, { organisationId: 'x', regionKeys: [] }, true)).toBe(true);
    expect(isBundleVisible(bundle, { organisationId: 'x', regionKeys: ['14522'] }, false)).toBe(false);
  });

  it('takes changes while open and before its deadline', () => {
    const now = new Date('2027-01-01T10:00:00Z');
    expect(bundleAcceptsChanges('open', new Date('2027-01-01T10:00:01Z'), now)).toBe(true);
    expect(bundleAcceptsChanges('open', now, now)).toBe(false);
    expect(bundleAcceptsChanges('closed', new Date('2028-01-01T00:00:00Z'), now)).toBe(false);
  });

  it('closes from open only, and is cancelled by its coordinator when open or closed', () => {
    expect(BUNDLE_STATUSES.filter(canCloseBundle)).toEqual(['open']);
    expect(BUNDLE_STATUSES.filter(canCancelBundle)).toEqual(['open', 'closed']);
    expect(canCloseBundle('no-such-status')).toBe(false);
  });

  it('says why a demand cannot join', () => {
    expect(demandJoinProblem({ status: 'open', bundleId: null }, 'b')).toBeUndefined();
    expect(demandJoinProblem({ status: 'bundled', bundleId: 'b' }, 'b')).toBeUndefined();
    expect(demandJoinProblem({ status: 'bundled', bundleId: 'a' }, 'b')).toBe('takes part in another bundle (a)');
    expect(demandJoinProblem({ status: 'draft', bundleId: null }, 'b')).toBe(
      'is a draft; open it first (PATCH status open)',
    );
    expect(demandJoinProblem({ status: 'withdrawn', bundleId: null }, 'b')).toBe('is withdrawn');
  });
});
