import { normalizeCpvCode } from './cpv';
import { InvalidInputError } from './errors';
import { assertNonNegativeInteger } from './money';
import { compareCodeUnits } from './order';

/**
 * Items are products, not codes (issue 10). A demand may carry a product specification: a
 * short key (`e-transporter-3-5t`) and its text ("E-Transporter 3,5 t"). One item of a bundle's
 * aggregate, of a lot proposal and of a tender is what is offered and priced as one thing:
 * the demands of one CPV code, one unit, one specification key and one delivery district.
 * An e-van and a small e-car (both 34144900-7, H87) are two items with two prices; the same
 * van delivered in two districts is two items, so that a lot split by district keeps them apart.
 * This module is the one place of that rule.
 */

/** lower-case letters and digits in words joined by single hyphens: `e-transporter-3-5t` */
export const SPECIFICATION_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SPECIFICATION_KEY_MAX_LENGTH = 64;
export const SPECIFICATION_TEXT_MAX_LENGTH = 200;

/** what tells two items apart */
export interface ItemIdentity {
  /** with check digit */
  cpvCode: string;
  /** UN/ECE Rec. 20 code */
  unit: string;
  /** null: no specification given */
  specificationKey: string | null;
  /** Kreisschlüssel of the delivery place, 5 digits */
  districtKey: string;
}

/** one organisation's demands (or their sum) for one item */
export interface ItemLine extends ItemIdentity {
  specificationText: string | null;
  organisationId: string;
  /** integer thousandths */
  quantityMilli: number;
  /** integer cents, net */
  estimatedValueCents: number;
  /** AGS of the delivery places (optional) */
  deliveryAgs?: readonly string[];
}

export interface ItemShare {
  organisationId: string;
  quantityMilli: number;
  estimatedValueCents: number;
}

export interface GroupedItem extends ItemIdentity {
  /** the text of the key; of several texts for one key, the first in code-unit order */
  specificationText: string | null;
  quantityMilli: number;
  estimatedValueCents: number;
  /** distinct, sorted */
  deliveryAgs: string[];
  /** one per organisation, sorted by organisation id */
  shares: ItemShare[];
}

const UNIT = /^[A-Z0-9]{2,3}$/;
const DISTRICT = /^\d{5}$/;

/** the grouping key of an item (`|` cannot occur in any of its parts) */
export function itemKeyOf(item: ItemIdentity): string {
  return `${item.cpvCode}|${item.unit}|${item.specificationKey ?? ''}|${item.districtKey}`;
}

/** items in their order: CPV code, unit, specification (none first), district */
export function compareItems(a: ItemIdentity, b: ItemIdentity): number {
  return (
    compareCodeUnits(a.cpvCode, b.cpvCode) ||
    compareCodeUnits(a.unit, b.unit) ||
    compareCodeUnits(a.specificationKey ?? '', b.specificationKey ?? '') ||
    compareCodeUnits(a.districtKey, b.districtKey)
  );
}

/**
 * The identity of an item as the rule groups it: the CPV code in canonical form, the unit, the
 * specification key and the district, each checked (InvalidInputError naming `at`'s field).
 */
export function checkedIdentity(line: ItemIdentity, at: string): ItemIdentity {
  const cpvCode = normalizeCpvCode(line.cpvCode);
  if (!UNIT.test(line.unit)) throw new InvalidInputError(`${at}.unit`, `not a unit code: "${line.unit}"`);
  if (!DISTRICT.test(line.districtKey)) {
    throw new InvalidInputError(`${at}.districtKey`, `must be 5 digits, got "${line.districtKey}"`);
  }
  if (line.specificationKey !== null && !SPECIFICATION_KEY_PATTERN.test(line.specificationKey)) {
    throw new InvalidInputError(`${at}.specificationKey`, `not a specification key: "${line.specificationKey}"`);
  }
  return { cpvCode, unit: line.unit, specificationKey: line.specificationKey, districtKey: line.districtKey };
}

/**
 * Groups lines into items by CPV code, unit, specification key and delivery district: exact
 * sums of quantities and values, and each organisation's share. A pure function of the
 * multiset of lines (the input's order does not matter); sorted by compareItems.
 */
export function groupItems(lines: readonly ItemLine[]): GroupedItem[] {
  const items = new Map<string, GroupedItem & { shareOf: Map<string, ItemShare>; ags: Set<string> }>();
  lines.forEach((line, i) => {
    const at = `lines[${i}]`;
    const identity = checkedIdentity(line, at);
    if (typeof line.organisationId !== 'string') {
      throw new InvalidInputError(`${at}.organisationId`, 'must be a string');
    }
    assertNonNegativeInteger(line.quantityMilli, `${at}.quantityMilli`);
    assertNonNegativeInteger(line.estimatedValueCents, `${at}.estimatedValueCents`);
    const key = itemKeyOf(identity);
    let item = items.get(key);
    if (!item) {
      item = {
        ...identity,
        specificationText: line.specificationText,
        quantityMilli: 0,
        estimatedValueCents: 0,
        deliveryAgs: [],
        shares: [],
        shareOf: new Map(),
        ags: new Set(),
      };
      items.set(key, item);
    } else if (
      line.specificationText !== null &&
      (item.specificationText === null || compareCodeUnits(line.specificationText, item.specificationText) < 0)
    ) {
      item.specificationText = line.specificationText;
    }
    item.quantityMilli += line.quantityMilli;
    item.estimatedValueCents += line.estimatedValueCents;
    if (!Number.isSafeInteger(item.quantityMilli) || !Number.isSafeInteger(item.estimatedValueCents)) {
      throw new InvalidInputError(at, 'totals exceed the safe integer range');
    }
    for (const ags of line.deliveryAgs ?? []) item.ags.add(ags);
    const share = item.shareOf.get(line.organisationId);
    if (share) {
      share.quantityMilli += line.quantityMilli;
      share.estimatedValueCents += line.estimatedValueCents;
    } else {
      item.shareOf.set(line.organisationId, {
        organisationId: line.organisationId,
        quantityMilli: line.quantityMilli,
        estimatedValueCents: line.estimatedValueCents,
      });
    }
  });
  return [...items.values()]
    .map(({ shareOf, ags, ...item }) => ({
      ...item,
      deliveryAgs: [...ags].sort(compareCodeUnits),
      shares: [...shareOf.values()].sort((a, b) => compareCodeUnits(a.organisationId, b.organisationId)),
    }))
    .sort(compareItems);
}

/** what a person calls the item: its specification's text, else the German label of its CPV code */
export function itemDescription(
  item: Pick<GroupedItem, 'cpvCode' | 'specificationText'>,
  cpvLabel: (code: string) => string | undefined = () => undefined,
): string {
  return item.specificationText ?? cpvLabel(item.cpvCode) ?? `CPV ${item.cpvCode}`;
}
