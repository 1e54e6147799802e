export enum Role {
  Buyer = 'buyer',
  Coordinator = 'coordinator',
  Supplier = 'supplier',
  Admin = 'admin',
}
export const ALL_ROLES: readonly Role[] = Object.values(Role);

/** what a verified access token says about its bearer */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  organisationId: string;
}
