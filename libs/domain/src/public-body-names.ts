/**
 * Public bodies named as they name themselves: "Landkreis Zwickau", "Stadt Zwickau",
 * "Gemeinde Callenberg", "Markt Eichenbühl", "Landeshauptstadt Kiel", instead of the
 * statistical office's sort form ("Zwickau, Stadt", "Callenberg", "Eichenbühl, M").
 *
 * The input is the Destatis name (de-municipalities.csv / de-districts.csv: the place, then
 * after a comma an optional label) and its type (the `type` column: Stadt, Große Kreisstadt,
 * Kreisfreie Stadt, Stadtkreis, Markt, Kreisangehörige Gemeinde; for districts Landkreis,
 * Kreis, Regionalverband, Kreisfreie Stadt, Stadtkreis).
 */

/** bump when the rules below change: the reference data loader then writes the names again */
export const PUBLIC_BODY_NAMING_VERSION = 'public-body-names-2';

const TOWN_TYPES = new Set(['Stadt', 'Große Kreisstadt', 'Kreisfreie Stadt', 'Stadtkreis']);

/** Destatis abbreviations of the labels */
const ABBREVIATIONS: Record<string, string> = {
  St: 'Stadt',
  GKSt: 'Stadt',
  'Krst.': 'Kreisstadt',
  'Barbarossast.': 'Barbarossastadt',
  M: 'Markt',
  'kreisfreie Stadt': 'Stadt',
  Stadtkreis: 'Stadt',
};

/** labels of a Gemeinde that name its kind (others, such as "Ostseebad", are epithets) */
const MUNICIPALITY_KINDS = new Set([
  'Flecken',
  'Marktflecken',
  'Marktgemeinde',
  'Burggemeinde',
  'Inselgemeinde',
  'Klostergemeinde',
  'Kirchspiel',
]);

/** the place and its labels: "Korbach, Hansestadt, Kreisstadt" -> Korbach, [Hansestadt, Kreisstadt] */
function split(name: string): { place: string; labels: string[] } {
  const [place = '', ...rest] = name.split(',');
  const labels = rest.map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return { place: place.trim(), labels: labels.map((l) => ABBREVIATIONS[l] ?? l) };
}

/** the label a town names itself with: "Stadt" where one of them says so, else the first one */
function townLabel(labels: string[]): string {
  if (!labels.length || labels.some((l) => l === 'Stadt' || l.startsWith('Stadt '))) return 'Stadt';
  return labels[0] ?? 'Stadt';
}

/** A municipality, town or kreisfreie Stadt (a municipality row of the reference data). */
export function municipalityDisplayName(destatisName: string, type: string | null): string {
  const { place, labels } = split(destatisName);
  if (!place) return destatisName.trim();
  // the city state names itself as Land ("Berlin, Stadt" in de-municipalities.csv)
  if (place === 'Berlin' && labels.every((l) => l === 'Stadt')) return 'Land Berlin';
  if (type && TOWN_TYPES.has(type)) return `${townLabel(labels)} ${place}`;
  if (type === 'Markt') return `Markt ${place}`;
  const kind = labels.find((l) => MUNICIPALITY_KINDS.has(l));
  if (kind) return `${kind === 'Marktflecken' || kind === 'Marktgemeinde' ? 'Markt' : kind} ${place}`;
  return `Gemeinde ${place}`;
}

/** A Landkreis, Kreis or Regionalverband (a district row of the reference data). */
export function districtDisplayName(destatisName: string, type: string | null): string {
  const { place, labels } = split(destatisName);
  if (!place) return destatisName.trim();
  if (type && TOWN_TYPES.has(type)) return `${townLabel(labels)} ${place}`;
  // "Rhein-Sieg-Kreis", "Region Hannover", "Städteregion Aachen", "Regionalverband Saarbrücken"
  if (/kreis\b|kreis-|^Region |^Städteregion |^Regionalverband /i.test(place)) return place;
  if (type === 'Kreis') return `Kreis ${place}`;
  if (type === 'Regionalverband') return `Regionalverband ${place}`;
  return `Landkreis ${place}`;
}
