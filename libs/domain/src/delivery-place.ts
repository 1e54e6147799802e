/**
 * Where an organisation may have its demands delivered: its own AGS, or any municipality
 * of a district it coordinates (a district buys for its schools and depots across its
 * municipalities; a central purchasing body for the districts assigned to it).
 * Returns the reason the AGS is not allowed, or undefined when it is.
 */
export function deliveryPlaceProblem(
  organisation: { ags: string | null },
  coordinatedDistrictKeys: readonly string[],
  ags: string,
): string | undefined {
  if (!/^\d{8}$/.test(ags)) return 'must be an AGS (eight digits)';
  if (organisation.ags === ags || coordinatedDistrictKeys.includes(ags.slice(0, 5))) return undefined;
  const places = [
    ...(organisation.ags ? [`your AGS ${organisation.ags}`] : []),
    ...(coordinatedDistrictKeys.length ? [`a municipality of district ${coordinatedDistrictKeys.join(', ')}`] : []),
  ];
  return places.length
    ? `is not a place of your organisation (allowed: ${places.join(' or ')})`
    : 'your organisation has no delivery place (no AGS and no district)';
}
