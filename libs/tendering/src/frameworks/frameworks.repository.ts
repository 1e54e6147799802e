import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryOne, queryRows } from '@buendel/persistence';

export interface FrameworkPlanRow {
  tender_id: string;
  term_from: string;
  term_to: string;
  term_reason: string | null;
  suppliers_per_lot: number;
  maximum_percent: number;
  maxima: Array<{ organisationId: string; itemId: string; maximumQuantity: number }>;
}

export interface ShareRow {
  lot_id: string;
  lot_key: string;
  item_id: string;
  cpv_code: string;
  cpv_label: string;
  unit: string;
  organisation_id: string;
  organisation_name: string;
  quantity: string;
  estimated_value_cents: string;
}

export interface FrameworkRow {
  id: string;
  tender_id: string;
  number: string;
  coordinator_organisation_id: string;
  coordinator_name: string;
  title: string;
  status: 'active' | 'expired' | 'exhausted';
  term_from: string;
  term_to: string;
  term_reason: string | null;
  suppliers_per_lot: number;
  concluded_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
  expiry_warned_at: Date | null;
}

export interface FrameworkSupplierRow {
  lot_id: string;
  lot_key: string;
  lot_title: string;
  supplier_organisation_id: string;
  supplier_name: string;
  rank: number;
  offer_id: string;
  prices: Record<string, number>;
}

export interface QuantityRow {
  id: string;
  lot_id: string;
  lot_key: string;
  item_id: string;
  cpv_code: string;
  cpv_label: string;
  unit: string;
  organisation_id: string;
  organisation_name: string;
  estimated_quantity: string;
  maximum_quantity: string;
  called_off_quantity: string;
  ordered_quantity: string;
  delivered_quantity: string;
}

export interface ReservedRow {
  id: string;
  item_id: string;
  before: string;
  after: string;
  maximum_quantity: string;
}

export interface CallOffRow {
  id: string;
  framework_id: string;
  lot_id: string;
  lot_key: string;
  number: string;
  organisation_id: string;
  organisation_name: string;
  method: 'direct' | 'ranking' | 'mini-competition';
  status: 'offered' | 'competition' | 'ordered' | 'failed' | 'cancelled';
  supplier_organisation_id: string | null;
  supplier_name: string | null;
  offered_rank: number | null;
  submission_deadline: Date | null;
  value_cents: string | null;
  note: string | null;
  created_at: Date;
  ordered_at: Date | null;
}

export interface CallOffContractRow extends CallOffRow {
  framework_number: string;
  framework_title: string;
  lot_title: string;
}

export interface CallOffItemRow {
  call_off_id: string;
  item_id: string;
  cpv_code: string;
  cpv_label: string;
  unit: string;
  quantity: string;
  unit_price_eur: string | null;
  delivered_quantity: string;
}

export interface CallOffOfferRow {
  id: string;
  call_off_id: string;
  supplier_organisation_id: string;
  supplier_name: string;
  version: number;
  ciphertext: Buffer;
  iv: Buffer;
  auth_tag: Buffer;
  key_id: string;
  submitted_at: Date;
}

/** who reads a framework: its coordinator, a participant, a supplier */
export type FrameworkScope =
  | { kind: 'coordinator' }
  | { kind: 'participant'; organisationId: string }
  | { kind: 'supplier'; organisationId: string };

const FRAMEWORK_COLUMNS = `f.id, f.tender_id, f.number, f.coordinator_organisation_id, c.name AS coordinator_name, f.title, f.status,
  to_char(f.term_from, 'YYYY-MM-DD') AS term_from, to_char(f.term_to, 'YYYY-MM-DD') AS term_to, f.term_reason,
  f.suppliers_per_lot, f.concluded_at, f.ended_at, f.end_reason, f.expiry_warned_at`;

const CALL_OFF_COLUMNS = `a.id, a.framework_id, a.lot_id, l.key AS lot_key, a.number, a.organisation_id, o.name AS organisation_name,
  a.method, a.status, a.supplier_organisation_id, s.name AS supplier_name, a.offered_rank, a.submission_deadline,
  a.value_cents::text AS value_cents, a.note, a.created_at, a.ordered_at`;

/** a call-off is a contract once it was ordered from a supplier (it stays one, cancelled, for the record) */
const CALL_OFF_CONTRACT_FILTER = `a.ordered_at IS NOT NULL AND a.supplier_organisation_id IS NOT NULL
  AND (a.organisation_id = $1 OR a.supplier_organisation_id = $1 OR f.coordinator_organisation_id = $1)`;

const CALL_OFF_FROM = `framework_call_offs a JOIN tender_lots l ON l.id = a.lot_id JOIN organisations o ON o.id = a.organisation_id
  LEFT JOIN organisations s ON s.id = a.supplier_organisation_id`;

/**
 * Why this file has more than 400 lines: it is the one repository of the frameworks context (issue
 * 9: one repository per context, one named method per statement), some forty short statements on
 * the plan, the framework, its suppliers, the maxima and the call-offs. A call-off reserves and
 * releases quantities of the maxima in the same transaction as its own rows, so the statements on
 * both stay side by side, as in tenders.repository.ts.
 *
 * The SQL of framework agreements and their call-offs: one named method per statement.
 */
@Injectable()
export class FrameworksRepository {
  // ---- the plan on the tender

  async plan(db: EntityManager, tenderId: string): Promise<FrameworkPlanRow | undefined> {
    const [row] = await db.query<FrameworkPlanRow[]>(
      `SELECT tender_id, to_char(term_from, 'YYYY-MM-DD') AS term_from, to_char(term_to, 'YYYY-MM-DD') AS term_to, term_reason,
              suppliers_per_lot, maximum_percent, maxima
       FROM tender_frameworks WHERE tender_id = $1`,
      [tenderId],
    );
    return row;
  }

  async savePlan(db: EntityManager, plan: FrameworkPlanRow): Promise<void> {
    await db.query(
      `INSERT INTO tender_frameworks (tender_id, term_from, term_to, term_reason, suppliers_per_lot, maximum_percent, maxima)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (tender_id) DO UPDATE SET term_from = EXCLUDED.term_from, term_to = EXCLUDED.term_to,
         term_reason = EXCLUDED.term_reason, suppliers_per_lot = EXCLUDED.suppliers_per_lot,
         maximum_percent = EXCLUDED.maximum_percent, maxima = EXCLUDED.maxima, updated_at = now()`,
      [
        plan.tender_id,
        plan.term_from,
        plan.term_to,
        plan.term_reason,
        plan.suppliers_per_lot,
        plan.maximum_percent,
        JSON.stringify(plan.maxima),
      ],
    );
  }

  /** what each participant brings to each item of the tender (optionally of one lot), in lot and item order */
  async shares(db: EntityManager, tenderId: string, lotId?: string): Promise<ShareRow[]> {
    return db.query<ShareRow[]>(
      `SELECT i.lot_id, l.key AS lot_key, s.item_id, i.cpv_code, coalesce(cpv.label_de, i.cpv_code) AS cpv_label, i.unit,
              s.organisation_id, o.name AS organisation_name, s.quantity::text AS quantity,
              s.estimated_value_cents::text AS estimated_value_cents
       FROM tender_item_shares s JOIN tender_items i ON i.id = s.item_id JOIN tender_lots l ON l.id = i.lot_id
       JOIN organisations o ON o.id = s.organisation_id LEFT JOIN cpv_codes cpv ON cpv.code = i.cpv_code
       WHERE s.tender_id = $1 AND ($2::uuid IS NULL OR i.lot_id = $2)
       ORDER BY l.position, i.position, o.name, s.organisation_id`,
      [tenderId, lotId ?? null],
    );
  }

  // ---- the framework in force

  /** the framework of a tender, made once (a second lot's conclusion finds it) */
  async ensureFramework(
    db: EntityManager,
    f: {
      tenderId: string;
      number: string;
      coordinatorOrganisationId: string;
      title: string;
      termFrom: string;
      termTo: string;
      termReason: string | null;
      suppliersPerLot: number;
      concludedAt: Date;
    },
  ): Promise<{ id: string; created: boolean }> {
    const [made] = await db.query<Array<{ id: string }>>(
      `INSERT INTO frameworks (tender_id, number, coordinator_organisation_id, title, term_from, term_to, term_reason,
         suppliers_per_lot, concluded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tender_id) DO NOTHING RETURNING id`,
      [
        f.tenderId,
        f.number,
        f.coordinatorOrganisationId,
        f.title,
        f.termFrom,
        f.termTo,
        f.termReason,
        f.suppliersPerLot,
        f.concludedAt,
      ],
    );
    if (made) return { id: made.id, created: true };
    const row = await queryOne<{ id: string }>(db, `SELECT id FROM frameworks WHERE tender_id = $1`, [f.tenderId]);
    return { id: row.id, created: false };
  }

  async insertSuppliers(
    db: EntityManager,
    frameworkId: string,
    lotId: string,
    suppliers: Array<{ supplierOrganisationId: string; rank: number; offerId: string; prices: Record<string, number> }>,
  ): Promise<void> {
    await db.query(
      `INSERT INTO framework_suppliers (framework_id, lot_id, supplier_organisation_id, rank, offer_id, prices)
       SELECT $1, $2, s, r, o, p FROM unnest($3::uuid[], $4::int[], $5::uuid[], $6::jsonb[]) AS x(s, r, o, p)
       ON CONFLICT DO NOTHING`,
      [
        frameworkId,
        lotId,
        suppliers.map((s) => s.supplierOrganisationId),
        suppliers.map((s) => s.rank),
        suppliers.map((s) => s.offerId),
        suppliers.map((s) => JSON.stringify(s.prices)),
      ],
    );
  }

  async insertQuantities(
    db: EntityManager,
    frameworkId: string,
    rows: Array<{ lotId: string; itemId: string; organisationId: string; estimated: string; maximum: string }>,
  ): Promise<void> {
    await db.query(
      `INSERT INTO framework_quantities (framework_id, lot_id, item_id, organisation_id, estimated_quantity, maximum_quantity)
       SELECT $1, l, i, o, e, m FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::numeric[], $6::numeric[]) AS x(l, i, o, e, m)
       ON CONFLICT (framework_id, item_id, organisation_id) DO NOTHING`,
      [
        frameworkId,
        rows.map((r) => r.lotId),
        rows.map((r) => r.itemId),
        rows.map((r) => r.organisationId),
        rows.map((r) => r.estimated),
        rows.map((r) => r.maximum),
      ],
    );
  }

  async find(db: EntityManager, id: string): Promise<FrameworkRow | undefined> {
    const [row] = await db.query<FrameworkRow[]>(
      `SELECT ${FRAMEWORK_COLUMNS} FROM frameworks f JOIN organisations c ON c.id = f.coordinator_organisation_id WHERE f.id = $1`,
      [id],
    );
    return row;
  }

  async idOfTender(db: EntityManager, tenderId: string): Promise<string | undefined> {
    const [row] = await db.query<Array<{ id: string }>>(`SELECT id FROM frameworks WHERE tender_id = $1`, [tenderId]);
    return row?.id;
  }

  /** the frameworks an organisation runs, takes part in or supplies, newest first */
  async ofOrganisation(
    db: EntityManager,
    organisationId: string,
    limit: number,
    offset: number,
  ): Promise<FrameworkRow[]> {
    return db.query<FrameworkRow[]>(
      `SELECT ${FRAMEWORK_COLUMNS} FROM frameworks f JOIN organisations c ON c.id = f.coordinator_organisation_id
       WHERE f.coordinator_organisation_id = $1
          OR EXISTS (SELECT 1 FROM framework_quantities q WHERE q.framework_id = f.id AND q.organisation_id = $1)
          OR EXISTS (SELECT 1 FROM framework_suppliers s WHERE s.framework_id = f.id AND s.supplier_organisation_id = $1)
       ORDER BY f.concluded_at DESC, f.number LIMIT $2 OFFSET $3`,
      [organisationId, limit, offset],
    );
  }

  async countOfOrganisation(db: EntityManager, organisationId: string): Promise<number> {
    const row = await queryOne<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM frameworks f
       WHERE f.coordinator_organisation_id = $1
          OR EXISTS (SELECT 1 FROM framework_quantities q WHERE q.framework_id = f.id AND q.organisation_id = $1)
          OR EXISTS (SELECT 1 FROM framework_suppliers s WHERE s.framework_id = f.id AND s.supplier_organisation_id = $1)`,
      [organisationId],
    );
    return row.n;
  }

  async isParticipant(db: EntityManager, frameworkId: string, organisationId: string): Promise<boolean> {
    const [row] = await db.query<Array<{ one: number }>>(
      `SELECT 1 AS one FROM framework_quantities WHERE framework_id = $1 AND organisation_id = $2 LIMIT 1`,
      [frameworkId, organisationId],
    );
    return row !== undefined;
  }

  async isSupplier(db: EntityManager, frameworkId: string, organisationId: string): Promise<boolean> {
    const [row] = await db.query<Array<{ one: number }>>(
      `SELECT 1 AS one FROM framework_suppliers WHERE framework_id = $1 AND supplier_organisation_id = $2 LIMIT 1`,
      [frameworkId, organisationId],
    );
    return row !== undefined;
  }

  async suppliers(db: EntityManager, frameworkId: string): Promise<FrameworkSupplierRow[]> {
    return db.query<FrameworkSupplierRow[]>(
      `SELECT s.lot_id, l.key AS lot_key, l.title AS lot_title, s.supplier_organisation_id, o.name AS supplier_name, s.rank,
              s.offer_id, s.prices
       FROM framework_suppliers s JOIN tender_lots l ON l.id = s.lot_id JOIN organisations o ON o.id = s.supplier_organisation_id
       WHERE s.framework_id = $1 ORDER BY l.position, s.rank`,
      [frameworkId],
    );
  }

  /** every participant's estimate, maximum, call-offs and deliveries per item (of one organisation, or of lots it supplies) */
  async quantities(db: EntityManager, frameworkId: string, scope: FrameworkScope): Promise<QuantityRow[]> {
    const filter =
      scope.kind === 'coordinator'
        ? ''
        : scope.kind === 'participant'
          ? 'AND q.organisation_id = $2'
          : 'AND EXISTS (SELECT 1 FROM framework_suppliers fs WHERE fs.framework_id = q.framework_id AND fs.lot_id = q.lot_id AND fs.supplier_organisation_id = $2)';
    return db.query<QuantityRow[]>(
      `SELECT q.id, q.lot_id, l.key AS lot_key, q.item_id, i.cpv_code, coalesce(cpv.label_de, i.cpv_code) AS cpv_label, i.unit,
              q.organisation_id, o.name AS organisation_name, q.estimated_quantity::text AS estimated_quantity,
              q.maximum_quantity::text AS maximum_quantity, q.called_off_quantity::text AS called_off_quantity,
              coalesce(x.ordered, 0)::text AS ordered_quantity, coalesce(x.delivered, 0)::text AS delivered_quantity
       FROM framework_quantities q JOIN tender_items i ON i.id = q.item_id JOIN tender_lots l ON l.id = q.lot_id
       JOIN organisations o ON o.id = q.organisation_id LEFT JOIN cpv_codes cpv ON cpv.code = i.cpv_code
       LEFT JOIN LATERAL (
         SELECT sum(ci.quantity) AS ordered, sum(ci.delivered_quantity) AS delivered
         FROM framework_call_offs a JOIN framework_call_off_items ci ON ci.call_off_id = a.id
         WHERE a.framework_id = q.framework_id AND a.organisation_id = q.organisation_id AND ci.item_id = q.item_id
           AND a.status = 'ordered') x ON true
       WHERE q.framework_id = $1 ${filter}
       ORDER BY l.position, i.position, o.name, q.organisation_id`,
      scope.kind === 'coordinator' ? [frameworkId] : [frameworkId, scope.organisationId],
    );
  }

  /**
   * Reserves a call-off's quantity of one item within the maximum: one conditional UPDATE, so
   * that concurrent call-offs queue on the row's lock and each sees the others' quantities; no
   * row when the maximum would be passed.
   */
  async reserve(
    db: EntityManager,
    frameworkId: string,
    organisationId: string,
    itemId: string,
    quantity: string,
  ): Promise<ReservedRow | undefined> {
    const [row] = await queryRows<ReservedRow>(
      db,
      `UPDATE framework_quantities SET called_off_quantity = called_off_quantity + $4::numeric
       WHERE framework_id = $1 AND organisation_id = $2 AND item_id = $3
         AND called_off_quantity + $4::numeric <= maximum_quantity
       RETURNING id, item_id, (called_off_quantity - $4::numeric)::text AS before, called_off_quantity::text AS after,
                 maximum_quantity::text AS maximum_quantity`,
      [frameworkId, organisationId, itemId, quantity],
    );
    return row;
  }

  /** gives a failed or cancelled call-off's quantities back */
  async release(db: EntityManager, callOffId: string): Promise<void> {
    await db.query(
      `UPDATE framework_quantities q SET called_off_quantity = q.called_off_quantity - ci.quantity
       FROM framework_call_off_items ci JOIN framework_call_offs a ON a.id = ci.call_off_id
       WHERE ci.call_off_id = $1 AND q.framework_id = a.framework_id AND q.organisation_id = a.organisation_id
         AND q.item_id = ci.item_id`,
      [callOffId],
    );
  }

  async quantityOf(
    db: EntityManager,
    frameworkId: string,
    organisationId: string,
    itemId: string,
  ): Promise<{ maximum_quantity: string; called_off_quantity: string } | undefined> {
    const [row] = await db.query<Array<{ maximum_quantity: string; called_off_quantity: string }>>(
      `SELECT maximum_quantity::text AS maximum_quantity, called_off_quantity::text AS called_off_quantity
       FROM framework_quantities WHERE framework_id = $1 AND organisation_id = $2 AND item_id = $3`,
      [frameworkId, organisationId, itemId],
    );
    return row;
  }

  /** marks the 80 % warning of a quantity row as sent; false when it was sent already */
  async markWarned(db: EntityManager, quantityId: string, at: Date): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      db,
      `UPDATE framework_quantities SET warned_at = $2 WHERE id = $1 AND warned_at IS NULL RETURNING id`,
      [quantityId, at],
    );
    return rows.length > 0;
  }

  /** the next running number of a call-off, if the framework is still active */
  async nextCallOffNumber(db: EntityManager, frameworkId: string): Promise<number | undefined> {
    const [row] = await queryRows<{ n: number }>(
      db,
      `UPDATE frameworks SET call_off_count = call_off_count + 1 WHERE id = $1 AND status = 'active' RETURNING call_off_count AS n`,
      [frameworkId],
    );
    return row?.n;
  }

  // ---- call-offs

  async insertCallOff(
    db: EntityManager,
    c: {
      frameworkId: string;
      lotId: string;
      number: string;
      organisationId: string;
      method: string;
      status: string;
      supplierOrganisationId: string | null;
      offeredRank: number | null;
      submissionDeadline: Date | null;
      valueCents: number | null;
      note: string | null;
      createdBy: string;
      createdAt: Date;
      orderedAt: Date | null;
    },
    items: Array<{ itemId: string; quantity: string; unitPriceEur: number | null }>,
  ): Promise<string> {
    const row = await queryOne<{ id: string }>(
      db,
      `INSERT INTO framework_call_offs (framework_id, lot_id, number, organisation_id, method, status, supplier_organisation_id,
         offered_rank, submission_deadline, value_cents, note, created_by, created_at, ordered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        c.frameworkId,
        c.lotId,
        c.number,
        c.organisationId,
        c.method,
        c.status,
        c.supplierOrganisationId,
        c.offeredRank,
        c.submissionDeadline,
        c.valueCents,
        c.note,
        c.createdBy,
        c.createdAt,
        c.orderedAt,
      ],
    );
    await db.query(
      `INSERT INTO framework_call_off_items (call_off_id, item_id, quantity, unit_price_eur)
       SELECT $1, i, q, p FROM unnest($2::uuid[], $3::numeric[], $4::numeric[]) AS x(i, q, p)`,
      [row.id, items.map((i) => i.itemId), items.map((i) => i.quantity), items.map((i) => i.unitPriceEur)],
    );
    return row.id;
  }

  async callOff(
    db: EntityManager,
    frameworkId: string,
    callOffId: string,
    lock = false,
  ): Promise<CallOffRow | undefined> {
    const [row] = await db.query<CallOffRow[]>(
      `SELECT ${CALL_OFF_COLUMNS} FROM ${CALL_OFF_FROM} WHERE a.framework_id = $1 AND a.id = $2 ${lock ? 'FOR UPDATE OF a' : ''}`,
      [frameworkId, callOffId],
    );
    return row;
  }

  /** the call-offs a caller may read: all (coordinator), its own (participant), those it holds or may bid for (supplier) */
  async callOffs(db: EntityManager, frameworkId: string, scope: FrameworkScope): Promise<CallOffRow[]> {
    const filter =
      scope.kind === 'coordinator'
        ? ''
        : scope.kind === 'participant'
          ? 'AND a.organisation_id = $2'
          : `AND (a.supplier_organisation_id = $2 OR (a.status = 'competition' AND EXISTS (SELECT 1 FROM framework_suppliers fs
               WHERE fs.framework_id = a.framework_id AND fs.lot_id = a.lot_id AND fs.supplier_organisation_id = $2)))`;
    return db.query<CallOffRow[]>(
      `SELECT ${CALL_OFF_COLUMNS} FROM ${CALL_OFF_FROM} WHERE a.framework_id = $1 ${filter} ORDER BY a.created_at, a.number`,
      scope.kind === 'coordinator' ? [frameworkId] : [frameworkId, scope.organisationId],
    );
  }

  /**
   * the call-off contracts (ordered once, with a supplier) an organisation holds as the buyer that
   * called off or as their supplier, or whose framework it coordinates; newest order first
   */
  async callOffContracts(
    db: EntityManager,
    organisationId: string,
    limit: number,
    offset: number,
  ): Promise<CallOffContractRow[]> {
    return db.query<CallOffContractRow[]>(
      `SELECT ${CALL_OFF_COLUMNS}, f.number AS framework_number, f.title AS framework_title, l.title AS lot_title
       FROM ${CALL_OFF_FROM} JOIN frameworks f ON f.id = a.framework_id
       WHERE ${CALL_OFF_CONTRACT_FILTER}
       ORDER BY a.ordered_at DESC, a.number LIMIT $2 OFFSET $3`,
      [organisationId, limit, offset],
    );
  }

  async countCallOffContracts(db: EntityManager, organisationId: string): Promise<number> {
    const row = await queryOne<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM framework_call_offs a JOIN frameworks f ON f.id = a.framework_id
       WHERE ${CALL_OFF_CONTRACT_FILTER}`,
      [organisationId],
    );
    return row.n;
  }

  async callOffItems(db: EntityManager, callOffIds: string[]): Promise<CallOffItemRow[]> {
    if (callOffIds.length === 0) return [];
    return db.query<CallOffItemRow[]>(
      `SELECT ci.call_off_id, ci.item_id, i.cpv_code, coalesce(cpv.label_de, i.cpv_code) AS cpv_label, i.unit,
              ci.quantity::text AS quantity, ci.unit_price_eur::text AS unit_price_eur, ci.delivered_quantity::text AS delivered_quantity
       FROM framework_call_off_items ci JOIN tender_items i ON i.id = ci.item_id LEFT JOIN cpv_codes cpv ON cpv.code = i.cpv_code
       WHERE ci.call_off_id = ANY($1::uuid[]) ORDER BY i.position`,
      [callOffIds],
    );
  }

  /** the call-off is ordered from this supplier at these unit prices */
  async order(
    db: EntityManager,
    callOffId: string,
    supplierOrganisationId: string,
    prices: Record<string, number>,
    valueCents: number,
    at: Date,
  ): Promise<void> {
    await db.query(
      `UPDATE framework_call_offs SET status = 'ordered', supplier_organisation_id = $2, value_cents = $3, ordered_at = $4
       WHERE id = $1`,
      [callOffId, supplierOrganisationId, valueCents, at],
    );
    await db.query(
      `UPDATE framework_call_off_items ci SET unit_price_eur = (p.value #>> '{}')::numeric
       FROM jsonb_each($2::jsonb) p WHERE ci.call_off_id = $1 AND ci.item_id = p.key::uuid`,
      [callOffId, JSON.stringify(prices)],
    );
  }

  async offerToRank(db: EntityManager, callOffId: string, supplierOrganisationId: string, rank: number): Promise<void> {
    await db.query(`UPDATE framework_call_offs SET supplier_organisation_id = $2, offered_rank = $3 WHERE id = $1`, [
      callOffId,
      supplierOrganisationId,
      rank,
    ]);
  }

  async setStatus(db: EntityManager, callOffId: string, status: 'failed' | 'cancelled'): Promise<void> {
    await db.query(`UPDATE framework_call_offs SET status = $2 WHERE id = $1`, [callOffId, status]);
  }

  // ---- mini-competition offers

  async upsertCallOffOffer(
    db: EntityManager,
    o: {
      id: string;
      callOffId: string;
      supplierOrganisationId: string;
      version: number;
      ciphertext: Buffer;
      iv: Buffer;
      authTag: Buffer;
      keyId: string;
      digest: string;
      salt: string;
      submittedAt: Date;
    },
  ): Promise<void> {
    await db.query(
      `INSERT INTO framework_call_off_offers (id, call_off_id, supplier_organisation_id, version, ciphertext, iv, auth_tag, key_id,
         digest, digest_salt, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (call_off_id, supplier_organisation_id) DO UPDATE SET version = EXCLUDED.version,
         ciphertext = EXCLUDED.ciphertext, iv = EXCLUDED.iv, auth_tag = EXCLUDED.auth_tag, key_id = EXCLUDED.key_id,
         digest = EXCLUDED.digest, digest_salt = EXCLUDED.digest_salt, submitted_at = EXCLUDED.submitted_at`,
      [
        o.id,
        o.callOffId,
        o.supplierOrganisationId,
        o.version,
        o.ciphertext,
        o.iv,
        o.authTag,
        o.keyId,
        o.digest,
        o.salt,
        o.submittedAt,
      ],
    );
  }

  async callOffOfferOf(
    db: EntityManager,
    callOffId: string,
    supplierOrganisationId: string,
  ): Promise<{ id: string; version: number } | undefined> {
    const [row] = await db.query<Array<{ id: string; version: number }>>(
      `SELECT id, version FROM framework_call_off_offers WHERE call_off_id = $1 AND supplier_organisation_id = $2 FOR UPDATE`,
      [callOffId, supplierOrganisationId],
    );
    return row;
  }

  /** the supplier's own offer for the call-off (its latest version), with its receipt; no lock */
  async ownCallOffOffer(
    db: EntityManager,
    callOffId: string,
    supplierOrganisationId: string,
  ): Promise<(CallOffOfferRow & { digest: string; digest_salt: string }) | undefined> {
    const [row] = await db.query<Array<CallOffOfferRow & { digest: string; digest_salt: string }>>(
      `SELECT f.id, f.call_off_id, f.supplier_organisation_id, o.name AS supplier_name, f.version, f.ciphertext, f.iv, f.auth_tag,
              f.key_id, f.submitted_at, f.digest, f.digest_salt
       FROM framework_call_off_offers f JOIN organisations o ON o.id = f.supplier_organisation_id
       WHERE f.call_off_id = $1 AND f.supplier_organisation_id = $2`,
      [callOffId, supplierOrganisationId],
    );
    return row;
  }

  async callOffOffers(db: EntityManager, callOffId: string): Promise<CallOffOfferRow[]> {
    return db.query<CallOffOfferRow[]>(
      `SELECT f.id, f.call_off_id, f.supplier_organisation_id, o.name AS supplier_name, f.version, f.ciphertext, f.iv, f.auth_tag,
              f.key_id, f.submitted_at
       FROM framework_call_off_offers f JOIN organisations o ON o.id = f.supplier_organisation_id
       WHERE f.call_off_id = $1 ORDER BY f.submitted_at`,
      [callOffId],
    );
  }

  // ---- deliveries

  /** adds a delivery to a call-off item within what was ordered; no row when it would pass it */
  async deliver(
    db: EntityManager,
    callOffId: string,
    itemId: string,
    quantity: string,
  ): Promise<{ delivered_quantity: string } | undefined> {
    const [row] = await queryRows<{ delivered_quantity: string }>(
      db,
      `UPDATE framework_call_off_items SET delivered_quantity = delivered_quantity + $3::numeric
       WHERE call_off_id = $1 AND item_id = $2 AND delivered_quantity + $3::numeric <= quantity
       RETURNING delivered_quantity::text AS delivered_quantity`,
      [callOffId, itemId, quantity],
    );
    return row;
  }

  async insertDeliveries(
    db: EntityManager,
    callOffId: string,
    deliveredOn: string,
    reportedBy: string,
    at: Date,
    items: Array<{ itemId: string; quantity: string }>,
  ): Promise<void> {
    await db.query(
      `INSERT INTO framework_deliveries (call_off_id, item_id, quantity, delivered_on, reported_by, reported_at)
       SELECT $1, i, q, $2, $3, $4 FROM unnest($5::uuid[], $6::numeric[]) AS x(i, q)`,
      [callOffId, deliveredOn, reportedBy, at, items.map((i) => i.itemId), items.map((i) => i.quantity)],
    );
  }

  // ---- expiry

  /** ends the active frameworks whose term passed or whose every maximum is called off */
  async endDue(db: EntityManager, today: string, at: Date): Promise<Array<{ id: string; end_reason: string }>> {
    return queryRows<{ id: string; end_reason: string }>(
      db,
      `UPDATE frameworks f SET status = CASE WHEN f.term_to < $1::date THEN 'expired' ELSE 'exhausted' END,
         end_reason = CASE WHEN f.term_to < $1::date THEN 'term' ELSE 'exhausted' END, ended_at = $2
       WHERE f.status = 'active' AND (f.term_to < $1::date OR NOT EXISTS (
         SELECT 1 FROM framework_quantities q WHERE q.framework_id = f.id AND q.called_off_quantity < q.maximum_quantity))
       RETURNING f.id, f.end_reason`,
      [today, at],
    );
  }

  /** marks the 90-day warning of the active frameworks whose term ends by `until` */
  async markExpiryWarned(db: EntityManager, today: string, until: string, at: Date): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      `UPDATE frameworks SET expiry_warned_at = $3
       WHERE status = 'active' AND expiry_warned_at IS NULL AND term_to >= $1::date AND term_to <= $2::date RETURNING id`,
      [today, until, at],
    );
    return rows.map((r) => r.id);
  }

  /** the organisations of a framework: participants and suppliers (the coordinator separately) */
  async participantIds(db: EntityManager, frameworkId: string): Promise<string[]> {
    const rows = await db.query<Array<{ id: string }>>(
      `SELECT DISTINCT organisation_id AS id FROM framework_quantities WHERE framework_id = $1`,
      [frameworkId],
    );
    return rows.map((r) => r.id);
  }

  async supplierIds(db: EntityManager, frameworkId: string): Promise<string[]> {
    const rows = await db.query<Array<{ id: string }>>(
      `SELECT DISTINCT supplier_organisation_id AS id FROM framework_suppliers WHERE framework_id = $1`,
      [frameworkId],
    );
    return rows.map((r) => r.id);
  }

  /** one notification per organisation and occasion (kind and subject), never twice */
  /** the official municipality key (AGS) of organisations: the delivery place of their demands */
  async agsOf(db: EntityManager, organisationIds: string[]): Promise<Array<{ id: string; ags: string | null }>> {
    return db.query(`SELECT id, ags FROM organisations WHERE id = ANY($1::uuid[])`, [organisationIds]);
  }

  async notify(
    db: EntityManager,
    organisationIds: string[],
    kind: string,
    subjectId: string,
    title: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    if (organisationIds.length === 0) return;
    await db.query(
      `INSERT INTO notifications (organisation_id, kind, subject_id, title, data)
       SELECT DISTINCT o, $2, $3::uuid, $4, $5::jsonb FROM unnest($1::uuid[]) AS o
       ON CONFLICT (organisation_id, kind, subject_id) DO NOTHING`,
      [organisationIds, kind, subjectId, title, JSON.stringify(data)],
    );
  }
}
