import { centsToEur, DemandStatus } from '@buendel/domain';
import { DemandDto } from './http/dto/demand.dto';

/** the columns every demand read selects (with the bundle it takes part in) */
export const DEMAND_COLUMNS = `d.id, d.organisation_id, d.cpv_code, d.title, d.description, d.specification_key,
  d.specification_text, d.quantity, d.unit,
  d.unit_price_eur, d.estimated_value_cents, to_char(d.delivery_from, 'YYYY-MM-DD') AS delivery_from,
  to_char(d.delivery_to, 'YYYY-MM-DD') AS delivery_to, d.delivery_ags, d.district_key, d.criteria, d.status,
  d.import_key, d.created_at, d.updated_at, p.bundle_id`;
export const DEMAND_FROM = `demands d LEFT JOIN bundle_participations p ON p.demand_id = d.id`;

export interface DemandRow {
  id: string;
  organisation_id: string;
  cpv_code: string;
  title: string;
  description: string | null;
  specification_key: string | null;
  specification_text: string | null;
  quantity: string;
  unit: string;
  unit_price_eur: string;
  estimated_value_cents: string;
  delivery_from: string;
  delivery_to: string;
  delivery_ags: string;
  district_key: string;
  criteria: string[];
  status: DemandStatus;
  import_key: string | null;
  created_at: Date;
  updated_at: Date;
  bundle_id: string | null;
}

export function toDemandDto(r: DemandRow): DemandDto {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    cpvCode: r.cpv_code,
    title: r.title,
    description: r.description,
    specificationKey: r.specification_key,
    specificationText: r.specification_text,
    quantity: Number(r.quantity),
    unit: r.unit,
    unitPriceEur: Number(r.unit_price_eur),
    estimatedValueEur: centsToEur(Number(r.estimated_value_cents)),
    deliveryFrom: r.delivery_from,
    deliveryTo: r.delivery_to,
    deliveryAgs: r.delivery_ags,
    districtKey: r.district_key,
    criteria: r.criteria,
    status: r.status,
    bundleId: r.bundle_id,
    importKey: r.import_key,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
