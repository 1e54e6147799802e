import { BUNDLE_STATUSES, DEMAND_STATUSES } from './demand-status';
import {
  demandMismatches,
  bundleAcceptsChanges,
  canCancelBundle,
  canCloseBundle,
  demandJoinProblem,
  isBundleOpen,
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

  it('reads every status off the machines: open is the one bundle status, open the one demand status that joins', () => {
    expect(BUNDLE_STATUSES.filter(isBundleOpen)).toEqual(['open']);
    expect(isBundleOpen('no-such-status')).toBe(false);
    const problems = Object.fromEntries(
      [...DEMAND_STATUSES, 'no-such-status'].map((status) => [
        status,
        demandJoinProblem({ status, bundleId: null }, 'b'),
      ]),
    );
    expect(problems).toEqual({
      draft: 'is a draft; open it first (PATCH status open)',
      open: undefined,
      bundled: 'is bundled',
      tendered: 'is tendered',
      awarded: 'is awarded',
      withdrawn: 'is withdrawn',
      'no-such-status': 'is no-such-status',
    });
  });

  describe('demandMismatches', () => {
    const bundle = {
      id: 'b1',
      cpvPrefix: ['3414'],
      districtKeys: ['14524'],
      deliveryFrom: '2027-01-01',
      deliveryTo: '2027-12-31',
      mandatoryCriteria: ['ENERGY'],
    };
    const demand = {
      status: 'open',
      bundleId: null,
      cpvCode: '34144900-7',
      deliveryAgs: '14524001',
      deliveryFrom: '2027-03-01',
      deliveryTo: '2027-03-31',
      criteria: ['ENERGY'],
    };

    it('is empty for an open demand that fits, and for one already in this bundle', () => {
      expect(demandMismatches(demand, bundle)).toEqual([]);
      expect(demandMismatches({ ...demand, status: 'bundled', bundleId: 'b1' }, bundle)).toEqual([]);
    });

    it('names the status first, then what the bundle check finds', () => {
      const mismatches = demandMismatches(
        { ...demand, status: 'draft', cpvCode: '30192000-1', criteria: ['SOCIAL'] },
        bundle,
      );
      expect(mismatches.map((m) => m.field)).toEqual(['status', 'cpvCode', 'criteria']);
      expect(mismatches[0]!.reason).toBe('The demand is a draft; open it first (PATCH status open)');
      expect(mismatches[0]!.de).toBe('Der Bedarf ist ein Entwurf; geben Sie ihn zuerst frei.');
      expect(demandMismatches({ ...demand, bundleId: 'b2' }, bundle)[0]).toEqual({
        field: 'status',
        reason: 'The demand takes part in another bundle (b2)',
        de: 'Der Bedarf nimmt schon an einem anderen Bündel teil.',
      });
      expect(demandMismatches({ ...demand, status: 'withdrawn' }, bundle)[0]).toMatchObject({
        reason: 'The demand is withdrawn',
        de: 'Der Bedarf ist nicht offen (Status: Zurückgezogen).',
      });
    });
  });
});
