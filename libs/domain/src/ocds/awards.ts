import { InvalidInputError } from '../errors';
import { assertNonNegativeInteger, parseScaled, sumCents } from '../money';
import { compareCodeUnits } from '../order';
import { OcdsAwardInput, OcdsContractInput, OcdsJointTenderInput } from './input';
import { OcdsAward, OcdsContract, OcdsItem, OcdsValue } from './output';
import { PartyRegistry } from './parties';
import { IndexedLot, Lots, ocdsItem } from './lots';
import { byNameThenId, eur, instant, requireText } from './helpers';

// OCDS builder: Awards and contracts

export interface IndexedAward {
  input: OcdsAwardInput;
  lot: IndexedLot;
  /** item id -> unit price */
  unitPrices: Map<string, OcdsValue | undefined>;
  quantities: Map<string, number>;
}

/** Checks the awards (lot, supplier, items of that lot) and sorts them by lot key. */
export function indexAwards(input: OcdsJointTenderInput, lots: Lots, parties: PartyRegistry): IndexedAward[] {
  const seen = new Set<string>();
  const awardedLots = new Set<string>();
  const awards = input.awards.map((award, a): IndexedAward => {
    const field = `awards[${a}]`;
    const id = requireText(award.id, `${field}.id`);
    if (seen.has(id)) throw new InvalidInputError(`${field}.id`, `duplicate award ${id}`);
    seen.add(id);
    const lot = lots.byId.get(award.lotId);
    if (!lot) throw new InvalidInputError(`${field}.lotId`, `unknown lot ${award.lotId}`);
    if (awardedLots.has(award.lotId))
      throw new InvalidInputError(`${field}.lotId`, `lot ${award.lotId} is awarded twice`);
    awardedLots.add(award.lotId);
    if (!parties.has(award.supplierId, 'supplier')) {
      throw new InvalidInputError(`${field}.supplierId`, `supplier ${award.supplierId} is not among the suppliers`);
    }
    assertNonNegativeInteger(award.valueCents, `${field}.valueCents`);
    instant(award.date, `${field}.date`);
    const unitPrices = new Map<string, OcdsValue | undefined>();
    const quantities = new Map<string, number>();
    award.items.forEach((item, i) => {
      const itemField = `${field}.items[${i}]`;
      if (lots.items.get(item.itemId)?.lotId !== award.lotId) {
        throw new InvalidInputError(`${itemField}.itemId`, `item ${item.itemId} is not in lot ${award.lotId}`);
      }
      if (quantities.has(item.itemId))
        throw new InvalidInputError(`${itemField}.itemId`, `duplicate item ${item.itemId}`);
      assertNonNegativeInteger(item.quantityMilli, `${itemField}.quantityMilli`);
      quantities.set(item.itemId, item.quantityMilli);
      unitPrices.set(item.itemId, unitPrice(item.unitPriceEur, `${itemField}.unitPriceEur`));
    });
    if (quantities.size === 0) throw new InvalidInputError(`${field}.items`, 'an award has at least one item');
    return { input: award, lot, unitPrices, quantities };
  });
  return awards.sort(
    (a, b) => compareCodeUnits(a.lot.input.key, b.lot.input.key) || compareCodeUnits(a.input.id, b.input.id),
  );
}

/** A unit price with up to four decimals as EUR number. */
export function unitPrice(value: number | string | null | undefined, field: string): OcdsValue | undefined {
  if (value === undefined || value === null) return undefined;
  return { amount: parseScaled(value, 4, field) / 10_000, currency: 'EUR' };
}

export interface CheckedContract {
  input: OcdsContractInput;
  award: IndexedAward;
}

/**
 * Checks the contracts: each belongs to an award, its buyer participates, its items are the
 * award's, its value is the sum of its item values; per award, one contract per buyer, and the
 * contracts (if any) share out exactly the award's value and quantities. Sorted by award, then
 * buyer name.
 */
export function checkContracts(
  input: OcdsJointTenderInput,
  awards: IndexedAward[],
  parties: PartyRegistry,
): CheckedContract[] {
  const awardsById = new Map(awards.map((a) => [a.input.id, a]));
  const seen = new Set<string>();
  const buyersPerAward = new Set<string>();
  const checked = input.contracts.map((contract, c): CheckedContract => {
    const field = `contracts[${c}]`;
    const id = requireText(contract.id, `${field}.id`);
    if (seen.has(id)) throw new InvalidInputError(`${field}.id`, `duplicate contract ${id}`);
    seen.add(id);
    const award = awardsById.get(contract.awardId);
    if (!award) throw new InvalidInputError(`${field}.awardId`, `unknown award ${contract.awardId}`);
    if (!parties.has(contract.buyerId, 'buyer')) {
      throw new InvalidInputError(`${field}.buyerId`, `buyer ${contract.buyerId} does not participate`);
    }
    const pair = `${contract.awardId}\u0000${contract.buyerId}`;
    if (buyersPerAward.has(pair)) {
      throw new InvalidInputError(
        `${field}.buyerId`,
        `buyer ${contract.buyerId} has two contracts under award ${contract.awardId}`,
      );
    }
    buyersPerAward.add(pair);
    checkContractItems(contract, award, field);
    if (contract.dateSigned) instant(contract.dateSigned, `${field}.dateSigned`);
    return { input: contract, award };
  });
  checkAwardShares(awards, checked);
  return checked.sort(
    (a, b) =>
      awards.indexOf(a.award) - awards.indexOf(b.award) ||
      byNameThenId(parties.reference(a.input.buyerId), parties.reference(b.input.buyerId)) ||
      compareCodeUnits(a.input.id, b.input.id),
  );
}

export function checkContractItems(contract: OcdsContractInput, award: IndexedAward, field: string): void {
  const ids = new Set<string>();
  contract.items.forEach((item, i) => {
    const itemField = `${field}.items[${i}]`;
    if (!award.quantities.has(item.itemId)) {
      throw new InvalidInputError(`${itemField}.itemId`, `item ${item.itemId} is not in award ${award.input.id}`);
    }
    if (ids.has(item.itemId)) throw new InvalidInputError(`${itemField}.itemId`, `duplicate item ${item.itemId}`);
    ids.add(item.itemId);
    assertNonNegativeInteger(item.quantityMilli, `${itemField}.quantityMilli`);
  });
  if (ids.size === 0) throw new InvalidInputError(`${field}.items`, 'a contract has at least one item');
  assertNonNegativeInteger(contract.valueCents, `${field}.valueCents`);
  const itemsValue = sumCents(
    contract.items.map((i) => i.valueCents),
    `${field}.items.valueCents`,
  );
  if (itemsValue !== contract.valueCents) {
    throw new InvalidInputError(`${field}.valueCents`, `is ${contract.valueCents}, but its items sum to ${itemsValue}`);
  }
}

/** The contracts of an award share out exactly its value and each item's quantity. */
export function checkAwardShares(awards: IndexedAward[], contracts: CheckedContract[]): void {
  for (const award of awards) {
    const own = contracts.filter((c) => c.award === award).map((c) => c.input);
    if (own.length === 0) continue;
    const total = sumCents(
      own.map((c) => c.valueCents),
      'contracts.valueCents',
    );
    if (total !== award.input.valueCents) {
      throw new InvalidInputError(
        'contracts',
        `contract values of award ${award.input.id} sum to ${total} cents, the award is ${award.input.valueCents}`,
      );
    }
    for (const [itemId, quantity] of award.quantities) {
      const shared = own
        .flatMap((c) => c.items)
        .filter((i) => i.itemId === itemId)
        .reduce((s, i) => s + i.quantityMilli, 0);
      if (shared !== quantity) {
        throw new InvalidInputError(
          'contracts',
          `quantities of item ${itemId} under award ${award.input.id} sum to ${shared}, the award is ${quantity}`,
        );
      }
    }
  }
}

/** The lot's items (in lot order) that have a quantity here, with the award's unit prices. */
export function lotItems(
  lot: IndexedLot,
  quantities: ReadonlyMap<string, number>,
  unitPrices: ReadonlyMap<string, OcdsValue | undefined>,
): OcdsItem[] {
  return lot.items.flatMap((i) => {
    const quantity = quantities.get(i.input.id);
    return quantity === undefined ? [] : [ocdsItem(i, quantity, unitPrices.get(i.input.id))];
  });
}

export function buildAward(award: IndexedAward, contracts: CheckedContract[], parties: PartyRegistry): OcdsAward {
  const { input, lot } = award;
  const buyerIds = contracts.filter((c) => c.award === award).map((c) => c.input.buyerId);
  const supplier = parties.reference(input.supplierId);
  return {
    id: input.id,
    title: `Zuschlag Los ${lot.input.key}: ${supplier.name}`,
    status: 'active',
    date: instant(input.date, 'awards.date'),
    value: eur(input.valueCents),
    suppliers: [supplier],
    items: lotItems(lot, award.quantities, award.unitPrices),
    relatedLots: [lot.input.id],
    ...(buyerIds.length > 0 ? { buyers: parties.references(buyerIds) } : {}),
  };
}

export function buildContract(contract: CheckedContract, parties: PartyRegistry): OcdsContract {
  const { input, award } = contract;
  const buyer = parties.reference(input.buyerId);
  const quantities = new Map(input.items.map((i) => [i.itemId, i.quantityMilli]));
  return {
    id: input.id,
    awardID: input.awardId,
    title: `Vertrag ${input.number ? `${input.number} ` : ''}Los ${award.lot.input.key}: ${buyer.name}`,
    status: 'active',
    value: eur(input.valueCents),
    items: lotItems(award.lot, quantities, award.unitPrices),
    buyer,
    ...(input.dateSigned ? { dateSigned: instant(input.dateSigned, 'contracts.dateSigned') } : {}),
    ...(input.termFrom || input.termTo
      ? {
          period: {
            ...(input.termFrom ? { startDate: termDate(input.termFrom, 'contracts.termFrom', 'T00:00:00Z') } : {}),
            ...(input.termTo ? { endDate: termDate(input.termTo, 'contracts.termTo', 'T23:59:59Z') } : {}),
          },
        }
      : {}),
  };
}

/** a contract's term day (`YYYY-MM-DD`) as an OCDS date-time at its start or end (UTC) */
function termDate(day: string, field: string, time: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new InvalidInputError(field, `must be a date YYYY-MM-DD, got "${day}"`);
  return instant(`${day}${time}`, field);
}
