import { DomainRuleError, InvalidInputError } from './errors';
import { assertNonNegativeInteger } from './money';
import { compareCodeUnits } from './order';

/**
 * Allocation after award: each awarded item's total quantity (thousandths) and value (cents)
 * is split among the participating organisations in proportion to the quantities they
 * declared, with the largest remainder method (Hare-Niemeyer) in exact BigInt arithmetic:
 * every part is the floor of its exact share, and the units left over go one each to the
 * largest remainders; equal remainders go to the lower organisation id (code-unit order).
 * So the parts sum exactly to the totals, no part is negative, an organisation with zero
 * quantity gets zero, and each part is within one unit of its exact proportional share.
 */

export interface ParticipantQuantity {
  organisationId: string;
  /** declared quantity, integer thousandths; the weight of the split */
  quantityMilli: number;
}

export interface Allocation {
  organisationId: string;
  quantityMilli: number;
  valueCents: number;
}

export interface AwardedItem {
  lotId: string;
  itemId: string;
  /** awarded total quantity, integer thousandths */
  totalQuantityMilli: number;
  /** awarded total value, integer cents */
  totalValueCents: number;
  participants: readonly ParticipantQuantity[];
}

export interface ItemAllocation extends Allocation {
  lotId: string;
  itemId: string;
}

/** The totals cannot be split (nobody with a positive quantity to carry a positive total). */
export class AllocationError extends DomainRuleError {
  constructor(message: string) {
    super('ALLOCATION_IMPOSSIBLE', message);
  }
}

/**
 * Splits a non-negative integer `total` in proportion to the weights (largest remainder,
 * ties to the lower id). Returns the parts in the order of `entries`; ids must be unique.
 */
export function apportion(total: number, entries: readonly { id: string; weight: number }[]): number[] {
  assertNonNegativeInteger(total, 'total');
  entries.forEach((e, i) => assertNonNegativeInteger(e.weight, `entries[${i}].weight`));
  const weightSum = entries.reduce((s, e) => s + BigInt(e.weight), 0n);
  if (total === 0) return entries.map(() => 0);
  if (weightSum === 0n)
    throw new AllocationError(`Cannot split ${total} among ${entries.length} participants without a positive quantity`);

  const big = BigInt(total);
  const parts = entries.map((e, index) => {
    const exact = big * BigInt(e.weight);
    return { index, id: e.id, share: exact / weightSum, remainder: exact % weightSum };
  });
  let leftover = big - parts.reduce((s, p) => s + p.share, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder !== b.remainder ? (a.remainder > b.remainder ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  for (const p of byRemainder) {
    if (leftover === 0n) break;
    p.share += 1n;
    leftover -= 1n;
  }
  return parts.map((p) => Number(p.share));
}

/**
 * Splits one item's awarded totals among its participants by their quantities. Several
 * entries of the same organisation are merged. Sorted by organisation id.
 */
export function allocateItem(input: {
  totalQuantityMilli: number;
  totalValueCents: number;
  participants: readonly ParticipantQuantity[];
}): Allocation[] {
  assertNonNegativeInteger(input.totalQuantityMilli, 'totalQuantityMilli');
  assertNonNegativeInteger(input.totalValueCents, 'totalValueCents');
  const merged = new Map<string, number>();
  input.participants.forEach((p, i) => {
    if (typeof p.organisationId !== 'string' || p.organisationId === '') {
      throw new InvalidInputError(`participants[${i}].organisationId`, 'must be a non-empty string');
    }
    assertNonNegativeInteger(p.quantityMilli, `participants[${i}].quantityMilli`);
    merged.set(p.organisationId, (merged.get(p.organisationId) ?? 0) + p.quantityMilli);
  });
  const entries = [...merged].sort(([a], [b]) => compareCodeUnits(a, b)).map(([id, weight]) => ({ id, weight }));
  const quantities = apportion(input.totalQuantityMilli, entries);
  const values = apportion(input.totalValueCents, entries);
  return entries.map((e, i) => ({ organisationId: e.id, quantityMilli: quantities[i], valueCents: values[i] }));
}

/** Allocations of all awarded items, one row per (item, organisation), in item order. */
export function allocateAward(items: readonly AwardedItem[]): ItemAllocation[] {
  return items.flatMap((item) => allocateItem(item).map((a) => ({ lotId: item.lotId, itemId: item.itemId, ...a })));
}
