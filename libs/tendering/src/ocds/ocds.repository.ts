import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OcdsOrganisationType, OcdsPartyInput } from '@buendel/domain';
import { queryOne } from '@buendel/persistence';

/** an organisation as an OCDS party needs it */
export interface PartyRow {
  id: string;
  type: OcdsOrganisationType;
  name: string;
  ags: string | null;
  district_key: string | null;
  nuts3: string | null;
  vat_id: string | null;
  address: OcdsPartyInput['address'];
}

export interface PlaceRow {
  ags: string;
  name: string;
  nuts3: string | null;
}

export interface AwardRow {
  lot_id: string;
  offer_id: string;
  supplier_organisation_id: string;
  value_cents: string;
  awarded_at: Date;
}

/** a contract record, concluded after the standstill */
export interface ContractRow {
  id: string;
  number: string;
  lot_id: string;
  organisation_id: string;
  value_cents: string;
  term_from: string;
  term_to: string;
  concluded_at: Date;
}

export interface AllocationRow {
  lot_id: string;
  item_id: string;
  organisation_id: string;
  quantity: string;
  value_cents: string;
}

const PARTY_COLUMNS = `o.id, o.type, o.name, o.ags, o.district_key, o.nuts3, o.vat_id, o.address`;

/**
 * The statements the OCDS release package reads besides the tender's own (TendersRepository),
 * one named method each; every one runs in the manager it is given.
 */
@Injectable()
export class OcdsRepository {
  party(db: EntityManager, organisationId: string): Promise<PartyRow> {
    return queryOne<PartyRow>(db, `SELECT ${PARTY_COLUMNS} FROM organisations o WHERE o.id = $1`, [organisationId]);
  }

  /** the organisations with a share of the tender's items, by name */
  buyers(db: EntityManager, tenderId: string): Promise<PartyRow[]> {
    return db.query<PartyRow[]>(
      `SELECT ${PARTY_COLUMNS} FROM organisations o WHERE o.id IN (SELECT organisation_id FROM tender_item_shares WHERE tender_id = $1) ORDER BY o.name`,
      [tenderId],
    );
  }

  /** the suppliers that made an offer, by name */
  tenderers(db: EntityManager, tenderId: string): Promise<PartyRow[]> {
    return db.query<PartyRow[]>(
      `SELECT ${PARTY_COLUMNS} FROM organisations o WHERE o.id IN (SELECT supplier_organisation_id FROM offers WHERE tender_id = $1) ORDER BY o.name`,
      [tenderId],
    );
  }

  parties(db: EntityManager, organisationIds: readonly string[]): Promise<PartyRow[]> {
    if (organisationIds.length === 0) return Promise.resolve([]);
    return db.query<PartyRow[]>(`SELECT ${PARTY_COLUMNS} FROM organisations o WHERE o.id = ANY($1::uuid[])`, [
      organisationIds,
    ]);
  }

  /** the municipalities and cities of these AGS, as delivery places */
  places(db: EntityManager, ags: readonly string[]): Promise<PlaceRow[]> {
    return db.query<PlaceRow[]>(
      `SELECT ags, name, nuts3 FROM organisations WHERE ags = ANY($1::bpchar[]) AND type IN ('municipality', 'city')`,
      [ags],
    );
  }

  awards(db: EntityManager, tenderId: string): Promise<AwardRow[]> {
    return db.query<AwardRow[]>(
      `SELECT lot_id, offer_id, supplier_organisation_id, value_cents, awarded_at FROM tender_awards WHERE tender_id = $1`,
      [tenderId],
    );
  }

  /** the concluded contracts of the tender (none while a lot's standstill runs) */
  contracts(db: EntityManager, tenderId: string): Promise<ContractRow[]> {
    return db.query<ContractRow[]>(
      `SELECT id, number, lot_id, organisation_id, value_cents::text AS value_cents,
              to_char(term_from, 'YYYY-MM-DD') AS term_from, to_char(term_to, 'YYYY-MM-DD') AS term_to, concluded_at
       FROM tender_contracts WHERE tender_id = $1 ORDER BY number`,
      [tenderId],
    );
  }

  allocations(db: EntityManager, tenderId: string): Promise<AllocationRow[]> {
    return db.query<AllocationRow[]>(
      `SELECT lot_id, item_id, organisation_id, quantity::text AS quantity, value_cents FROM tender_allocations WHERE tender_id = $1`,
      [tenderId],
    );
  }
}
