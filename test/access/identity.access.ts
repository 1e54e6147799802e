import { RouteAccessRule, TEST_ROLES } from '@buendel/testing';

/** an organisation addresses itself: the owner's own organisation */
const ownOrganisation = async (_: unknown, owner: { organisationId: string }) => ({
  params: { id: owner.organisationId },
});

export const rules: RouteAccessRule[] = [
  { route: 'POST /api/v1/auth/login', access: 'public' },
  { route: 'POST /api/v1/auth/session', access: 'public' },
  { route: 'DELETE /api/v1/auth/session', access: 'public' },
  { route: 'GET /api/v1/auth/me', access: TEST_ROLES },
  // every user its own display name (there is no one else's to address)
  { route: 'PATCH /api/v1/auth/me', access: TEST_ROLES, body: { name: 'Erika Mustermann' } },
  // every user its own mail preferences (there is no one else's to address)
  { route: 'GET /api/v1/auth/me/mail-preferences', access: TEST_ROLES },
  { route: 'PUT /api/v1/auth/me/mail-preferences', access: TEST_ROLES, body: { 'bundle-matches': true } },
  { route: 'POST /api/v1/suppliers/register', access: 'public' },
  { route: 'POST /api/v1/organisations', access: ['admin'] },
  {
    route: 'GET /api/v1/organisations/{id}',
    access: TEST_ROLES,
    ownedObject: ownOrganisation,
    // public bodies are public reference data; only supplier organisations are private
    foreignRoles: ['supplier'],
  },
  // admins list any organisation's users, a coordinator its own organisation's
  {
    route: 'GET /api/v1/organisations/{id}/users',
    access: ['admin', 'coordinator'],
    ownedObject: ownOrganisation,
  },
  { route: 'POST /api/v1/organisations/{id}/users', access: ['admin'] },
  { route: 'PATCH /api/v1/organisations/{id}/users/{userId}', access: ['admin'] },
  // its own users set what notices name of an organisation; another organisation's answers 404
  { route: 'PATCH /api/v1/organisations/{id}/contact', access: TEST_ROLES, ownedObject: ownOrganisation },
  // a public body's own users (or an admin) set the value above which its joins need a mandate
  {
    route: 'PUT /api/v1/organisations/{id}/join-mandate',
    access: ['buyer', 'coordinator', 'admin'],
    ownedObject: async (_, owner) => ({ params: { id: owner.organisationId }, body: { aboveEur: null } }),
  },
  {
    route: 'GET /api/v1/organisations/{id}/coordinated-districts',
    access: TEST_ROLES,
    ownedObject: ownOrganisation,
    foreignRoles: ['supplier'],
  },
  { route: 'POST /api/v1/organisations/{id}/coordinated-districts', access: ['admin'] },
  {
    route: 'DELETE /api/v1/organisations/{id}/coordinated-districts/{districtKey}',
    access: ['admin'],
    params: { districtKey: '14524' },
  },
];
