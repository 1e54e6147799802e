import { assignCellsToLots, LotSelector, proposeLots, quantityToMilli } from '@buendel/domain';
import { FieldError } from '@buendel/errors';

/** one organisation's frozen demand in one cell (CPV code, unit, delivery district) of a closed bundle */
export interface ShareRow {
  cpv_code: string;
  unit: string;
  district_key: string;
  organisation_id: string;
  quantity: string;
  value: string;
  delivery_ags: string[];
}

export interface PlannedItem {
  cpvCode: string;
  unit: string;
  quantityMilli: number;
  valueCents: number;
  deliveryAgs: string[];
  shares: Array<{ organisationId: string; quantityMilli: number; valueCents: number }>;
}

export interface PlannedLot {
  key: string;
  title: string;
  valueCents: number;
  items: PlannedItem[];
}

export interface LotRequest {
  title: string;
  cpvPrefixes?: string[];
  districtKeys?: string[];
}

/**
 * Plans the lots: by default the bundle's lot proposal (§ 97 Abs. 4 GWB, the same rule as the
 * aggregate), otherwise the coordinator's lots, each taking the cells its selector names (every
 * cell in exactly one lot). Items are the lot's CPV codes and units with the summed quantity,
 * value and delivery places, and each organisation's share of them.
 */
export function planLots(
  shares: ShareRow[],
  requested: LotRequest[] | undefined,
  labels: { cpvLabel: (code: string) => string | undefined; districtLabel: (key: string) => string | undefined },
): { lots: PlannedLot[]; errors: FieldError[] } {
  const cellKey = (r: { cpv_code: string; unit: string; district_key: string }) =>
    `${r.cpv_code}|${r.unit}|${r.district_key}`;
  const cells = [
    ...new Map(
      shares.map((r) => [cellKey(r), { cpvCode: r.cpv_code, unit: r.unit, districtKey: r.district_key }]),
    ).values(),
  ];
  let selectors: Array<LotSelector & { key: string; title: string }>;
  if (requested) {
    selectors = requested.map((r, i) => ({
      key: `L${i + 1}`,
      title: r.title,
      cpvPrefixes: r.cpvPrefixes,
      districtKeys: r.districtKeys,
    }));
  } else {
    const totals = new Map<string, number>();
    for (const r of shares) totals.set(cellKey(r), (totals.get(cellKey(r)) ?? 0) + Number(r.value));
    const proposal = proposeLots(
      cells.map((c) => ({
        ...c,
        quantityMilli: 0,
        estimatedValueCents:
          totals.get(cellKey({ cpv_code: c.cpvCode, unit: c.unit, district_key: c.districtKey })) ?? 0,
        organisationId: '',
      })),
      labels,
    );
    selectors = proposal.map((lot) => ({
      key: lot.key,
      title: lot.title,
      cpvPrefixes: lot.cpvCodes,
      districtKeys: lot.districtKeys,
    }));
  }
  const { lots: assignment, problems } = assignCellsToLots(cells, selectors);
  if (problems.length) return { lots: [], errors: problems };

  const cellKeys = cells.map((c) => cellKey({ cpv_code: c.cpvCode, unit: c.unit, district_key: c.districtKey }));
  const lots = selectors.map((selector, i) => {
    const inLot = new Set((assignment[i] ?? []).map((c) => cellKeys[c]));
    const items = new Map<string, PlannedItem>();
    for (const r of shares) {
      if (!inLot.has(cellKey(r))) continue;
      const key = `${r.cpv_code}|${r.unit}`;
      const item = items.get(key) ?? {
        cpvCode: r.cpv_code,
        unit: r.unit,
        quantityMilli: 0,
        valueCents: 0,
        deliveryAgs: [],
        shares: [],
      };
      const quantityMilli = quantityToMilli(r.quantity);
      item.quantityMilli += quantityMilli;
      item.valueCents += Number(r.value);
      item.deliveryAgs = [...new Set([...item.deliveryAgs, ...r.delivery_ags])].sort();
      const share = item.shares.find((s) => s.organisationId === r.organisation_id);
      if (share) {
        share.quantityMilli += quantityMilli;
        share.valueCents += Number(r.value);
      } else {
        item.shares.push({ organisationId: r.organisation_id, quantityMilli, valueCents: Number(r.value) });
      }
      items.set(key, item);
    }
    const planned = [...items.values()].sort((a, b) => (a.cpvCode + a.unit < b.cpvCode + b.unit ? -1 : 1));
    return {
      key: selector.key,
      title: selector.title,
      valueCents: planned.reduce((s, it) => s + it.valueCents, 0),
      items: planned,
    };
  });
  return { lots, errors: [] };
}
