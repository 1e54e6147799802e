import { normalizeCpvCode } from '../cpv';
import { InvalidInputError } from '../errors';
import { assertNonNegativeInteger, milliToQuantity } from '../money';
import { compareCodeUnits } from '../order';
import { OcdsDeliveryPlaceInput, OcdsItemInput, OcdsJointTenderStatus, OcdsLotInput } from './input';
import { OcdsAddress, OcdsItem, OcdsTenderStatus, OcdsValue } from './output';
import { GERMANY, TENDER_STATUS } from './constants';
import { optionalText, requireText } from './helpers';

// OCDS builder: Lots and items

export interface IndexedItem {
  input: OcdsItemInput;
  cpvCode: string;
  lotId: string;
}

export interface IndexedLot {
  input: OcdsLotInput;
  items: IndexedItem[];
}

export interface Lots {
  /** sorted by key, then id */
  list: IndexedLot[];
  byId: Map<string, IndexedLot>;
  items: Map<string, IndexedItem>;
}

/** Checks ids (unique lots and items across the tender) and sorts lots by key and items by CPV code. */
export function indexLots(lots: readonly OcdsLotInput[]): Lots {
  const byId = new Map<string, IndexedLot>();
  const items = new Map<string, IndexedItem>();
  lots.forEach((lot, l) => {
    const lotId = requireText(lot.id, `lots[${l}].id`);
    if (byId.has(lotId)) throw new InvalidInputError(`lots[${l}].id`, `duplicate lot ${lotId}`);
    assertNonNegativeInteger(lot.estimatedValueCents, `lots[${l}].estimatedValueCents`);
    const indexed: IndexedLot = { input: lot, items: [] };
    lot.items.forEach((item, i) => {
      const field = `lots[${l}].items[${i}]`;
      const itemId = requireText(item.id, `${field}.id`);
      if (items.has(itemId)) throw new InvalidInputError(`${field}.id`, `duplicate item ${itemId}`);
      assertNonNegativeInteger(item.quantityMilli, `${field}.quantityMilli`);
      const entry = { input: item, cpvCode: normalizeCpvCode(item.cpvCode), lotId };
      items.set(itemId, entry);
      indexed.items.push(entry);
    });
    indexed.items.sort((a, b) => compareCodeUnits(a.cpvCode, b.cpvCode) || compareCodeUnits(a.input.id, b.input.id));
    byId.set(lotId, indexed);
  });
  const list = [...byId.values()].sort(
    (a, b) => compareCodeUnits(a.input.key, b.input.key) || compareCodeUnits(a.input.id, b.input.id),
  );
  return { list, byId, items };
}

/** An OCDS item: CPV classification, unit (UN/ECE Rec. 20) and the lot it belongs to. */
export function ocdsItem(
  item: IndexedItem,
  quantityMilli: number,
  unitPrice?: OcdsValue,
  withDelivery = false,
): OcdsItem {
  const label = requireText(item.input.cpvLabel, `item ${item.input.id} cpvLabel`);
  const delivery = withDelivery ? deliveryAddresses(item.input.deliveryPlaces ?? []) : [];
  return {
    id: item.input.id,
    description: label,
    classification: { scheme: 'CPV', id: item.cpvCode, description: label },
    quantity: milliToQuantity(quantityMilli),
    unit: {
      scheme: 'UNCEFACT',
      id: requireText(item.input.unit, `item ${item.input.id} unit`),
      name: requireText(item.input.unitName, `item ${item.input.id} unitName`),
      ...(unitPrice ? { value: unitPrice } : {}),
    },
    relatedLot: item.lotId,
    ...(delivery.length > 0 ? { deliveryAddresses: delivery } : {}),
  };
}

/** One address per delivery place (by AGS, sorted); duplicates would break `uniqueItems`. */
export function deliveryAddresses(places: readonly OcdsDeliveryPlaceInput[]): OcdsAddress[] {
  const byAgs = new Map<string, OcdsDeliveryPlaceInput>();
  for (const p of places) byAgs.set(requireText(p.ags, 'deliveryPlaces.ags'), p);
  const seen = new Set<string>();
  const addresses: OcdsAddress[] = [];
  for (const [ags, p] of [...byAgs].sort(([a], [b]) => compareCodeUnits(a, b))) {
    const address: OcdsAddress = {
      locality: requireText(p.name, `deliveryPlaces[${ags}].name`),
      ...optionalText('region', p.nuts3),
      ...optionalText('postalCode', p.postalCode),
      countryName: GERMANY,
    };
    const key = JSON.stringify(address);
    if (!seen.has(key)) addresses.push(address);
    seen.add(key);
  }
  return addresses;
}

export function lotStatus(status: OcdsJointTenderStatus, awarded: boolean): OcdsTenderStatus {
  if (status !== 'awarded') return TENDER_STATUS[status];
  // the procedure is complete: a lot without an award did not succeed
  return awarded ? 'complete' : 'unsuccessful';
}
