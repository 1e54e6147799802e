import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface LetterToStore {
  tenderId: string;
  lotId: string;
  offerId: string;
  supplierOrganisationId: string;
  outcome: 'awarded' | 'not-awarded';
  winnerName: string;
  rank: number | null;
  totalPoints: number | null;
  reasons: string[];
  subject: string;
  body: string;
  sentAt: Date;
  earliestConclusionAt: Date;
}

export interface LetterRow {
  id: string;
  tender_id: string;
  lot_id: string;
  lot_key: string;
  offer_id: string;
  supplier_organisation_id: string;
  supplier_name: string;
  outcome: 'awarded' | 'not-awarded';
  winner_name: string;
  rank: number | null;
  total_points: string | null;
  reasons: string[];
  subject: string;
  body: string;
  channel: 'electronic' | 'other';
  sent_at: Date;
  earliest_conclusion_at: Date;
  mailed_at: Date | null;
}

const LETTER_COLUMNS = `l.id, l.tender_id, l.lot_id, tl.key AS lot_key, l.offer_id, l.supplier_organisation_id, o.name AS supplier_name,
  l.outcome, l.winner_name, l.rank, l.total_points::text AS total_points, l.reasons, l.subject, l.body, l.channel, l.sent_at,
  l.earliest_conclusion_at,
  (SELECT min(m.sent_at) FROM mails m WHERE m.dedupe_key LIKE 'information-letter|' || l.id || '|%') AS mailed_at`;

/** The SQL of the information letters of § 134 GWB: one named method per statement. */
@Injectable()
export class InformationLettersRepository {
  async coordinatorName(db: EntityManager, organisationId: string): Promise<string> {
    const [row] = await db.query<Array<{ name: string }>>(`SELECT name FROM organisations WHERE id = $1`, [
      organisationId,
    ]);
    return row?.name ?? '';
  }

  /** stores the letters; returns their ids in the order given */
  async insert(db: EntityManager, letters: LetterToStore[]): Promise<string[]> {
    const ids: string[] = [];
    for (const l of letters) {
      const [row] = await db.query<Array<{ id: string }>>(
        `INSERT INTO tender_information_letters (tender_id, lot_id, offer_id, supplier_organisation_id, outcome, winner_name, rank,
           total_points, reasons, subject, body, channel, sent_at, earliest_conclusion_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'electronic', $12, $13) RETURNING id`,
        [
          l.tenderId,
          l.lotId,
          l.offerId,
          l.supplierOrganisationId,
          l.outcome,
          l.winnerName,
          l.rank,
          l.totalPoints,
          JSON.stringify(l.reasons),
          l.subject,
          l.body,
          l.sentAt,
          l.earliestConclusionAt,
        ],
      );
      if (!row) throw new Error('the letter was not stored');
      ids.push(row.id);
    }
    return ids;
  }

  async setStandstill(db: EntityManager, lotId: string, days: number, earliestConclusionAt: Date): Promise<void> {
    await db.query(`UPDATE tender_awards SET standstill_days = $2, earliest_conclusion_at = $3 WHERE lot_id = $1`, [
      lotId,
      days,
      earliestConclusionAt,
    ]);
  }

  /** the letter in each bidder's notifications (the platform is its electronic channel) */
  async notify(
    db: EntityManager,
    letter: { id: string; organisationId: string; lotId: string; tenderId: string; subject: string },
  ): Promise<void> {
    await db.query(
      `INSERT INTO notifications (organisation_id, kind, subject_id, title, data)
       VALUES ($1, 'tender.information-letter', $2, $3, jsonb_build_object('tenderId', $4::uuid, 'lotId', $2::uuid, 'letterId', $5::uuid))
       ON CONFLICT (organisation_id, kind, subject_id) DO NOTHING`,
      [letter.organisationId, letter.lotId, letter.subject, letter.tenderId, letter.id],
    );
  }

  /** the tender's letters: all, or one supplier's */
  async ofTender(db: EntityManager, tenderId: string, supplierOrganisationId?: string): Promise<LetterRow[]> {
    return db.query<LetterRow[]>(
      `SELECT ${LETTER_COLUMNS}
       FROM tender_information_letters l JOIN tender_lots tl ON tl.id = l.lot_id JOIN organisations o ON o.id = l.supplier_organisation_id
       WHERE l.tender_id = $1 ${supplierOrganisationId === undefined ? '' : 'AND l.supplier_organisation_id = $2'}
       ORDER BY tl.position, l.rank NULLS LAST, o.name`,
      supplierOrganisationId === undefined ? [tenderId] : [tenderId, supplierOrganisationId],
    );
  }
}
