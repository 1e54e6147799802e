import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { formatScaled } from '@buendel/domain';
import type { ContactColumns } from './contact';

export interface AwardToStore {
  lotId: string;
  tenderId: string;
  offerId: string;
  supplierOrganisationId: string;
  valueCents: number;
  bestRanked: boolean;
  reason: string | null;
  evaluation: unknown;
  awardedBy: string;
}

export interface AllocationToStore {
  itemId: string;
  organisationId: string;
  quantityMilli: number;
  valueCents: number;
}

export interface AllocationRow extends ContactColumns {
  organisation_id: string;
  name: string;
  lot_id: string;
  item_id: string;
  cpv_code: string;
  unit: string;
  specification_text: string | null;
  quantity: string;
  value_cents: string;
  delivery_ags: string[];
}

export type AllocationScope =
  { kind: 'all' } | { kind: 'organisation'; organisationId: string } | { kind: 'supplier'; organisationId: string };

/** The SQL of awards and allocations: one named method per statement, each in the EntityManager it is given. */
@Injectable()
export class AwardRepository {
  async awardOfLot(db: EntityManager, lotId: string): Promise<{ offer_id: string } | undefined> {
    const [done] = await db.query<Array<{ offer_id: string }>>(`SELECT offer_id FROM tender_awards WHERE lot_id = $1`, [
      lotId,
    ]);
    return done;
  }

  /** what each participant brings to each item of the lot */
  async sharesOfLot(
    db: EntityManager,
    lotId: string,
  ): Promise<Array<{ item_id: string; organisation_id: string; quantity: string }>> {
    return db.query<Array<{ item_id: string; organisation_id: string; quantity: string }>>(
      `SELECT s.item_id, s.organisation_id, s.quantity::text AS quantity FROM tender_item_shares s
       JOIN tender_items i ON i.id = s.item_id WHERE i.lot_id = $1`,
      [lotId],
    );
  }

  async insertAward(db: EntityManager, a: AwardToStore): Promise<void> {
    await db.query(
      `INSERT INTO tender_awards (lot_id, tender_id, offer_id, supplier_organisation_id, value_cents, best_ranked, reason, evaluation, awarded_by, awarded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())`,
      [
        a.lotId,
        a.tenderId,
        a.offerId,
        a.supplierOrganisationId,
        a.valueCents,
        a.bestRanked,
        a.reason,
        JSON.stringify(a.evaluation),
        a.awardedBy,
      ],
    );
  }

  async insertAllocations(
    db: EntityManager,
    tenderId: string,
    lotId: string,
    rows: AllocationToStore[],
  ): Promise<void> {
    await db.query(
      `INSERT INTO tender_allocations (item_id, organisation_id, tender_id, lot_id, quantity, value_cents)
       SELECT i, o, $1, $2, q, v FROM unnest($3::uuid[], $4::uuid[], $5::numeric[], $6::bigint[]) AS s(i, o, q, v)`,
      [
        tenderId,
        lotId,
        rows.map((r) => r.itemId),
        rows.map((r) => r.organisationId),
        rows.map((r) => formatScaled(r.quantityMilli, 3)),
        rows.map((r) => r.valueCents),
      ],
    );
  }

  async markLotAwarded(db: EntityManager, lotId: string): Promise<void> {
    await db.query(`UPDATE tender_lots SET status = 'awarded' WHERE id = $1`, [lotId]);
  }

  async awardedLotIds(db: EntityManager, tenderId: string): Promise<string[]> {
    const rows = await db.query<Array<{ lot_id: string }>>(`SELECT lot_id FROM tender_awards WHERE tender_id = $1`, [
      tenderId,
    ]);
    return rows.map((r) => r.lot_id);
  }

  async markOpenLotsUnsuccessful(db: EntityManager, tenderId: string): Promise<void> {
    await db.query(`UPDATE tender_lots SET status = 'unsuccessful' WHERE tender_id = $1 AND status = 'open'`, [
      tenderId,
    ]);
  }

  async markTenderAwarded(db: EntityManager, tenderId: string): Promise<void> {
    await db.query(`UPDATE tenders SET status = 'awarded', awarded_at = now(), updated_at = now() WHERE id = $1`, [
      tenderId,
    ]);
  }

  async markBundleAwarded(db: EntityManager, bundleId: string): Promise<void> {
    await db.query(`UPDATE bundles SET status = 'awarded', updated_at = now() WHERE id = $1`, [bundleId]);
  }

  async markBundleDemandsAwarded(db: EntityManager, bundleId: string): Promise<void> {
    await db.query(
      `UPDATE demands SET status = 'awarded', updated_at = now() WHERE id IN (SELECT demand_id FROM bundle_participations WHERE bundle_id = $1)`,
      [bundleId],
    );
  }

  /** one notification per participating organisation (idempotent) */
  async notifyParticipantsAwarded(db: EntityManager, tenderId: string, title: string): Promise<void> {
    await db.query(
      `INSERT INTO notifications (organisation_id, kind, subject_id, title, data)
       SELECT DISTINCT organisation_id, 'tender.awarded', $1::uuid, 'Zuschlag erteilt: ' || $2, jsonb_build_object('tenderId', $1::uuid)
       FROM tender_item_shares WHERE tender_id = $1
       ON CONFLICT (organisation_id, kind, subject_id) DO NOTHING`,
      [tenderId, title],
    );
  }

  /**
   * the allocations of the tender: every participant's, one organisation's, or those of the lots
   * whose contracts a supplier holds; with the places each buyer's own demands deliver to and the
   * contact of its procurement office
   */
  async allocations(
    db: EntityManager,
    tenderId: string,
    scope: AllocationScope = { kind: 'all' },
  ): Promise<AllocationRow[]> {
    const filter =
      scope.kind === 'all'
        ? ''
        : scope.kind === 'organisation'
          ? 'AND a.organisation_id = $2'
          : 'AND a.lot_id IN (SELECT lot_id FROM tender_contracts WHERE tender_id = $1 AND supplier_organisation_id = $2)';
    return db.query<AllocationRow[]>(
      `SELECT a.organisation_id, o.name, a.lot_id, a.item_id, i.cpv_code, i.unit, i.specification_text,
              a.quantity::text AS quantity, a.value_cents,
              o.address, o.contact_name, o.contact_email, o.contact_phone,
              coalesce((SELECT array_agg(DISTINCT d.delivery_ags::text ORDER BY d.delivery_ags::text)
                        FROM bundle_participations p JOIN demands d ON d.id = p.demand_id
                        WHERE p.bundle_id = t.bundle_id AND p.organisation_id = a.organisation_id
                          AND d.cpv_code = i.cpv_code AND d.unit = i.unit AND d.delivery_ags::text = ANY(i.delivery_ags)
                          AND d.specification_key IS NOT DISTINCT FROM i.specification_key),
                       '{}'::text[]) AS delivery_ags
       FROM tender_allocations a JOIN organisations o ON o.id = a.organisation_id JOIN tender_items i ON i.id = a.item_id
       JOIN tender_lots l ON l.id = a.lot_id JOIN tenders t ON t.id = a.tender_id
       WHERE a.tender_id = $1 ${filter}
       ORDER BY l.position, i.position, o.name, a.organisation_id`,
      scope.kind === 'all' ? [tenderId] : [tenderId, scope.organisationId],
    );
  }

  /** does the supplier hold a contract of the tender? */
  async holdsContract(db: EntityManager, tenderId: string, supplierOrganisationId: string): Promise<boolean> {
    const [row] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM tender_contracts WHERE tender_id = $1 AND supplier_organisation_id = $2`,
      [tenderId, supplierOrganisationId],
    );
    return (row?.n ?? 0) > 0;
  }

  async allocationTotals(
    db: EntityManager,
    tenderId: string,
  ): Promise<Array<{ lot_id: string; item_id: string; quantity: string; value_cents: string }>> {
    return db.query<Array<{ lot_id: string; item_id: string; quantity: string; value_cents: string }>>(
      `SELECT a.lot_id, a.item_id, sum(a.quantity)::text AS quantity, sum(a.value_cents)::text AS value_cents
       FROM tender_allocations a JOIN tender_items i ON i.id = a.item_id JOIN tender_lots l ON l.id = a.lot_id
       WHERE a.tender_id = $1 GROUP BY a.lot_id, a.item_id, l.position, i.position ORDER BY l.position, i.position`,
      [tenderId],
    );
  }
}
