import { InvalidInputError } from './errors';
import { checkedIdentity, compareItems, groupItems, ItemIdentity, ItemLine, itemKeyOf } from './items';
import { assertNonNegativeInteger } from './money';
import { compareCodeUnits } from './order';

/** One demand line (or a sum of them) of an organisation taking part in a bundle. */
export type ParticipationLine = ItemLine;

/** Totals of one item (CPV code, unit, specification, delivery district; see items.ts). */
export interface AggregateLine extends ItemIdentity {
  specificationText: string | null;
  quantityMilli: number;
  estimatedValueCents: number;
  /** distinct organisations with a line of this item */
  participantCount: number;
}

export interface Aggregate {
  /** sorted by compareItems */
  lines: AggregateLine[];
  /** distinct organisations over all lines */
  participantCount: number;
  totalEstimatedValueCents: number;
}

/**
 * Totals per item, grouped by the rule of items.ts (the same as the lot proposal's and the
 * tender's items): exact sums of quantities (thousandths) and values (cents), and distinct
 * participants. A pure function of the multiset of lines: the order of the input does not
 * matter, so a job can always recompute it from the participations.
 */
export function aggregateLines(lines: readonly ParticipationLine[]): Aggregate {
  lines.forEach((line, i) => {
    if (line.organisationId === '') throw new InvalidInputError(`lines[${i}].organisationId`, 'must be non-empty');
  });
  const items = groupItems(lines);
  const organisations = new Set(lines.map((l) => l.organisationId));
  let total = 0;
  for (const item of items) {
    total += item.estimatedValueCents;
    if (!Number.isSafeInteger(total)) throw new InvalidInputError('lines', 'totals exceed the safe integer range');
  }
  return {
    lines: items.map((item) => ({
      cpvCode: item.cpvCode,
      unit: item.unit,
      specificationKey: item.specificationKey,
      specificationText: item.specificationText,
      districtKey: item.districtKey,
      quantityMilli: item.quantityMilli,
      estimatedValueCents: item.estimatedValueCents,
      participantCount: item.shares.length,
    })),
    participantCount: organisations.size,
    totalEstimatedValueCents: total,
  };
}

/**
 * One item's demands summed by the key of items.ts (CPV code in canonical form, unit,
 * specification key, district), as a set-based statement groups them.
 */
export interface SummedItem extends ItemIdentity {
  /** the distinct texts the item's demands give its specification key */
  specificationTexts: readonly string[];
  quantityMilli: number;
  estimatedValueCents: number;
  /** distinct organisations with a demand of this item */
  participantCount: number;
}

/**
 * The aggregate of items already summed by their key: equal to aggregateLines of the demands
 * they sum (the text of a specification the first in code-unit order, the lines sorted by
 * compareItems, the exact total). `participantCount`: the distinct organisations over all of
 * them, which the items alone do not tell. Throws when two items have one key or a code is not
 * canonical (they would not be grouped as the rule groups them).
 */
export function aggregateSummedItems(items: readonly SummedItem[], participantCount: number): Aggregate {
  assertNonNegativeInteger(participantCount, 'participantCount');
  const keys = new Set<string>();
  let total = 0;
  const lines: AggregateLine[] = items.map((item, i) => {
    const at = `items[${i}]`;
    if (checkedIdentity(item, at).cpvCode !== item.cpvCode) {
      throw new InvalidInputError(`${at}.cpvCode`, `not in canonical form: "${item.cpvCode}"`);
    }
    const key = itemKeyOf(item);
    if (keys.has(key)) throw new InvalidInputError(at, `a second item of ${key}`);
    keys.add(key);
    assertNonNegativeInteger(item.quantityMilli, `${at}.quantityMilli`);
    assertNonNegativeInteger(item.estimatedValueCents, `${at}.estimatedValueCents`);
    assertNonNegativeInteger(item.participantCount, `${at}.participantCount`);
    total += item.estimatedValueCents;
    if (!Number.isSafeInteger(total)) throw new InvalidInputError('items', 'totals exceed the safe integer range');
    let specificationText: string | null = null;
    for (const text of item.specificationTexts) {
      if (specificationText === null || compareCodeUnits(text, specificationText) < 0) specificationText = text;
    }
    return {
      cpvCode: item.cpvCode,
      unit: item.unit,
      specificationKey: item.specificationKey,
      specificationText,
      districtKey: item.districtKey,
      quantityMilli: item.quantityMilli,
      estimatedValueCents: item.estimatedValueCents,
      participantCount: item.participantCount,
    };
  });
  return { lines: lines.sort(compareItems), participantCount, totalEstimatedValueCents: total };
}
