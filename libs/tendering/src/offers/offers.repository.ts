import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Better, ParameterToPlace, ScoringRule, TenderPhase } from '@buendel/domain';
import { queryOne } from '@buendel/persistence';
import { SealedOffer } from './offer-vault';

/** an offer row with its sealed content, for the opening */
export interface OfferRow {
  id: string;
  lot_id: string;
  supplier_organisation_id: string;
  supplier_name: string;
  version: number;
  ciphertext: Buffer;
  iv: Buffer;
  auth_tag: Buffer;
  key_id: string;
  submitted_at: Date;
}

/** whether and when a supplier submitted, without content */
export interface OfferReceiptRow {
  id: string;
  lot_id: string;
  supplier_organisation_id: string;
  version: number;
  submitted_at: Date;
  digest: string;
}

export interface OfferToStore {
  id: string;
  tenderId: string;
  lotId: string;
  supplierOrganisationId: string;
  submittedBy: string;
  version: number;
  sealed: SealedOffer;
}

/** The SQL of sealed offers: one named method per statement, each in the EntityManager it is given. */
export interface CriterionToEvaluate {
  code: string;
  phase: TenderPhase;
  weight: string | null;
  lot_keys: string[] | null;
  value: string | null;
  scoring: ScoringRule | null;
  better: Better | null;
  unit: string | null;
}

@Injectable()
export class OffersRepository {
  /**
   * The tender as a submission sees it, locked FOR SHARE: offers may come in side by side, but
   * not past the opening (which locks FOR UPDATE).
   */
  async lockTenderForSubmission(
    db: EntityManager,
    tenderId: string,
  ): Promise<{ id: string; status: string; open: boolean } | undefined> {
    const [tender] = await db.query<Array<{ id: string; status: string; open: boolean }>>(
      `SELECT id, status, submission_deadline > now() AS open FROM tenders WHERE id = $1 FOR SHARE`,
      [tenderId],
    );
    return tender;
  }

  /** the item ids of a lot of the tender, in order; none when the lot is not the tender's */
  async itemIdsOfLot(db: EntityManager, tenderId: string, lotId: string): Promise<string[]> {
    const rows = await db.query<Array<{ id: string }>>(
      `SELECT i.id FROM tender_items i JOIN tender_lots l ON l.id = i.lot_id WHERE l.id = $1 AND l.tender_id = $2 ORDER BY i.position`,
      [lotId, tenderId],
    );
    return rows.map((r) => r.id);
  }

  /** the criteria that apply to the lot, in any phase, with the catalogue's parameter */
  async criteriaOfLot(
    db: EntityManager,
    tenderId: string,
    lotId: string,
  ): Promise<Array<{ code: string; parameter: ParameterToPlace | null }>> {
    return db.query<Array<{ code: string; parameter: ParameterToPlace | null }>>(
      `SELECT DISTINCT c.code, sc.parameter FROM tender_criteria c JOIN tender_lots l ON l.tender_id = c.tender_id
         JOIN sustainability_criteria sc ON sc.code = c.code
       WHERE c.tender_id = $1 AND l.id = $2 AND (c.lot_keys IS NULL OR l.key = ANY(c.lot_keys))`,
      [tenderId, lotId],
    );
  }

  /** one offer per supplier and lot: serialises the supplier's own submissions to this lot */
  async lockSupplierLot(db: EntityManager, lotId: string, supplierOrganisationId: string): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`offer|${lotId}|${supplierOrganisationId}`]);
  }

  async findOwn(
    db: EntityManager,
    lotId: string,
    supplierOrganisationId: string,
  ): Promise<{ id: string; version: number } | undefined> {
    const [existing] = await db.query<Array<{ id: string; version: number }>>(
      `SELECT id, version FROM offers WHERE lot_id = $1 AND supplier_organisation_id = $2`,
      [lotId, supplierOrganisationId],
    );
    return existing;
  }

  /** stores the first submission or replaces the earlier one; returns the time of submission */
  async upsert(db: EntityManager, o: OfferToStore): Promise<Date> {
    const row = await queryOne<{ submitted_at: Date }>(
      db,
      `INSERT INTO offers (id, tender_id, lot_id, supplier_organisation_id, submitted_by, version, ciphertext, iv, auth_tag, key_id, digest, digest_salt, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())
       ON CONFLICT (id) DO UPDATE SET submitted_by = EXCLUDED.submitted_by, version = EXCLUDED.version,
         ciphertext = EXCLUDED.ciphertext, iv = EXCLUDED.iv, auth_tag = EXCLUDED.auth_tag, key_id = EXCLUDED.key_id,
         digest = EXCLUDED.digest, digest_salt = EXCLUDED.digest_salt, submitted_at = EXCLUDED.submitted_at
       RETURNING submitted_at`,
      [
        o.id,
        o.tenderId,
        o.lotId,
        o.supplierOrganisationId,
        o.submittedBy,
        o.version,
        o.sealed.ciphertext,
        o.sealed.iv,
        o.sealed.authTag,
        o.sealed.keyId,
        o.sealed.digest,
        o.sealed.salt,
      ],
    );
    return row.submitted_at;
  }

  async criteriaForEvaluation(db: EntityManager, tenderId: string): Promise<CriterionToEvaluate[]> {
    return db.query<CriterionToEvaluate[]>(
      `SELECT c.code, c.phase, c.weight::text AS weight, c.lot_keys, c.value::text AS value, c.scoring,
              sc.parameter->>'better' AS better, sc.parameter->>'unit' AS unit
       FROM tender_criteria c JOIN sustainability_criteria sc ON sc.code = c.code WHERE c.tender_id = $1`,
      [tenderId],
    );
  }

  async lotsForEvaluation(
    db: EntityManager,
    tenderId: string,
  ): Promise<Array<{ id: string; key: string; title: string }>> {
    return db.query<Array<{ id: string; key: string; title: string }>>(
      `SELECT id, key, title FROM tender_lots WHERE tender_id = $1 ORDER BY position`,
      [tenderId],
    );
  }

  async itemsForEvaluation(
    db: EntityManager,
    tenderId: string,
  ): Promise<Array<{ id: string; lot_id: string; quantity: string }>> {
    return db.query<Array<{ id: string; lot_id: string; quantity: string }>>(
      `SELECT id, lot_id, quantity::text AS quantity FROM tender_items WHERE tender_id = $1 ORDER BY position`,
      [tenderId],
    );
  }

  /** every offer of the tender with its sealed content, in the order of submission */
  async sealedOffers(db: EntityManager, tenderId: string): Promise<OfferRow[]> {
    return db.query<OfferRow[]>(
      `SELECT o.id, o.lot_id, o.supplier_organisation_id, s.name AS supplier_name, o.version, o.ciphertext, o.iv, o.auth_tag, o.key_id, o.submitted_at
       FROM offers o JOIN organisations s ON s.id = o.supplier_organisation_id WHERE o.tender_id = $1 ORDER BY o.submitted_at, o.id`,
      [tenderId],
    );
  }

  /** the supplier's own receipts of a tender (the latest version per lot, with its salt), in lot order */
  async ownReceipts(
    db: EntityManager,
    tenderId: string,
    supplierOrganisationId: string,
  ): Promise<Array<OfferReceiptRow & { digest_salt: string | null }>> {
    return db.query(
      `SELECT o.id, o.lot_id, o.supplier_organisation_id, o.version, o.submitted_at, o.digest, o.digest_salt
       FROM offers o JOIN tender_lots l ON l.id = o.lot_id
       WHERE o.tender_id = $1 AND o.supplier_organisation_id = $2 ORDER BY l.position, o.id`,
      [tenderId, supplierOrganisationId],
    );
  }

  async receipts(db: EntityManager, tenderId: string): Promise<OfferReceiptRow[]> {
    return db.query<OfferReceiptRow[]>(
      `SELECT id, lot_id, supplier_organisation_id, version, submitted_at, digest FROM offers WHERE tender_id = $1 ORDER BY submitted_at, id`,
      [tenderId],
    );
  }
}
