import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MarketCell } from '@buendel/domain';
import { Page, PageRequest } from '@buendel/http';
import { queryOne, queryPage, queryRows } from '@buendel/persistence';

/** NUTS-3 of the statistical Extra-Regio: stands in for districts without a NUTS code */
export const NO_NUTS3 = 'DEZZZ';

/** one organisation's demand in one bundle, CPV code, unit, district and delivery quarter */
export interface MarketContributionRow {
  organisation_id: string;
  bundle_id: string;
  cpv_code: string;
  unit: string;
  district_key: string;
  nuts3: string;
  quarter: string;
  quantity: string;
  value: string;
}

export interface MarketCellRow {
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

export interface MarketCellFilter {
  /** a normalised CPV prefix: cells within it or containing it */
  cpvPrefix?: string;
  /** a district's own cells and the coarser ones whose region contains its NUTS-3 */
  district?: { key: string; nuts3: string };
  /** cells within this NUTS code or containing it */
  nuts?: string;
}

export interface MarketTenderRow {
  id: string;
  title: string;
  status: string;
  procedure_type: string;
  coordinator_name: string;
  value: string;
  published_at: Date;
  submission_deadline: Date;
}

export interface MarketTenderFilter {
  /** a normalised CPV prefix one of its items starts with */
  cpvPrefix?: string;
  /** a district key (or the start of one) one of its delivery places starts with */
  districtKey?: string;
  /** only those still accepting offers */
  open?: boolean;
  /** only those whose deadline falls on this day (Europe/Berlin) or earlier */
  deadlineBefore?: string;
}

export interface MarketLotRow {
  id: string;
  tender_id: string;
  key: string;
  title: string;
  value: string;
}

export interface MarketItemRow {
  id: string;
  lot_id: string;
  cpv_code: string;
  label: string;
  unit: string;
  quantity: string;
  delivery_ags: string[];
}

export interface SubscriptionRow {
  id: string;
  cpv_prefixes: string[];
  district_keys: string[];
  created_at: Date;
}

/** The statements of the market view and the suppliers' subscriptions, one named method each. */
@Injectable()
export class MarketRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** the demand of open and closed bundles, summed per organisation, bundle, code, unit, district and quarter */
  contributions(): Promise<MarketContributionRow[]> {
    return this.dataSource.query<MarketContributionRow[]>(
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
  }

  /** replaces every cell and the snapshot's time and counts, in one transaction */
  async replaceCells(cells: readonly MarketCell[], contributionCount: number): Promise<void> {
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
        [cells.length, contributionCount],
      );
    });
  }

  /** the NUTS-3 of a district (the district's or the city's row), or undefined */
  async nuts3OfDistrict(districtKey: string): Promise<string | null | undefined> {
    const [district] = await this.dataSource.query<Array<{ nuts3: string | null }>>(
      `SELECT nuts3 FROM organisations WHERE district_key = $1 AND type IN ('district', 'city') ORDER BY type DESC LIMIT 1`,
      [districtKey],
    );
    return district?.nuts3;
  }

  /** a page of the cells that overlap the filter, by id (the order the snapshot wrote them in) */
  cellPage<T>(filter: MarketCellFilter, request: PageRequest, toItem: (r: MarketCellRow) => T): Promise<Page<T>> {
    const params: unknown[] = [];
    const conditions: string[] = ['true'];
    if (filter.cpvPrefix) {
      const p = `$${params.push(filter.cpvPrefix)}::text`;
      conditions.push(`(c.cpv_prefix LIKE ${p} || '%' OR ${p} LIKE c.cpv_prefix || '%')`);
    }
    if (filter.district) {
      const k = `$${params.push(filter.district.key)}::text`;
      const n = `$${params.push(filter.district.nuts3)}::text`;
      // the district's own cells, and the coarser cells whose region contains it
      conditions.push(
        `(c.district_key = ${k} OR (c.region_level <> 'district' AND ${n} LIKE coalesce(c.nuts2, c.nuts1, '') || '%'))`,
      );
    }
    if (filter.nuts) {
      const p = `$${params.push(filter.nuts)}::text`;
      conditions.push(
        `(coalesce(c.nuts3, c.nuts2, c.nuts1, '') LIKE ${p} || '%' OR ${p} LIKE coalesce(c.nuts3, c.nuts2, c.nuts1, '') || '%')`,
      );
    }
    return queryPage(
      this.dataSource,
      request,
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
      toItem,
    );
  }

  /** when the snapshot was computed, or undefined before the first */
  async snapshotTime(): Promise<Date | undefined> {
    const [snapshot] = await this.dataSource.query<Array<{ computed_at: Date }>>(
      `SELECT computed_at FROM market_snapshot WHERE id = 1`,
    );
    return snapshot?.computed_at;
  }

  /** a page of published tenders (published, opened or awarded): those still open first, by deadline */
  tenderPage(filter: MarketTenderFilter, request: PageRequest): Promise<Page<MarketTenderRow>> {
    const params: unknown[] = [];
    const conditions = [`t.published_at IS NOT NULL`, `t.status IN ('published', 'opened', 'awarded')`];
    if (filter.cpvPrefix)
      conditions.push(
        `EXISTS (SELECT 1 FROM tender_items i WHERE i.tender_id = t.id AND i.cpv_code LIKE $${params.push(`${filter.cpvPrefix}%`)})`,
      );
    if (filter.districtKey) {
      conditions.push(
        `EXISTS (SELECT 1 FROM tender_items i, unnest(i.delivery_ags) a WHERE i.tender_id = t.id AND a LIKE $${params.push(`${filter.districtKey}%`)})`,
      );
    }
    if (filter.open) conditions.push(`t.status = 'published' AND t.submission_deadline > now()`);
    if (filter.deadlineBefore)
      conditions.push(
        `t.submission_deadline < (($${params.push(filter.deadlineBefore)}::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin')`,
      );
    return queryPage(
      this.dataSource,
      request,
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
  }

  /** the lots of these tenders, in their order */
  lotsOf(tenderIds: readonly string[]): Promise<MarketLotRow[]> {
    return this.dataSource.query<MarketLotRow[]>(
      `SELECT id, tender_id, key, title, estimated_value_cents AS value FROM tender_lots WHERE tender_id = ANY($1::uuid[]) ORDER BY position`,
      [tenderIds],
    );
  }

  /** the items of these tenders with their CPV labels, in their order */
  itemsOf(tenderIds: readonly string[]): Promise<MarketItemRow[]> {
    return this.dataSource.query<MarketItemRow[]>(
      `SELECT i.id, i.lot_id, i.cpv_code, c.label_de AS label, i.unit, i.quantity::text AS quantity, i.delivery_ags
       FROM tender_items i JOIN cpv_codes c ON c.code = i.cpv_code WHERE i.tender_id = ANY($1::uuid[]) ORDER BY i.position`,
      [tenderIds],
    );
  }

  /** those of these keys that name a district (or a city that is one) */
  async knownDistrictKeys(districtKeys: readonly string[]): Promise<Set<string>> {
    const rows = await this.dataSource.query<Array<{ district_key: string }>>(
      `SELECT DISTINCT district_key FROM organisations WHERE district_key = ANY($1::bpchar[]) AND type IN ('district', 'city')`,
      [districtKeys],
    );
    return new Set(rows.map((r) => r.district_key));
  }

  insertSubscription(
    supplierOrganisationId: string,
    cpvPrefixes: readonly string[],
    districtKeys: readonly string[],
  ): Promise<{ id: string; created_at: Date }> {
    return queryOne<{ id: string; created_at: Date }>(
      this.dataSource,
      `INSERT INTO supplier_subscriptions (supplier_organisation_id, cpv_prefixes, district_keys) VALUES ($1, $2, $3) RETURNING id, created_at`,
      [supplierOrganisationId, cpvPrefixes, districtKeys],
    );
  }

  /** a supplier's subscriptions, oldest first */
  subscriptionsOf(supplierOrganisationId: string): Promise<SubscriptionRow[]> {
    return this.dataSource.query<SubscriptionRow[]>(
      `SELECT id, cpv_prefixes, district_keys, created_at FROM supplier_subscriptions WHERE supplier_organisation_id = $1 ORDER BY created_at, id`,
      [supplierOrganisationId],
    );
  }

  /** false when the supplier has no such subscription */
  async deleteSubscription(supplierOrganisationId: string, id: string): Promise<boolean> {
    const removed = await queryRows(
      this.dataSource,
      `DELETE FROM supplier_subscriptions WHERE id = $1 AND supplier_organisation_id = $2 RETURNING id`,
      [id, supplierOrganisationId],
    );
    return removed.length > 0;
  }

  /**
   * One notification of a published tender per supplier whose subscription matches it: an item
   * under one of its CPV prefixes and, if it names districts, a delivery place in one of them.
   * Idempotent (one per supplier and tender); returns how many it added.
   */
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
