import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The SQL of the tender's record (Vergabevermerk): one named method per statement. */
@Injectable()
export class RecordRepository {
  async bundle(db: EntityManager, bundleId: string): Promise<Record<string, unknown> | undefined> {
    const [bundle] = await db.query<Array<Record<string, unknown>>>(
      `SELECT id, title, cpv_prefixes AS "cpvPrefixes", district_keys AS "districtKeys", join_deadline AS "joinDeadline",
              closed_at AS "closedAt", mandatory_criteria AS "mandatoryCriteria", created_at AS "createdAt"
       FROM bundles WHERE id = $1`,
      [bundleId],
    );
    return bundle;
  }

  /** the participating organisations with the estimated value they bring */
  async participants(
    db: EntityManager,
    tenderId: string,
  ): Promise<Array<{ organisation_id: string; name: string; ags: string | null; value: string }>> {
    return db.query<Array<{ organisation_id: string; name: string; ags: string | null; value: string }>>(
      `SELECT s.organisation_id, o.name, o.ags, sum(s.estimated_value_cents)::text AS value
       FROM tender_item_shares s JOIN organisations o ON o.id = s.organisation_id
       WHERE s.tender_id = $1 GROUP BY s.organisation_id, o.name, o.ags ORDER BY o.name`,
      [tenderId],
    );
  }

  /** every audit event of the tender and its bundle, and of its offers once they are opened */
  async events(
    db: EntityManager,
    tenderId: string,
    bundleId: string,
    withOffers: boolean,
  ): Promise<Array<Record<string, unknown>>> {
    return db.query<Array<Record<string, unknown>>>(
      `SELECT id, occurred_at AS "occurredAt", action, entity_type AS "entityType", entity_id AS "entityId",
              actor_user_id AS "actorUserId", actor_organisation_id AS "actorOrganisationId", data
       FROM audit_events
       WHERE (entity_type = 'tender' AND entity_id = $1) OR (entity_type = 'bundle' AND entity_id = $2)
          OR (entity_type = 'offer' AND entity_id IN (SELECT id::text FROM offers WHERE tender_id = $1::uuid) AND $3::boolean)
       ORDER BY id`,
      [tenderId, bundleId, withOffers],
    );
  }

  async awards(db: EntityManager, tenderId: string): Promise<Array<Record<string, unknown>>> {
    return db.query<Array<Record<string, unknown>>>(
      `SELECT a.lot_id AS "lotId", a.offer_id AS "offerId", a.supplier_organisation_id AS "supplierOrganisationId", o.name AS "supplierName",
              a.value_cents AS "valueCents", a.best_ranked AS "bestRanked", a.reason, a.awarded_by AS "awardedBy", a.awarded_at AS "awardedAt"
       FROM tender_awards a JOIN organisations o ON o.id = a.supplier_organisation_id WHERE a.tender_id = $1`,
      [tenderId],
    );
  }

  /** the allocated value per organisation */
  async allocatedValues(
    db: EntityManager,
    tenderId: string,
  ): Promise<Array<{ organisation_id: string; value: string }>> {
    return db.query<Array<{ organisation_id: string; value: string }>>(
      `SELECT organisation_id, sum(value_cents)::text AS value FROM tender_allocations WHERE tender_id = $1 GROUP BY organisation_id`,
      [tenderId],
    );
  }

  async organisationName(db: EntityManager, organisationId: string): Promise<string> {
    const [row] = await db.query<Array<{ name: string }>>(`SELECT name FROM organisations WHERE id = $1`, [
      organisationId,
    ]);
    return row?.name ?? '';
  }

  /** the people who acted: the user's name, e-mail and organisation */
  async people(
    db: EntityManager,
    userIds: string[],
  ): Promise<Array<{ id: string; name: string; email: string; organisation_name: string }>> {
    return db.query<Array<{ id: string; name: string; email: string; organisation_name: string }>>(
      `SELECT u.id, u.name, u.email, o.name AS organisation_name FROM users u JOIN organisations o ON o.id = u.organisation_id
       WHERE u.id = ANY($1::uuid[])`,
      [userIds],
    );
  }

  /** who opened the offers of an EU procedure: the first person, the named witness, the one who confirmed */
  async openers(
    db: EntityManager,
    tenderId: string,
  ): Promise<{ started_by: string | null; witness_id: string | null; confirmed_by: string | null } | undefined> {
    const [row] = await db.query<
      Array<{ started_by: string | null; witness_id: string | null; confirmed_by: string | null }>
    >(
      `SELECT opening_started_by AS started_by, opening_witness_id AS witness_id, opening_confirmed_by AS confirmed_by
       FROM tenders WHERE id = $1`,
      [tenderId],
    );
    return row;
  }

  /** the contracts of the tender with their buyers */
  async contracts(
    db: EntityManager,
    tenderId: string,
  ): Promise<Array<{ lot_id: string; number: string; buyer_name: string; value_cents: string; concluded_at: Date }>> {
    return db.query<
      Array<{ lot_id: string; number: string; buyer_name: string; value_cents: string; concluded_at: Date }>
    >(
      `SELECT c.lot_id, c.number, o.name AS buyer_name, c.value_cents::text AS value_cents, c.concluded_at
       FROM tender_contracts c JOIN organisations o ON o.id = c.organisation_id JOIN tender_lots l ON l.id = c.lot_id
       WHERE c.tender_id = $1 ORDER BY l.position, c.number`,
      [tenderId],
    );
  }
}
