import { AuthUser, Role } from '@buendel/auth';
import { NotFoundException } from '@buendel/errors';
import { assertSameOrganisation, isSameOrganisation } from './tenant-isolation';

const buyer: AuthUser = { id: 'u1', email: 'a@b.de', role: Role.Buyer, organisationId: 'org-a' };
const admin: AuthUser = { id: 'u2', email: 'admin@b.de', role: Role.Admin, organisationId: 'platform' };

describe('tenant isolation', () => {
  it('lets a user reach its own organisation only', () => {
    expect(isSameOrganisation(buyer, 'org-a')).toBe(true);
    expect(isSameOrganisation(buyer, 'org-b')).toBe(false);
    expect(isSameOrganisation(buyer, null)).toBe(false);
  });

  it('answers a foreign object as not found, naming nothing but the id asked for', () => {
    expect(() => assertSameOrganisation(buyer, 'org-b', 'Demand', 'd-1')).toThrow(NotFoundException);
    expect(() => assertSameOrganisation(buyer, 'org-b', 'Demand', 'd-1')).toThrow('Demand d-1 was not found');
  });

  it('lets admins through only when asked to', () => {
    expect(isSameOrganisation(admin, 'org-a')).toBe(false);
    expect(isSameOrganisation(admin, 'org-a', { adminSeesAll: true })).toBe(true);
    expect(isSameOrganisation(buyer, 'org-b', { adminSeesAll: true })).toBe(false);
  });
});
