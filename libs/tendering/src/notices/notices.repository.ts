import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { EformsNoticeKind } from '@buendel/persistence';

export interface NoticeRow {
  id: string;
  tender_id: string;
  kind: EformsNoticeKind;
  version: number;
  subtype: string;
  status: 'ready';
  changes_notice_id: string | null;
  created_at: Date;
}

export interface NoticeOrganisationRow {
  id: string;
  type: 'municipality' | 'district' | 'city' | 'central_purchasing_body' | 'supplier';
  name: string;
  ags: string | null;
  district_key: string | null;
  nuts3: string | null;
  land_key: string | null;
  vat_id: string | null;
  address: { street?: string; postalCode?: string; city?: string; country?: string } | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  website: string | null;
  company_size: string | null;
}

const ORG_COLUMNS = `o.id, o.type, o.name, o.ags, o.district_key, o.nuts3, o.land_key, o.vat_id, o.address,
  o.contact_name, o.contact_email, o.contact_phone, o.website, o.company_size`;
const NOTICE_COLUMNS = `n.id, n.tender_id, n.kind, n.version, n.subtype, n.status, n.changes_notice_id, n.created_at`;

/** The SQL of eForms notices and of the tender data they are made from: one named method per statement. */
@Injectable()
export class NoticesRepository {
  async list(db: EntityManager, tenderId: string): Promise<NoticeRow[]> {
    return db.query<NoticeRow[]>(
      `SELECT ${NOTICE_COLUMNS} FROM eforms_notices n WHERE n.tender_id = $1 ORDER BY n.version`,
      [tenderId],
    );
  }

  async xml(db: EntityManager, tenderId: string, noticeId: string): Promise<string | undefined> {
    const [row] = await db.query<Array<{ xml: string }>>(
      `SELECT xml FROM eforms_notices WHERE tender_id = $1 AND id = $2`,
      [tenderId, noticeId],
    );
    return row?.xml;
  }

  /** the latest notice of the tender (the one a change notice refers to) */
  async latest(db: EntityManager, tenderId: string): Promise<NoticeRow | undefined> {
    const [row] = await db.query<NoticeRow[]>(
      `SELECT ${NOTICE_COLUMNS} FROM eforms_notices n WHERE n.tender_id = $1 ORDER BY n.version DESC LIMIT 1`,
      [tenderId],
    );
    return row;
  }

  async insert(
    db: EntityManager,
    n: {
      id: string;
      tenderId: string;
      kind: EformsNoticeKind;
      version: number;
      subtype: string;
      changesNoticeId: string | null;
      xml: string;
      createdBy: string | null;
    },
  ): Promise<void> {
    await db.query(
      `INSERT INTO eforms_notices (id, tender_id, kind, version, subtype, status, changes_notice_id, xml, created_by)
       VALUES ($1, $2, $3, $4, $5, 'ready', $6, $7, $8)`,
      [n.id, n.tenderId, n.kind, n.version, n.subtype, n.changesNoticeId, n.xml, n.createdBy],
    );
  }

  async organisations(db: EntityManager, ids: string[]): Promise<NoticeOrganisationRow[]> {
    return db.query<NoticeOrganisationRow[]>(
      `SELECT ${ORG_COLUMNS} FROM organisations o WHERE o.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** the participating organisations of a tender (those with a frozen share in it) */
  async participantIds(db: EntityManager, tenderId: string): Promise<string[]> {
    const rows = await db.query<Array<{ organisation_id: string }>>(
      `SELECT DISTINCT organisation_id FROM tender_item_shares WHERE tender_id = $1`,
      [tenderId],
    );
    return rows.map((r) => r.organisation_id);
  }

  /** NUTS-3 codes of delivery places (municipalities by AGS) */
  async nutsOfPlaces(db: EntityManager, ags: string[]): Promise<Map<string, string | null>> {
    const rows = await db.query<Array<{ ags: string; nuts3: string | null }>>(
      `SELECT ags, nuts3 FROM organisations WHERE ags = ANY($1::bpchar[]) AND type IN ('municipality', 'city')`,
      [ags],
    );
    return new Map(rows.map((r) => [r.ags, r.nuts3]));
  }

  async offersPerLot(db: EntityManager, tenderId: string): Promise<Map<string, number>> {
    const rows = await db.query<Array<{ lot_id: string; n: number }>>(
      `SELECT lot_id, count(*)::int AS n FROM offers WHERE tender_id = $1 GROUP BY lot_id`,
      [tenderId],
    );
    return new Map(rows.map((r) => [r.lot_id, r.n]));
  }

  async awards(
    db: EntityManager,
    tenderId: string,
  ): Promise<
    Array<{ lot_id: string; offer_id: string; supplier_organisation_id: string; value_cents: string; awarded_at: Date }>
  > {
    return db.query(
      `SELECT lot_id, offer_id, supplier_organisation_id, value_cents, awarded_at FROM tender_awards WHERE tender_id = $1`,
      [tenderId],
    );
  }

  /** the contracts concluded after the standstill: one per participating organisation and awarded lot */
  async contractsPerBuyer(
    db: EntityManager,
    tenderId: string,
  ): Promise<Array<{ id: string; number: string; lot_id: string; organisation_id: string; concluded_at: Date }>> {
    return db.query(
      `SELECT c.id, c.number, c.lot_id, c.organisation_id, c.concluded_at FROM tender_contracts c
       WHERE c.tender_id = $1 ORDER BY c.lot_id, c.number`,
      [tenderId],
    );
  }
}
