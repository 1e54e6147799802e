import {
  Better,
  centsToEur,
  describeRule,
  lotPriceWeight,
  PlacedCriterion,
  ScoringRule,
  TenderPhase,
} from '@buendel/domain';
import { TenderDto, TenderRegimeDto, TenderStatus, TenderSummaryDto } from './http/tender.dto';

export interface TenderRow {
  id: string;
  bundle_id: string;
  coordinator_organisation_id: string;
  status: TenderStatus;
  title: string;
  description: string | null;
  procedure_type: 'open' | 'national-open';
  regime: TenderRegimeDto & Record<string, unknown>;
  estimated_value_cents: string;
  price_weight: string;
  submission_deadline: Date;
  published_at: Date | null;
  opened_at: Date | null;
  awarded_at: Date | null;
  cancelled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** a tender in a list: its row, its coordinator's name and how many lots it has */
export interface TenderListRow extends TenderRow {
  coordinator_name: string;
  lot_count: number;
}

/** a tender in GET /tenders: what its notice says, no lots, no offers */
export function toTenderSummaryDto(t: TenderListRow): TenderSummaryDto {
  return {
    id: t.id,
    bundleId: t.bundle_id,
    coordinatorOrganisationId: t.coordinator_organisation_id,
    coordinatorName: t.coordinator_name,
    status: t.status,
    title: t.title,
    procedureType: t.procedure_type,
    procedureLabel: PROCEDURE_LABELS[t.procedure_type] ?? t.procedure_type,
    scope: t.regime.scope,
    estimatedValueEur: centsToEur(Number(t.estimated_value_cents)),
    lotCount: t.lot_count,
    submissionDeadline: t.submission_deadline.toISOString(),
    publishedAt: t.published_at?.toISOString() ?? null,
    openedAt: t.opened_at?.toISOString() ?? null,
    awardedAt: t.awarded_at?.toISOString() ?? null,
    cancelledAt: t.cancelled_at?.toISOString() ?? null,
  };
}

export const TENDER_COLUMNS = `t.id, t.bundle_id, t.coordinator_organisation_id, t.status, t.title, t.description, t.procedure_type,
  t.regime, t.estimated_value_cents, t.price_weight, t.submission_deadline, t.published_at, t.opened_at, t.awarded_at,
  t.cancelled_at, t.created_at, t.updated_at`;

export const PROCEDURE_LABELS: Record<string, string> = {
  open: 'Offenes Verfahren (EU-weit, § 15 VgV)',
  'national-open': 'Öffentliche Ausschreibung (national, § 9 UVgO)',
};

export interface LotRow {
  id: string;
  key: string;
  title: string;
  position: number;
  estimated_value_cents: string;
  status: 'open' | 'awarded' | 'unsuccessful';
}
export interface ItemRow {
  id: string;
  lot_id: string;
  cpv_code: string;
  cpv_label: string;
  unit: string;
  unit_name: string;
  quantity: string;
  estimated_value_cents: string;
  delivery_ags: string[];
  specification_key: string | null;
  specification_text: string | null;
  district_key: string | null;
}
export interface CriterionRow {
  code: string;
  name: string;
  phase: TenderPhase;
  weight: string | null;
  detail: string | null;
  /** null: every lot */
  lot_keys: string[] | null;
  value: string | null;
  scoring: ScoringRule | null;
  /** the catalogue's direction and unit of a valued criterion */
  better: Better | null;
  unit: string | null;
}

export interface TenderParts {
  lots: LotRow[];
  items: ItemRow[];
  criteria: CriterionRow[];
}

export function toTenderDto(
  t: TenderRow,
  { lots, items, criteria }: TenderParts,
): Omit<TenderDto, 'submissionMinimum' | 'opening'> {
  return {
    id: t.id,
    bundleId: t.bundle_id,
    coordinatorOrganisationId: t.coordinator_organisation_id,
    status: t.status,
    title: t.title,
    description: t.description,
    procedureType: t.procedure_type,
    procedureLabel: PROCEDURE_LABELS[t.procedure_type] ?? t.procedure_type,
    regime: {
      scope: t.regime.scope,
      thresholdEur: t.regime.thresholdEur,
      legalBasis: t.regime.legalBasis,
      referenceDate: t.regime.referenceDate,
    },
    estimatedValueEur: centsToEur(Number(t.estimated_value_cents)),
    priceWeight: Number(t.price_weight),
    submissionDeadline: t.submission_deadline.toISOString(),
    publishedAt: t.published_at?.toISOString() ?? null,
    openedAt: t.opened_at?.toISOString() ?? null,
    awardedAt: t.awarded_at?.toISOString() ?? null,
    cancelledAt: t.cancelled_at?.toISOString() ?? null,
    lots: lots.map((l) => ({
      id: l.id,
      key: l.key,
      title: l.title,
      estimatedValueEur: centsToEur(Number(l.estimated_value_cents)),
      status: l.status,
      priceWeight: lotPriceWeight(placedOf(criteria), l.key),
      items: items
        .filter((i) => i.lot_id === l.id)
        .map((i) => ({
          id: i.id,
          cpvCode: i.cpv_code,
          cpvLabel: i.cpv_label,
          specificationKey: i.specification_key,
          specificationText: i.specification_text,
          districtKey: i.district_key,
          unit: i.unit,
          quantity: Number(i.quantity),
          estimatedValueEur: centsToEur(Number(i.estimated_value_cents)),
          deliveryAgs: i.delivery_ags,
        })),
    })),
    criteria: criteria.map((c) => ({
      code: c.code,
      name: c.name,
      phase: c.phase,
      weight: c.weight === null ? null : Number(c.weight),
      detail: c.detail,
      lotKeys: c.lot_keys ?? lots.map((l) => l.key),
      value: c.value === null ? null : Number(c.value),
      scoring: c.scoring,
      unit: c.unit,
      rule:
        c.scoring && c.weight !== null
          ? describeRule(c.scoring, c.better ?? 'higher', Number(c.weight), c.unit ?? '')
          : c.value !== null
            ? `${c.better === 'lower' ? 'höchstens' : 'mindestens'} ${String(Number(c.value)).replace('.', ',')}${c.unit ? ` ${c.unit}` : ''}`
            : null,
    })),
  };
}

/** the criteria rows as the domain's placed criteria (weights as numbers, lots as keys) */
export function placedOf(criteria: readonly CriterionRow[]): PlacedCriterion[] {
  return criteria.map((c) => ({
    code: c.code,
    phase: c.phase,
    ...(c.weight === null ? {} : { weight: Number(c.weight) }),
    lotKeys: c.lot_keys,
    value: c.value === null ? null : Number(c.value),
    scoring: c.scoring,
    ...(c.better ? { better: c.better } : {}),
  }));
}
