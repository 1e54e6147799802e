import { InvalidInputError } from '../errors';
import { OcdsJointTenderInput, OcdsPartyInput } from './input';
import { OcdsAddress, OcdsIdentifier, OcdsOrganization, OcdsOrganizationReference, OcdsPartyRole } from './output';
import { COUNTRY_NAMES, GERMANY, OCDS_IDENTIFIER_SCHEMES, ROLE_ORDER } from './constants';
import { byNameThenId, optionalText, requireText } from './helpers';

// OCDS builder: Parties

export interface PartyEntry {
  org: Omit<OcdsOrganization, 'roles'>;
  roles: Set<OcdsPartyRole>;
  /** 0 procuring entity, 1 buyers, 2 suppliers: the listing order */
  rank: number;
  fingerprint: string;
}

/**
 * Collects the parties once each (an organisation can be procuring entity and buyer, or
 * tenderer and supplier) and hands out references that always match a party.
 */
export class PartyRegistry {
  private readonly entries = new Map<string, PartyEntry>();

  add(party: OcdsPartyInput, roles: readonly OcdsPartyRole[], rank: number, field: string): void {
    const org = organization(party, field);
    const fingerprint = JSON.stringify(org);
    const existing = this.entries.get(org.id);
    if (!existing) {
      this.entries.set(org.id, { org, roles: new Set(roles), rank, fingerprint });
      return;
    }
    if (existing.fingerprint !== fingerprint) {
      throw new InvalidInputError(field, `organisation ${org.id} is given twice with different data`);
    }
    roles.forEach((r) => existing.roles.add(r));
    existing.rank = Math.min(existing.rank, rank);
  }

  has(id: string, role?: OcdsPartyRole): boolean {
    const entry = this.entries.get(id);
    return entry !== undefined && (role === undefined || entry.roles.has(role));
  }

  reference(id: string): OcdsOrganizationReference {
    const entry = this.entries.get(id);
    if (!entry) throw new InvalidInputError('parties', `no organisation ${id}`);
    return { id: entry.org.id, name: entry.org.name };
  }

  /** References sorted like the parties (name, then id), without duplicates. */
  references(ids: Iterable<string>): OcdsOrganizationReference[] {
    return [...new Set(ids)].map((id) => this.reference(id)).sort(byNameThenId);
  }

  countWithRole(role: OcdsPartyRole): number {
    return [...this.entries.values()].filter((e) => e.roles.has(role)).length;
  }

  organizations(): OcdsOrganization[] {
    return [...this.entries.values()]
      .sort((a, b) => a.rank - b.rank || byNameThenId(a.org, b.org))
      .map((e) => ({ ...e.org, roles: ROLE_ORDER.filter((r) => e.roles.has(r)) }));
  }
}

export function registerParties(parties: PartyRegistry, input: OcdsJointTenderInput): void {
  const lead: OcdsPartyRole[] = ['procuringEntity', 'buyer', 'leadBuyer'];
  if (input.procuringEntity.type === 'central_purchasing_body') lead.push('centralPurchasingBody');
  parties.add(input.procuringEntity, lead, 0, 'procuringEntity');
  input.buyers.forEach((b, i) => parties.add(b, ['buyer'], 1, `buyers[${i}]`));
  // every award in this product comes from an offer, so an awarded supplier is a tenderer too
  input.suppliers.forEach((s, i) => parties.add(s, ['supplier', 'tenderer'], 2, `suppliers[${i}]`));
  (input.tenderers ?? []).forEach((t, i) => parties.add(t, ['tenderer'], 2, `tenderers[${i}]`));
}

/** The party without roles: our UUID as id, official keys as additional identifiers, an address. */
export function organization(party: OcdsPartyInput, field: string): Omit<OcdsOrganization, 'roles'> {
  const identifiers = partyIdentifiers(party);
  return {
    id: requireText(party.id, `${field}.id`),
    name: requireText(party.name, `${field}.name`),
    ...(identifiers.length > 0 ? { additionalIdentifiers: identifiers } : {}),
    address: partyAddress(party),
  };
}

export function partyIdentifiers(party: OcdsPartyInput): OcdsIdentifier[] {
  const ids: OcdsIdentifier[] = [];
  if (party.ags) ids.push({ scheme: OCDS_IDENTIFIER_SCHEMES.ags, id: party.ags });
  // a municipality's districtKey is where it lies, not who it is; only a district is identified by it
  if (party.type === 'district' && party.districtKey) {
    ids.push({ scheme: OCDS_IDENTIFIER_SCHEMES.districtKey, id: party.districtKey });
  }
  if (party.vatId) ids.push({ scheme: OCDS_IDENTIFIER_SCHEMES.vatId, id: party.vatId });
  return ids;
}

/** Postal address where known; region is the NUTS-3 code; public bodies are German. */
export function partyAddress(party: OcdsPartyInput): OcdsAddress {
  const a = party.address ?? {};
  return {
    ...optionalText('streetAddress', a.street),
    ...optionalText('locality', a.city),
    ...optionalText('region', party.nuts3),
    ...optionalText('postalCode', a.postalCode),
    countryName: countryName(a.country),
  };
}

/** German name of an ISO 3166-1 alpha-2 code; Germany when not given. */
export function countryName(country: string | null | undefined): string {
  const text = country?.trim() ?? '';
  const code = text.toUpperCase();
  if (!code) return GERMANY;
  const known = COUNTRY_NAMES[code];
  if (known) return known;
  if (!/^[A-Z]{2}$/.test(code)) return text;
  return new Intl.DisplayNames(['de'], { type: 'region', fallback: 'code' }).of(code) ?? code;
}
