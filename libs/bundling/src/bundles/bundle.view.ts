import { centsToEur } from '@buendel/domain';
import { AggregateDto, BundleDto } from './http/dto/bundle.dto';

/** the columns every bundle read selects: the bundle, its coordinator's name and its stored aggregate */
export const BUNDLE_COLUMNS = `b.id, b.title, b.description, b.status, b.coordinator_organisation_id, o.name AS coordinator_name,
  b.cpv_prefixes, b.district_keys, b.join_deadline, to_char(b.delivery_from, 'YYYY-MM-DD') AS delivery_from,
  to_char(b.delivery_to, 'YYYY-MM-DD') AS delivery_to, b.mandatory_criteria, b.min_participants, b.target_value_cents, b.provisional_joins,
  b.closed_at, b.created_at, b.participation_version, (SELECT t.id FROM tenders t WHERE t.bundle_id = b.id) AS tender_id, a.source_version, a.participant_count, a.demand_count,
  a.total_estimated_value_cents, a.lines, a.regime, a.lots, a.computed_at`;
export const BUNDLE_FROM = `bundles b JOIN organisations o ON o.id = b.coordinator_organisation_id
  LEFT JOIN bundle_aggregates a ON a.bundle_id = b.id`;

/** the aggregate as stored (jsonb): money in cents, quantities as exact decimal text */
export interface StoredAggregateLine {
  cpvCode: string;
  unit: string;
  /** absent in aggregates stored before items were grouped by specification and district */
  specificationKey?: string | null;
  specificationText?: string | null;
  districtKey?: string | null;
  quantity: string;
  estimatedValueCents: number;
  participantCount: number;
}
export interface StoredLot {
  key: string;
  title: string;
  estimatedValueCents: number;
  cpvPrefix: string;
  cpvCodes: string[];
  districtKeys: string[];
}

export interface BundleRow {
  id: string;
  title: string;
  description: string | null;
  status: BundleDto['status'];
  coordinator_organisation_id: string;
  coordinator_name: string;
  cpv_prefixes: string[];
  district_keys: string[];
  join_deadline: Date;
  delivery_from: string;
  delivery_to: string;
  mandatory_criteria: string[];
  min_participants: number | null;
  target_value_cents: string | null;
  provisional_joins: 'drop' | 'keep';
  closed_at: Date | null;
  created_at: Date;
  tender_id: string | null;
  participation_version: string;
  source_version: string | null;
  participant_count: number | null;
  demand_count: number | null;
  total_estimated_value_cents: string | null;
  lines: StoredAggregateLine[] | null;
  regime: AggregateDto['regime'] | null;
  lots: StoredLot[] | null;
  computed_at: Date | null;
}

/** the columns of the stored aggregate (and the bundle's version, to tell whether it is current) */
export type AggregateColumns = Pick<
  BundleRow,
  | 'source_version'
  | 'participation_version'
  | 'participant_count'
  | 'demand_count'
  | 'total_estimated_value_cents'
  | 'lines'
  | 'regime'
  | 'lots'
  | 'computed_at'
>;

export function toAggregateDto(r: AggregateColumns): AggregateDto | null {
  if (r.source_version === null || !r.lines || !r.regime || !r.lots || !r.computed_at) return null;
  return {
    participantCount: r.participant_count ?? 0,
    demandCount: r.demand_count ?? 0,
    totalEstimatedValueEur: centsToEur(Number(r.total_estimated_value_cents)),
    lines: r.lines.map((l) => ({
      cpvCode: l.cpvCode,
      unit: l.unit,
      specificationKey: l.specificationKey ?? null,
      specificationText: l.specificationText ?? null,
      districtKey: l.districtKey ?? null,
      quantity: Number(l.quantity),
      estimatedValueEur: centsToEur(l.estimatedValueCents),
      participantCount: l.participantCount,
    })),
    regime: r.regime,
    lots: r.lots.map((l) => ({
      key: l.key,
      title: l.title,
      estimatedValueEur: centsToEur(l.estimatedValueCents),
      cpvPrefix: l.cpvPrefix,
      cpvCodes: l.cpvCodes,
      districtKeys: l.districtKeys,
    })),
    computedAt: r.computed_at.toISOString(),
    version: Number(r.source_version),
    current: r.source_version === r.participation_version,
  };
}

export function toBundleDto(r: BundleRow): BundleDto {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    status: r.status,
    coordinatorOrganisationId: r.coordinator_organisation_id,
    coordinatorName: r.coordinator_name,
    cpvPrefix: r.cpv_prefixes[0] ?? '',
    cpvPrefixes: r.cpv_prefixes,
    districtKeys: r.district_keys,
    joinDeadline: r.join_deadline.toISOString(),
    deliveryFrom: r.delivery_from,
    deliveryTo: r.delivery_to,
    mandatoryCriteria: r.mandatory_criteria,
    minParticipants: r.min_participants,
    targetValueEur: r.target_value_cents === null ? null : centsToEur(Number(r.target_value_cents)),
    provisionalJoins: r.provisional_joins,
    closedAt: r.closed_at?.toISOString() ?? null,
    tenderId: r.tender_id,
    createdAt: r.created_at.toISOString(),
    aggregate: toAggregateDto(r),
  };
}
