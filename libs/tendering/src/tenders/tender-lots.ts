import { assignCellsToLots, groupItems, LotSelector, proposeLots, quantityToMilli } from '@buendel/domain';
import { FieldError } from '@buendel/errors';

/** one organisation's frozen demands of one item (CPV code, unit, specification, delivery district) of a closed bundle */
export interface ShareRow {
  cpv_code: string;
  unit: string;
  specification_key: string | null;
  specification_text: string | null;
  district_key: string;
  organisation_id: string;
  quantity: string;
  value: string;
  delivery_ags: string[];
}

export interface PlannedItem {
  cpvCode: string;
  unit: string;
  specificationKey: string | null;
  specificationText: string | null;
  districtKey: string;
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
 * cell in exactly one lot). A lot's items follow the domain's grouping rule (groupItems: CPV
 * code, unit, specification, delivery district) with the summed quantity, value and delivery
 * places, and each organisation's share of them.
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
    // the same rule and titles as the bundle's aggregate: lots from the items' codes, districts and specifications
    const proposal = proposeLots(
      shares.map((r) => ({
        cpvCode: r.cpv_code,
        unit: r.unit,
        districtKey: r.district_key,
        specificationText: r.specification_text,
        quantityMilli: 0,
        estimatedValueCents: Number(r.value),
        organisationId: r.organisation_id,
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
    const planned: PlannedItem[] = groupItems(
      shares
        .filter((r) => inLot.has(cellKey(r)))
        .map((r) => ({
          cpvCode: r.cpv_code,
          unit: r.unit,
          specificationKey: r.specification_key,
          specificationText: r.specification_text,
          districtKey: r.district_key,
          organisationId: r.organisation_id,
          quantityMilli: quantityToMilli(r.quantity),
          estimatedValueCents: Number(r.value),
          deliveryAgs: r.delivery_ags,
        })),
    ).map((item) => ({
      cpvCode: item.cpvCode,
      unit: item.unit,
      specificationKey: item.specificationKey,
      specificationText: item.specificationText,
      districtKey: item.districtKey,
      quantityMilli: item.quantityMilli,
      valueCents: item.estimatedValueCents,
      deliveryAgs: item.deliveryAgs,
      shares: item.shares.map((s) => ({
        organisationId: s.organisationId,
        quantityMilli: s.quantityMilli,
        valueCents: s.estimatedValueCents,
      })),
    }));
    return {
      key: selector.key,
      title: selector.title,
      valueCents: planned.reduce((s, it) => s + it.valueCents, 0),
      items: planned,
    };
  });
  return { lots, errors: [] };
}
