import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { allocateItem, centsToEur, formatScaled, lineValueCents, quantityToMilli } from '@buendel/domain';
import { ErrorKind } from '@buendel/errors';
import { OffersService } from '../offers/offers.service';
import { TenderingErrorCode, TenderingException } from '../tendering.exception';
import { TendersService, wrongStatus } from '../tenders/tenders.service';
import { AllocationsDto, AwardLotDto, AwardResultDto } from './award.dto';

/** a departure from the best-scored offer needs a written reason of at least this length */
export const MIN_AWARD_REASON_LENGTH = 20;

/**
 * The award (Zuschlag) per lot and each participant's allocation. The allocation splits every
 * awarded item: each organisation gets the quantity it brought, and the value is split in
 * proportion with the largest-remainder method, so the shares sum exactly to the awarded total.
 */
@Injectable()
export class AwardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly tenders: TendersService,
    private readonly offers: OffersService,
  ) {}

  async award(user: AuthUser, tenderId: string, dto: AwardLotDto): Promise<AwardResultDto> {
    return this.dataSource.transaction(async (manager) => {
      const tender = await this.tenders.owned(manager, user, tenderId, 'FOR UPDATE');
      if (tender.status !== 'opened') throw wrongStatus(tender, 'Lots are awarded once the offers are opened');
      const lots = await this.offers.evaluate(manager, tender);
      const lot = lots.find((l) => l.lotId === dto.lotId);
      if (!lot)
        throw TenderingException.invalid('No such lot in this tender', [
          { field: 'lotId', reason: 'is not a lot of this tender' },
        ]);
      const [done] = await manager.query<Array<{ offer_id: string }>>(
        `SELECT offer_id FROM tender_awards WHERE lot_id = $1`,
        [lot.lotId],
      );
      if (done)
        throw TenderingException.conflict(TenderingErrorCode.LotAwarded, `Lot ${lot.key} is awarded already`, {
          offerId: done.offer_id,
        });
      const chosen = lot.offers.find((o) => o.row.id === dto.offerId);
      if (!chosen)
        throw TenderingException.invalid('No such offer for this lot', [
          { field: 'offerId', reason: 'is not an offer for this lot' },
        ]);
      if (chosen.evaluation.excluded) {
        throw new TenderingException(
          ErrorKind.Unprocessable,
          TenderingErrorCode.OfferExcluded,
          'An excluded offer cannot be awarded',
          [{ field: 'offerId', reason: `the offer is excluded: ${chosen.evaluation.exclusionReasons.join('; ')}` }],
        );
      }
      const bestRanked = chosen.evaluation.score?.rank === 1;
      if (!bestRanked && (dto.reason ?? '').length < MIN_AWARD_REASON_LENGTH) {
        throw new TenderingException(
          ErrorKind.Validation,
          TenderingErrorCode.ReasonRequired,
          'Awarding another than the best-scored offer needs a written reason',
          [
            {
              field: 'reason',
              reason: `is required (at least ${MIN_AWARD_REASON_LENGTH} characters): the offer ranks ${chosen.evaluation.score?.rank}`,
            },
          ],
        );
      }

      // every item of the lot at the chosen unit price, split among the participants
      const price = new Map(chosen.content.prices.map((p) => [p.itemId, p.unitPriceEur]));
      const shares = await manager.query<Array<{ item_id: string; organisation_id: string; quantity: string }>>(
        `SELECT s.item_id, s.organisation_id, s.quantity::text AS quantity FROM tender_item_shares s
         JOIN tender_items i ON i.id = s.item_id WHERE i.lot_id = $1`,
        [lot.lotId],
      );
      const rows: Array<{ itemId: string; organisationId: string; quantityMilli: number; valueCents: number }> = [];
      for (const item of lot.items) {
        const totalQuantityMilli = quantityToMilli(item.quantity);
        const totalValueCents = lineValueCents(totalQuantityMilli, price.get(item.id) ?? 0);
        const parts = allocateItem({
          totalQuantityMilli,
          totalValueCents,
          participants: shares
            .filter((s) => s.item_id === item.id)
            .map((s) => ({ organisationId: s.organisation_id, quantityMilli: quantityToMilli(s.quantity) })),
        });
        rows.push(...parts.map((p) => ({ itemId: item.id, ...p })));
      }
      await manager.query(
        `INSERT INTO tender_awards (lot_id, tender_id, offer_id, supplier_organisation_id, value_cents, best_ranked, reason, evaluation, awarded_by, awarded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())`,
        [
          lot.lotId,
          tenderId,
          chosen.row.id,
          chosen.row.supplier_organisation_id,
          chosen.priceCents,
          bestRanked,
          dto.reason ?? null,
          JSON.stringify(lot.offers.map((o) => o.evaluation)),
          user.id,
        ],
      );
      await manager.query(
        `INSERT INTO tender_allocations (item_id, organisation_id, tender_id, lot_id, quantity, value_cents)
         SELECT i, o, $1, $2, q, v FROM unnest($3::uuid[], $4::uuid[], $5::numeric[], $6::bigint[]) AS s(i, o, q, v)`,
        [
          tenderId,
          lot.lotId,
          rows.map((r) => r.itemId),
          rows.map((r) => r.organisationId),
          rows.map((r) => formatScaled(r.quantityMilli, 3)),
          rows.map((r) => r.valueCents),
        ],
      );
      await manager.query(`UPDATE tender_lots SET status = 'awarded' WHERE id = $1`, [lot.lotId]);
      await this.audit.record(manager, {
        action: 'tender.lot.awarded',
        entityType: 'tender',
        entityId: tenderId,
        data: {
          lotId: lot.lotId,
          lotKey: lot.key,
          offerId: chosen.row.id,
          supplierOrganisationId: chosen.row.supplier_organisation_id,
          valueCents: chosen.priceCents,
          bestRanked,
          reason: dto.reason ?? null,
        },
      });

      // the tender is awarded when no lot with an admissible offer is left open; lots without one are unsuccessful
      const awarded = new Set([
        ...(
          await manager.query<Array<{ lot_id: string }>>(`SELECT lot_id FROM tender_awards WHERE tender_id = $1`, [
            tenderId,
          ])
        ).map((r) => r.lot_id),
      ]);
      const pending = lots.filter((l) => !awarded.has(l.lotId) && l.offers.some((o) => !o.evaluation.excluded));
      let tenderStatus = 'opened';
      if (pending.length === 0) {
        tenderStatus = 'awarded';
        await manager.query(`UPDATE tender_lots SET status = 'unsuccessful' WHERE tender_id = $1 AND status = 'open'`, [
          tenderId,
        ]);
        await manager.query(
          `UPDATE tenders SET status = 'awarded', awarded_at = now(), updated_at = now() WHERE id = $1`,
          [tenderId],
        );
        await manager.query(`UPDATE bundles SET status = 'awarded', updated_at = now() WHERE id = $1`, [
          tender.bundle_id,
        ]);
        await manager.query(
          `UPDATE demands SET status = 'awarded', updated_at = now() WHERE id IN (SELECT demand_id FROM bundle_participations WHERE bundle_id = $1)`,
          [tender.bundle_id],
        );
        await manager.query(
          `INSERT INTO notifications (organisation_id, kind, subject_id, title, data)
           SELECT DISTINCT organisation_id, 'tender.awarded', $1::uuid, 'Zuschlag erteilt: ' || $2, jsonb_build_object('tenderId', $1::uuid)
           FROM tender_item_shares WHERE tender_id = $1
           ON CONFLICT (organisation_id, kind, subject_id) DO NOTHING`,
          [tenderId, tender.title],
        );
        await this.audit.record(
          manager,
          { action: 'tender.awarded', entityType: 'tender', entityId: tenderId, data: { lots: awarded.size } },
          { action: 'bundle.awarded', entityType: 'bundle', entityId: tender.bundle_id, data: { tenderId } },
        );
      }
      return {
        tenderId,
        tenderStatus,
        award: {
          lotId: lot.lotId,
          offerId: chosen.row.id,
          supplierOrganisationId: chosen.row.supplier_organisation_id,
          supplierName: chosen.row.supplier_name,
          valueEur: centsToEur(chosen.priceCents),
          bestRanked,
          reason: dto.reason ?? null,
          awardedAt: new Date().toISOString(),
        },
      };
    });
  }

  /** The coordinator sees every participant's allocation; a participant its own; anyone else 404. */
  async allocations(user: AuthUser, tenderId: string): Promise<AllocationsDto> {
    const tender = await this.tenders.visible(this.dataSource.manager, user, tenderId);
    const own = tender.coordinator_organisation_id === user.organisationId;
    const rows = await this.dataSource.query<
      Array<{
        organisation_id: string;
        name: string;
        lot_id: string;
        item_id: string;
        cpv_code: string;
        unit: string;
        quantity: string;
        value_cents: string;
      }>
    >(
      `SELECT a.organisation_id, o.name, a.lot_id, a.item_id, i.cpv_code, i.unit, a.quantity::text AS quantity, a.value_cents
       FROM tender_allocations a JOIN organisations o ON o.id = a.organisation_id JOIN tender_items i ON i.id = a.item_id
       JOIN tender_lots l ON l.id = a.lot_id
       WHERE a.tender_id = $1 ${own ? '' : 'AND a.organisation_id = $2'}
       ORDER BY l.position, i.position, o.name, a.organisation_id`,
      own ? [tenderId] : [tenderId, user.organisationId],
    );
    const totals = await this.dataSource.query<
      Array<{ lot_id: string; item_id: string; quantity: string; value_cents: string }>
    >(
      `SELECT a.lot_id, a.item_id, sum(a.quantity)::text AS quantity, sum(a.value_cents)::text AS value_cents
       FROM tender_allocations a JOIN tender_items i ON i.id = a.item_id JOIN tender_lots l ON l.id = a.lot_id
       WHERE a.tender_id = $1 GROUP BY a.lot_id, a.item_id, l.position, i.position ORDER BY l.position, i.position`,
      [tenderId],
    );
    return {
      tenderId,
      items: rows.map((r) => ({
        organisationId: r.organisation_id,
        organisationName: r.name,
        lotId: r.lot_id,
        itemId: r.item_id,
        cpvCode: r.cpv_code,
        unit: r.unit,
        quantity: Number(r.quantity),
        valueEur: centsToEur(Number(r.value_cents)),
      })),
      totals: totals.map((t) => ({
        lotId: t.lot_id,
        itemId: t.item_id,
        quantity: Number(t.quantity),
        valueEur: centsToEur(Number(t.value_cents)),
      })),
    };
  }
}
