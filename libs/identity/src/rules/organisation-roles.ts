import type { UserRole } from '@buendel/persistence';
import { OrganisationType, PUBLIC_BODY_TYPES } from '@buendel/persistence';

/**
 * Which roles an organisation's users may have: supplier users only in supplier
 * organisations; buyers, coordinators and admins only in public bodies (the platform
 * operator is modelled as a public body, see PlatformAdminTask).
 * Returns the reason a role does not fit, or undefined when it fits.
 */
export function roleMismatchReason(role: UserRole, type: OrganisationType): string | undefined {
  const isPublicBody = PUBLIC_BODY_TYPES.includes(type);
  if (role === 'supplier') {
    return type === OrganisationType.Supplier
      ? undefined
      : `a supplier user must belong to a supplier organisation, not to a ${type}`;
  }
  return isPublicBody
    ? undefined
    : `a ${role} must belong to a public body (${PUBLIC_BODY_TYPES.join(', ')}), not to a ${type}`;
}

/** Organisation types an admin may assign districts to: a larger town, a kreisfreie Stadt, a central purchasing body. */
export const ASSIGNABLE_COORDINATOR_TYPES: readonly OrganisationType[] = [
  OrganisationType.Municipality,
  OrganisationType.City,
  OrganisationType.CentralPurchasingBody,
];

/** Why districts cannot be assigned to an organisation of this type, or undefined when they can. */
export function coordinationAssignmentProblem(type: OrganisationType): string | undefined {
  if (ASSIGNABLE_COORDINATOR_TYPES.includes(type)) return undefined;
  if (type === OrganisationType.District) return 'a district coordinates its own district key; no assignment is needed';
  return `a ${type} organisation cannot coordinate districts`;
}

/**
 * The district keys an organisation coordinates: a district its own key; a city its own
 * key plus the assigned ones; a municipality or a central purchasing body the assigned
 * ones; a supplier none. Sorted, without duplicates.
 */
export function effectiveDistrictKeys(
  organisation: { type: OrganisationType; districtKey: string | null },
  assigned: readonly string[],
): string[] {
  const keys = new Set<string>();
  switch (organisation.type) {
    case OrganisationType.District:
      if (organisation.districtKey) keys.add(organisation.districtKey);
      break;
    case OrganisationType.City:
      if (organisation.districtKey) keys.add(organisation.districtKey);
      assigned.forEach((k) => keys.add(k));
      break;
    case OrganisationType.Municipality:
    case OrganisationType.CentralPurchasingBody:
      assigned.forEach((k) => keys.add(k));
      break;
    case OrganisationType.Supplier:
      break;
  }
  return [...keys].sort();
}
