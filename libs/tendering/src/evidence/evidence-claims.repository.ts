import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '@buendel/persistence';

export interface ClaimToStore {
  code: string;
  evidenceId: string | null;
}

export interface ClaimRow {
  id: string;
  lot_id: string;
  lot_key: string;
  offer_id: string;
  supplier_organisation_id: string;
  supplier_name: string;
  code: string;
  evidence_id: string | null;
  verification: string;
  note: string | null;
  verified_by: string | null;
  verified_at: Date | null;
  kind: string | null;
  title: string | null;
  issuer: string | null;
  number: string | null;
  valid_from: string | null;
  valid_to: string | null;
}

/** The statements of what awarded offers claim and how their evidence was verified, one named method each. */
@Injectable()
export class EvidenceClaimsRepository {
  /** the claims of a lot's awarded offer, written once at the award */
  async insert(
    manager: EntityManager,
    award: { tenderId: string; lotId: string; offerId: string; supplierOrganisationId: string },
    claims: readonly ClaimToStore[],
  ): Promise<void> {
    if (claims.length === 0) return;
    await manager.query(
      `INSERT INTO award_evidence_claims (tender_id, lot_id, offer_id, supplier_organisation_id, code, evidence_id)
       SELECT $1, $2, $3, $4, code, evidence_id FROM unnest($5::text[], $6::uuid[]) AS c(code, evidence_id)`,
      [
        award.tenderId,
        award.lotId,
        award.offerId,
        award.supplierOrganisationId,
        claims.map((c) => c.code),
        claims.map((c) => c.evidenceId),
      ],
    );
  }

  /** every claim of the tender's awarded offers, with the evidence it names, by lot and criterion */
  ofTender(manager: EntityManager, tenderId: string): Promise<ClaimRow[]> {
    return queryRows<ClaimRow>(
      manager,
      `SELECT c.id, c.lot_id, l.key AS lot_key, c.offer_id, c.supplier_organisation_id, o.name AS supplier_name, c.code,
              c.evidence_id, c.verification, c.note, c.verified_by, c.verified_at, e.kind, e.title, e.issuer, e.number,
              to_char(e.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(e.valid_to, 'YYYY-MM-DD') AS valid_to
       FROM award_evidence_claims c
       JOIN tender_lots l ON l.id = c.lot_id
       JOIN organisations o ON o.id = c.supplier_organisation_id
       LEFT JOIN supplier_evidence e ON e.id = c.evidence_id
       WHERE c.tender_id = $1
       ORDER BY l.position, c.code, c.evidence_id NULLS FIRST`,
      [tenderId],
    );
  }

  /** marks a piece of evidence of the tender's awarded offers; the claims it changed (none: not such evidence) */
  verify(
    manager: EntityManager,
    tenderId: string,
    evidenceId: string,
    v: { verification: string; note: string | null; by: string; at: Date },
  ): Promise<Array<{ id: string }>> {
    return queryRows<{ id: string }>(
      manager,
      `UPDATE award_evidence_claims SET verification = $3, note = $4, verified_by = $5, verified_at = $6
       WHERE tender_id = $1 AND evidence_id = $2 RETURNING id`,
      [tenderId, evidenceId, v.verification, v.note, v.by, v.at],
    );
  }

  /** the stored file of evidence that an awarded offer of the tender refers to */
  async fileOfClaimed(
    manager: EntityManager,
    tenderId: string,
    evidenceId: string,
  ): Promise<{ file_sha256: string; file_name: string; media_type: string; size_bytes: number } | undefined> {
    const [row] = await queryRows<{ file_sha256: string; file_name: string; media_type: string; size_bytes: number }>(
      manager,
      `SELECT e.file_sha256, e.file_name, e.media_type, e.size_bytes FROM supplier_evidence e
       WHERE e.id = $2 AND EXISTS (SELECT 1 FROM award_evidence_claims c WHERE c.tender_id = $1 AND c.evidence_id = e.id)`,
      [tenderId, evidenceId],
    );
    return row;
  }
}
