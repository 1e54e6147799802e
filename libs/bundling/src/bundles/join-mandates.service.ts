import { ReadStream } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import {
  atDeadline,
  berlinDate,
  centsToEur,
  isIsoDate,
  isProvisionalJoin,
  JOIN_MANDATE_STATUS_LABELS,
  MANDATE_BODY_LABELS,
  MandateBody,
  needsJoinMandate,
  ProvisionalJoinRule,
  sniffEvidenceType,
} from '@buendel/domain';
import { FieldError, NotFoundException } from '@buendel/errors';
import {
  checkUploadedFile,
  EVIDENCE_FILE_TYPES,
  fileTooLargeReason,
  FileUpload,
  safeFileName,
  StoredFiles,
  uploadFields,
} from '@buendel/http';
import { bundlingError, BundlingErrorCode } from '../bundling.exception';
import { BundleChanges } from './bundle-changes';
import { BundlesRepository } from './bundles.repository';
import { JoinMandateDto, RecordMandateDto } from './http/dto/bundle.dto';
import { JoinMandateRow, JoinMandatesRepository } from './join-mandates.repository';

export function toJoinMandateDto(r: JoinMandateRow): JoinMandateDto {
  return {
    organisationId: r.organisation_id,
    status: r.status,
    statusLabel: JOIN_MANDATE_STATUS_LABELS[r.status],
    provisional: isProvisionalJoin(r.status),
    requiredAboveEur: centsToEur(Number(r.required_above_cents)),
    joinValueEur: centsToEur(Number(r.join_value_cents)),
    decidedOn: r.decided_on,
    body: (r.decision_body as MandateBody | null) ?? null,
    bodyLabel: r.decision_body ? (MANDATE_BODY_LABELS[r.decision_body as MandateBody] ?? r.decision_body) : null,
    file:
      r.file_sha256 && r.file_name && r.media_type && r.size_bytes !== null
        ? { name: r.file_name, mediaType: r.media_type, sizeBytes: r.size_bytes, sha256: r.file_sha256 }
        : null,
    recordedAt: r.recorded_at?.toISOString() ?? null,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
  };
}

/**
 * The mandate to join. A public body sets a value (organisations.join_mandate_above_cents)
 * above which its join needs a decision of its council or mayor: a join worth more is
 * provisional until the decision (date, body, file) is recorded. At the deadline the bundle's
 * rule drops such a join (its demands leave, the aggregate changes) or keeps it.
 */
@Injectable()
export class JoinMandatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: JoinMandatesRepository,
    private readonly bundles: BundlesRepository,
    private readonly changes: BundleChanges,
    private readonly files: StoredFiles,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** after a join (in its transaction): a mandate awaited when the organisation's value in the bundle is above its rule */
  async afterJoin(manager: EntityManager, bundleId: string, organisationId: string): Promise<JoinMandateDto | null> {
    const { above, value } = await this.repo.joinValue(manager, bundleId, organisationId);
    const existing = await this.repo.of(manager, bundleId, organisationId);
    if (existing) {
      await this.repo.updateValue(manager, bundleId, organisationId, value);
    } else if (above !== null && needsJoinMandate(Number(value), Number(above))) {
      await this.repo.require(manager, bundleId, organisationId, above, value);
      await this.audit.record(manager, {
        action: 'bundle.mandate-required',
        entityType: 'bundle',
        entityId: bundleId,
        data: { organisationId, requiredAboveCents: above, joinValueCents: value },
      });
    } else {
      return null;
    }
    const row = await this.repo.of(manager, bundleId, organisationId);
    return row ? toJoinMandateDto(row) : null;
  }

  /** after a leave (in its transaction): no join, no mandate */
  async afterLeave(manager: EntityManager, bundleId: string, organisationId: string): Promise<void> {
    await this.repo.remove(manager, bundleId, organisationId);
  }

  /** every mandate of the bundle, by organisation */
  async ofBundle(db: DataSource | EntityManager, bundleId: string): Promise<Map<string, JoinMandateDto>> {
    const rows = await this.repo.ofBundle(db, bundleId);
    return new Map(rows.map((r) => [r.organisation_id, toJoinMandateDto(r)]));
  }

  /**
   * The deadline came (the bundle is locked, about to close): every join still awaiting its
   * mandate is dropped (its demands are open again) or kept, as the bundle says.
   */
  async resolveAtDeadline(manager: EntityManager, bundleId: string, rule: ProvisionalJoinRule): Promise<string[]> {
    const to = atDeadline(rule);
    const organisations = await this.repo.resolveAwaiting(manager, bundleId, to, this.clock.now());
    if (!organisations.length) return [];
    const released: string[] = [];
    if (to === 'dropped') {
      for (const organisationId of organisations) {
        released.push(...(await this.bundles.deleteParticipationsOf(manager, bundleId, organisationId)));
      }
      await this.bundles.reopenDemands(manager, released);
      await this.changes.participationsChanged(manager, bundleId);
    }
    await this.audit.record(manager, {
      action: to === 'dropped' ? 'bundle.provisional-joins-dropped' : 'bundle.provisional-joins-kept',
      entityType: 'bundle',
      entityId: bundleId,
      data: { organisationIds: organisations, releasedDemandIds: released.sort() },
      actorUserId: null,
      actorOrganisationId: null,
    });
    return organisations;
  }

  /**
   * Before an upload is read: the organisation takes part in the bundle (404 otherwise, with no
   * file received), or its join was dropped at the deadline (409).
   */
  async assertMayRecord(user: AuthUser, bundleId: string): Promise<void> {
    if (await this.bundles.participates(this.dataSource, bundleId, user.organisationId)) return;
    const mandate = await this.repo.of(this.dataSource, bundleId, user.organisationId);
    if (mandate?.status === 'dropped') throw notAwaited(mandate.status);
    throw bundlingError(BundlingErrorCode.NotParticipating, 'Your organisation does not take part in this bundle');
  }

  get maxBytes(): number {
    return this.config.EVIDENCE_MAX_BYTES;
  }

  /**
   * Records the decision for the organisation's join (multipart: decidedOn, body, file): every
   * bad field at once (400), a file over the limit 413, a join that needs no mandate (or was
   * dropped) 409. A refused upload leaves no file.
   */
  async record(user: AuthUser, bundleId: string, upload: FileUpload): Promise<JoinMandateDto> {
    try {
      const errors: FieldError[] = [];
      const dto = await uploadFields(upload, RecordMandateDto, errors);
      const decidedOn = upload.fields['decidedOn'];
      const today = berlinDate(this.clock.now());
      if (isIsoDate(decidedOn) && decidedOn > today)
        errors.push({
          field: 'decidedOn',
          reason: `must not be after today (${today})`,
          code: 'NOT_AFTER_TODAY',
          params: { today },
        });
      const checked = checkUploadedFile(upload, sniffEvidenceType, EVIDENCE_FILE_TYPES);
      errors.push(...checked.errors);
      if (checked.tooLarge) {
        throw bundlingError(BundlingErrorCode.MandateFileTooLarge, `The file is larger than ${this.maxBytes} bytes`, {
          errors: [...errors, { field: 'file', ...fileTooLargeReason(this.maxBytes) }],
          extensions: { maxBytes: this.maxBytes },
        });
      }
      const file = upload.file;
      if (errors.length || !dto || !file || !checked.mediaType)
        throw bundlingError(BundlingErrorCode.InvalidMandate, 'The decision is incomplete or invalid', { errors });
      const mediaType = checked.mediaType;
      const decision = dto;
      return await this.dataSource.transaction(async (manager) => {
        const bundle = await this.changes.lock(manager, bundleId);
        const mandate = bundle && (await this.repo.of(manager, bundleId, user.organisationId, true));
        if (!bundle || !(await this.bundles.participates(manager, bundleId, user.organisationId))) {
          if (mandate?.status === 'dropped') throw notAwaited(mandate.status);
          throw bundlingError(
            BundlingErrorCode.NotParticipating,
            'Your organisation does not take part in this bundle',
          );
        }
        if (!mandate) throw notAwaited(null);
        await this.repo.record(manager, bundleId, user.organisationId, {
          decidedOn: decision.decidedOn,
          body: decision.body,
          fileSha256: file.sha256,
          fileName: safeFileName(file.name, mediaType, 'beschluss'),
          mediaType,
          sizeBytes: file.sizeBytes,
          recordedBy: user.id,
        });
        await this.audit.record(manager, {
          action: 'bundle.mandate-recorded',
          entityType: 'bundle',
          entityId: bundleId,
          data: {
            organisationId: user.organisationId,
            decidedOn: decision.decidedOn,
            body: decision.body,
            sha256: file.sha256,
            from: mandate.status,
          },
        });
        // the file goes into place before the commit: a row never lists a file that is not there
        await this.files.keep(file);
        const row = await this.repo.of(manager, bundleId, user.organisationId);
        if (!row) throw new Error('a recorded mandate is there');
        return toJoinMandateDto(row);
      });
    } finally {
      await this.files.discard(upload.file);
    }
  }

  /** the decision's file, for the bundle's coordinator and the organisation itself */
  async file(
    user: AuthUser,
    bundleId: string,
    organisationId: string,
  ): Promise<{ row: { media_type: string; file_name: string; size_bytes: number }; stream: ReadStream }> {
    const bundle = await this.changes.read(this.dataSource.manager, bundleId);
    const allowed =
      bundle && (bundle.coordinatorOrganisationId === user.organisationId || organisationId === user.organisationId);
    const row = allowed ? await this.repo.of(this.dataSource, bundleId, organisationId) : undefined;
    if (!row?.file_sha256 || !row.media_type || !row.file_name || row.size_bytes === null)
      throw new NotFoundException('Mandate', `${bundleId}/${organisationId}`);
    return {
      row: { media_type: row.media_type, file_name: row.file_name, size_bytes: row.size_bytes },
      stream: this.files.open(row.file_sha256),
    };
  }
}

function notAwaited(status: string | null) {
  return bundlingError(
    BundlingErrorCode.MandateNotRequired,
    status === 'dropped'
      ? 'The join was dropped at the deadline without a mandate'
      : 'The join of your organisation needs no mandate',
    { extensions: { status } },
  );
}
