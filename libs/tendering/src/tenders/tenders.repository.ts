import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  formatScaled,
  LotToPlace,
  ParameterToPlace,
  PlacedCriterion,
  ScoringRule,
  TenderPhase,
  ThresholdCategory,
} from '@buendel/domain';
import { Page, PageRequest } from '@buendel/http';
import { queryOne, queryPage, queryRows } from '@buendel/persistence';
import { PlannedLot, ShareRow } from './tender-lots';
import { CriterionRow, ItemRow, LotRow, TENDER_COLUMNS, TenderListRow, TenderParts, TenderRow } from './tender.view';

/** the bundle a tender is made from, as the tender's rules need it */
export interface TenderBundleRow {
  title: string;
  threshold_category: ThresholdCategory;
  mandatory_criteria: string[];
}

export interface NewTenderRow {
  bundleId: string;
  coordinatorOrganisationId: string;
  title: string;
  description: string | null;
  procedureType: string;
  regime: unknown;
  estimatedValueCents: number;
  priceWeight: number;
  submissionDeadline: Date;
  createdBy: string;
}

/** who lists tenders: a public body sees those it runs or takes part in, a supplier the published ones */
export interface TenderListViewer {
  organisationId: string;
  supplier: boolean;
}

export interface TenderListFilter {
  status?: string;
  bundleId?: string;
}

/**
 * Why this file has more than 400 lines: it is the one repository of the tenders context (issue
 * 9: one repository per context, one named method per statement), some thirty short statements
 * on tenders, their lots, items, shares and criteria; split by table, a service's transaction
 * would need several repositories for one rule and the statements on one row would be apart.
 *
 * The SQL of tenders, their lots, items, shares and criteria: one named method per statement.
 * Every method runs in the EntityManager it is given (the caller's transaction, or the data
 * source's manager for a read), so that services read as rules and decide the transactions.
 */
@Injectable()
export class TendersRepository {
  /** the tender, or undefined when there is none (a database error still throws) */
  async find(db: EntityManager, id: string, lock: '' | 'FOR UPDATE' = ''): Promise<TenderRow | undefined> {
    const [row] = await db.query<TenderRow[]>(`SELECT ${TENDER_COLUMNS} FROM tenders t WHERE t.id = $1 ${lock}`, [id]);
    return row;
  }

  /**
   * A page of the tenders the viewer sees, the newest first: a public body those it coordinates
   * or holds a share of, a supplier those published (never a draft, whatever the filter says).
   */
  page(
    db: EntityManager,
    viewer: TenderListViewer,
    filter: TenderListFilter,
    request: PageRequest,
  ): Promise<Page<TenderListRow>> {
    const params: unknown[] = [];
    const org = () => `$${params.push(viewer.organisationId)}::uuid`;
    const conditions = viewer.supplier
      ? [`t.published_at IS NOT NULL`, `t.status <> 'draft'`]
      : [
          `(t.coordinator_organisation_id = ${org()}
            OR EXISTS (SELECT 1 FROM tender_item_shares s WHERE s.tender_id = t.id AND s.organisation_id = $${params.length}::uuid))`,
        ];
    if (filter.status) conditions.push(`t.status = $${params.push(filter.status)}`);
    if (filter.bundleId) conditions.push(`t.bundle_id = $${params.push(filter.bundleId)}::uuid`);
    return queryPage(
      db,
      request,
      {
        select: `SELECT ${TENDER_COLUMNS}, o.name AS coordinator_name,
                   (SELECT count(*)::int FROM tender_lots l WHERE l.tender_id = t.id) AS lot_count
                 FROM tenders t JOIN organisations o ON o.id = t.coordinator_organisation_id`,
        countFrom: 'tenders t',
        where: conditions.join(' AND '),
        whereParams: params,
        orderBy: 't.created_at DESC, t.id',
      },
      (row: TenderListRow) => row,
    );
  }

  async idOfBundle(db: EntityManager, bundleId: string): Promise<string | undefined> {
    const [row] = await db.query<Array<{ id: string }>>(`SELECT id FROM tenders WHERE bundle_id = $1`, [bundleId]);
    return row?.id;
  }

  async bundle(db: EntityManager, bundleId: string): Promise<TenderBundleRow> {
    return queryOne<TenderBundleRow>(
      db,
      `SELECT title, threshold_category, mandatory_criteria FROM bundles WHERE id = $1`,
      [bundleId],
    );
  }

  /** The participations of a closed bundle, per organisation and cell (the volumes are frozen). */
  async frozenShares(db: EntityManager, bundleId: string): Promise<ShareRow[]> {
    return db.query<ShareRow[]>(
      `SELECT d.cpv_code, d.unit, d.specification_key, d.specification_text, d.district_key, p.organisation_id,
              sum(d.quantity)::text AS quantity, sum(d.estimated_value_cents)::text AS value,
              array_agg(DISTINCT d.delivery_ags ORDER BY d.delivery_ags) AS delivery_ags
       FROM bundle_participations p JOIN demands d ON d.id = p.demand_id
       WHERE p.bundle_id = $1
       GROUP BY d.cpv_code, d.unit, d.specification_key, d.specification_text, d.district_key, p.organisation_id
       ORDER BY d.cpv_code, d.unit, d.specification_key, d.district_key, p.organisation_id`,
      [bundleId],
    );
  }

  /** the catalogue's phases and CPV scope (null: any product) per criterion code */
  async criterionCatalogue(
    db: EntityManager,
  ): Promise<Map<string, { phases: TenderPhase[]; cpvPrefixes: string[] | null; parameter: ParameterToPlace | null }>> {
    const rows = await db.query<
      Array<{ code: string; phases: TenderPhase[]; cpv_prefixes: string[] | null; parameter: ParameterToPlace | null }>
    >(`SELECT code, phases, cpv_prefixes, parameter FROM sustainability_criteria`);
    return new Map(
      rows.map((c) => [c.code, { phases: c.phases, cpvPrefixes: c.cpv_prefixes, parameter: c.parameter }]),
    );
  }

  /** the keys, titles and CPV codes of the tender's lots, for placing criteria on them */
  async lotsToPlace(db: EntityManager, tenderId: string): Promise<LotToPlace[]> {
    const rows = await db.query<Array<{ key: string; title: string; cpv_codes: string[] }>>(
      `SELECT l.key, l.title, array_agg(DISTINCT i.cpv_code ORDER BY i.cpv_code) AS cpv_codes
       FROM tender_lots l JOIN tender_items i ON i.lot_id = l.id
       WHERE l.tender_id = $1 GROUP BY l.id, l.key, l.title, l.position ORDER BY l.position`,
      [tenderId],
    );
    return rows.map((r) => ({ key: r.key, title: r.title, cpvCodes: r.cpv_codes }));
  }

  async insert(db: EntityManager, t: NewTenderRow): Promise<string> {
    const { id } = await queryOne<{ id: string }>(
      db,
      `INSERT INTO tenders (bundle_id, coordinator_organisation_id, status, title, description, procedure_type, regime,
         estimated_value_cents, price_weight, submission_deadline, created_by)
       VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        t.bundleId,
        t.coordinatorOrganisationId,
        t.title,
        t.description,
        t.procedureType,
        JSON.stringify(t.regime),
        t.estimatedValueCents,
        t.priceWeight,
        t.submissionDeadline,
        t.createdBy,
      ],
    );
    return id;
  }

  /** Replaces the lots, items and shares of a draft tender with the plan. */
  async replaceLots(db: EntityManager, tenderId: string, lots: PlannedLot[]): Promise<void> {
    await db.query(`DELETE FROM tender_lots WHERE tender_id = $1`, [tenderId]);
    for (const [position, lot] of lots.entries()) {
      const [{ id: lotId }] = await db.query<Array<{ id: string }>>(
        `INSERT INTO tender_lots (tender_id, key, title, position, estimated_value_cents) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [tenderId, lot.key, lot.title, position, lot.valueCents],
      );
      for (const [itemPosition, item] of lot.items.entries()) {
        const [{ id: itemId }] = await db.query<Array<{ id: string }>>(
          `INSERT INTO tender_items (tender_id, lot_id, cpv_code, unit, quantity, estimated_value_cents, delivery_ags, position,
             specification_key, specification_text, district_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
          [
            tenderId,
            lotId,
            item.cpvCode,
            item.unit,
            formatScaled(item.quantityMilli, 3),
            item.valueCents,
            item.deliveryAgs,
            itemPosition,
            item.specificationKey,
            item.specificationText,
            item.districtKey,
          ],
        );
        await db.query(
          `INSERT INTO tender_item_shares (item_id, organisation_id, tender_id, quantity, estimated_value_cents)
           SELECT $1, o, $2, q, v FROM unnest($3::uuid[], $4::numeric[], $5::bigint[]) AS s(o, q, v)`,
          [
            itemId,
            tenderId,
            item.shares.map((s) => s.organisationId),
            item.shares.map((s) => formatScaled(s.quantityMilli, 3)),
            item.shares.map((s) => s.valueCents),
          ],
        );
      }
    }
  }

  async replaceCriteria(db: EntityManager, tenderId: string, criteria: PlacedCriterion[]): Promise<void> {
    await db.query(`DELETE FROM tender_criteria WHERE tender_id = $1`, [tenderId]);
    await db.query(
      `INSERT INTO tender_criteria (tender_id, code, phase, weight, detail, lot_keys, value, scoring)
       SELECT $1, c, p, w, d, CASE WHEN k IS NULL THEN NULL ELSE string_to_array(k, '|') END, v, r::jsonb
       FROM unnest($2::text[], $3::text[], $4::numeric[], $5::text[], $6::text[], $7::numeric[], $8::text[])
         AS s(c, p, w, d, k, v, r)`,
      [
        tenderId,
        criteria.map((c) => c.code),
        criteria.map((c) => c.phase),
        criteria.map((c) => c.weight ?? null),
        criteria.map((c) => c.detail ?? null),
        criteria.map((c) => (c.lotKeys ? c.lotKeys.join('|') : null)),
        criteria.map((c) => c.value ?? null),
        criteria.map((c) => (c.scoring ? JSON.stringify(c.scoring) : null)),
      ],
    );
  }

  /** the criteria as placed, for a re-placement that keeps them */
  async placedCriteria(db: EntityManager, tenderId: string): Promise<PlacedCriterion[]> {
    const rows = await db.query<
      Array<{
        code: string;
        phase: TenderPhase;
        weight: string | null;
        detail: string | null;
        lot_keys: string[] | null;
        value: string | null;
        scoring: ScoringRule | null;
      }>
    >(
      `SELECT code, phase, weight::text AS weight, detail, lot_keys, value::text AS value, scoring
       FROM tender_criteria WHERE tender_id = $1`,
      [tenderId],
    );
    return rows.map((c) => ({
      code: c.code,
      phase: c.phase,
      weight: c.weight === null ? undefined : Number(c.weight),
      detail: c.detail ?? undefined,
      lotKeys: c.lot_keys,
      value: c.value === null ? null : Number(c.value),
      scoring: c.scoring,
    }));
  }

  /** renames the lot of the tender; its old title, or undefined when the tender has no such lot */
  async renameLot(db: EntityManager, tenderId: string, lotId: string, title: string): Promise<string | undefined> {
    const [row] = await queryRows<{ before: string }>(
      db,
      `UPDATE tender_lots l SET title = $3 FROM tender_lots old
       WHERE l.id = $2 AND l.tender_id = $1 AND old.id = l.id RETURNING old.title AS before`,
      [tenderId, lotId, title],
    );
    return row?.before;
  }

  async setPriceWeight(db: EntityManager, tenderId: string, priceWeight: number): Promise<void> {
    await db.query(`UPDATE tenders SET price_weight = $2 WHERE id = $1`, [tenderId, priceWeight]);
  }

  /** title, description and deadline where given; the estimated value from the lots */
  async updateDraft(
    db: EntityManager,
    tenderId: string,
    fields: { title: string | null; description: string | null; submissionDeadline: Date | null },
  ): Promise<void> {
    await db.query(
      `UPDATE tenders SET title = coalesce($2, title), description = coalesce($3, description),
         submission_deadline = coalesce($4, submission_deadline),
         estimated_value_cents = (SELECT coalesce(sum(estimated_value_cents), 0) FROM tender_lots WHERE tender_id = $1),
         updated_at = now()
       WHERE id = $1`,
      [tenderId, fields.title, fields.description, fields.submissionDeadline],
    );
  }

  async markPublished(db: EntityManager, tenderId: string, regime: unknown, procedureType: string): Promise<void> {
    await db.query(
      `UPDATE tenders SET status = 'published', published_at = now(), regime = $2, procedure_type = $3, updated_at = now() WHERE id = $1`,
      [tenderId, JSON.stringify(regime), procedureType],
    );
  }

  async markCancelled(db: EntityManager, tenderId: string): Promise<void> {
    await db.query(`UPDATE tenders SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE id = $1`, [
      tenderId,
    ]);
  }

  /** the tender, locked, if it is published and its submission deadline has passed */
  async lockDueForOpening(db: EntityManager, tenderId: string): Promise<boolean> {
    const [due] = await db.query<Array<{ id: string }>>(
      `SELECT id FROM tenders WHERE id = $1 AND status = 'published' AND submission_deadline <= now()
         AND regime->>'scope' <> 'EU' FOR UPDATE`,
      [tenderId],
    );
    return due !== undefined;
  }

  /** the first person of an EU opening (and the witness it names) */
  async startOpening(db: EntityManager, tenderId: string, userId: string, witnessId: string | null): Promise<void> {
    await db.query(
      `UPDATE tenders SET opening_started_by = $2, opening_started_at = now(), opening_witness_id = $3, updated_at = now()
       WHERE id = $1`,
      [tenderId, userId, witnessId],
    );
  }

  async openingOf(
    db: EntityManager,
    tenderId: string,
  ): Promise<{
    started_by: string | null;
    started_at: Date | null;
    witness_id: string | null;
    past_deadline: boolean;
  }> {
    return queryOne(
      db,
      `SELECT opening_started_by AS started_by, opening_started_at AS started_at, opening_witness_id AS witness_id,
              submission_deadline <= now() AS past_deadline
       FROM tenders WHERE id = $1`,
      [tenderId],
    );
  }

  async confirmOpening(db: EntityManager, tenderId: string, userId: string): Promise<void> {
    await db.query(`UPDATE tenders SET opening_confirmed_by = $2 WHERE id = $1`, [tenderId, userId]);
  }

  /** a user of the organisation, with its name for the record */
  /** who began the two-person opening and whom it named to confirm (the tender's page shows both) */
  async openingPeople(
    db: EntityManager,
    tenderId: string,
  ): Promise<{
    started_at: Date | null;
    started_by: string | null;
    started_by_name: string | null;
    witness_id: string | null;
    witness_name: string | null;
  }> {
    return queryOne(
      db,
      `SELECT t.opening_started_at AS started_at, s.id AS started_by, s.name AS started_by_name,
              w.id AS witness_id, w.name AS witness_name
       FROM tenders t
       LEFT JOIN users s ON s.id = t.opening_started_by
       LEFT JOIN users w ON w.id = t.opening_witness_id
       WHERE t.id = $1`,
      [tenderId],
    );
  }

  async userOfOrganisation(
    db: EntityManager,
    userId: string,
    organisationId: string,
  ): Promise<{ id: string; email: string } | undefined> {
    const [row] = await db.query<Array<{ id: string; email: string }>>(
      `SELECT id, email FROM users WHERE id = $1 AND organisation_id = $2`,
      [userId, organisationId],
    );
    return row;
  }

  async markOpened(db: EntityManager, tenderId: string): Promise<void> {
    await db.query(`UPDATE tenders SET status = 'opened', opened_at = now(), updated_at = now() WHERE id = $1`, [
      tenderId,
    ]);
  }

  /** how many offers each lot received (the opening record: how many, not what they say) */
  async offersPerLot(
    db: EntityManager,
    tenderId: string,
  ): Promise<Array<{ key: string; title: string; offers: number }>> {
    return db.query<Array<{ key: string; title: string; offers: number }>>(
      `SELECT l.key, l.title, count(o.id)::int AS offers FROM tender_lots l LEFT JOIN offers o ON o.lot_id = l.id
       WHERE l.tender_id = $1 GROUP BY l.key, l.title, l.position ORDER BY l.position`,
      [tenderId],
    );
  }

  /** the organisations that take part in the tender (hold a share), and its coordinator */
  async participatingOrganisations(db: EntityManager, tenderId: string): Promise<string[]> {
    const rows = await db.query<Array<{ organisation_id: string }>>(
      `SELECT organisation_id FROM tender_item_shares WHERE tender_id = $1
       UNION SELECT coordinator_organisation_id FROM tenders WHERE id = $1 ORDER BY 1`,
      [tenderId],
    );
    return rows.map((r) => r.organisation_id);
  }

  /** the bidders of the tender with the titles of the lots they bid on */
  async bidders(db: EntityManager, tenderId: string): Promise<Array<{ organisation_id: string; lots: string[] }>> {
    return db.query<Array<{ organisation_id: string; lots: string[] }>>(
      `SELECT o.supplier_organisation_id AS organisation_id, array_agg(l.title ORDER BY l.position) AS lots
       FROM offers o JOIN tender_lots l ON l.id = o.lot_id WHERE o.tender_id = $1
       GROUP BY o.supplier_organisation_id ORDER BY 1`,
      [tenderId],
    );
  }

  /** the display names of these users, in this order */
  async userNames(db: EntityManager, userIds: readonly string[]): Promise<string[]> {
    const rows = await db.query<Array<{ id: string; name: string }>>(
      `SELECT id, name FROM users WHERE id = ANY($1::uuid[])`,
      [userIds],
    );
    const byId = new Map(rows.map((r) => [r.id, r.name]));
    return userIds.map((id) => byId.get(id) ?? '').filter(Boolean);
  }

  async dueForOpening(db: EntityManager, limit: number): Promise<string[]> {
    const rows = await db.query<Array<{ id: string }>>(
      `SELECT id FROM tenders WHERE status = 'published' AND submission_deadline <= now() AND regime->>'scope' <> 'EU'
       ORDER BY submission_deadline LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  async publishedDeadlines(db: EntityManager): Promise<Array<{ id: string; submission_deadline: Date }>> {
    return db.query(`SELECT id, submission_deadline FROM tenders WHERE status = 'published'`);
  }

  /** whether the organisation holds a share of the tender (takes part in it) */
  async isParticipant(db: EntityManager, tenderId: string, organisationId: string): Promise<boolean> {
    const [share] = await db.query<Array<{ one: number }>>(
      `SELECT 1 AS one FROM tender_item_shares WHERE tender_id = $1 AND organisation_id = $2 LIMIT 1`,
      [tenderId, organisationId],
    );
    return share !== undefined;
  }

  /** the tender's lots, items and criteria, in their order */
  async parts(db: EntityManager, tenderId: string): Promise<TenderParts> {
    const lots = await db.query<LotRow[]>(
      `SELECT id, key, title, position, estimated_value_cents, status FROM tender_lots WHERE tender_id = $1 ORDER BY position`,
      [tenderId],
    );
    const items = await db.query<ItemRow[]>(
      `SELECT i.id, i.lot_id, i.cpv_code, c.label_de AS cpv_label, i.unit, coalesce(u.name_de, u.name_en) AS unit_name,
              i.quantity::text AS quantity, i.estimated_value_cents, i.delivery_ags, i.specification_key,
              i.specification_text, i.district_key
       FROM tender_items i JOIN cpv_codes c ON c.code = i.cpv_code JOIN units u ON u.code = i.unit
       WHERE i.tender_id = $1 ORDER BY i.position`,
      [tenderId],
    );
    const criteria = await db.query<CriterionRow[]>(
      `SELECT tc.code, sc.name_de AS name, tc.phase, tc.weight::text AS weight, tc.detail, tc.lot_keys,
              tc.value::text AS value, tc.scoring, sc.parameter->>'better' AS better, sc.parameter->>'unit' AS unit
       FROM tender_criteria tc JOIN sustainability_criteria sc ON sc.code = tc.code
       WHERE tc.tender_id = $1
       ORDER BY array_position(ARRAY['specification', 'qualification', 'award', 'performance'], tc.phase), tc.code`,
      [tenderId],
    );
    return { lots, items, criteria };
  }

  // --- the bundle and its demands, as the tender moves on ---

  async markBundleTendering(db: EntityManager, bundleId: string): Promise<void> {
    await db.query(`UPDATE bundles SET status = 'tendering', updated_at = now() WHERE id = $1`, [bundleId]);
  }

  async markBundleDemandsTendered(db: EntityManager, bundleId: string): Promise<void> {
    await db.query(
      `UPDATE demands SET status = 'tendered', updated_at = now() WHERE id IN (SELECT demand_id FROM bundle_participations WHERE bundle_id = $1)`,
      [bundleId],
    );
  }

  /** removes the bundle's participations and returns the demands they held */
  async releaseParticipations(db: EntityManager, bundleId: string): Promise<string[]> {
    const rows = await queryRows<{ demand_id: string }>(
      db,
      `DELETE FROM bundle_participations WHERE bundle_id = $1 RETURNING demand_id`,
      [bundleId],
    );
    return rows.map((r) => r.demand_id);
  }

  /**
   * Removes the participations of the demands delivered in the tender's unsuccessful lots (a
   * demand belongs to the lot whose item has its CPV code, unit, specification and delivery place) and returns
   * them with their organisation and lot.
   */
  async releaseDemandsOfUnsuccessfulLots(
    db: EntityManager,
    tenderId: string,
    bundleId: string,
  ): Promise<
    Array<{ demand_id: string; organisation_id: string; lot_id: string; lot_key: string; lot_title: string }>
  > {
    return queryRows(
      db,
      `WITH released AS (
         SELECT DISTINCT p.demand_id, p.organisation_id, l.id AS lot_id, l.key AS lot_key, l.title AS lot_title
         FROM bundle_participations p JOIN demands d ON d.id = p.demand_id
         JOIN tender_items i ON i.tender_id = $1 AND i.cpv_code = d.cpv_code AND i.unit = d.unit
                              AND i.specification_key IS NOT DISTINCT FROM d.specification_key
                              AND d.delivery_ags::text = ANY(i.delivery_ags)
         JOIN tender_lots l ON l.id = i.lot_id AND l.status = 'unsuccessful'
         WHERE p.bundle_id = $2),
       gone AS (DELETE FROM bundle_participations p USING released r WHERE p.demand_id = r.demand_id RETURNING p.demand_id)
       SELECT r.* FROM released r JOIN gone g ON g.demand_id = r.demand_id ORDER BY r.lot_key, r.demand_id`,
      [tenderId, bundleId],
    );
  }

  /** one notification per organisation whose demands went back to open (idempotent per subject) */
  async notifyDemandsReleased(
    db: EntityManager,
    subjectId: string,
    kind: 'tender.lot.unsuccessful' | 'tender.cancelled',
    title: string,
    released: Array<{ organisationId: string; demandIds: string[] }>,
  ): Promise<void> {
    await db.query(
      `INSERT INTO notifications (organisation_id, kind, subject_id, title, data)
       SELECT o, $2, $1::uuid, $3, jsonb_build_object('demandIds', to_jsonb(string_to_array(d, ',')))
       FROM unnest($4::uuid[], $5::text[]) AS s(o, d)
       ON CONFLICT (organisation_id, kind, subject_id) DO NOTHING`,
      [subjectId, kind, title, released.map((r) => r.organisationId), released.map((r) => r.demandIds.join(','))],
    );
  }

  async ownersOfDemands(
    db: EntityManager,
    demandIds: string[],
  ): Promise<Array<{ id: string; organisation_id: string }>> {
    return queryRows(db, `SELECT id, organisation_id FROM demands WHERE id = ANY($1::uuid[]) ORDER BY id`, [demandIds]);
  }

  async reopenDemands(db: EntityManager, demandIds: string[]): Promise<void> {
    await db.query(`UPDATE demands SET status = 'open', updated_at = now() WHERE id = ANY($1::uuid[])`, [demandIds]);
  }

  async markBundleCancelled(db: EntityManager, bundleId: string): Promise<void> {
    await db.query(`UPDATE bundles SET status = 'cancelled', updated_at = now() WHERE id = $1`, [bundleId]);
  }

  /** the bundle's delivery window (`YYYY-MM-DD`): the lots' contract period */
  async bundlePeriod(db: EntityManager, bundleId: string): Promise<{ delivery_from: string; delivery_to: string }> {
    const [row] = await db.query<Array<{ delivery_from: string; delivery_to: string }>>(
      `SELECT to_char(delivery_from, 'YYYY-MM-DD') AS delivery_from, to_char(delivery_to, 'YYYY-MM-DD') AS delivery_to
       FROM bundles WHERE id = $1`,
      [bundleId],
    );
    if (!row) throw new Error(`bundle ${bundleId} missing`);
    return row;
  }
}
