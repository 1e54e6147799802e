import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ContactColumns } from '../award/contact';

export interface LotAwardRow {
  lot_id: string;
  lot_key: string;
  lot_title: string;
  lot_position: number;
  offer_id: string;
  supplier_organisation_id: string;
  awarded_at: Date;
  earliest_conclusion_at: Date | null;
}

export interface ContractToStore {
  number: string;
  tenderId: string;
  lotId: string;
  organisationId: string;
  supplierOrganisationId: string;
  offerId: string;
  valueCents: number;
  termFrom: string;
  termTo: string;
  concludedAt: Date;
  concludedBy: string;
}

export interface ContractRow {
  id: string;
  number: string;
  tender_id: string;
  lot_id: string;
  lot_key: string;
  lot_title: string;
  organisation_id: string;
  organisation_name: string;
  supplier_organisation_id: string;
  supplier_name: string;
  /** the supplier's contact point (its address and sales contact), for the buyers */
  supplier_address: ContactColumns['address'];
  supplier_contact_name: string | null;
  supplier_contact_email: string | null;
  supplier_contact_phone: string | null;
  offer_id: string;
  value_cents: string;
  term_from: string;
  term_to: string;
  concluded_at: Date;
}

export interface ContractItemRow {
  lot_id: string;
  organisation_id: string;
  item_id: string;
  cpv_code: string;
  cpv_label: string;
  specification_text: string | null;
  unit: string;
  quantity: string;
  value_cents: string;
  delivery_ags: string[];
}

/** which contracts a caller may read */
export type ContractScope =
  { kind: 'tender' } | { kind: 'buyer'; organisationId: string } | { kind: 'supplier'; organisationId: string };

const CONTRACT_COLUMNS = `c.id, c.number, c.tender_id, c.lot_id, l.key AS lot_key, l.title AS lot_title, c.organisation_id,
  o.name AS organisation_name, c.supplier_organisation_id, s.name AS supplier_name, s.address AS supplier_address,
  s.contact_name AS supplier_contact_name, s.contact_email AS supplier_contact_email, s.contact_phone AS supplier_contact_phone, c.offer_id, c.value_cents::text AS value_cents,
  to_char(c.term_from, 'YYYY-MM-DD') AS term_from, to_char(c.term_to, 'YYYY-MM-DD') AS term_to, c.concluded_at`;

/** The SQL of the contracts concluded after the standstill: one named method per statement. */
@Injectable()
export class ContractsRepository {
  /** the lot of the tender with its award (award columns null when there is none) */
  async lotAward(
    db: EntityManager,
    tenderId: string,
    lotId: string,
  ): Promise<(Omit<LotAwardRow, 'offer_id'> & { offer_id: string | null }) | undefined> {
    const [row] = await db.query<Array<Omit<LotAwardRow, 'offer_id'> & { offer_id: string | null }>>(
      `SELECT l.id AS lot_id, l.key AS lot_key, l.title AS lot_title, l.position AS lot_position, a.offer_id,
              a.supplier_organisation_id, a.awarded_at, a.earliest_conclusion_at
       FROM tender_lots l LEFT JOIN tender_awards a ON a.lot_id = l.id
       WHERE l.tender_id = $1 AND l.id = $2 FOR UPDATE OF l`,
      [tenderId, lotId],
    );
    return row;
  }

  async countOfLot(db: EntityManager, lotId: string): Promise<number> {
    const [row] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM tender_contracts WHERE lot_id = $1`,
      [lotId],
    );
    return row?.n ?? 0;
  }

  /** the allocated value per participating organisation of the lot, by organisation name */
  async allocatedPerOrganisation(
    db: EntityManager,
    lotId: string,
  ): Promise<Array<{ organisation_id: string; value_cents: string }>> {
    return db.query<Array<{ organisation_id: string; value_cents: string }>>(
      `SELECT a.organisation_id, sum(a.value_cents)::text AS value_cents
       FROM tender_allocations a JOIN organisations o ON o.id = a.organisation_id
       WHERE a.lot_id = $1 GROUP BY a.organisation_id, o.name ORDER BY o.name, a.organisation_id`,
      [lotId],
    );
  }

  async insert(db: EntityManager, contracts: ContractToStore[]): Promise<void> {
    await db.query(
      `INSERT INTO tender_contracts (number, tender_id, lot_id, organisation_id, supplier_organisation_id, offer_id, value_cents,
         term_from, term_to, concluded_at, concluded_by)
       SELECT n, $1, $2, o, $3, $4, v, $5, $6, $7, $8
       FROM unnest($9::text[], $10::uuid[], $11::bigint[]) AS c(n, o, v)`,
      [
        contracts[0]?.tenderId,
        contracts[0]?.lotId,
        contracts[0]?.supplierOrganisationId,
        contracts[0]?.offerId,
        contracts[0]?.termFrom,
        contracts[0]?.termTo,
        contracts[0]?.concludedAt,
        contracts[0]?.concludedBy,
        contracts.map((c) => c.number),
        contracts.map((c) => c.organisationId),
        contracts.map((c) => c.valueCents),
      ],
    );
  }

  /** awarded lots of the tender without contracts */
  async awardedLotsWithoutContracts(db: EntityManager, tenderId: string): Promise<number> {
    const [row] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM tender_awards a
       WHERE a.tender_id = $1 AND NOT EXISTS (SELECT 1 FROM tender_contracts c WHERE c.lot_id = a.lot_id)`,
      [tenderId],
    );
    return row?.n ?? 0;
  }

  /** one notification per buyer of the lot and one to the supplier (idempotent) */
  async notifyConcluded(db: EntityManager, tenderId: string, lotId: string, title: string): Promise<void> {
    await db.query(
      `INSERT INTO notifications (organisation_id, kind, subject_id, title, data)
       SELECT org, 'tender.contract-concluded', $2::uuid, 'Vertrag geschlossen: ' || $3, jsonb_build_object('tenderId', $1::uuid, 'lotId', $2::uuid)
       FROM (SELECT organisation_id AS org FROM tender_contracts WHERE lot_id = $2
             UNION SELECT supplier_organisation_id FROM tender_contracts WHERE lot_id = $2) x
       ON CONFLICT (organisation_id, kind, subject_id) DO NOTHING`,
      [tenderId, lotId, title],
    );
  }

  /** the tender's contracts a caller may read */
  async ofTender(db: EntityManager, tenderId: string, scope: ContractScope): Promise<ContractRow[]> {
    const filter =
      scope.kind === 'tender'
        ? ''
        : scope.kind === 'buyer'
          ? 'AND c.organisation_id = $2'
          : 'AND c.supplier_organisation_id = $2';
    return db.query<ContractRow[]>(
      `SELECT ${CONTRACT_COLUMNS}
       FROM tender_contracts c JOIN tender_lots l ON l.id = c.lot_id JOIN organisations o ON o.id = c.organisation_id
       JOIN organisations s ON s.id = c.supplier_organisation_id
       WHERE c.tender_id = $1 ${filter} ORDER BY l.position, c.number`,
      scope.kind === 'tender' ? [tenderId] : [tenderId, scope.organisationId],
    );
  }

  /** every contract of an organisation, as buyer or as supplier, newest first */
  async ofOrganisation(
    db: EntityManager,
    organisationId: string,
    limit: number,
    offset: number,
  ): Promise<ContractRow[]> {
    return db.query<ContractRow[]>(
      `SELECT ${CONTRACT_COLUMNS}
       FROM tender_contracts c JOIN tender_lots l ON l.id = c.lot_id JOIN organisations o ON o.id = c.organisation_id
       JOIN organisations s ON s.id = c.supplier_organisation_id
       WHERE c.organisation_id = $1 OR c.supplier_organisation_id = $1
       ORDER BY c.concluded_at DESC, c.number LIMIT $2 OFFSET $3`,
      [organisationId, limit, offset],
    );
  }

  async countOfOrganisation(db: EntityManager, organisationId: string): Promise<number> {
    const [row] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM tender_contracts WHERE organisation_id = $1 OR supplier_organisation_id = $1`,
      [organisationId],
    );
    return row?.n ?? 0;
  }

  /**
   * the items of the contracts: the organisation's allocations of the lot, with the places its
   * own demands deliver to
   */
  async items(db: EntityManager, pairs: Array<{ lotId: string; organisationId: string }>): Promise<ContractItemRow[]> {
    if (pairs.length === 0) return [];
    return db.query<ContractItemRow[]>(
      `SELECT a.lot_id, a.organisation_id, a.item_id, i.cpv_code, coalesce(cpv.label_de, i.cpv_code) AS cpv_label, i.unit,
              i.specification_text,
              a.quantity::text AS quantity, a.value_cents::text AS value_cents,
              coalesce((SELECT array_agg(DISTINCT d.delivery_ags::text ORDER BY d.delivery_ags::text)
                        FROM bundle_participations p JOIN demands d ON d.id = p.demand_id
                        WHERE p.bundle_id = t.bundle_id AND p.organisation_id = a.organisation_id
                          AND d.cpv_code = i.cpv_code AND d.unit = i.unit AND d.delivery_ags::text = ANY(i.delivery_ags)
                          AND d.specification_key IS NOT DISTINCT FROM i.specification_key),
                       '{}'::text[]) AS delivery_ags
       FROM tender_allocations a JOIN tender_items i ON i.id = a.item_id JOIN tenders t ON t.id = a.tender_id
       LEFT JOIN cpv_codes cpv ON cpv.code = i.cpv_code
       JOIN unnest($1::uuid[], $2::uuid[]) AS x(lot_id, organisation_id) ON x.lot_id = a.lot_id AND x.organisation_id = a.organisation_id
       ORDER BY i.position`,
      [pairs.map((p) => p.lotId), pairs.map((p) => p.organisationId)],
    );
  }
}
