import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import {
  areOffersOpened,
  describeRule,
  evidenceReferenceProblems,
  evaluateOffers,
  isTenderDraft,
  isTenderPublished,
  lotPriceWeight,
  PlacedCriterion,
} from '@buendel/domain';
import { Clock } from '@buendel/clock';
import {
  collectedFieldErrors,
  FieldError,
  isFieldWithin,
  NotFoundException,
  ValidationException,
} from '@buendel/errors';
import { EvidenceRepository, EvidenceRow } from '../evidence/evidence.repository';
import { tenderingError, TenderingErrorCode } from '../tendering.exception';
import { TendersService } from '../tenders/tenders.service';
import { TenderRow } from '../tenders/tender.view';
import {
  LotEvaluation,
  OfferContent,
  offerProblems,
  offerProblemsBeside,
  offerTotalCents,
  toLotOffersDto,
} from './offer-content';
import { OfferVault } from './offer-vault';
import { OfferReceiptRow, OffersRepository } from './offers.repository';
import { OfferReceiptDto, OpenedOffersDto, OwnOfferReceiptsDto, SubmitOfferDto } from './offer.dto';

export type { LotEvaluation, OfferContent } from './offer-content';

/**
 * Sealed offers (§§ 54, 55 VgV). A supplier submits one offer per lot until the submission
 * deadline and may replace it until then; the content is stored only sealed. After the
 * opening, the coordinator who runs the tender reads them, evaluated and ranked.
 */
@Injectable()
export class OffersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly vault: OfferVault,
    private readonly audit: AuditLog,
    private readonly tenders: TendersService,
    private readonly repo: OffersRepository,
    private readonly evidence: EvidenceRepository,
    private readonly clock: Clock,
  ) {}

  async submit(
    user: AuthUser,
    tenderId: string,
    dto: SubmitOfferDto,
  ): Promise<{ receipt: OfferReceiptDto; created: boolean }> {
    // the body's bad fields (the pipe keeps them for this): a 400 naming them whatever the tender's
    // state, as before; where the lot can be told, with the lot's problems of the valid fields
    const invalid = collectedFieldErrors(dto);
    const orInvalid = (refusal: Error) => (invalid.length ? new ValidationException(invalid) : refusal);
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.repo.lockTenderForSubmission(manager, tenderId);
      // a draft is invisible to suppliers
      if (!tender || isTenderDraft(tender.status)) throw orInvalid(new NotFoundException('Tender', tenderId));
      if (!isTenderPublished(tender.status) || !tender.open) {
        throw orInvalid(
          tenderingError(
            TenderingErrorCode.SubmissionClosed,
            'The submission deadline has passed; late offers are refused (§ 57 Abs. 1 Nr. 1 VgV)',
            {
              extensions: {
                tenderId,
              },
            },
          ),
        );
      }
      // without a lot there is nothing to check the rest against
      if (invalid.some((e) => e.field === 'lotId')) throw new ValidationException(invalid);
      const items = await this.repo.itemIdsOfLot(manager, tenderId, dto.lotId);
      if (items.length === 0)
        throw tenderingError(TenderingErrorCode.InvalidOffer, 'The offer names no lot of this tender', {
          errors: [
            ...invalid,
            {
              field: 'lotId',
              code: 'NOT_A_LOT',
              reason: 'is not a lot of this tender',
              de: 'ist kein Los dieser Ausschreibung',
            },
          ],
        });
      const criteria = await this.repo.criteriaOfLot(manager, tenderId, dto.lotId);
      const errors = invalid.length
        ? offerProblemsBeside(dto, invalid, new Set(items), criteria)
        : offerProblems(dto, new Set(items), criteria);
      // the evidence is looked up by its ids and set against what is declared: only when all of that is valid
      if (!invalid.some((e) => ['evidence', 'criteria', 'values'].some((root) => isFieldWithin(e.field, root))))
        errors.push(...(await this.evidenceProblems(manager, user, dto, criteria)));
      if (errors.length) {
        throw tenderingError(TenderingErrorCode.InvalidOffer, 'The offer does not price the lot as asked', {
          errors: [...invalid, ...errors],
        });
      }
      if (invalid.length) throw new ValidationException(invalid);

      await this.repo.lockSupplierLot(manager, dto.lotId, user.organisationId);
      const existing = await this.repo.findOwn(manager, dto.lotId, user.organisationId);
      const id = existing?.id ?? randomUUID();
      const version = (existing?.version ?? 0) + 1;
      const content: OfferContent = {
        prices: dto.prices.map((p) => ({ itemId: p.itemId, unitPriceEur: p.unitPriceEur })),
        criteria: dto.criteria ?? [],
        ...(dto.values?.length ? { values: dto.values.map((v) => ({ code: v.code, value: v.value })) } : {}),
        ...(dto.evidence?.length
          ? { evidence: dto.evidence.map((e) => ({ code: e.code, evidenceId: e.evidenceId })) }
          : {}),
      };
      const sealed = this.vault.seal(content, {
        offerId: id,
        tenderId,
        lotId: dto.lotId,
        supplierOrganisationId: user.organisationId,
        version,
      });
      const submittedAt = await this.repo.upsert(manager, {
        id,
        tenderId,
        lotId: dto.lotId,
        supplierOrganisationId: user.organisationId,
        submittedBy: user.id,
        version,
        sealed,
      });
      await this.audit.record(manager, {
        action: existing ? 'offer.replaced' : 'offer.submitted',
        entityType: 'offer',
        entityId: id,
        data: { tenderId, lotId: dto.lotId, version, digest: sealed.digest },
      });
      return {
        created: !existing,
        receipt: {
          id,
          tenderId,
          lotId: dto.lotId,
          version,
          submittedAt: submittedAt.toISOString(),
          digest: sealed.digest,
          salt: sealed.salt,
          sealed: true,
        },
      };
    });
  }

  /**
   * The offer's references to the supplier's evidence (sealed with it): each for a declared
   * criterion of the lot, to the supplier's own evidence of a fitting kind, valid today.
   */
  private async evidenceProblems(
    manager: EntityManager,
    user: AuthUser,
    dto: SubmitOfferDto,
    ofLot: Array<{ code: string }>,
  ): Promise<FieldError[]> {
    const references = dto.evidence ?? [];
    if (references.length === 0) return [];
    const rows = await this.evidence.ownMany(
      manager,
      user.organisationId,
      references.map((r) => r.evidenceId),
    );
    return evidenceReferenceProblems({
      references,
      lotCriteria: new Set(ofLot.map((c) => c.code)),
      declared: new Set([...(dto.criteria ?? []), ...(dto.values ?? []).map((v) => v.code)]),
      evidence: new Map(
        rows.map((r) => [
          r.id,
          { kind: r.kind, validFrom: r.valid_from, validTo: r.valid_to, withdrawn: r.withdrawn_at !== null },
        ]),
      ),
      on: this.clock.now(),
    });
  }

  /** the evidence the opened offers refer to, by id (for the coordinator, after the opening) */
  async referencedEvidence(manager: EntityManager, lots: LotEvaluation[]): Promise<Map<string, EvidenceRow>> {
    const ids = [
      ...new Set(lots.flatMap((l) => l.offers.flatMap((o) => (o.content.evidence ?? []).map((e) => e.evidenceId)))),
    ];
    if (ids.length === 0) return new Map();
    return new Map((await this.evidence.byIds(manager, ids)).map((r) => [r.id, r]));
  }

  /** GET /tenders/{id}/offers: the coordinator of an opened tender reads the offers, evaluated. */
  async opened(user: AuthUser, tenderId: string): Promise<OpenedOffersDto> {
    const tender = await this.tenders.owned(this.dataSource.manager, user, tenderId);
    const lots = await this.evaluate(this.dataSource.manager, tender);
    const evidence = await this.referencedEvidence(this.dataSource.manager, lots);
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, { action: 'tender.offers.read', entityType: 'tender', entityId: tenderId, data: {} }),
    );
    return {
      tenderId,
      openedAt: (tender.opened_at ?? tender.submission_deadline).toISOString(),
      priceWeight: Number(tender.price_weight),
      lots: lots.map((lot) => toLotOffersDto(lot, evidence)),
    };
  }

  /**
   * Opens (decrypts) and evaluates every offer of the tender, per lot. The vault refuses unless
   * the tender is opened, whoever calls: offers stay sealed before the deadline.
   */
  async evaluate(manager: EntityManager, tender: TenderRow): Promise<LotEvaluation[]> {
    if (!areOffersOpened(tender.status)) {
      throw tenderingError(
        TenderingErrorCode.OffersSealed,
        'Offers stay sealed until the submission deadline has passed and the tender is opened (§ 55 VgV)',
        {
          extensions: {
            status: tender.status,
            submissionDeadline: tender.submission_deadline.toISOString(),
          },
        },
      );
    }
    const state = { status: tender.status, openedAt: tender.opened_at, submissionDeadline: tender.submission_deadline };
    const criteria = await this.repo.criteriaForEvaluation(manager, tender.id);
    const placed: PlacedCriterion[] = criteria.map((c) => ({
      code: c.code,
      phase: c.phase,
      ...(c.weight === null ? {} : { weight: Number(c.weight) }),
      lotKeys: c.lot_keys,
      value: c.value === null ? null : Number(c.value),
      scoring: c.scoring,
      ...(c.better ? { better: c.better } : {}),
    }));
    const lots = await this.repo.lotsForEvaluation(manager, tender.id);
    const items = await this.repo.itemsForEvaluation(manager, tender.id);
    const offers = await this.repo.sealedOffers(manager, tender.id);
    return lots.map((lot) => {
      const lotItems = items.filter((i) => i.lot_id === lot.id);
      const opened = offers
        .filter((o) => o.lot_id === lot.id)
        .map((row) => {
          const content = this.vault.open<OfferContent>(
            { ciphertext: row.ciphertext, iv: row.iv, authTag: row.auth_tag, keyId: row.key_id },
            {
              offerId: row.id,
              tenderId: tender.id,
              lotId: lot.id,
              supplierOrganisationId: row.supplier_organisation_id,
              version: row.version,
            },
            state,
          );
          return { row, content, priceCents: offerTotalCents(lotItems, content) };
        });
      const ranked = evaluateOffers({
        offers: opened.map((o) => ({
          offerId: o.row.id,
          priceCents: o.priceCents,
          criteria: o.content.criteria,
          values: Object.fromEntries((o.content.values ?? []).map((v) => [v.code, v.value])),
          submittedAt: o.row.submitted_at,
        })),
        criteria: placed,
        lotKey: lot.key,
      });
      return {
        lotId: lot.id,
        key: lot.key,
        title: lot.title,
        priceWeight: lotPriceWeight(placed, lot.key),
        awardCriteria: criteria
          .filter((c) => !c.lot_keys || c.lot_keys.includes(lot.key))
          .filter((c) => c.phase === 'award')
          .map((c) => ({
            code: c.code,
            weight: Number(c.weight),
            rule: c.scoring ? describeRule(c.scoring, c.better ?? 'higher', Number(c.weight), c.unit ?? '') : null,
          })),
        items: lotItems,
        // in the order of the evaluation: best first, excluded last
        offers: ranked.flatMap((evaluation) => {
          const offer = opened.find((o) => o.row.id === evaluation.offerId);
          return offer ? [{ ...offer, evaluation }] : [];
        }),
      };
    });
  }

  /**
   * The supplier's own receipts for a published tender (never the content: it stays sealed), so
   * that its bidders see what they submitted and may replace it until the deadline.
   */
  async own(user: AuthUser, tenderId: string): Promise<OwnOfferReceiptsDto> {
    await this.tenders.published(tenderId);
    const rows = await this.repo.ownReceipts(this.dataSource.manager, tenderId, user.organisationId);
    return {
      tenderId,
      items: rows.map((r) => ({
        id: r.id,
        tenderId,
        lotId: r.lot_id,
        version: r.version,
        submittedAt: r.submitted_at.toISOString(),
        digest: r.digest,
        salt: r.digest_salt ?? '',
        sealed: true,
      })),
    };
  }

  /** for the record: whether and when each supplier submitted, without content (before opening too) */
  async receipts(manager: EntityManager, tenderId: string): Promise<OfferReceiptRow[]> {
    return this.repo.receipts(manager, tenderId);
  }
}
