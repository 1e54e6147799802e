import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '@buendel/auth';
import { areOffersOpened, centsToEur } from '@buendel/domain';
import { InformationLettersRepository } from '../contracts/information-letters.repository';
import { EvidenceVerificationService } from '../evidence/evidence-verification.service';
import { EvidenceClaimDto } from '../evidence/http/evidence.dto';
import { toLetterDto } from '../contracts/information-letters.service';
import { LotOffersDto } from '../offers/offer.dto';
import { toLotOffersDto } from '../offers/offer-content';
import { OffersService } from '../offers/offers.service';
import { TenderRow } from '../tenders/tender.view';
import { TendersService } from '../tenders/tenders.service';
import { buildRecordDocument, RecordDocument } from './record-document';
import { RecordRepository } from './record.repository';

/**
 * The tender's full record (Vergabevermerk, § 8 VgV) as JSON: the bundle it came from and who
 * took part, the regime and its legal basis, the lots, items and criteria, publication and
 * deadline, the opening, the evaluation with its parts, the awards with their reasons, the
 * information letters and the contracts, the allocations, the people who acted, and every audit
 * event of tender, bundle and offers in order. Who submitted an offer is part of it only after
 * the opening (§ 55 VgV). `document` is the same record as a German document (HTML and PDF).
 */
@Injectable()
export class TenderRecordService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenders: TendersService,
    private readonly offers: OffersService,
    private readonly repo: RecordRepository,
    private readonly letters: InformationLettersRepository,
    private readonly evidence: EvidenceVerificationService,
  ) {}

  async record(user: AuthUser, tenderId: string): Promise<Record<string, unknown>> {
    const manager = this.dataSource.manager;
    const tender = await this.tenders.owned(manager, user, tenderId);
    const opened = areOffersOpened(tender.status);
    const bundle = await this.repo.bundle(manager, tender.bundle_id);
    const participants = await this.repo.participants(manager, tenderId);
    const events = await this.repo.events(manager, tenderId, tender.bundle_id, opened);
    const awards = await this.repo.awards(manager, tenderId);
    const allocations = await this.repo.allocatedValues(manager, tenderId);
    const receipts = opened ? await this.offers.receipts(manager, tenderId) : [];
    const letters = await this.letters.ofTender(manager, tenderId);
    const contracts = await this.repo.contracts(manager, tenderId);
    const openers = await this.repo.openers(manager, tenderId);
    const actorIds = [
      ...new Set(
        [
          ...events.map((e) => e['actorUserId']),
          ...awards.map((a) => a['awardedBy']),
          openers?.started_by,
          openers?.witness_id,
          openers?.confirmed_by,
        ].filter((id): id is string => typeof id === 'string'),
      ),
    ];
    const people = await this.repo.people(manager, actorIds);
    const nameOf = new Map(people.map((p) => [p.id, p.name]));
    const person = (id: string | null | undefined) => (id ? { userId: id, name: nameOf.get(id) ?? null } : null);
    return {
      kind: 'Vergabevermerk',
      generatedAt: new Date().toISOString(),
      tender: await this.tenders.toDto(manager, tender),
      coordinator: {
        organisationId: tender.coordinator_organisation_id,
        name: await this.repo.organisationName(manager, tender.coordinator_organisation_id),
      },
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
            // EU procedures (§ 55 Abs. 2 VgV): the two people; national ones open by themselves (null)
            startedBy: person(openers?.started_by),
            witness: person(openers?.witness_id),
            confirmedBy: person(openers?.confirmed_by),
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
      evaluation: opened ? await this.evaluation(manager, tender) : null,
      awards: awards.map((a) => ({
        ...a,
        awardedByName: typeof a['awardedBy'] === 'string' ? (nameOf.get(a['awardedBy']) ?? null) : null,
        valueEur: centsToEur(Number(a['valueCents'])),
      })),
      // what the awarded offers claim and how the coordinator verified their evidence
      evidence: await this.evidence.ofTender(manager, tenderId),
      informationLetters: letters.map(toLetterDto),
      contracts: contracts.map((c) => ({
        lotId: c.lot_id,
        number: c.number,
        buyerName: c.buyer_name,
        valueEur: centsToEur(Number(c.value_cents)),
        concludedAt: c.concluded_at.toISOString(),
      })),
      allocations: allocations.map((a) => ({
        organisationId: a.organisation_id,
        valueEur: centsToEur(Number(a.value)),
      })),
      people: people.map((p) => ({
        userId: p.id,
        name: p.name,
        email: p.email,
        organisationName: p.organisation_name,
      })),
      events: events.map((e) => ({
        ...e,
        actorName: typeof e['actorUserId'] === 'string' ? (nameOf.get(e['actorUserId']) ?? null) : null,
      })),
    };
  }

  /** the opened offers, evaluated, with the evidence they refer to */
  private async evaluation(manager: EntityManager, tender: TenderRow): Promise<LotOffersDto[]> {
    const lots = await this.offers.evaluate(manager, tender);
    const evidence = await this.offers.referencedEvidence(manager, lots);
    return lots.map((lot) => toLotOffersDto(lot, evidence));
  }

  /** the record as a German document, for GET /tenders/{id}/record as HTML or PDF */
  async document(user: AuthUser, tenderId: string): Promise<RecordDocument> {
    const r = (await this.record(user, tenderId)) as unknown as RecordJson;
    return buildRecordDocument({
      generatedAt: new Date(r.generatedAt),
      tender: r.tender,
      coordinatorName: r.coordinator.name,
      participants: r.bundle.participants,
      evaluation: r.evaluation,
      awards: r.awards.map((a) => ({ ...a, awardedAt: new Date(a.awardedAt) })),
      letters: r.informationLetters.map((l) => ({
        ...l,
        sentAt: new Date(l.sentAt),
        earliestConclusionAt: new Date(l.earliestConclusionAt),
      })),
      contracts: r.contracts.map((c) => ({ ...c, concludedAt: new Date(c.concludedAt) })),
      events: r.events.map((e) => ({ ...e, occurredAt: new Date(e.occurredAt) })),
      openedBy: [r.opening?.startedBy, r.opening?.confirmedBy]
        .map((p) => p?.userId)
        .filter((id): id is string => typeof id === 'string'),
      witnessId: r.opening?.witness?.userId ?? null,
      people: new Map(r.people.map((p) => [p.userId, `${p.name} (${p.email}, ${p.organisationName})`])),
      evidence: r.evidence,
    });
  }
}

/** the parts of the JSON record that the document reads */
interface RecordJson {
  generatedAt: string;
  tender: Parameters<typeof buildRecordDocument>[0]['tender'];
  coordinator: { name: string };
  bundle: { participants: Array<{ name: string; ags: string | null; estimatedValueEur: number }> };
  evaluation: Parameters<typeof buildRecordDocument>[0]['evaluation'];
  awards: Array<{
    lotId: string;
    supplierName: string;
    valueEur: number;
    bestRanked: boolean;
    reason: string | null;
    awardedAt: string | Date;
    awardedBy: string | null;
  }>;
  informationLetters: Array<{
    lotId: string;
    supplierName: string;
    outcome: string;
    sentAt: string;
    earliestConclusionAt: string;
  }>;
  contracts: Array<{ lotId: string; number: string; buyerName: string; valueEur: number; concludedAt: string }>;
  events: Array<{
    occurredAt: string | Date;
    action: string;
    actorUserId: string | null;
    data: Record<string, unknown>;
  }>;
  opening: {
    startedBy: { userId: string } | null;
    witness: { userId: string } | null;
    confirmedBy: { userId: string } | null;
  } | null;
  people: Array<{ userId: string; name: string; email: string; organisationName: string }>;
  evidence: EvidenceClaimDto[];
}
