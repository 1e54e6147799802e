import { ReadStream } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import {
  berlinDate,
  daysBetween,
  EVIDENCE_EXPIRY_WARNING_DAYS,
  EVIDENCE_KIND_LABELS,
  EvidenceKind,
  evidenceState,
  sniffEvidenceType,
  validityProblems,
} from '@buendel/domain';
import { MailService } from '@buendel/mail';
import { FieldError, NotFoundException } from '@buendel/errors';
import {
  checkUploadedFile,
  EVIDENCE_FILE_TYPES,
  fileTooLargeReason,
  FileUpload,
  Page,
  pageRequest,
  safeFileName,
  StoredFiles,
  uploadFields,
} from '@buendel/http';
import { evidenceError, EvidenceErrorCode } from './evidence.exception';
import { EvidenceRow, EvidenceRepository } from './evidence.repository';
import { CreateEvidenceDto, EvidenceDto, EvidenceQueryDto } from './http/evidence.dto';

export function toEvidenceDto(r: EvidenceRow, today: Date): EvidenceDto {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: EVIDENCE_KIND_LABELS[r.kind as EvidenceKind] ?? r.kind,
    title: r.title,
    issuer: r.issuer,
    number: r.number,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    state: evidenceState({ validFrom: r.valid_from, validTo: r.valid_to }, today),
    file: { name: r.file_name, mediaType: r.media_type, sizeBytes: r.size_bytes, sha256: r.file_sha256 },
    createdAt: r.created_at.toISOString(),
    withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
  };
}

/**
 * A supplier's evidence profile: certificates, labels, LkSG and battery documents, each with
 * its file, kept once and referred to by offers. Only its own organisation reads it; the
 * coordinator of a tender reads the pieces an awarded offer referred to (verification).
 */
@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: EvidenceRepository,
    private readonly files: StoredFiles,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailService,
  ) {}

  get maxBytes(): number {
    return this.config.EVIDENCE_MAX_BYTES;
  }

  /** stores an upload: every bad field at once (400), a file over the limit 413; a refused upload leaves no file */
  async create(user: AuthUser, upload: FileUpload): Promise<EvidenceDto> {
    try {
      const errors: FieldError[] = [];
      const dto = await uploadFields(upload, CreateEvidenceDto, errors);
      errors.push(...validityProblems(upload.fields));
      const file = upload.file;
      const checked = checkUploadedFile(upload, sniffEvidenceType, EVIDENCE_FILE_TYPES);
      const mediaType = checked.mediaType;
      errors.push(...checked.errors);
      if (checked.tooLarge) {
        throw evidenceError(EvidenceErrorCode.FileTooLarge, `The file is larger than ${this.maxBytes} bytes`, {
          errors: [...errors, { field: 'file', ...fileTooLargeReason(this.maxBytes) }],
          extensions: { maxBytes: this.maxBytes },
        });
      }
      if (errors.length || !dto || !file || !mediaType)
        throw evidenceError(EvidenceErrorCode.InvalidEvidence, 'The evidence is incomplete or invalid', { errors });
      const row = await this.dataSource.transaction(async (manager) => {
        const stored = await this.repo.insert(manager, {
          organisationId: user.organisationId,
          kind: dto.kind,
          title: dto.title ?? EVIDENCE_KIND_LABELS[dto.kind as EvidenceKind],
          issuer: dto.issuer,
          number: dto.number,
          validFrom: dto.validFrom,
          validTo: dto.validTo ?? null,
          fileSha256: file.sha256,
          fileName: safeFileName(file.name, mediaType, 'nachweis'),
          mediaType,
          sizeBytes: file.sizeBytes,
          uploadedBy: user.id,
        });
        await this.audit.record(manager, {
          action: 'evidence.added',
          entityType: 'evidence',
          entityId: stored.id,
          data: { kind: stored.kind, validTo: stored.valid_to, sha256: stored.file_sha256 },
        });
        // the file goes into place before the commit: a row never lists a file that is not there
        await this.files.keep(file);
        return stored;
      });
      return toEvidenceDto(row, this.clock.now());
    } finally {
      await this.files.discard(upload.file);
    }
  }

  list(user: AuthUser, query: EvidenceQueryDto): Promise<Page<EvidenceDto>> {
    const now = this.clock.now();
    return this.repo.page(user.organisationId, Boolean(query.withdrawn), pageRequest(query), (r) =>
      toEvidenceDto(r, now),
    );
  }

  async get(user: AuthUser, id: string): Promise<EvidenceDto> {
    return toEvidenceDto(await this.own(user, id), this.clock.now());
  }

  /** the file of a piece of the organisation's own evidence */
  async file(user: AuthUser, id: string): Promise<{ row: EvidenceRow; stream: ReadStream }> {
    const row = await this.own(user, id);
    return { row, stream: this.files.open(row.file_sha256) };
  }

  async withdraw(user: AuthUser, id: string): Promise<EvidenceDto> {
    const row = await this.dataSource.transaction(async (manager) => {
      const withdrawn = await this.repo.withdraw(user.organisationId, id, this.clock.now());
      if (!withdrawn) throw new NotFoundException('Evidence', id);
      await this.audit.record(manager, {
        action: 'evidence.withdrawn',
        entityType: 'evidence',
        entityId: id,
        data: {},
      });
      return withdrawn;
    });
    return toEvidenceDto(row, this.clock.now());
  }

  /**
   * Flags evidence about to expire to its owner: a notification `evidence.expiring` and a mail
   * to its supplier users (category "evidence", as each chose) once per piece, from
   * EVIDENCE_EXPIRY_WARNING_DAYS before its last valid day (by the Clock), in one transaction.
   * Run by the tender sweep; idempotent. `only`: these pieces alone (a test with a moved clock).
   */
  async flagExpiring(only?: { evidenceIds: string[] }): Promise<number> {
    const today = berlinDate(this.clock.now());
    const until = new Date(`${today}T00:00:00Z`);
    until.setUTCDate(until.getUTCDate() + EVIDENCE_EXPIRY_WARNING_DAYS);
    const flagged = await this.dataSource.transaction(async (manager) => {
      const rows = await this.repo.flagExpiring(manager, today, until.toISOString().slice(0, 10), only?.evidenceIds);
      for (const row of rows) {
        await this.mail.enqueueToOrganisations(
          manager,
          [row.organisation_id],
          {
            template: 'evidence.expiring',
            params: {
              title: row.title,
              kindLabel: EVIDENCE_KIND_LABELS[row.kind as EvidenceKind] ?? row.kind,
              issuer: row.issuer,
              number: row.number,
              validTo: row.valid_to,
              daysLeft: daysBetween(today, row.valid_to),
              link: this.mail.link('/nachweise'),
            },
            subjectId: row.evidence_id,
            onceKey: `evidence-expiring|${row.evidence_id}|${row.valid_to}`,
          },
          ['supplier'],
        );
      }
      return rows;
    });
    return flagged.length;
  }

  private async own(user: AuthUser, id: string): Promise<EvidenceRow> {
    const row = await this.repo.own(user.organisationId, id);
    if (!row) throw new NotFoundException('Evidence', id);
    return row;
  }
}
