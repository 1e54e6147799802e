import { OrganisationType } from '@buendel/persistence';
import { coordinationAssignmentProblem, effectiveDistrictKeys, roleMismatchReason } from './organisation-roles';

describe('roleMismatchReason', () => {
  const publicBodies = [
    OrganisationType.Municipality,
    OrganisationType.District,
    OrganisationType.City,
    OrganisationType.CentralPurchasingBody,
  ];

  it.each(publicBodies.flatMap((t) => (['buyer', 'coordinator', 'admin'] as const).map((r) => [r, t] as const)))(
    '%s fits a %s',
    (role, type) => {
      expect(roleMismatchReason(role, type)).toBeUndefined();
    },
  );

  it.each(publicBodies)('supplier does not fit a %s', (type) => {
    expect(roleMismatchReason('supplier', type)).toMatch(/supplier organisation/);
  });

  it('supplier fits a supplier organisation; nothing else does', () => {
    expect(roleMismatchReason('supplier', OrganisationType.Supplier)).toBeUndefined();
    for (const role of ['buyer', 'coordinator', 'admin'] as const) {
      expect(roleMismatchReason(role, OrganisationType.Supplier)).toMatch(/public body/);
    }
  });
});

describe('coordination', () => {
  it('assignments go to municipalities, cities and central purchasing bodies only', () => {
    expect(coordinationAssignmentProblem(OrganisationType.Municipality)).toBeUndefined();
    expect(coordinationAssignmentProblem(OrganisationType.City)).toBeUndefined();
    expect(coordinationAssignmentProblem(OrganisationType.CentralPurchasingBody)).toBeUndefined();
    expect(coordinationAssignmentProblem(OrganisationType.District)).toMatch(/own district/);
    expect(coordinationAssignmentProblem(OrganisationType.Supplier)).toMatch(/cannot coordinate/);
  });

  it('computes the effective district keys per organisation type', () => {
    const assigned = ['14522', '14521', '14522'];
    expect(effectiveDistrictKeys({ type: OrganisationType.District, districtKey: '14524' }, assigned)).toEqual([
      '14524',
    ]);
    expect(effectiveDistrictKeys({ type: OrganisationType.City, districtKey: '14511' }, assigned)).toEqual([
      '14511',
      '14521',
      '14522',
    ]);
    expect(effectiveDistrictKeys({ type: OrganisationType.Municipality, districtKey: '14524' }, assigned)).toEqual([
      '14521',
      '14522',
    ]);
    expect(effectiveDistrictKeys({ type: OrganisationType.CentralPurchasingBody, districtKey: null }, [])).toEqual([]);
    expect(effectiveDistrictKeys({ type: OrganisationType.Supplier, districtKey: null }, assigned)).toEqual([]);
  });
});
