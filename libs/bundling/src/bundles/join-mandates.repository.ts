import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JoinMandateStatus } from '@buendel/domain';
import { queryRows } from '@buendel/persistence';

type Db = DataSource | EntityManager;

/** a mandate as read: money in cents as text, the decision's day as YYYY-MM-DD */
export interface JoinMandateRow {
  bundle_id: string;
  organisation_id: string;
  organisation_name: string;
  status: JoinMandateStatus;
  required_above_cents: string;
  join_value_cents: string;
  decided_on: string | null;
  decision_body: string | null;
  file_sha256: string | null;
  file_name: string | null;
  media_type: string | null;
  size_bytes: number | null;
  recorded_at: Date | null;
  resolved_at: Date | null;
}

const COLUMNS = `m.bundle_id, m.organisation_id, o.name AS organisation_name, m.status, m.required_above_cents::text,
  m.join_value_cents::text, to_char(m.decided_on, 'YYYY-MM-DD') AS decided_on, m.decision_body, m.file_sha256,
  m.file_name, m.media_type, m.size_bytes, m.recorded_at, m.resolved_at`;
const FROM = `join_mandates m JOIN organisations o ON o.id = m.organisation_id`;

export interface RecordedDecision {
  decidedOn: string;
  body: string;
  fileSha256: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  recordedBy: string;
}

/** The statements of the mandates to join. */
@Injectable()
export class JoinMandatesRepository {
  /** the organisation's rule (null: no mandate needed) and its value in the bundle, in cents */
  async joinValue(db: Db, bundleId: string, organisationId: string): Promise<{ above: string | null; value: string }> {
    const [row] = await queryRows<{ above: string | null; value: string }>(
      db as EntityManager,
      `SELECT o.join_mandate_above_cents::text AS above,
         (SELECT COALESCE(sum(d.estimated_value_cents), 0)::text FROM bundle_participations p
          JOIN demands d ON d.id = p.demand_id WHERE p.bundle_id = $1 AND p.organisation_id = $2) AS value
       FROM organisations o WHERE o.id = $2`,
      [bundleId, organisationId],
    );
    return row ?? { above: null, value: '0' };
  }

  /** a mandate awaited for the join (a new one), or the join's value brought up to date (one there already) */
  async require(
    db: Db,
    bundleId: string,
    organisationId: string,
    aboveCents: string,
    valueCents: string,
  ): Promise<void> {
    await db.query(
      `INSERT INTO join_mandates (bundle_id, organisation_id, required_above_cents, join_value_cents)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (bundle_id, organisation_id) DO UPDATE SET join_value_cents = EXCLUDED.join_value_cents`,
      [bundleId, organisationId, aboveCents, valueCents],
    );
  }

  async updateValue(db: Db, bundleId: string, organisationId: string, valueCents: string): Promise<void> {
    await db.query(`UPDATE join_mandates SET join_value_cents = $3 WHERE bundle_id = $1 AND organisation_id = $2`, [
      bundleId,
      organisationId,
      valueCents,
    ]);
  }

  async remove(db: Db, bundleId: string, organisationId: string): Promise<void> {
    await db.query(`DELETE FROM join_mandates WHERE bundle_id = $1 AND organisation_id = $2`, [
      bundleId,
      organisationId,
    ]);
  }

  async of(db: Db, bundleId: string, organisationId: string, lock = false): Promise<JoinMandateRow | undefined> {
    const [row] = await queryRows<JoinMandateRow>(
      db as EntityManager,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE m.bundle_id = $1 AND m.organisation_id = $2 ${lock ? 'FOR UPDATE OF m' : ''}`,
      [bundleId, organisationId],
    );
    return row;
  }

  /** every mandate of the bundle, by organisation name */
  async ofBundle(db: Db, bundleId: string): Promise<JoinMandateRow[]> {
    return queryRows<JoinMandateRow>(
      db as EntityManager,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE m.bundle_id = $1 ORDER BY o.name, m.organisation_id`,
      [bundleId],
    );
  }

  async record(db: Db, bundleId: string, organisationId: string, d: RecordedDecision): Promise<void> {
    await db.query(
      `UPDATE join_mandates SET status = 'recorded', decided_on = $3, decision_body = $4, file_sha256 = $5,
         file_name = $6, media_type = $7, size_bytes = $8, recorded_by = $9, recorded_at = now()
       WHERE bundle_id = $1 AND organisation_id = $2`,
      [bundleId, organisationId, d.decidedOn, d.body, d.fileSha256, d.fileName, d.mediaType, d.sizeBytes, d.recordedBy],
    );
  }

  /** the deadline came: every join still awaiting its mandate is dropped or kept; the organisations it concerned */
  async resolveAwaiting(db: Db, bundleId: string, to: 'dropped' | 'kept', at: Date): Promise<string[]> {
    const rows = await queryRows<{ organisation_id: string }>(
      db as EntityManager,
      `UPDATE join_mandates SET status = $2, resolved_at = $3 WHERE bundle_id = $1 AND status = 'awaiting'
       RETURNING organisation_id`,
      [bundleId, to, at],
    );
    return rows.map((r) => r.organisation_id).sort();
  }
}
