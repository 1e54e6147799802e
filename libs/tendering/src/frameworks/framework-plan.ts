import {
  FrameworkShare,
  frameworkMaximumMilli,
  GERMAN_UNIT_NAMES,
  milliToQuantity,
  quantityToMilli,
} from '@buendel/domain';
import type { FrameworkPlanRow, ShareRow } from './frameworks.repository';
import type { FrameworkQuantityDto } from './http/framework.dto';

const toQuantity = (milli: number) => milliToQuantity(milli);

export interface PlannedQuantity {
  dto: FrameworkQuantityDto;
  estimatedMilli: number;
  maximumMilli: number;
  estimatedValueCents: number;
  maximumValueCents: number;
}

/** the planned quantities as the notice and the OCDS export name them: buyer, item, estimate, maximum */
export function frameworkShares(planned: PlannedQuantity[], lotId?: string): FrameworkShare[] {
  return planned
    .filter((q) => lotId === undefined || q.dto.lotId === lotId)
    .map((q) => ({
      buyerName: q.dto.organisationName,
      label: q.dto.cpvLabel,
      unit: q.dto.unit,
      unitName: GERMAN_UNIT_NAMES[q.dto.unit] ?? null,
      estimatedMilli: q.estimatedMilli,
      maximumMilli: q.maximumMilli,
    }));
}

/** every participant's estimate (its share of the item) and maximum (named, or the percentage of the estimate) */
export function planQuantities(
  plan: Pick<FrameworkPlanRow, 'maximum_percent' | 'maxima'>,
  shares: ShareRow[],
): PlannedQuantity[] {
  const named = new Map(plan.maxima.map((m) => [`${m.organisationId}|${m.itemId}`, m.maximumQuantity]));
  return shares.map((s) => {
    const estimatedMilli = quantityToMilli(s.quantity);
    const given = named.get(`${s.organisation_id}|${s.item_id}`);
    const maximumMilli =
      given === undefined ? frameworkMaximumMilli(estimatedMilli, plan.maximum_percent) : quantityToMilli(given);
    const estimatedValueCents = Number(s.estimated_value_cents);
    return {
      estimatedMilli,
      maximumMilli,
      estimatedValueCents,
      maximumValueCents: estimatedMilli > 0 ? Math.round((estimatedValueCents * maximumMilli) / estimatedMilli) : 0,
      dto: {
        lotId: s.lot_id,
        lotKey: s.lot_key,
        itemId: s.item_id,
        cpvCode: s.cpv_code,
        cpvLabel: s.cpv_label,
        unit: s.unit,
        organisationId: s.organisation_id,
        organisationName: s.organisation_name,
        estimatedQuantity: toQuantity(estimatedMilli),
        maximumQuantity: toQuantity(maximumMilli),
      },
    };
  });
}

/** the maximum value per lot (cents): the sum of every participant's maximum of the lot's items */
export function maximumValuePerLot(quantities: readonly PlannedQuantity[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const q of quantities) out.set(q.dto.lotId, (out.get(q.dto.lotId) ?? 0) + q.maximumValueCents);
  return out;
}
