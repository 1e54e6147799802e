import { InvalidInputError } from './errors';
import { groupItems, ItemIdentity, ItemLine } from './items';

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
