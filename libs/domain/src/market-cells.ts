import { CpvLevel, cpvLevelOfPrefix, cpvPrefixToCode, parseCpvCode } from './cpv';
import { isNuts3 } from './eforms/formats';
import { DomainRuleError, InvalidInputError } from './errors';
import { assertNonNegativeInteger } from './money';
import { compareCodeUnits } from './order';

/**
 * Why this file has more than 400 lines: it is one algorithm (check, coarsen along the ladder,
 * merge, suppress, label) whose steps share private types and invariants that the proofs in this
 * comment rely on; split into files, each piece would be exported only for its neighbours and the
 * argument for safety would be spread over them. Its spec tests it as one unit.
 *
 * Statistical disclosure control for the supplier market view (`GET /market/demand`).
 *
 * Suppliers see demand that is not yet tendered, aggregated by CPV, region and delivery
 * period, without any organisation's name, price or own quantity, and no cell may describe
 * fewer than `minOrganisations` (default 3) organisations.
 *
 * ## Rules for a publishable cell (`safetyCheck`)
 * The unit of decision is a *unit group*: the contributions of one label (CPV, region,
 * period) and one unit. A unit group may be published when
 * - **k-anonymity**: it has at least `minOrganisations` distinct organisations, and
 * - **dominance** ((n,k)-rule with n = 1): no organisation has more than `maxDominanceShare`
 *   (default 0.85) of its estimated value, nor of its quantity. Otherwise a supplier could
 *   read that organisation's quantity or price off the total approximately.
 *
 * Checking per unit, not per label, matters: a cell with ten organisations ordering pieces and
 * one ordering packs would otherwise publish that one organisation's pack quantity. The safe
 * unit groups of one label are published together as one `MarketCell`; this is safe because a
 * union of disjoint safe sets is safe: the organisation count only grows, and an
 * organisation's share of a union is a weighted average of its shares of the parts, so it is
 * at most `maxDominanceShare` again (for the value as for each unit's quantity).
 *
 * ## Generalisation ladder (`MARKET_CELL_LADDER`)
 * Sensitive unit groups are not dropped but coarsened step by step; at each step the
 * still-sensitive groups that now share a coarser label (and unit) are merged and checked
 * again. Each step coarsens exactly one dimension by one level:
 *
 * | step | CPV            | region   | period  |
 * | ---- | -------------- | -------- | ------- |
 * | 0    | code as given  | district | quarter |
 * | 1    | code as given  | district | year    |
 * | 2    | category (5)   | district | year    |
 * | 3    | class (4)      | district | year    |
 * | 4    | class          | NUTS-2   | year    |
 * | 5    | group (3)      | NUTS-2   | year    |
 * | 6    | group          | NUTS-1   | year    |
 * | 7    | division (2)   | NUTS-1   | year    |
 * | 8    | division       | country  | year    |
 *
 * Why this order: suppliers decide on *what* (product) and *where* (delivery area); *when*
 * matters least, and the year still matches the public budget year, so the quarter goes
 * first. Then product and region are coarsened alternately so that a cell keeps a
 * recognisable product kind (CPV class, e.g. 3144 batteries) *and* a deliverable area
 * (NUTS-2, e.g. a Regierungsbezirk) for as long as possible: coarsening CPV all the way first
 * would publish "division 31, electrical equipment, in district X", which tells a supplier
 * little, and coarsening the region all the way first would lose the delivery area. Within
 * each pair the CPV step comes first because subcategory -> category -> class merges only
 * sibling products, while district -> NUTS-2 merges about ten districts.
 * Whatever is still sensitive at (division, country, year) is suppressed and only counted in
 * `suppressed`. Demand of different years is never merged.
 *
 * CPV labels are canonical prefixes (trailing zeros dropped, at least two digits): a code
 * already coarser than a step's level keeps its own prefix, so `31400000-0` is labelled group
 * `314` even at the category step. A label can therefore recur at a later step (e.g. `314` at
 * the class and the group step); a safe group with the label of an already published cell is
 * added to that cell (safe, as a union of disjoint safe sets), so labels stay unique.
 *
 * ## Invariants (tested in market-cells.spec.ts)
 * 1. **Partition**: every contribution is counted in exactly one cell or in `suppressed`. The
 *    sums over all cells plus `suppressed` equal the input totals (value exactly; quantities
 *    per unit over cells plus those of the suppressed contributions).
 * 2. Every cell satisfies k-anonymity and dominance as above.
 * 3. No two cells have the same (CPV, region, period) label; cells are sorted by CPV prefix,
 *    region (NUTS code, district key) and period, coarser before finer, and the result does
 *    not depend on the order of the input.
 * 4. Neither an organisation nor a bundle id appears in the output.
 *
 * ## Why differencing does not help (and what a coarse cell means)
 * A coarse cell is a **residual**: it holds only those contributions inside its box that were
 * not already published in a finer cell. E.g. (category 30213, district 14524, 2026) holds
 * the sensitive quarters and subcategories of that box, and a published cell (30213100-6,
 * 14524, 2026-Q3) is not part of it. The total demand of a box is the sum of all cells inside
 * it. Since the cells are disjoint sets of contributions, everything a reader can
 * compute from one output is a sum of whole cells, and such a union is itself safe (see
 * above); no subtraction yields a smaller set. A reader can tell that the residual cell is the
 * union of the missing finer cells, but that union is exactly the published cell, which
 * passed both rules. A residual merges at least two sensitive groups, since a single one
 * would form the same set and still be sensitive.
 *
 * ## Responsibilities of the caller
 * - Anonymise the whole (national) set of open demand once and filter the *resulting cells*
 *   by `cpv=`, `nuts=`, `districtKey=`. Anonymising a filtered input per query partitions
 *   differently per filter, and two answers could then be subtracted.
 * - Pass only demand that is not yet published: a published tender discloses its bundle's
 *   quantities, which could be subtracted from a cell.
 * - Successive snapshots can be compared: if a cell changes by one organisation's demand, the
 *   difference is that demand. Recompute on a fixed schedule rather than on every change.
 * - Like any k/dominance rule this does not protect against a reader who knows one
 *   contributor's demand (e.g. that organisation itself): it can subtract it and learn the
 *   sum of the others. Suppliers are not contributors; keep buyer roles out of this view.
 * - `suppressed` is not itself protected (it may stem from one organisation); it carries no
 *   label, but show it to suppliers at most as a national total, never per filter.
 */

/** One organisation's demand in one bundle, summed by (cpvCode, unit, district, quarter). */
export interface MarketContribution {
  /** used only for counting and dominance; never in the output */
  organisationId: string;
  /** used only for `bundleCount`; never in the output */
  bundleId: string;
  /** CPV code, with or without check digit: `31440000-2` */
  cpvCode: string;
  /** UN/ECE Rec. 20 unit code, e.g. H87 */
  unit: string;
  /** five-digit district key (Kreisschlüssel), e.g. `14524` */
  districtKey: string;
  /** NUTS-3 code of that district, e.g. `DED45`; the same district must always have the same code */
  nuts3: string;
  /** delivery quarter, `2026-Q3` */
  quarter: string;
  /** integer thousandths */
  quantityMilli: number;
  /** integer euro cents, net */
  valueCents: number;
}

export type MarketRegionLevel = 'district' | 'nuts2' | 'nuts1' | 'country';
export type MarketPeriodLevel = 'quarter' | 'year';

/**
 * One published cell. A coarser cell is a residual (see the module comment): it does not
 * include finer cells published inside its box.
 */
export interface MarketCell {
  /** the generalised CPV: canonical prefix, the code heading it, and its level */
  cpv: { prefix: string; code: string; level: CpvLevel };
  /** codes down to the cell's level: a district cell also names its NUTS-3, -2, -1 and country */
  region: {
    level: MarketRegionLevel;
    country: string;
    nuts1?: string;
    nuts2?: string;
    nuts3?: string;
    districtKey?: string;
  };
  period: { level: MarketPeriodLevel; year: string; quarter?: string };
  /** distinct organisations, at least `minOrganisations` */
  organisationCount: number;
  /** distinct bundles */
  bundleCount: number;
  /** per unit, sorted by unit */
  quantities: Array<{ unit: string; quantityMilli: number }>;
  estimatedValueCents: number;
}

export interface MarketAnonymisationOptions {
  /** k: distinct organisations a cell must describe; integer >= 1, default 3 */
  minOrganisations?: number;
  /**
   * largest share (0 < share <= 1, default 0.85) of a cell's value, and of each unit's
   * quantity, that one organisation may have; compared exactly to a precision of 1e-6
   */
  maxDominanceShare?: number;
}

export interface MarketSuppressed {
  contributionCount: number;
  estimatedValueCents: number;
}

export interface MarketDemand {
  cells: MarketCell[];
  suppressed: MarketSuppressed;
}

/** `MarketDemand` plus the assignment of each contribution; for audits and tests, never for suppliers. */
export interface MarketDemandPartition extends MarketDemand {
  /** for each input contribution (same index), the index of its cell in `cells`, or -1 if suppressed */
  cellIndexOf: number[];
}

/** One rung of the generalisation ladder; `subcategory` means the code as given. */
export interface MarketLadderStep {
  cpv: CpvLevel;
  region: MarketRegionLevel;
  period: MarketPeriodLevel;
}

/** The generalisation ladder, finest first; see the module comment for the reasoning. */
export const MARKET_CELL_LADDER: readonly Readonly<MarketLadderStep>[] = Object.freeze(
  (
    [
      { cpv: 'subcategory', region: 'district', period: 'quarter' },
      { cpv: 'subcategory', region: 'district', period: 'year' },
      { cpv: 'category', region: 'district', period: 'year' },
      { cpv: 'class', region: 'district', period: 'year' },
      { cpv: 'class', region: 'nuts2', period: 'year' },
      { cpv: 'group', region: 'nuts2', period: 'year' },
      { cpv: 'group', region: 'nuts1', period: 'year' },
      { cpv: 'division', region: 'nuts1', period: 'year' },
      { cpv: 'division', region: 'country', period: 'year' },
    ] satisfies MarketLadderStep[]
  ).map((step) => Object.freeze(step)),
);

export const DEFAULT_MARKET_MIN_ORGANISATIONS = 3;
export const DEFAULT_MARKET_MAX_DOMINANCE_SHARE = 0.85;

/**
 * Aggregated, anonymous market demand: cells that each describe at least `minOrganisations`
 * organisations with no dominant one, and the total of what could not be published even at
 * the top of the ladder. See the module comment for the rules, the ladder and the invariants.
 * Throws InvalidInputError for malformed contributions or options.
 */
export function anonymiseMarketDemand(
  contributions: readonly MarketContribution[],
  options: MarketAnonymisationOptions = {},
): MarketDemand {
  const { cells, suppressed } = partitionMarketDemand(contributions, options);
  return { cells, suppressed };
}

/** Like `anonymiseMarketDemand`, and also tells which cell each contribution went to. */
export function partitionMarketDemand(
  contributions: readonly MarketContribution[],
  options: MarketAnonymisationOptions = {},
): MarketDemandPartition {
  const { minOrganisations, dominancePpm } = readOptions(options);
  const input = prepare(contributions);
  const isSafe = safetyCheck(input, minOrganisations, dominancePpm);

  const published = new Map<string, Published>();
  let pending = input.groups;
  for (let s = 0; s < MARKET_CELL_LADDER.length && pending.length > 0; s++) {
    const groups = s === 0 ? pending : regroup(pending, MARKET_CELL_LADDER[s]);
    pending = [];
    for (const group of groups) {
      if (!isSafe(group.members)) {
        pending.push(group);
        continue;
      }
      const key = labelKey(group);
      const cell = published.get(key);
      if (cell) append(cell.members, group.members);
      else published.set(key, { label: group, members: group.members });
    }
  }

  const ordered = [...published.values()].sort((a, b) => compareLabels(a.label, b.label));
  const cellIndexOf = new Array<number>(contributions.length).fill(-1);
  const cells = ordered.map((p, index) => {
    for (const m of p.members) cellIndexOf[m] = index;
    return toCell(p, input);
  });

  let suppressedCount = 0;
  let suppressedValue = 0;
  for (const group of pending) {
    suppressedCount += group.members.length;
    for (const m of group.members) suppressedValue += input.value[m];
  }
  return {
    cells,
    suppressed: { contributionCount: suppressedCount, estimatedValueCents: suppressedValue },
    cellIndexOf,
  };
}

// ---------------------------------------------------------------------------------------------

/** A (label, unit) group of contributions at the current step; labels are canonical. */
interface Group extends Label {
  unit: number;
  /** contribution indices */
  members: number[];
}

interface Label {
  /** canonical CPV prefix: significant digits, at least two */
  cpv: string;
  /** set only at district level */
  districtKey: string | undefined;
  /** NUTS code at the region level: 5 (district), 4, 3 or 2 (country) characters */
  nuts: string;
  /** set only at quarter level */
  quarter: string | undefined;
  year: string;
}

interface Published {
  label: Label;
  members: number[];
}

interface Prepared {
  org: Int32Array;
  bundle: Int32Array;
  unit: Int32Array;
  quantity: Float64Array;
  value: Float64Array;
  units: string[];
  organisationCount: number;
  bundleCount: number;
  /** step-0 groups */
  groups: Group[];
}

const CPV_DIGITS: Readonly<Record<CpvLevel, number>> = {
  subcategory: 8,
  category: 5,
  class: 4,
  group: 3,
  division: 2,
};
const NUTS_LENGTH: Readonly<Record<MarketRegionLevel, number>> = { district: 5, nuts2: 4, nuts1: 3, country: 2 };
const UNIT = /^[A-Z0-9]{2,3}$/;
const DISTRICT = /^\d{5}$/;
const QUARTER = /^(\d{4})-Q[1-4]$/;
const PPM = 1_000_000;

function readOptions(options: MarketAnonymisationOptions): { minOrganisations: number; dominancePpm: number } {
  const minOrganisations = options.minOrganisations ?? DEFAULT_MARKET_MIN_ORGANISATIONS;
  if (!Number.isSafeInteger(minOrganisations) || minOrganisations < 1) {
    throw new InvalidInputError('options.minOrganisations', `must be an integer >= 1, got ${String(minOrganisations)}`);
  }
  const share = options.maxDominanceShare ?? DEFAULT_MARKET_MAX_DOMINANCE_SHARE;
  if (typeof share !== 'number' || !Number.isFinite(share) || share <= 0 || share > 1) {
    throw new InvalidInputError('options.maxDominanceShare', `must be a number in (0, 1], got ${String(share)}`);
  }
  return { minOrganisations, dominancePpm: Math.round(share * PPM) };
}

/** Validates, interns ids and forms the step-0 groups (code as given, district, quarter, unit). */
function prepare(contributions: readonly MarketContribution[]): Prepared {
  if (!Array.isArray(contributions)) throw new InvalidInputError('contributions', 'must be an array');
  const n = contributions.length;
  const org = new Int32Array(n);
  const bundle = new Int32Array(n);
  const unit = new Int32Array(n);
  const quantity = new Float64Array(n);
  const value = new Float64Array(n);
  const orgIds = new Map<string, number>();
  const bundleIds = new Map<string, number>();
  const unitIds = new Map<string, number>();
  const units: string[] = [];
  const unitTotals: number[] = [];
  const cpvPrefixes = new Map<string, string>();
  const districtNuts = new Map<string, string>();
  const groups = new Map<string, Group>();
  let totalValue = 0;

  for (let i = 0; i < n; i++) {
    const c = contributions[i];
    const at = `contributions[${i}]`;
    if (c === null || typeof c !== 'object') throw new InvalidInputError(at, 'must be an object');
    requireId(c.organisationId, `${at}.organisationId`);
    requireId(c.bundleId, `${at}.bundleId`);

    let cpv = cpvPrefixes.get(c.cpvCode);
    if (cpv === undefined) {
      cpv = significantDigits(c.cpvCode, `${at}.cpvCode`);
      cpvPrefixes.set(c.cpvCode, cpv);
    }
    if (typeof c.unit !== 'string' || !UNIT.test(c.unit)) {
      throw new InvalidInputError(`${at}.unit`, `not a unit code: "${String(c.unit)}"`);
    }
    if (typeof c.districtKey !== 'string' || !DISTRICT.test(c.districtKey)) {
      throw new InvalidInputError(`${at}.districtKey`, `must be five digits, got "${String(c.districtKey)}"`);
    }
    if (typeof c.nuts3 !== 'string' || !isNuts3(c.nuts3)) {
      throw new InvalidInputError(`${at}.nuts3`, `must be a NUTS-3 code like DED45, got "${String(c.nuts3)}"`);
    }
    const knownNuts = districtNuts.get(c.districtKey);
    if (knownNuts === undefined) districtNuts.set(c.districtKey, c.nuts3);
    else if (knownNuts !== c.nuts3) {
      throw new InvalidInputError(
        `${at}.nuts3`,
        `district ${c.districtKey} is given as ${knownNuts} elsewhere in the input, not ${c.nuts3}`,
      );
    }
    const quarter = typeof c.quarter === 'string' ? QUARTER.exec(c.quarter) : null;
    if (!quarter) throw new InvalidInputError(`${at}.quarter`, `must look like 2026-Q3, got "${String(c.quarter)}"`);
    assertNonNegativeInteger(c.quantityMilli, `${at}.quantityMilli`);
    assertNonNegativeInteger(c.valueCents, `${at}.valueCents`);

    org[i] = intern(orgIds, c.organisationId);
    bundle[i] = intern(bundleIds, c.bundleId);
    let u = unitIds.get(c.unit);
    if (u === undefined) {
      u = units.length;
      unitIds.set(c.unit, u);
      units.push(c.unit);
      unitTotals.push(0);
    }
    unit[i] = u;
    quantity[i] = c.quantityMilli;
    value[i] = c.valueCents;
    // every partial sum below is bounded by these totals, so all sums stay exact
    unitTotals[u] += c.quantityMilli;
    totalValue += c.valueCents;
    if (!Number.isSafeInteger(unitTotals[u])) {
      throw new InvalidInputError(`${at}.quantityMilli`, `total quantity in ${c.unit} exceeds the safe integer range`);
    }
    if (!Number.isSafeInteger(totalValue)) {
      throw new InvalidInputError(`${at}.valueCents`, 'total value exceeds the safe integer range');
    }

    const key = `${cpv}|${c.districtKey}|${c.quarter}|${u}`;
    const group = groups.get(key);
    if (group) group.members.push(i);
    else {
      groups.set(key, {
        cpv,
        districtKey: c.districtKey,
        nuts: c.nuts3,
        quarter: c.quarter,
        year: quarter[1],
        unit: u,
        members: [i],
      });
    }
  }
  return {
    org,
    bundle,
    unit,
    quantity,
    value,
    units,
    organisationCount: orgIds.size,
    bundleCount: bundleIds.size,
    groups: [...groups.values()],
  };
}

function requireId(id: unknown, field: string): void {
  if (typeof id !== 'string' || id === '') throw new InvalidInputError(field, 'must be a non-empty string');
}

function intern(ids: Map<string, number>, id: string): number {
  let index = ids.get(id);
  if (index === undefined) {
    index = ids.size;
    ids.set(id, index);
  }
  return index;
}

function significantDigits(code: unknown, field: string): string {
  if (typeof code !== 'string') throw new InvalidInputError(field, 'must be a CPV code like 31440000-2');
  try {
    return parseCpvCode(code).significant;
  } catch (error) {
    if (error instanceof DomainRuleError) throw new InvalidInputError(field, error.message);
    throw error;
  }
}

/**
 * The test for one (label, unit) group: at least k distinct organisations, and no
 * organisation above the dominance share of the value or of the quantity. O(members), no
 * allocation (scratch arrays indexed by organisation, reset by an epoch stamp).
 */
function safetyCheck(input: Prepared, k: number, dominancePpm: number): (members: readonly number[]) => boolean {
  const stamp = new Int32Array(input.organisationCount);
  const orgValue = new Float64Array(input.organisationCount);
  const orgQuantity = new Float64Array(input.organisationCount);
  let epoch = 0;
  const { org, value, quantity } = input;
  return (members) => {
    if (members.length < k) return false;
    epoch++;
    let distinct = 0;
    let totalValue = 0;
    let totalQuantity = 0;
    for (const m of members) {
      const o = org[m];
      if (stamp[o] !== epoch) {
        stamp[o] = epoch;
        orgValue[o] = 0;
        orgQuantity[o] = 0;
        distinct++;
      }
      orgValue[o] += value[m];
      orgQuantity[o] += quantity[m];
      totalValue += value[m];
      totalQuantity += quantity[m];
    }
    if (distinct < k) return false;
    let maxValue = 0;
    let maxQuantity = 0;
    for (const m of members) {
      const o = org[m];
      if (orgValue[o] > maxValue) maxValue = orgValue[o];
      if (orgQuantity[o] > maxQuantity) maxQuantity = orgQuantity[o];
    }
    return !dominates(maxValue, totalValue, dominancePpm) && !dominates(maxQuantity, totalQuantity, dominancePpm);
  };
}

/** part / total > ppm / 10^6, exactly (all arguments are non-negative safe integers). */
function dominates(part: number, total: number, ppm: number): boolean {
  if (total === 0) return false;
  const left = part * PPM;
  const right = ppm * total;
  if (left <= Number.MAX_SAFE_INTEGER && right <= Number.MAX_SAFE_INTEGER) return left > right;
  return BigInt(part) * BigInt(PPM) > BigInt(ppm) * BigInt(total);
}

/** Relabels the still-sensitive groups to `step` and merges those that now share label and unit. */
function regroup(groups: readonly Group[], step: MarketLadderStep): Group[] {
  const merged = new Map<string, Group>();
  for (const g of groups) {
    const label: Label = {
      cpv: generaliseCpv(g.cpv, CPV_DIGITS[step.cpv]),
      districtKey: step.region === 'district' ? g.districtKey : undefined,
      nuts: g.nuts.slice(0, NUTS_LENGTH[step.region]),
      quarter: step.period === 'quarter' ? g.quarter : undefined,
      year: g.year,
    };
    const key = `${labelKey(label)}|${g.unit}`;
    const target = merged.get(key);
    // the old groups are discarded, so their member arrays can be reused
    if (target) append(target.members, g.members);
    else merged.set(key, { ...label, unit: g.unit, members: g.members });
  }
  return [...merged.values()];
}

/** Canonical prefix of at most `digits` digits: `3144123` at 4 -> `3144`, `31401` at 4 -> `314`. */
function generaliseCpv(prefix: string, digits: number): string {
  if (prefix.length <= digits) return prefix;
  const cut = prefix.slice(0, digits).replace(/0+$/, '');
  return cut.length >= 2 ? cut : prefix.slice(0, 2);
}

function labelKey(label: Label): string {
  return `${label.cpv}|${label.districtKey ?? ''}|${label.nuts}|${label.quarter ?? label.year}`;
}

function compareLabels(a: Label, b: Label): number {
  return (
    compareCodeUnits(a.cpv, b.cpv) ||
    compareCodeUnits(a.nuts, b.nuts) ||
    compareCodeUnits(a.districtKey ?? '', b.districtKey ?? '') ||
    compareCodeUnits(a.quarter ?? a.year, b.quarter ?? b.year)
  );
}

function append(target: number[], source: readonly number[]): void {
  for (const m of source) target.push(m);
}

const CPV_CODE_CACHE = new Map<string, string>();

function toCell({ label, members }: Published, input: Prepared): MarketCell {
  const organisations = new Set<number>();
  const bundles = new Set<number>();
  const quantities = new Map<number, number>();
  let value = 0;
  for (const m of members) {
    organisations.add(input.org[m]);
    bundles.add(input.bundle[m]);
    quantities.set(input.unit[m], (quantities.get(input.unit[m]) ?? 0) + input.quantity[m]);
    value += input.value[m];
  }

  let code = CPV_CODE_CACHE.get(label.cpv);
  if (code === undefined) {
    code = cpvPrefixToCode(label.cpv);
    CPV_CODE_CACHE.set(label.cpv, code);
  }

  const { nuts } = label;
  const region: MarketCell['region'] = {
    level:
      label.districtKey !== undefined
        ? 'district'
        : nuts.length === 4
          ? 'nuts2'
          : nuts.length === 3
            ? 'nuts1'
            : 'country',
    country: nuts.slice(0, 2),
  };
  if (nuts.length >= 3) region.nuts1 = nuts.slice(0, 3);
  if (nuts.length >= 4) region.nuts2 = nuts.slice(0, 4);
  if (nuts.length >= 5) region.nuts3 = nuts;
  if (label.districtKey !== undefined) region.districtKey = label.districtKey;

  return {
    cpv: { prefix: label.cpv, code, level: cpvLevelOfPrefix(label.cpv) },
    region,
    period:
      label.quarter !== undefined
        ? { level: 'quarter', year: label.year, quarter: label.quarter }
        : { level: 'year', year: label.year },
    organisationCount: organisations.size,
    bundleCount: bundles.size,
    quantities: [...quantities]
      .map(([u, quantityMilli]) => ({ unit: input.units[u], quantityMilli }))
      .sort((a, b) => compareCodeUnits(a.unit, b.unit)),
    estimatedValueCents: value,
  };
}
