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
): { reason: string; de: string } | undefined {
  if (!/^\d{8}$/.test(ags))
    return { reason: 'must be an AGS (eight digits)', de: 'muss ein Amtlicher Gemeindeschlüssel (acht Ziffern) sein' };
  if (organisation.ags === ags || coordinatedDistrictKeys.includes(ags.slice(0, 5))) return undefined;
  const keys = coordinatedDistrictKeys.join(', ');
  const own = organisation.ags;
  const places = {
    en: [...(own ? [`your AGS ${own}`] : []), ...(keys ? [`a municipality of district ${keys}`] : [])],
    de: [
      ...(own ? [`Ihr Amtlicher Gemeindeschlüssel ${own}`] : []),
      ...(keys ? [`eine Gemeinde des Kreises ${keys}`] : []),
    ],
  };
  return places.en.length
    ? {
        reason: `is not a place of your organisation (allowed: ${places.en.join(' or ')})`,
        de: `ist kein Lieferort Ihrer Organisation (erlaubt: ${places.de.join(' oder ')})`,
      }
    : {
        reason: 'your organisation has no delivery place (no AGS and no district)',
        de: 'Ihre Organisation hat keinen Lieferort (weder einen Amtlichen Gemeindeschlüssel noch einen Kreis)',
      };
}
