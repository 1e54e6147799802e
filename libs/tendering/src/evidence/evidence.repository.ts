import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, PageRequest } from '@buendel/http';
import { queryOne, queryPage, queryRows } from '@buendel/persistence';

export interface EvidenceRow {
  id: string;
  organisation_id: string;
  kind: string;
  title: string;
  issuer: string;
  number: string;
  /** `YYYY-MM-DD` */
  valid_from: string;
  valid_to: string | null;
  file_sha256: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  created_at: Date;
  withdrawn_at: Date | null;
}

export interface EvidenceToStore {
  organisationId: string;
  kind: string;
  title: string;
  issuer: string;
  number: string;
  validFrom: string;
  validTo: string | null;
  fileSha256: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  uploadedBy: string;
}

const COLUMNS = `id, organisation_id, kind, title, issuer, number, to_char(valid_from, 'YYYY-MM-DD') AS valid_from,
  to_char(valid_to, 'YYYY-MM-DD') AS valid_to, file_sha256, file_name, media_type, size_bytes, created_at, withdrawn_at`;

/** The statements of suppliers' evidence, one named method each. */
/** a piece of evidence just flagged as about to expire, as its owner's mail names it */
export interface ExpiringEvidenceRow {
  organisation_id: string;
  evidence_id: string;
  kind: string;
  title: string;
  issuer: string;
  number: string;
  valid_to: string;
}

@Injectable()
export class EvidenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  insert(manager: EntityManager, e: EvidenceToStore): Promise<EvidenceRow> {
    return queryOne<EvidenceRow>(
      manager,
      `INSERT INTO supplier_evidence (organisation_id, kind, title, issuer, number, valid_from, valid_to, file_sha256,
         file_name, media_type, size_bytes, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING ${COLUMNS}`,
      [
        e.organisationId,
        e.kind,
        e.title,
        e.issuer,
        e.number,
        e.validFrom,
        e.validTo,
        e.fileSha256,
        e.fileName,
        e.mediaType,
        e.sizeBytes,
        e.uploadedBy,
      ],
    );
  }

  /** an organisation's evidence, newest first; withdrawn pieces only if asked */
  page<T>(
    organisationId: string,
    withWithdrawn: boolean,
    request: PageRequest,
    toItem: (r: EvidenceRow) => T,
  ): Promise<Page<T>> {
    return queryPage(
      this.dataSource,
      request,
      {
        select: `SELECT ${COLUMNS} FROM supplier_evidence`,
        countFrom: 'supplier_evidence',
        where: `organisation_id = $1${withWithdrawn ? '' : ' AND withdrawn_at IS NULL'}`,
        whereParams: [organisationId],
        orderBy: 'created_at DESC, id',
      },
      toItem,
    );
  }

  /** one piece of the organisation's evidence (withdrawn ones too), or undefined */
  async own(organisationId: string, id: string): Promise<EvidenceRow | undefined> {
    const [row] = await queryRows<EvidenceRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM supplier_evidence WHERE id = $1 AND organisation_id = $2`,
      [id, organisationId],
    );
    return row;
  }

  /** these pieces of the organisation's evidence (those of other organisations are not found) */
  ownMany(manager: EntityManager, organisationId: string, ids: readonly string[]): Promise<EvidenceRow[]> {
    return queryRows<EvidenceRow>(
      manager,
      `SELECT ${COLUMNS} FROM supplier_evidence WHERE id = ANY($1::uuid[]) AND organisation_id = $2`,
      [ids, organisationId],
    );
  }

  /** pieces of any organisation by id: only for offers opened (the coordinator's evaluation and verification) */
  byIds(manager: EntityManager, ids: readonly string[]): Promise<EvidenceRow[]> {
    return queryRows<EvidenceRow>(manager, `SELECT ${COLUMNS} FROM supplier_evidence WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
  }

  /** marks it withdrawn (the first time counts); undefined when the organisation has no such piece */
  async withdraw(organisationId: string, id: string, at: Date): Promise<EvidenceRow | undefined> {
    const [row] = await queryRows<EvidenceRow>(
      this.dataSource,
      `UPDATE supplier_evidence SET withdrawn_at = coalesce(withdrawn_at, $3) WHERE id = $1 AND organisation_id = $2
       RETURNING ${COLUMNS}`,
      [id, organisationId, at],
    );
    return row;
  }

  /**
   * One notification `evidence.expiring` per piece of evidence (not withdrawn) whose last valid
   * day lies from `today` to `until`, to its organisation; idempotent by the unique
   * (organisation, kind, subject). Returns the pieces newly flagged.
   */
  async flagExpiring(
    manager: EntityManager,
    today: string,
    until: string,
    only?: readonly string[],
  ): Promise<ExpiringEvidenceRow[]> {
    const flagged = await queryRows<{ evidence_id: string }>(
      manager,
      `INSERT INTO notifications (organisation_id, kind, subject_id, title, data)
       SELECT e.organisation_id, 'evidence.expiring', e.id,
              'Nachweis läuft ab am ' || to_char(e.valid_to, 'DD.MM.YYYY') || ': ' || e.title,
              jsonb_build_object('evidenceId', e.id, 'kind', e.kind, 'validTo', to_char(e.valid_to, 'YYYY-MM-DD'))
       FROM supplier_evidence e
       WHERE e.withdrawn_at IS NULL AND e.valid_to BETWEEN $1::date AND $2::date
         AND ($3::uuid[] IS NULL OR e.id = ANY($3::uuid[]))
       ON CONFLICT (organisation_id, kind, subject_id) DO NOTHING
       RETURNING subject_id AS evidence_id`,
      [today, until, only ?? null],
    );
    if (flagged.length === 0) return [];
    return queryRows<ExpiringEvidenceRow>(
      manager,
      `SELECT e.organisation_id, e.id AS evidence_id, e.kind, e.title, e.issuer, e.number,
         to_char(e.valid_to, 'YYYY-MM-DD') AS valid_to
       FROM supplier_evidence e WHERE e.id = ANY($1::uuid[]) ORDER BY e.valid_to, e.id`,
      [flagged.map((f) => f.evidence_id)],
    );
  }
}
