import { RouteAccessRule, TEST_ROLES } from '@buendel/testing';

/** Reference data (CPV, units, the organisation directory): every signed-in role reads it. */
export const rules: RouteAccessRule[] = [
  { route: 'GET /api/v1/cpv', access: TEST_ROLES },
  {
    route: 'GET /api/v1/cpv/{code}',
    access: TEST_ROLES,
    params: { code: '31440000-2' },
    noOwner: 'CPV codes are shared reference data',
  },
  { route: 'GET /api/v1/units', access: TEST_ROLES },
  { route: 'GET /api/v1/organisations', access: TEST_ROLES },
];
