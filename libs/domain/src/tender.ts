import { isWithinPrefix, normalizeCpvCode, normalizeCpvPrefix } from './cpv';

/**
 * Rules of a joint tender made from a closed bundle: which aggregated cells form which lot.
 * Where the criteria sit in the four phases and on the lots: criteria-placement.ts.
 */

/** A cell of the bundle's frozen aggregate: one CPV code and unit delivered in one district. */
export interface LotCell {
  cpvCode: string;
  unit: string;
  districtKey: string;
}

/** Which cells a lot takes: those under any of its CPV prefixes (all if none) and in any of its districts (all if none). */
export interface LotSelector {
  cpvPrefixes?: readonly string[];
  districtKeys?: readonly string[];
}

export interface LotAssignmentProblem {
  /** `lots.N` for a lot that takes nothing, `lots` for cells in no lot or in several */
  field: string;
  /** in English */
  reason: string;
  /** the reason in German (the API sends it to readers of German) */
  de: string;
}

/**
 * Assigns every cell to exactly one lot: the coordinator merges proposed lots by naming
 * several prefixes in one lot, and splits one by giving two lots the same prefix with
 * different districts (or a narrower prefix). A cell in no lot or in two, and a lot that
 * takes no cell, are problems; the result lists the cell indexes per lot.
 */
export function assignCellsToLots(
  cells: readonly LotCell[],
  selectors: readonly LotSelector[],
): { lots: number[][]; problems: LotAssignmentProblem[] } {
  const normalised = selectors.map((s) => ({
    prefixes: s.cpvPrefixes?.map((p) => normalizeCpvPrefix(p)),
    districts: s.districtKeys ? new Set(s.districtKeys) : undefined,
  }));
  const lots: number[][] = selectors.map(() => []);
  /** lots that some cell matched, alone or with another lot */
  const touched = new Set<number>();
  const orphans: string[] = [];
  const doubles: Array<{ label: string; lots: string }> = [];
  cells.forEach((cell, index) => {
    const code = normalizeCpvCode(cell.cpvCode);
    const matches = normalised.flatMap((s, i) =>
      (!s.prefixes || s.prefixes.some((p) => isWithinPrefix(code, p))) &&
      (!s.districts || s.districts.has(cell.districtKey))
        ? [i]
        : [],
    );
    matches.forEach((m) => touched.add(m));
    const label = `${code} ${cell.unit} in ${cell.districtKey}`;
    if (matches.length === 0) orphans.push(label);
    else if (matches.length > 1) doubles.push({ label, lots: matches.join(', ') });
    else lots[matches[0] ?? 0]?.push(index);
  });
  const problems: LotAssignmentProblem[] = [];
  if (orphans.length)
    problems.push({
      field: 'lots',
      reason: `no lot takes ${orphans.join('; ')}`,
      de: `kein Los umfasst ${orphans.join('; ')}`,
    });
  if (doubles.length)
    problems.push({
      field: 'lots',
      reason: `more than one lot takes ${doubles.map((d) => `${d.label} (lots ${d.lots})`).join('; ')}`,
      de: `mehr als ein Los umfasst ${doubles.map((d) => `${d.label} (Lose ${d.lots})`).join('; ')}`,
    });
  lots.forEach((_, i) => {
    if (!touched.has(i))
      problems.push({
        field: `lots.${i}`,
        reason: 'takes none of the bundle’s products and districts',
        de: 'umfasst keines der Produkte und keinen der Kreise des Bündels',
      });
  });
  return { lots, problems };
}
