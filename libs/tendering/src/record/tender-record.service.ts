import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '@buendel/auth';
import { centsToEur } from '@buendel/domain';
import { OffersService, toLotOffersDto } from '../offers/offers.service';
import { TendersService } from '../tenders/tenders.service';
import { RecordRepository } from './record.repository';

/**
 * The tender's full record (Vergabevermerk, § 8 VgV) as JSON: the bundle it came from and who
 * took part, the regime and its legal basis, the lots, items and criteria, publication and
 * deadline, the opening, the evaluation with its parts, the awards with their reasons, the
 * allocations, and every audit event of tender, bundle and offers in order. Who submitted an
 * offer is part of it only after the opening (§ 55 VgV).
 */
@Injectable()
export class TenderRecordService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenders: TendersService,
    private readonly offers: OffersService,
    private readonly repo: RecordRepository,
  ) {}

  async record(user: AuthUser, tenderId: string): Promise<Record<string, unknown>> {
    const manager = this.dataSource.manager;
    const tender = await this.tenders.owned(manager, user, tenderId);
    const opened = ['opened', 'awarded'].includes(tender.status);
    const bundle = await this.repo.bundle(manager, tender.bundle_id);
    const participants = await this.repo.participants(manager, tenderId);
    const events = await this.repo.events(manager, tenderId, tender.bundle_id, opened);
    const awards = await this.repo.awards(manager, tenderId);
    const allocations = await this.repo.allocatedValues(manager, tenderId);
    const receipts = opened ? await this.offers.receipts(manager, tenderId) : [];
    return {
      kind: 'Vergabevermerk',
      generatedAt: new Date().toISOString(),
      tender: await this.tenders.toDto(manager, tender),
      bundle: {
        ...bundle,
        participants: participants.map((p) => ({
          organisationId: p.organisation_id,
          name: p.name,
          ags: p.ags,
          estimatedValueEur: centsToEur(Number(p.value)),
        })),
      },
      regime: tender.regime,
      publication: { publishedAt: tender.published_at, submissionDeadline: tender.submission_deadline },
      opening: opened
        ? {
            openedAt: tender.opened_at,
            offers: receipts.map((r) => ({
              offerId: r.id,
              lotId: r.lot_id,
              supplierOrganisationId: r.supplier_organisation_id,
              version: r.version,
              submittedAt: r.submitted_at,
              digest: r.digest,
            })),
          }
        : null,
      evaluation: opened ? (await this.offers.evaluate(manager, tender)).map(toLotOffersDto) : null,
      awards: awards.map((a) => ({ ...a, valueEur: centsToEur(Number(a['valueCents'])) })),
      allocations: allocations.map((a) => ({
        organisationId: a.organisation_id,
        valueEur: centsToEur(Number(a.value)),
      })),
      events,
    };
  }
}
