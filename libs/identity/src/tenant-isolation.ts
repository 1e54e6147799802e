import { FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import { AuthUser, Role } from '@buendel/auth';
import { NotFoundException } from '@buendel/errors';

/**
 * Tenant isolation. A user acts only for its own organisation; another organisation's
 * object is answered exactly like a missing one (404, never 403, never its content), so
 * that ids of foreign objects reveal nothing, not even that they exist.
 */
export interface TenantOptions {
  /** let admins (platform operators) through; off by default */
  adminSeesAll?: boolean;
}

export function isSameOrganisation(
  user: AuthUser,
  ownerOrganisationId: string | null | undefined,
  options: TenantOptions = {},
): boolean {
  if (options.adminSeesAll && user.role === Role.Admin) return true;
  return !!ownerOrganisationId && ownerOrganisationId === user.organisationId;
}

/** Throws the module's usual NotFoundException unless the object belongs to the user's organisation. */
export function assertSameOrganisation(
  user: AuthUser,
  ownerOrganisationId: string | null | undefined,
  what: string,
  id?: string,
  options: TenantOptions = {},
): void {
  if (!isSameOrganisation(user, ownerOrganisationId, options)) throw new NotFoundException(what, id);
}

/**
 * Loads one object of the user's organisation, or throws NotFoundException: the owner
 * condition is part of the query, so a foreign row is never even read.
 *
 *   const demand = await findOwnedOrFail(this.demands, user, { id }, { what: 'Demand', id });
 */
export async function findOwnedOrFail<T extends ObjectLiteral>(
  repository: Repository<T>,
  user: AuthUser,
  where: FindOptionsWhere<T>,
  options: TenantOptions & { what: string; id?: string; ownerField?: keyof T & string },
): Promise<T> {
  const ownerField = options.ownerField ?? 'organisationId';
  const scoped =
    options.adminSeesAll && user.role === Role.Admin
      ? where
      : ({ ...where, [ownerField]: user.organisationId } as FindOptionsWhere<T>);
  const found = await repository.findOne({ where: scoped });
  if (!found) throw new NotFoundException(options.what, options.id);
  return found;
}
