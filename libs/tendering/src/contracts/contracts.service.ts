import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser, Role } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import { berlinDate, centsToEur, formatGermanDate, isTenderAwarded } from '@buendel/domain';
import { NotFoundException } from '@buendel/errors';
import { FrameworksService } from '../frameworks/frameworks.service';
import { NoticesService } from '../notices/notices.service';
import { tenderingError, TenderingErrorCode } from '../tendering.exception';
import { TendersRepository } from '../tenders/tenders.repository';
import { TendersService } from '../tenders/tenders.service';
import { TenderRow } from '../tenders/tender.view';
import { ConcludeContractDto, ConcludeContractsResultDto, ContractDto, ContractsDto } from './http/contract.dto';
import { ContractItemRow, ContractRow, ContractScope, ContractsRepository } from './contracts.repository';
import { toContactDto } from '../award/contact';

/** the reference of a tender in contract numbers and notices */
export function tenderReference(tenderId: string): string {
  return `BUENDEL-${tenderId.slice(0, 8).toUpperCase()}`;
}

/**
 * The contracts after the standstill (§ 134 GWB): the coordinator concludes a lot's contracts,
 * one per participating organisation (its allocations of the lot at the awarded prices), once
 * the earliest date of conclusion has come. When the last awarded lot is concluded, the eForms
 * award notice of an EU tender is issued from the contracts.
 */
@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly tenders: TendersService,
    private readonly tenderRows: TendersRepository,
    private readonly notices: NoticesService,
    private readonly repo: ContractsRepository,
    private readonly frameworks: FrameworksService,
  ) {}

  /** POST /tenders/{id}/lots/{lotId}/contract */
  async conclude(
    user: AuthUser,
    tenderId: string,
    lotId: string,
    dto: ConcludeContractDto,
  ): Promise<ConcludeContractsResultDto> {
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.tenders.owned(manager, user, tenderId, 'FOR UPDATE');
      const lot = await this.repo.lotAward(manager, tenderId, lotId);
      if (!lot) throw new NotFoundException('Lot', lotId);
      if (!lot.offer_id || !lot.supplier_organisation_id)
        throw tenderingError(
          TenderingErrorCode.LotNotAwarded,
          `Lot ${lot.lot_key} is not awarded yet: first the award decision, then the standstill period, then the contract`,
          {
            de: `Los ${lot.lot_key} ist noch nicht bezuschlagt: erst die Zuschlagsentscheidung, dann die Wartefrist, dann der Vertrag.`,
            extensions: { lotId, lotStatus: 'open' },
          },
        );
      if ((await this.repo.countOfLot(manager, lotId)) > 0)
        throw tenderingError(
          TenderingErrorCode.ContractsConcluded,
          `The contracts of lot ${lot.lot_key} are concluded already`,
          { de: `Die Verträge von Los ${lot.lot_key} sind bereits geschlossen.`, extensions: { lotId } },
        );
      const now = this.clock.now();
      const earliest = lot.earliest_conclusion_at ?? lot.awarded_at;
      if (now.getTime() < earliest.getTime()) {
        const date = berlinDate(earliest);
        throw tenderingError(
          TenderingErrorCode.StandstillRunning,
          `The standstill period under § 134 GWB is still running: the contract for lot ${lot.lot_key} can be concluded on ${date} at the earliest`,
          {
            de: `Die Wartefrist nach § 134 GWB läuft noch: Der Vertrag für Los ${lot.lot_key} kann frühestens am ${formatGermanDate(date)} geschlossen werden.`,
            extensions: { lotId, earliestConclusionAt: earliest.toISOString(), earliestConclusionDate: date },
          },
        );
      }
      const period = await this.tenderRows.bundlePeriod(manager, tender.bundle_id);
      const termFrom = dto.termFrom ?? period.delivery_from;
      const termTo = dto.termTo ?? period.delivery_to;
      if (termTo < termFrom)
        throw tenderingError(TenderingErrorCode.InvalidContractTerm, 'The contract term ends before it begins', {
          errors: [
            ...(dto.termFrom === undefined
              ? []
              : [
                  {
                    field: 'termFrom',
                    code: 'TERM_FROM_AFTER_TO',
                    reason: `is after the end of the term (${termTo})`,
                    de: `liegt nach dem Ende der Laufzeit (${termTo})`,
                  },
                ]),
            ...(dto.termTo === undefined
              ? []
              : [
                  {
                    field: 'termTo',
                    code: 'TERM_TO_BEFORE_FROM',
                    reason: `must be on or after the start of the term (${termFrom})`,
                    de: `muss am oder nach dem Beginn der Laufzeit (${termFrom}) liegen`,
                  },
                ]),
          ],
        });
      const shares = await this.repo.allocatedPerOrganisation(manager, lotId);
      const prefix = `${tenderReference(tender.id)}-${lot.lot_key.replace(/[^A-Za-z0-9]+/g, '')}`;
      await this.repo.insert(
        manager,
        shares.map((s, k) => ({
          number: `${prefix}-${String(k + 1).padStart(2, '0')}`,
          tenderId,
          lotId,
          organisationId: s.organisation_id,
          supplierOrganisationId: lot.supplier_organisation_id as string,
          offerId: lot.offer_id as string,
          valueCents: Number(s.value_cents),
          termFrom,
          termTo,
          concludedAt: now,
          concludedBy: user.id,
        })),
      );
      await this.repo.notifyConcluded(manager, tenderId, lotId, `${tender.title}, Los ${lot.lot_key}`);
      // a framework tender: the framework agreement comes into force with the lot's contracts
      const frameworkId = await this.frameworks.onLotContracted(manager, tender, lotId, lot.offer_id, now);
      const contracts = await this.toDtos(
        manager,
        (await this.repo.ofTender(manager, tenderId, { kind: 'tender' })).filter((c) => c.lot_id === lotId),
      );
      await this.audit.record(manager, {
        action: 'tender.lot.contracted',
        entityType: 'tender',
        entityId: tenderId,
        data: {
          lotId,
          lotKey: lot.lot_key,
          supplierOrganisationId: lot.supplier_organisation_id,
          contracts: contracts.map((c) => ({ number: c.number, organisationId: c.buyer.id, valueEur: c.valueEur })),
          termFrom,
          termTo,
        },
      });
      const awardNoticeIssued = await this.issueAwardNoticeWhenDone(manager, tender, user, now);
      return { tenderId, lotId, contracts, awardNoticeIssued, frameworkId };
    });
  }

  /** after the last awarded lot's contracts: the award notice (EU procedures), from the contracts */
  private async issueAwardNoticeWhenDone(
    manager: EntityManager,
    tender: TenderRow,
    user: AuthUser,
    now: Date,
  ): Promise<boolean> {
    if (!isTenderAwarded(tender.status) || tender.regime.scope !== 'EU') return false;
    if ((await this.repo.awardedLotsWithoutContracts(manager, tender.id)) > 0) return false;
    await this.notices.issueAwardNotice(manager, tender, user.id, now);
    return true;
  }

  /**
   * GET /tenders/{id}/contracts: the coordinator who runs the tender sees every contract, a
   * participating buyer its own, a supplier those it holds; anyone else 404.
   */
  async ofTender(user: AuthUser, tenderId: string): Promise<ContractsDto> {
    const db = this.dataSource.manager;
    const tender = await this.tenderRows.find(db, tenderId);
    if (!tender) throw new NotFoundException('Tender', tenderId);
    let scope: ContractScope;
    if (tender.coordinator_organisation_id === user.organisationId && user.role === Role.Coordinator)
      scope = { kind: 'tender' };
    else if (user.role === Role.Supplier) scope = { kind: 'supplier', organisationId: user.organisationId };
    else if (await this.tenderRows.isParticipant(db, tenderId, user.organisationId))
      scope = { kind: 'buyer', organisationId: user.organisationId };
    else throw new NotFoundException('Tender', tenderId);
    const rows = await this.repo.ofTender(db, tenderId, scope);
    if (scope.kind === 'supplier' && rows.length === 0) throw new NotFoundException('Tender', tenderId);
    return { items: await this.toDtos(db, rows) };
  }

  /** GET /contracts: the contracts of the caller's organisation, as buyer or as supplier */
  async mine(user: AuthUser, limit: number, offset: number): Promise<ContractsDto & { total: number }> {
    const db = this.dataSource.manager;
    const rows = await this.repo.ofOrganisation(db, user.organisationId, limit, offset);
    return {
      items: await this.toDtos(db, rows),
      total: await this.repo.countOfOrganisation(db, user.organisationId),
    };
  }

  private async toDtos(db: EntityManager, rows: ContractRow[]): Promise<ContractDto[]> {
    const items = await this.repo.items(
      db,
      rows.map((r) => ({ lotId: r.lot_id, organisationId: r.organisation_id })),
    );
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      tenderId: r.tender_id,
      lotId: r.lot_id,
      lotKey: r.lot_key,
      lotTitle: r.lot_title,
      buyer: { id: r.organisation_id, name: r.organisation_name },
      supplier: { id: r.supplier_organisation_id, name: r.supplier_name },
      supplierContact: toContactDto({
        address: r.supplier_address,
        contact_name: r.supplier_contact_name,
        contact_email: r.supplier_contact_email,
        contact_phone: r.supplier_contact_phone,
      }),
      offerId: r.offer_id,
      valueEur: centsToEur(Number(r.value_cents)),
      termFrom: r.term_from,
      termTo: r.term_to,
      concludedAt: r.concluded_at.toISOString(),
      items: items.filter((i) => i.lot_id === r.lot_id && i.organisation_id === r.organisation_id).map(toItemDto),
    }));
  }
}

function toItemDto(i: ContractItemRow) {
  return {
    itemId: i.item_id,
    cpvCode: i.cpv_code,
    cpvLabel: i.cpv_label,
    specificationText: i.specification_text,
    unit: i.unit,
    quantity: Number(i.quantity),
    valueEur: centsToEur(Number(i.value_cents)),
    deliveryAgs: i.delivery_ags,
  };
}
