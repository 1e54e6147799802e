import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '@buendel/auth';
import {
  anonymiseMarketDemand,
  centsToEur,
  MarketContribution,
  normalizeCpvPrefix,
  quantityToMilli,
} from '@buendel/domain';
import { NotFoundException } from '@buendel/errors';
import { queryOne, queryRows } from '@buendel/persistence';
import { Page, pageRequest } from '@buendel/http';
import { queryPage } from '@buendel/persistence';
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

/** NUTS-3 of the statistical Extra-Regio: stands in for districts without a NUTS code */
const NO_NUTS3 = 'DEZZZ';

interface MarketCellRow {
  cpv_prefix: string;
  cpv_code: string;
  cpv_level: string;
  label: string | null;
  region_level: string;
  nuts1: string | null;
  nuts2: string | null;
  nuts3: string | null;
  district_key: string | null;
  region_name: string | null;
  period_level: string;
  year: string;
  quarter: string | null;
  organisation_count: number;
  bundle_count: number;
  quantities: Array<{ unit: string; quantity: number }>;
  value_cents: string;
}

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

interface MarketTenderRow {
  id: string;
  title: string;
  status: string;
  procedure_type: string;
  coordinator_name: string;
  value: string;
  published_at: Date;
  submission_deadline: Date;
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

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The market.refresh job: recompute every cell and replace the snapshot in one transaction. */
  async refresh(): Promise<{ contributions: number; cells: number }> {
    const rows = await this.dataSource.query<
      Array<{
        organisation_id: string;
        bundle_id: string;
        cpv_code: string;
        unit: string;
        district_key: string;
        nuts3: string;
        quarter: string;
        quantity: string;
        value: string;
      }>
    >(
      `SELECT p.organisation_id, p.bundle_id, d.cpv_code, d.unit, d.district_key, coalesce(n.nuts3, '${NO_NUTS3}') AS nuts3,
              to_char(d.delivery_from, 'YYYY') || '-Q' || to_char(d.delivery_from, 'Q') AS quarter,
              sum(d.quantity)::text AS quantity, sum(d.estimated_value_cents)::text AS value
       FROM bundle_participations p
       JOIN bundles b ON b.id = p.bundle_id AND b.status IN ('open', 'closed')
       JOIN demands d ON d.id = p.demand_id
       LEFT JOIN (SELECT DISTINCT ON (district_key) district_key, nuts3 FROM organisations
                  WHERE type IN ('district', 'city') AND nuts3 IS NOT NULL ORDER BY district_key, type DESC) n
         ON n.district_key = d.district_key
       GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    );
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
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM market_demand_cells`);
      if (cells.length) {
        await manager.query(
          `INSERT INTO market_demand_cells (cpv_prefix, cpv_code, cpv_level, region_level, nuts1, nuts2, nuts3, district_key,
             period_level, year, quarter, organisation_count, bundle_count, quantities, value_cents)
           SELECT c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
             $9::text[], $10::text[], $11::text[], $12::int[], $13::int[], $14::jsonb[], $15::bigint[])
             WITH ORDINALITY AS u(c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, position)
           -- in the order anonymiseMarketDemand sorted them: the ids follow it, and a page is read by id
           ORDER BY position`,
          [
            cells.map((c) => c.cpv.prefix),
            cells.map((c) => c.cpv.code),
            cells.map((c) => c.cpv.level),
            cells.map((c) => c.region.level),
            cells.map((c) => c.region.nuts1 ?? null),
            cells.map((c) => c.region.nuts2 ?? null),
            cells.map((c) => c.region.nuts3 ?? null),
            cells.map((c) => c.region.districtKey ?? null),
            cells.map((c) => c.period.level),
            cells.map((c) => c.period.year),
            cells.map((c) => c.period.quarter ?? null),
            cells.map((c) => c.organisationCount),
            cells.map((c) => c.bundleCount),
            cells.map((c) =>
              JSON.stringify(c.quantities.map((q) => ({ unit: q.unit, quantity: q.quantityMilli / 1000 }))),
            ),
            cells.map((c) => c.estimatedValueCents),
          ],
        );
      }
      await manager.query(
        `INSERT INTO market_snapshot (id, computed_at, cell_count, contribution_count) VALUES (1, now(), $1, $2)
         ON CONFLICT (id) DO UPDATE SET computed_at = now(), cell_count = $1, contribution_count = $2`,
        [cells.length, contributions.length],
      );
    });
    this.logger.log(`market view: ${contributions.length} contributions in ${cells.length} cells`);
    return { contributions: contributions.length, cells: cells.length };
  }

  /** GET /market/demand: cells of the latest snapshot that overlap the filters. */
  async demand(query: MarketDemandQueryDto): Promise<MarketDemandPageDto> {
    const params: unknown[] = [];
    const conditions: string[] = ['true'];
    if (query.cpv) {
      const p = `$${params.push(normalizeCpvPrefix(query.cpv))}::text`;
      conditions.push(`(c.cpv_prefix LIKE ${p} || '%' OR ${p} LIKE c.cpv_prefix || '%')`);
    }
    if (query.districtKey) {
      const [district] = await this.dataSource.query<Array<{ nuts3: string | null }>>(
        `SELECT nuts3 FROM organisations WHERE district_key = $1 AND type IN ('district', 'city') ORDER BY type DESC LIMIT 1`,
        [query.districtKey],
      );
      const k = `$${params.push(query.districtKey)}::text`;
      const n = `$${params.push(district?.nuts3 ?? NO_NUTS3)}::text`;
      // the district's own cells, and the coarser cells whose region contains it
      conditions.push(
        `(c.district_key = ${k} OR (c.region_level <> 'district' AND ${n} LIKE coalesce(c.nuts2, c.nuts1, '') || '%'))`,
      );
    }
    if (query.nuts) {
      const p = `$${params.push(query.nuts)}::text`;
      conditions.push(
        `(coalesce(c.nuts3, c.nuts2, c.nuts1, '') LIKE ${p} || '%' OR ${p} LIKE coalesce(c.nuts3, c.nuts2, c.nuts1, '') || '%')`,
      );
    }
    const [cells, [snapshot]] = await Promise.all([
      queryPage(
        this.dataSource,
        pageRequest(query),
        {
          select: `SELECT c.*, cpv.label_de AS label, r.name AS region_name
                   FROM market_demand_cells c
                   LEFT JOIN cpv_codes cpv ON cpv.code = c.cpv_code
                   LEFT JOIN LATERAL (SELECT name FROM organisations o
                                      WHERE o.district_key = c.district_key::bpchar AND o.type IN ('district', 'city')
                                      ORDER BY o.type DESC LIMIT 1) r ON c.district_key IS NOT NULL`,
          countFrom: 'market_demand_cells c',
          where: conditions.join(' AND '),
          whereParams: params,
          orderBy: 'c.id',
        },
        toMarketCellDto,
      ),
      this.dataSource.query<Array<{ computed_at: Date }>>(`SELECT computed_at FROM market_snapshot WHERE id = 1`),
    ]);
    return { ...cells, computedAt: snapshot?.computed_at.toISOString() ?? null };
  }

  /** GET /market/tenders: published tenders (published, opened or awarded). */
  async tenders(query: MarketTenderQueryDto): Promise<Page<MarketTenderDto>> {
    const params: unknown[] = [];
    const conditions = [`t.published_at IS NOT NULL`, `t.status IN ('published', 'opened', 'awarded')`];
    if (query.cpv)
      conditions.push(
        `EXISTS (SELECT 1 FROM tender_items i WHERE i.tender_id = t.id AND i.cpv_code LIKE $${params.push(`${normalizeCpvPrefix(query.cpv)}%`)})`,
      );
    if (query.districtKey) {
      conditions.push(
        `EXISTS (SELECT 1 FROM tender_items i, unnest(i.delivery_ags) a WHERE i.tender_id = t.id AND a LIKE $${params.push(`${query.districtKey}%`)})`,
      );
    }
    const tenders = await queryPage(
      this.dataSource,
      pageRequest(query),
      {
        select: `SELECT t.id, t.title, t.status, t.procedure_type, o.name AS coordinator_name,
                        t.estimated_value_cents AS value, t.published_at, t.submission_deadline
                 FROM tenders t JOIN organisations o ON o.id = t.coordinator_organisation_id`,
        countFrom: 'tenders t',
        where: conditions.join(' AND '),
        whereParams: params,
        orderBy: `(t.status = 'published') DESC, t.submission_deadline, t.id`,
      },
      (row: MarketTenderRow) => row,
    );
    const ids = tenders.items.map((r) => r.id);
    const [lots, items] = await Promise.all([
      this.dataSource.query<Array<{ id: string; tender_id: string; key: string; title: string; value: string }>>(
        `SELECT id, tender_id, key, title, estimated_value_cents AS value FROM tender_lots WHERE tender_id = ANY($1::uuid[]) ORDER BY position`,
        [ids],
      ),
      this.dataSource.query<
        Array<{
          id: string;
          lot_id: string;
          cpv_code: string;
          label: string;
          unit: string;
          quantity: string;
          delivery_ags: string[];
        }>
      >(
        `SELECT i.id, i.lot_id, i.cpv_code, c.label_de AS label, i.unit, i.quantity::text AS quantity, i.delivery_ags
         FROM tender_items i JOIN cpv_codes c ON c.code = i.cpv_code WHERE i.tender_id = ANY($1::uuid[]) ORDER BY i.position`,
        [ids],
      ),
    ]);
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
      const known = await this.dataSource.query<Array<{ district_key: string }>>(
        `SELECT DISTINCT district_key FROM organisations WHERE district_key = ANY($1::bpchar[]) AND type IN ('district', 'city')`,
        [districtKeys],
      );
      const unknown = districtKeys.filter((k) => !known.some((r) => r.district_key === k));
      if (unknown.length) {
        throw tenderingError(TenderingErrorCode.SubscriptionInvalid, 'Unknown district keys', {
          errors: unknown.map((k) => ({
            field: `districtKeys.${(dto.districtKeys ?? []).indexOf(k)}`,
            reason: `${k} is not a district key`,
          })),
        });
      }
    }
    const cpvPrefixes = [...new Set(dto.cpvPrefixes.map((p) => normalizeCpvPrefix(p)))].sort();
    const row = await queryOne<{ id: string; created_at: Date }>(
      this.dataSource,
      `INSERT INTO supplier_subscriptions (supplier_organisation_id, cpv_prefixes, district_keys) VALUES ($1, $2, $3) RETURNING id, created_at`,
      [user.organisationId, cpvPrefixes, districtKeys],
    );
    return { id: row.id, cpvPrefixes, districtKeys, createdAt: row.created_at.toISOString() };
  }

  async subscriptions(user: AuthUser): Promise<SubscriptionListDto> {
    const rows = await this.dataSource.query<
      Array<{ id: string; cpv_prefixes: string[]; district_keys: string[]; created_at: Date }>
    >(
      `SELECT id, cpv_prefixes, district_keys, created_at FROM supplier_subscriptions WHERE supplier_organisation_id = $1 ORDER BY created_at, id`,
      [user.organisationId],
    );
    const items = rows.map((r) => ({
      id: r.id,
      cpvPrefixes: r.cpv_prefixes,
      districtKeys: r.district_keys,
      createdAt: r.created_at.toISOString(),
    }));
    return { items, total: items.length };
  }

  async unsubscribe(user: AuthUser, id: string): Promise<void> {
    const removed = await queryRows(
      this.dataSource,
      `DELETE FROM supplier_subscriptions WHERE id = $1 AND supplier_organisation_id = $2 RETURNING id`,
      [id, user.organisationId],
    );
    if (removed.length === 0) throw new NotFoundException('Subscription', id);
  }

  /** When a tender is published: one notification per supplier with a matching subscription (idempotent). */
  async notifySubscribers(tenderId: string): Promise<number> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO notifications (organisation_id, kind, subject_id, title, data)
       SELECT DISTINCT s.supplier_organisation_id, 'tender.published', t.id, 'Neue Ausschreibung: ' || t.title,
              jsonb_build_object('tenderId', t.id, 'submissionDeadline', t.submission_deadline)
       FROM tenders t JOIN supplier_subscriptions s ON true
       WHERE t.id = $1 AND t.status = 'published'
         AND EXISTS (SELECT 1 FROM tender_items i, unnest(s.cpv_prefixes) p
                     WHERE i.tender_id = t.id AND i.cpv_code LIKE p || '%')
         AND (cardinality(s.district_keys) = 0 OR EXISTS (
              SELECT 1 FROM tender_items i, unnest(i.delivery_ags) a
              WHERE i.tender_id = t.id AND substr(a, 1, 5) = ANY(s.district_keys)))
       ON CONFLICT (organisation_id, kind, subject_id) DO NOTHING
       RETURNING id`,
      [tenderId],
    );
    return rows.length;
  }
}
