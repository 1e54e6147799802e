import { normalizeCpvCode } from './cpv';
import { InvalidInputError } from './errors';
import { assertNonNegativeInteger } from './money';
import { compareCodeUnits } from './order';

/**
 * Lot proposal (§ 97 Abs. 4 GWB: split into lots by quantity (Teillose) or kind
 * (Fachlose) so that small and medium-sized suppliers can bid).
 *
 * The rule, with `max` = `maxLotValueCents` (a lot "is too big" when its value is > max):
 * 1. Product: lines are grouped by CPV group (first 3 digits).
 * 2. A group that is too big AND spans two or more CPV classes (first 4 digits) is split
 *    into one product lot per class (Fachlose); otherwise the group stays one product lot.
 * 3. Region: a product lot that is still too big AND has lines from two or more districts is
 *    split into one lot per district (Teillose, key `P-<digits>-R-<districtKey>`); otherwise it
 *    stays one lot for the whole bundle region (key `P-<digits>`). A single district is never
 *    split further, so a lot may exceed max.
 * The product digits in a key are the longest prefix shared by all its codes: 4 digits (class)
 * if they all lie in one class, else 3 (group). Every line ends up in exactly one lot, so the
 * lot values sum exactly to the total; the result is sorted by key and does not depend on
 * the order of the input.
 *
 * Titles come from the items, not from the key's CPV prefix (the prefix's label misleads: the
 * class of chargers, 3115, is "Vorschaltgeräte für Gasentladungslampen"): see lotTitle.
 */

/** A participation line with its delivery region. */
export interface LotLine {
  cpvCode: string;
  unit: string;
  quantityMilli: number;
  estimatedValueCents: number;
  /** Kreisschlüssel, 5 digits (first 5 digits of the delivery AGS) */
  districtKey: string;
  /** not used by the rule; accepted so that callers can pass their lines unchanged */
  nuts3?: string | null;
  /** the product specification's text (items.ts), for the lot's title */
  specificationText?: string | null;
  organisationId: string;
}

export interface ProposedLot {
  /** stable and deterministic: `P-3144`, `P-314`, `P-3144-R-14524` */
  key: string;
  title: string;
  /** product digits of the key (3 or 4) */
  cpvPrefix: string;
  /** distinct codes, sorted */
  cpvCodes: string[];
  /** distinct districts, sorted */
  districtKeys: string[];
  estimatedValueCents: number;
  lineCount: number;
}

export interface LotOptions {
  /** a product lot above this value is split (by class, then by district); default EUR 500,000 */
  maxLotValueCents?: number;
  /** German label of a CPV code (`31440000-2` -> `Batterien`); default: `CPV <code>` */
  cpvLabel?: (cpvCode: string) => string | undefined;
  /** name of a district (`14524` -> `Zwickau`); default: `Kreis <key>` */
  districtLabel?: (districtKey: string) => string | undefined;
}

/** Product decision, not law: a lot of up to EUR 500,000 is within reach of a small or medium-sized supplier. */
export const DEFAULT_MAX_LOT_VALUE_CENTS = 50_000_000;

const DISTRICT = /^\d{5}$/;

interface Normalised {
  digits: string;
  code: string;
  districtKey: string;
  value: number;
  specificationText: string | null;
}

/** Proposes lots for the lines of a bundle by the rule above. */
export function proposeLots(lines: readonly LotLine[], options: LotOptions = {}): ProposedLot[] {
  const max = options.maxLotValueCents ?? DEFAULT_MAX_LOT_VALUE_CENTS;
  assertNonNegativeInteger(max, 'maxLotValueCents');
  if (max === 0) throw new InvalidInputError('maxLotValueCents', 'must be positive');

  const normalised: Normalised[] = lines.map((line, i) => {
    const code = normalizeCpvCode(line.cpvCode);
    if (!DISTRICT.test(line.districtKey)) {
      throw new InvalidInputError(`lines[${i}].districtKey`, `must be 5 digits, got "${line.districtKey}"`);
    }
    assertNonNegativeInteger(line.estimatedValueCents, `lines[${i}].estimatedValueCents`);
    return {
      code,
      digits: code.slice(0, 8),
      districtKey: line.districtKey,
      value: line.estimatedValueCents,
      specificationText: line.specificationText ?? null,
    };
  });

  const lots: Array<ReturnType<typeof lotOf>> = [];
  for (const group of groupBy(normalised, (l) => l.digits.slice(0, 3)).values()) {
    const classes = groupBy(group, (l) => l.digits.slice(0, 4));
    const products = valueOf(group) > max && classes.size > 1 ? [...classes.values()] : [group];
    for (const product of products) {
      const digits =
        classes.size === 1 || products.length > 1 ? product[0].digits.slice(0, 4) : product[0].digits.slice(0, 3);
      const districts = groupBy(product, (l) => l.districtKey);
      if (valueOf(product) > max && districts.size > 1) {
        for (const [districtKey, part] of districts) lots.push(lotOf(`P-${digits}-R-${districtKey}`, digits, part));
      } else {
        lots.push(lotOf(`P-${digits}`, digits, product));
      }
    }
  }
  return lots
    .sort((a, b) => compareCodeUnits(a.lot.key, b.lot.key))
    .map(({ lot, lines: inLot }, i) => ({
      ...lot,
      title: lotTitle(
        i + 1,
        inLot.map((l) => ({ cpvCode: l.code, specificationText: l.specificationText, districtKey: l.districtKey })),
        options,
      ),
    }));
}

/** the longest title a proposal gives a lot (eForms BT-21 allows more; people read less) */
export const MAX_LOT_TITLE_LENGTH = 200;

/**
 * A lot's title from its items: "Los 2: Ladegeräte (Wallbox 11 kW), Landkreis Zwickau". Per CPV
 * code of the items (in code order) its German label, with the specifications' texts in
 * brackets; at most three codes, then "u. a."; then the districts (at most three) by name.
 */
export function lotTitle(
  position: number,
  items: ReadonlyArray<{ cpvCode: string; specificationText?: string | null; districtKey: string }>,
  options: Pick<LotOptions, 'cpvLabel' | 'districtLabel'> = {},
): string {
  const byCode = groupBy(items, (i) => i.cpvCode);
  const codes = [...byCode.keys()].sort(compareCodeUnits);
  const products = codes.slice(0, 3).map((code) => {
    const label = options.cpvLabel?.(code) ?? `CPV ${code}`;
    const specs = distinctSorted(
      (byCode.get(code) ?? []).flatMap((i) => (i.specificationText ? [i.specificationText] : [])),
    );
    return specs.length ? `${label} (${specs.join(', ')})` : label;
  });
  const product = products.join(', ') + (codes.length > 3 ? ' u. a.' : '');
  const districts = distinctSorted(items.map((i) => i.districtKey));
  const region =
    districts.length > 0 && districts.length <= 3
      ? `, ${districts.map((k) => options.districtLabel?.(k) ?? `Kreis ${k}`).join(' und ')}`
      : '';
  const title = `Los ${position}: ${product}${region}`;
  return title.length <= MAX_LOT_TITLE_LENGTH ? title : `${title.slice(0, MAX_LOT_TITLE_LENGTH - 1)}…`;
}

function lotOf(
  key: string,
  cpvPrefix: string,
  lines: readonly Normalised[],
): { lot: Omit<ProposedLot, 'title'>; lines: readonly Normalised[] } {
  return {
    lines,
    lot: {
      key,
      cpvPrefix,
      cpvCodes: distinctSorted(lines.map((l) => l.code)),
      districtKeys: distinctSorted(lines.map((l) => l.districtKey)),
      estimatedValueCents: valueOf(lines),
      lineCount: lines.length,
    },
  };
}

function valueOf(lines: readonly Normalised[]): number {
  const total = lines.reduce((sum, l) => sum + l.value, 0);
  if (!Number.isSafeInteger(total))
    throw new InvalidInputError('estimatedValueCents', 'total exceeds the safe integer range');
  return total;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function distinctSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareCodeUnits);
}
