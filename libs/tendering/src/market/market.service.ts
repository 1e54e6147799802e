import { Injectable, Logger } from '@nestjs/common';
import { AuthUser } from '@buendel/auth';
import {
  anonymiseMarketDemand,
  centsToEur,
  MarketContribution,
  normalizeCpvPrefix,
  quantityToMilli,
} from '@buendel/domain';
import { NotFoundException } from '@buendel/errors';
import { Page, pageRequest } from '@buendel/http';
import { tenderingError, TenderingErrorCode } from '../tendering.exception';
import { PROCEDURE_LABELS } from '../tenders/tender.view';
import {
  CreateSubscriptionDto,
  MarketCellDto,
  MarketDemandPageDto,
  MarketDemandQueryDto,
  MarketTenderDto,
  MarketTenderQueryDto,
  SubscriptionDto,
  SubscriptionListDto,
} from './http/market.dto';
import { MarketCellFilter, MarketCellRow, MarketRepository, NO_NUTS3 } from './market.repository';

function toMarketCellDto(r: MarketCellRow): MarketCellDto {
  return {
    cpv: { prefix: r.cpv_prefix, code: r.cpv_code, level: r.cpv_level, label: r.label },
    region: {
      level: r.region_level,
      districtKey: r.district_key,
      nuts3: r.nuts3,
      nuts2: r.nuts2,
      nuts1: r.nuts1,
      name: r.region_name,
    },
    period: { level: r.period_level, year: r.year, quarter: r.quarter },
    organisationCount: r.organisation_count,
    bundleCount: r.bundle_count,
    quantities: r.quantities,
    estimatedValueEur: centsToEur(Number(r.value_cents)),
  };
}

/**
 * The supplier's view: aggregated, anonymous demand of open and closed bundles by CPV,
 * region and delivery quarter, computed for all of Germany at once on a fixed rhythm (so that
 * answers to different filters cannot be subtracted from each other, and snapshots change
 * rarely), and the published tenders. No cell names an organisation, a price of one, or
 * describes fewer than three organisations (anonymiseMarketDemand).
 */
@Injectable()
export class MarketService {
  private readonly logger = new Logger(MarketService.name);

  constructor(private readonly repo: MarketRepository) {}

  /**
   * The market.refresh job: recompute every cell and replace the snapshot in one transaction.
   * The anonymisation is one synchronous pass over every contribution (about 15 s for 1.4M at
   * 3,000,000 demand lines), which blocks the event loop: `beforeCompute` is told how many
   * contributions it will take, so that the job can hold its queue lock through it.
   */
  async refresh(
    beforeCompute: (contributions: number) => Promise<void> = async () => undefined,
  ): Promise<{ contributions: number; cells: number }> {
    const rows = await this.repo.contributions();
    await beforeCompute(rows.length);
    const contributions: MarketContribution[] = rows.map((r) => ({
      organisationId: r.organisation_id,
      bundleId: r.bundle_id,
      cpvCode: r.cpv_code,
      unit: r.unit,
      districtKey: r.district_key,
      nuts3: r.nuts3,
      quarter: r.quarter,
      quantityMilli: quantityToMilli(r.quantity),
      valueCents: Number(r.value),
    }));
    const { cells } = anonymiseMarketDemand(contributions);
    await this.repo.replaceCells(cells, contributions.length);
    this.logger.log(`market view: ${contributions.length} contributions in ${cells.length} cells`);
    return { contributions: contributions.length, cells: cells.length };
  }

  /** GET /market/demand: cells of the latest snapshot that overlap the filters. */
  async demand(query: MarketDemandQueryDto): Promise<MarketDemandPageDto> {
    const filter: MarketCellFilter = {};
    if (query.cpv) filter.cpvPrefix = normalizeCpvPrefix(query.cpv);
    if (query.districtKey) {
      const nuts3 = await this.repo.nuts3OfDistrict(query.districtKey);
      filter.district = { key: query.districtKey, nuts3: nuts3 ?? NO_NUTS3 };
    }
    if (query.nuts) filter.nuts = query.nuts;
    const [cells, computedAt] = await Promise.all([
      this.repo.cellPage(filter, pageRequest(query), toMarketCellDto),
      this.repo.snapshotTime(),
    ]);
    return { ...cells, computedAt: computedAt?.toISOString() ?? null };
  }

  /** GET /market/tenders: published tenders (published, opened or awarded). */
  async tenders(query: MarketTenderQueryDto): Promise<Page<MarketTenderDto>> {
    const tenders = await this.repo.tenderPage(
      {
        ...(query.cpv ? { cpvPrefix: normalizeCpvPrefix(query.cpv) } : {}),
        ...(query.districtKey ? { districtKey: query.districtKey } : {}),
        ...(query.open ? { open: true } : {}),
        ...(query.deadlineBefore ? { deadlineBefore: query.deadlineBefore } : {}),
      },
      pageRequest(query),
    );
    const ids = tenders.items.map((r) => r.id);
    const [lots, items] = await Promise.all([this.repo.lotsOf(ids), this.repo.itemsOf(ids)]);
    return {
      ...tenders,
      items: tenders.items.map((t) => {
        const tenderLots = lots.filter((l) => l.tender_id === t.id);
        const tenderItems = items.filter((i) => tenderLots.some((l) => l.id === i.lot_id));
        return {
          id: t.id,
          title: t.title,
          status: t.status,
          procedureType: t.procedure_type,
          procedureLabel: PROCEDURE_LABELS[t.procedure_type] ?? t.procedure_type,
          coordinatorName: t.coordinator_name,
          estimatedValueEur: centsToEur(Number(t.value)),
          publishedAt: t.published_at.toISOString(),
          submissionDeadline: t.submission_deadline.toISOString(),
          districtKeys: [...new Set(tenderItems.flatMap((i) => i.delivery_ags.map((a) => a.slice(0, 5))))].sort(),
          lots: tenderLots.map((l) => ({
            id: l.id,
            key: l.key,
            title: l.title,
            estimatedValueEur: centsToEur(Number(l.value)),
            items: tenderItems
              .filter((i) => i.lot_id === l.id)
              .map((i) => ({
                id: i.id,
                cpvCode: i.cpv_code,
                cpvLabel: i.label,
                unit: i.unit,
                quantity: Number(i.quantity),
              })),
          })),
        };
      }),
    };
  }

  async subscribe(user: AuthUser, dto: CreateSubscriptionDto): Promise<SubscriptionDto> {
    const districtKeys = [...new Set(dto.districtKeys ?? [])].sort();
    if (districtKeys.length) {
      const known = await this.repo.knownDistrictKeys(districtKeys);
      const unknown = districtKeys.filter((k) => !known.has(k));
      if (unknown.length) {
        throw tenderingError(TenderingErrorCode.SubscriptionInvalid, 'Unknown district keys', {
          errors: unknown.map((k) => ({
            field: `districtKeys.${(dto.districtKeys ?? []).indexOf(k)}`,
            reason: `${k} is not a district key`,
            de: `${k} ist kein Kreisschlüssel`,
          })),
        });
      }
    }
    const cpvPrefixes = [...new Set(dto.cpvPrefixes.map((p) => normalizeCpvPrefix(p)))].sort();
    const row = await this.repo.insertSubscription(user.organisationId, cpvPrefixes, districtKeys);
    return { id: row.id, cpvPrefixes, districtKeys, createdAt: row.created_at.toISOString() };
  }

  async subscriptions(user: AuthUser): Promise<SubscriptionListDto> {
    const rows = await this.repo.subscriptionsOf(user.organisationId);
    const items = rows.map((r) => ({
      id: r.id,
      cpvPrefixes: r.cpv_prefixes,
      districtKeys: r.district_keys,
      createdAt: r.created_at.toISOString(),
    }));
    return { items, total: items.length };
  }

  async unsubscribe(user: AuthUser, id: string): Promise<void> {
    if (!(await this.repo.deleteSubscription(user.organisationId, id))) throw new NotFoundException('Subscription', id);
  }

  /** When a tender is published: one notification per supplier with a matching subscription (idempotent). */
  notifySubscribers(tenderId: string): Promise<number> {
    return this.repo.notifySubscribers(tenderId);
  }
}
