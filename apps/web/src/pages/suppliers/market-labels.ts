import { cpvPrefixWithName } from '../../api/cpv-names';
import type { MarketCell } from '../../api/market';

const REGION_LEVELS: Record<string, string> = {
  district: 'Kreis',
  nuts2: 'NUTS-2-Region',
  nuts1: 'Land (NUTS 1)',
  country: 'Deutschland',
};

/** the German Länder by their NUTS-1 code, for the region filter */
export const LAENDER: ReadonlyArray<{ nuts: string; name: string }> = [
  { nuts: 'DE1', name: 'Baden-Württemberg' },
  { nuts: 'DE2', name: 'Bayern' },
  { nuts: 'DE3', name: 'Berlin' },
  { nuts: 'DE4', name: 'Brandenburg' },
  { nuts: 'DE5', name: 'Bremen' },
  { nuts: 'DE6', name: 'Hamburg' },
  { nuts: 'DE7', name: 'Hessen' },
  { nuts: 'DE8', name: 'Mecklenburg-Vorpommern' },
  { nuts: 'DE9', name: 'Niedersachsen' },
  { nuts: 'DEA', name: 'Nordrhein-Westfalen' },
  { nuts: 'DEB', name: 'Rheinland-Pfalz' },
  { nuts: 'DEC', name: 'Saarland' },
  { nuts: 'DED', name: 'Sachsen' },
  { nuts: 'DEE', name: 'Sachsen-Anhalt' },
  { nuts: 'DEF', name: 'Schleswig-Holstein' },
  { nuts: 'DEG', name: 'Thüringen' },
];

/** "341449 – Elektrofahrzeuge": the cell's CPV prefix with the name of the code heading it */
export function cpvLabel(c: MarketCell): string {
  return cpvPrefixWithName(c.cpv.prefix, c.cpv.label);
}

/** a district's name that already says it is one: "Landkreis Zwickau", "Rhein-Sieg-Kreis", "Region Hannover" */
const NAMED_DISTRICT = /kreis\b|kreis-|^Region |^Städteregion |^Regionalverband /i;

/**
 * "Landkreis Zwickau", "Stadt Chemnitz (kreisfrei)", "DED4 (NUTS-2-Region)", "Sachsen",
 * "Deutschland": the coarsest the anonymisation left. A district's name says its kind
 * (a Landkreis, Kreis, Region, Städteregion or Regionalverband); a town that is a district
 * of its own is marked kreisfrei.
 */
export function regionLabel(r: MarketCell['region']): string {
  if (r.level === 'country') return 'Deutschland';
  if (r.level === 'nuts1') {
    const land = LAENDER.find((l) => l.nuts === r.nuts1);
    if (land) return land.name;
  }
  if (r.level === 'district') {
    if (!r.name) return `Kreis ${r.districtKey ?? ''}`;
    return NAMED_DISTRICT.test(r.name) ? r.name : `${r.name} (kreisfrei)`;
  }
  const code = r.level === 'district' ? r.districtKey : r.level === 'nuts2' ? r.nuts2 : r.nuts1;
  return `${r.name ?? code ?? ''} (${REGION_LEVELS[r.level] ?? r.level})`;
}

/** "1. Quartal 2027" or "2027 (ganzes Jahr)" */
export function periodLabel(p: { level: string; year: string; quarter: string | null }): string {
  if (p.level === 'quarter' && p.quarter) return `${p.quarter.slice(-1)}. Quartal ${p.year}`;
  return `${p.year} (ganzes Jahr)`;
}
