import { ReadStream } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import { EVIDENCE_VERIFICATION_LABELS, EvidenceReference, EvidenceVerification } from '@buendel/domain';
import { NotFoundException } from '@buendel/errors';
import { StoredFiles } from '@buendel/http';
import { TendersService } from '../tenders/tenders.service';
import { ClaimRow, ClaimToStore, EvidenceClaimsRepository } from './evidence-claims.repository';
import { EvidenceClaimDto, EvidenceClaimsDto, VerifyEvidenceDto } from './http/evidence.dto';

/** the claims of an awarded offer: each piece of evidence per criterion, and the criteria declared without one */
export function claimsOfOffer(content: {
  criteria: string[];
  values?: Array<{ code: string }>;
  evidence?: EvidenceReference[];
}): ClaimToStore[] {
  const evidence = content.evidence ?? [];
  const declared = [...new Set([...content.criteria, ...(content.values ?? []).map((v) => v.code)])];
  const proven = new Set(evidence.map((e) => e.code));
  return [
    ...evidence.map((e) => ({ code: e.code, evidenceId: e.evidenceId })),
    ...declared.filter((code) => !proven.has(code)).map((code) => ({ code, evidenceId: null })),
  ];
}

export function toClaimDto(r: ClaimRow): EvidenceClaimDto {
  return {
    lotId: r.lot_id,
    lotKey: r.lot_key,
    offerId: r.offer_id,
    supplierOrganisationId: r.supplier_organisation_id,
    supplierName: r.supplier_name,
    code: r.code,
    standing: r.evidence_id && r.verification === 'checked' ? 'verified' : 'self-declared',
    evidence: r.evidence_id
      ? {
          id: r.evidence_id,
          kind: r.kind ?? '',
          title: r.title ?? '',
          issuer: r.issuer ?? '',
          number: r.number ?? '',
          validFrom: r.valid_from ?? '',
          validTo: r.valid_to,
          verification: r.verification as EvidenceVerification,
          verificationLabel: EVIDENCE_VERIFICATION_LABELS[r.verification as EvidenceVerification] ?? r.verification,
          note: r.note,
          verifiedAt: r.verified_at?.toISOString() ?? null,
        }
      : null,
  };
}

/**
 * The coordinator's verification of the evidence that awarded offers referred to: each piece
 * marked checked, doubtful or refused, with a note, recorded in the audit trail and shown in the
 * record; only a checked piece makes a claimed criterion count as verified.
 */
@Injectable()
export class EvidenceVerificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly claims: EvidenceClaimsRepository,
    private readonly tenders: TendersService,
    private readonly files: StoredFiles,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** at the award (the offer is open): what the awarded offer of the lot claims */
  record(
    manager: EntityManager,
    award: { tenderId: string; lotId: string; offerId: string; supplierOrganisationId: string },
    content: Parameters<typeof claimsOfOffer>[0],
  ): Promise<void> {
    return this.claims.insert(manager, award, claimsOfOffer(content));
  }

  async list(user: AuthUser, tenderId: string): Promise<EvidenceClaimsDto> {
    await this.tenders.owned(this.dataSource.manager, user, tenderId);
    return { tenderId, items: (await this.claims.ofTender(this.dataSource.manager, tenderId)).map(toClaimDto) };
  }

  /** the claims for the record (the caller has checked the tender) */
  ofTender(manager: EntityManager, tenderId: string): Promise<EvidenceClaimDto[]> {
    return this.claims.ofTender(manager, tenderId).then((rows) => rows.map(toClaimDto));
  }

  async verify(
    user: AuthUser,
    tenderId: string,
    evidenceId: string,
    dto: VerifyEvidenceDto,
  ): Promise<EvidenceClaimsDto> {
    await this.dataSource.transaction(async (manager) => {
      await this.tenders.owned(manager, user, tenderId, 'FOR UPDATE');
      const changed = await this.claims.verify(manager, tenderId, evidenceId, {
        verification: dto.verification,
        note: dto.note ?? null,
        by: user.id,
        at: this.clock.now(),
      });
      if (changed.length === 0) throw new NotFoundException('Evidence of an awarded offer of this tender', evidenceId);
      await this.audit.record(manager, {
        action: 'tender.evidence.verified',
        entityType: 'tender',
        entityId: tenderId,
        data: { evidenceId, verification: dto.verification, note: dto.note ?? null },
      });
    });
    return this.list(user, tenderId);
  }

  /** the file of a piece of evidence an awarded offer of the coordinator's tender refers to */
  async file(
    user: AuthUser,
    tenderId: string,
    evidenceId: string,
  ): Promise<{ row: { file_name: string; media_type: string; size_bytes: number }; stream: ReadStream }> {
    await this.tenders.owned(this.dataSource.manager, user, tenderId);
    const row = await this.claims.fileOfClaimed(this.dataSource.manager, tenderId, evidenceId);
    if (!row) throw new NotFoundException('Evidence of an awarded offer of this tender', evidenceId);
    return { row, stream: this.files.open(row.file_sha256) };
  }
}
