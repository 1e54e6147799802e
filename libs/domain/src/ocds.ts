import { cpvContractNature, normalizeCpvCode, type ContractNature } from './cpv';
import type { TenderPhase } from './criteria';
import { InvalidInputError } from './errors';
import { assertNonNegativeInteger, centsToEur, milliToQuantity, parseScaled, sumCents } from './money';
import { validateWeights } from './scoring';
import { compareCodeUnits } from './order';

/**
 * OCDS 1.1 release package of a joint tender (Open Contracting Data Standard, schema 1.1.5,
 * with the lots, contract-buyer and European Union extensions).
 *
 * A joint tender has one procuring entity (the coordinating district, city or central
 * purchasing body: roles `procuringEntity`, `buyer` and the EU extension's `leadBuyer`) and
 * many buyers (every participating organisation). Core OCDS has a single `buyer`; the other
 * buyers are `parties` with role `buyer`, and the contract-buyer extension says which buyer
 * signs which contract (`awards[].buyers`, `contracts[].buyer`). After award there is one
 * contract per buyer and award, so the contract values of an award sum to the award value.
 *
 * The builder is pure and deterministic: the same input gives the same package, whatever the
 * order of the input arrays (lots by key, items by CPV code, parties by role and name, ...;
 * strings are compared in code-unit order, independent of the locale). It checks the input
 * for consistency (references, sums, status) and throws `InvalidInputError` rather than
 * publish a package that contradicts itself.
 */

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

/** An instant: an ISO 8601 date-time with offset (`2026-03-01T10:00:00Z`) or a Date. */
export type OcdsInstant = string | Date;

/** Status of our joint tender; mapped to the OCDS tenderStatus codelist and release tags. */
export type OcdsJointTenderStatus = 'draft' | 'published' | 'opened' | 'awarded' | 'cancelled';

/** Organisation types as in the organisations table. */
export type OcdsOrganisationType = 'municipality' | 'district' | 'city' | 'central_purchasing_body' | 'supplier';

/** An organisation as stored (organisations table). */
export interface OcdsPartyInput {
  /** our UUID; becomes the OCDS party id that every OrganizationReference points to */
  id: string;
  /**
   * Needed because `districtKey` means two things: a district's own key (an identifier) or the
   * district a municipality or a central purchasing body lies in (not an identifier). A central
   * purchasing body as procuring entity also gets the EU role `centralPurchasingBody`.
   */
  type: OcdsOrganisationType;
  name: string;
  /** Amtlicher Gemeindeschlüssel, 8 digits (municipalities and kreisfreie Städte) */
  ags?: string | null;
  /** Kreisschlüssel, 5 digits */
  districtKey?: string | null;
  /** NUTS-3 code, e.g. `DED45`; becomes `address.region` */
  nuts3?: string | null;
  /** USt-IdNr. (suppliers), e.g. `DE136695976` */
  vatId?: string | null;
  /** postal address; `country` is ISO 3166-1 alpha-2 (`DE`), default Germany */
  address?: {
    street?: string | null;
    postalCode?: string | null;
    city?: string | null;
    country?: string | null;
  } | null;
}

/** A delivery place of an item (a municipality of the reference data). */
export interface OcdsDeliveryPlaceInput {
  ags: string;
  /** municipality name, becomes `locality` */
  name: string;
  postalCode?: string | null;
  nuts3?: string | null;
}

/** An item of a lot: one CPV code and unit with the aggregated quantity. */
export interface OcdsItemInput {
  id: string;
  /** CPV code with or without check digit; published as `31440000-2` */
  cpvCode: string;
  /** German CPV label, e.g. `Batterien`; becomes the item description */
  cpvLabel: string;
  /** UN/ECE Recommendation 20 unit code, e.g. `H87` */
  unit: string;
  /** unit name, e.g. `Stück` */
  unitName: string;
  /** aggregated quantity, integer thousandths */
  quantityMilli: number;
  /**
   * Delivery places (EU extension `deliveryAddresses`). Places rather than bare AGS codes,
   * because an OCDS address carries a locality, postal code and region, not an AGS.
   */
  deliveryPlaces?: readonly OcdsDeliveryPlaceInput[];
}

export interface OcdsLotInput {
  id: string;
  /** our stable lot key, e.g. `P-3144`; shown in the lot title (`Los P-3144: ...`) */
  key: string;
  title: string;
  description?: string | null;
  estimatedValueCents: number;
  items: readonly OcdsItemInput[];
}

/** A criterion applied in one phase; a criterion used in two phases is given twice. */
export interface OcdsCriterionInput {
  code: string;
  /** German name, e.g. `Recyclingpapier mit Blauem Engel` */
  name: string;
  phase: TenderPhase;
  /** award phase only: weight in points of 100 (at most 2 decimals), with `priceWeight` summing to 100 */
  weight?: number | null;
  /** the parameter chosen, as text, e.g. `DE-UZ 14a` or `mindestens 50 %` */
  detail?: string | null;
}

export interface OcdsAwardItemInput {
  itemId: string;
  quantityMilli: number;
  /** net unit price in EUR, at most 4 decimals (number or decimal string; electricity is priced per kWh) */
  unitPriceEur?: number | string | null;
}

/** The award of a lot to a supplier (one per lot). */
export interface OcdsAwardInput {
  id: string;
  lotId: string;
  supplierId: string;
  valueCents: number;
  date: OcdsInstant;
  items: readonly OcdsAwardItemInput[];
}

export interface OcdsContractItemInput {
  itemId: string;
  quantityMilli: number;
  /** the buyer's allocated value of the item, integer cents */
  valueCents: number;
}

/**
 * The contract of one buyer under one award (its allocation). Under German law the contract
 * is concluded by the award (Zuschlag), so contracts are published as `active`.
 */
export interface OcdsContractInput {
  id: string;
  awardId: string;
  buyerId: string;
  /** must equal the sum of the item values */
  valueCents: number;
  dateSigned?: OcdsInstant | null;
  items: readonly OcdsContractItemInput[];
}

export interface OcdsTenderInput {
  id: string;
  bundleId: string;
  title: string;
  description?: string | null;
  status: OcdsJointTenderStatus;
  /** procedure regime: EU-wide (at or above the threshold) or national */
  regimeScope: 'EU' | 'NATIONAL';
  /** `open` (open procedure / Öffentliche Ausschreibung) or `national-open` (national only) */
  procedureType: string;
  /** legal basis of the regime, e.g. `§ 106 GWB`; appended to procurementMethodDetails */
  legalBasis?: string | null;
  submissionDeadline: OcdsInstant;
  publishedAt?: OcdsInstant | null;
  /** total estimated value, net, integer cents */
  estimatedValueCents: number;
  /**
   * Main object of a mixed tender (items of more than one contract nature). Without it, a mixed
   * tender has no mainProcurementCategory (only additionalProcurementCategories): deciding the
   * main object of a mixed contract (§ 110 GWB) needs a human.
   */
  contractNature?: ContractNature | null;
}

/** Everything the release package is made from; fill it from the database. */
export interface OcdsJointTenderInput {
  /** registered OCDS prefix: `ocds-` and six lowercase letters or digits, e.g. `ocds-b5ndl1` */
  ocidPrefix: string;
  /** URI of this package, e.g. `https://host/api/v1/tenders/<id>/ocds` */
  packageUri: string;
  publisher: { name: string; uri?: string | null };
  /** licence URI of the data, e.g. `https://creativecommons.org/publicdomain/zero/1.0/` */
  license?: string | null;
  /** when this package is published */
  publishedDate: OcdsInstant;
  /** when the release's information was current (the last state change) */
  releaseDate: OcdsInstant;
  tender: OcdsTenderInput;
  /** the coordinating organisation running the procedure for everyone */
  procuringEntity: OcdsPartyInput;
  /** every participating organisation (the procuring entity may be listed again) */
  buyers: readonly OcdsPartyInput[];
  /** suppliers with awards (only for an awarded tender) */
  suppliers: readonly OcdsPartyInput[];
  /**
   * Suppliers that submitted offers. Only after opening (`opened`, `awarded`): who bid is
   * confidential until then (§ 55 VgV), so the builder refuses them before. When given, every
   * awarded supplier must be among them.
   */
  tenderers?: readonly OcdsPartyInput[];
  lots: readonly OcdsLotInput[];
  criteria: readonly OcdsCriterionInput[];
  /** weight of the price in points of 100; required when award criteria are weighted; default 100 */
  priceWeight?: number | null;
  awards: readonly OcdsAwardInput[];
  contracts: readonly OcdsContractInput[];
}

// ---------------------------------------------------------------------------------------------
// Output (the subset of OCDS 1.1 this builder emits)
// ---------------------------------------------------------------------------------------------

export type OcdsReleaseTag = 'planning' | 'tender' | 'tenderCancellation' | 'award' | 'contract';
export type OcdsTenderStatus = 'planned' | 'active' | 'cancelled' | 'unsuccessful' | 'complete';
export type OcdsProcurementCategory = 'goods' | 'services' | 'works';
export type OcdsPartyRole =
  'procuringEntity' | 'buyer' | 'leadBuyer' | 'centralPurchasingBody' | 'tenderer' | 'supplier';

export interface OcdsValue {
  amount: number;
  currency: 'EUR';
}

export interface OcdsPeriod {
  startDate?: string;
  endDate?: string;
}

export interface OcdsIdentifier {
  scheme: string;
  id: string;
}

export interface OcdsAddress {
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  countryName: string;
}

export interface OcdsOrganization {
  id: string;
  name: string;
  additionalIdentifiers?: OcdsIdentifier[];
  address: OcdsAddress;
  roles: OcdsPartyRole[];
}

export interface OcdsOrganizationReference {
  id: string;
  name: string;
}

export interface OcdsItem {
  id: string;
  description: string;
  classification: { scheme: 'CPV'; id: string; description: string };
  quantity: number;
  unit: { scheme: 'UNCEFACT'; id: string; name: string; value?: OcdsValue };
  relatedLot: string;
  /** EU extension */
  deliveryAddresses?: OcdsAddress[];
}

/** Lots extension */
export interface OcdsLot {
  id: string;
  title: string;
  description?: string;
  status: OcdsTenderStatus;
  value: OcdsValue;
}

export interface OcdsTender {
  id: string;
  title: string;
  description?: string;
  status: OcdsTenderStatus;
  procuringEntity: OcdsOrganizationReference;
  items: OcdsItem[];
  value: OcdsValue;
  procurementMethod: 'open';
  procurementMethodDetails: string;
  mainProcurementCategory?: OcdsProcurementCategory;
  additionalProcurementCategories?: OcdsProcurementCategory[];
  awardCriteria: 'priceOnly' | 'qualityOnly' | 'ratedCriteria';
  awardCriteriaDetails: string;
  eligibilityCriteria?: string;
  submissionMethod: ['electronicSubmission'];
  tenderPeriod: OcdsPeriod;
  tenderers?: OcdsOrganizationReference[];
  numberOfTenderers?: number;
  lots: OcdsLot[];
}

export interface OcdsAward {
  id: string;
  title: string;
  status: 'active';
  date: string;
  value: OcdsValue;
  suppliers: OcdsOrganizationReference[];
  items: OcdsItem[];
  /** lots extension */
  relatedLots: string[];
  /** contract-buyer extension: the buyers of this award's contracts */
  buyers?: OcdsOrganizationReference[];
}

export interface OcdsContract {
  id: string;
  awardID: string;
  title: string;
  status: 'active';
  value: OcdsValue;
  items: OcdsItem[];
  /** contract-buyer extension */
  buyer: OcdsOrganizationReference;
  dateSigned?: string;
}

export interface OcdsRelease {
  ocid: string;
  id: string;
  date: string;
  tag: OcdsReleaseTag[];
  initiationType: 'tender';
  language: 'de';
  parties: OcdsOrganization[];
  buyer: OcdsOrganizationReference;
  planning: { rationale: string };
  tender: OcdsTender;
  awards?: OcdsAward[];
  contracts?: OcdsContract[];
}

export interface OcdsReleasePackage {
  uri: string;
  version: '1.1';
  extensions: string[];
  publishedDate: string;
  publisher: { name: string; uri?: string };
  license?: string;
  releases: [OcdsRelease];
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

/**
 * `extension.json` URLs of the extensions used, in the form of the OCDS extension registry
 * (raw.githubusercontent.com base URL + `extension.json`). Lots is pinned to its v1.1.5
 * release; contract-buyer and EU have no release and are pinned to the commits whose
 * schemas (data/ocds) our tests validate against, so a consumer patches the same schema.
 */
export const OCDS_EXTENSIONS: readonly string[] = Object.freeze([
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_contract_buyer_extension/e9d393b46b77d7df9f18399408cb9c065efb6d13/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_eu_extension/e9b3277f8bae8ce3d8a4041a971d2c5b85148405/extension.json',
]);

/**
 * Identifier schemes of `parties[].additionalIdentifiers`. There is no org-id.guide list for
 * German municipal keys or VAT numbers, so these are local scheme names.
 */
export const OCDS_IDENTIFIER_SCHEMES = Object.freeze({
  /** Amtlicher Gemeindeschlüssel (8 digits) */
  ags: 'DE-AGS',
  /** Kreisschlüssel (5 digits) of a district */
  districtKey: 'DE-KREIS',
  /** Umsatzsteuer-Identifikationsnummer */
  vatId: 'DE-UST',
});

const OCID_PREFIX = /^ocds-[a-z0-9]{6}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const COUNTRY_NAMES: Readonly<Record<string, string>> = { DE: 'Deutschland' };
const GERMANY = 'Deutschland';

const TENDER_STATUS: Readonly<Record<OcdsJointTenderStatus, OcdsTenderStatus>> = {
  draft: 'planned',
  published: 'active',
  opened: 'active',
  awarded: 'complete',
  cancelled: 'cancelled',
};

/** Roles in the order they are listed in `parties[].roles`. */
const ROLE_ORDER: readonly OcdsPartyRole[] = [
  'procuringEntity',
  'buyer',
  'leadBuyer',
  'centralPurchasingBody',
  'tenderer',
  'supplier',
];

const CATEGORY: Readonly<Record<ContractNature, OcdsProcurementCategory>> = {
  supplies: 'goods',
  services: 'services',
  works: 'works',
};

const PHASE_ORDER: readonly TenderPhase[] = ['specification', 'qualification', 'award', 'performance'];

// ---------------------------------------------------------------------------------------------
// Builder
// ---------------------------------------------------------------------------------------------

/** Builds the OCDS 1.1 release package (one release) of a joint tender; throws InvalidInputError. */
export function buildOcdsReleasePackage(input: OcdsJointTenderInput): OcdsReleasePackage {
  const release = buildOcdsRelease(input);
  return {
    uri: requireText(input.packageUri, 'packageUri'),
    version: '1.1',
    extensions: [...OCDS_EXTENSIONS],
    publishedDate: instant(input.publishedDate, 'publishedDate'),
    publisher: {
      name: requireText(input.publisher.name, 'publisher.name'),
      ...optionalText('uri', input.publisher.uri),
    },
    ...optionalText('license', input.license),
    releases: [release],
  };
}

/** The release of the package on its own (e.g. for a record or an API that embeds releases). */
export function buildOcdsRelease(input: OcdsJointTenderInput): OcdsRelease {
  const { tender } = input;
  if (!OCID_PREFIX.test(input.ocidPrefix)) {
    throw new InvalidInputError(
      'ocidPrefix',
      `must be "ocds-" and six lowercase letters or digits, got "${input.ocidPrefix}"`,
    );
  }
  assertStatusAllows(input);
  const ocid = `${input.ocidPrefix}-${requireText(tender.id, 'tender.id')}`;
  const date = instant(input.releaseDate, 'releaseDate');
  const parties = new PartyRegistry();
  registerParties(parties, input);
  const lots = indexLots(input.lots);
  const awards = indexAwards(input, lots, parties);
  const contracts = checkContracts(input, awards, parties);
  const tag = releaseTags(tender.status, contracts.length);
  const procuringEntity = parties.reference(input.procuringEntity.id);

  return {
    ocid,
    id: `${ocid}-${tag[0]}-${compactInstant(date)}`,
    date,
    tag,
    initiationType: 'tender',
    language: 'de',
    parties: parties.organizations(),
    buyer: procuringEntity,
    planning: { rationale: planningRationale(tender.bundleId, parties.countWithRole('buyer')) },
    tender: buildTender(input, lots, awards, parties),
    ...(tender.status === 'awarded'
      ? {
          awards: awards.map((a) => buildAward(a, contracts, parties)),
          contracts: contracts.map((c) => buildContract(c, parties)),
        }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Status and tags
// ---------------------------------------------------------------------------------------------

/** Awards, contracts and suppliers exist only once awarded; tenderers are secret before opening. */
function assertStatusAllows(input: OcdsJointTenderInput): void {
  const { status } = input.tender;
  if (!Object.hasOwn(TENDER_STATUS, status))
    throw new InvalidInputError('tender.status', `unknown status "${String(status)}"`);
  if (status !== 'awarded') {
    for (const field of ['awards', 'contracts', 'suppliers'] as const) {
      if (input[field].length > 0)
        throw new InvalidInputError(field, `must be empty unless the tender is awarded (status ${status})`);
    }
  }
  if ((input.tenderers?.length ?? 0) > 0 && status !== 'opened' && status !== 'awarded') {
    throw new InvalidInputError('tenderers', `are confidential before the offers are opened (status ${status})`);
  }
}

/** Release tags per status; an awarded tender has `contract` too once it has contracts. */
function releaseTags(status: OcdsJointTenderStatus, contractCount: number): OcdsReleaseTag[] {
  switch (status) {
    case 'draft':
      return ['planning'];
    case 'published':
    case 'opened':
      return ['tender'];
    case 'awarded':
      return contractCount > 0 ? ['award', 'contract'] : ['award'];
    case 'cancelled':
      return ['tenderCancellation'];
  }
}

/** `2026-03-01T10:00:00.000Z` -> `20260301T100000Z` (milliseconds kept only when not zero). */
function compactInstant(iso: string): string {
  return iso.replace(/\.000Z$/, 'Z').replace(/[-:]/g, '');
}

function planningRationale(bundleId: string, buyerCount: number): string {
  return (
    `Gemeinsame Beschaffung von ${buyerCount} öffentlichen Auftraggebern; ` +
    `der Bedarf wurde im Bündel ${requireText(bundleId, 'tender.bundleId')} zusammengefasst.`
  );
}

// ---------------------------------------------------------------------------------------------
// Parties
// ---------------------------------------------------------------------------------------------

interface PartyEntry {
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
class PartyRegistry {
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

function registerParties(parties: PartyRegistry, input: OcdsJointTenderInput): void {
  const lead: OcdsPartyRole[] = ['procuringEntity', 'buyer', 'leadBuyer'];
  if (input.procuringEntity.type === 'central_purchasing_body') lead.push('centralPurchasingBody');
  parties.add(input.procuringEntity, lead, 0, 'procuringEntity');
  input.buyers.forEach((b, i) => parties.add(b, ['buyer'], 1, `buyers[${i}]`));
  // every award in this product comes from an offer, so an awarded supplier is a tenderer too
  input.suppliers.forEach((s, i) => parties.add(s, ['supplier', 'tenderer'], 2, `suppliers[${i}]`));
  (input.tenderers ?? []).forEach((t, i) => parties.add(t, ['tenderer'], 2, `tenderers[${i}]`));
}

/** The party without roles: our UUID as id, official keys as additional identifiers, an address. */
function organization(party: OcdsPartyInput, field: string): Omit<OcdsOrganization, 'roles'> {
  const identifiers = partyIdentifiers(party);
  return {
    id: requireText(party.id, `${field}.id`),
    name: requireText(party.name, `${field}.name`),
    ...(identifiers.length > 0 ? { additionalIdentifiers: identifiers } : {}),
    address: partyAddress(party),
  };
}

function partyIdentifiers(party: OcdsPartyInput): OcdsIdentifier[] {
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
function partyAddress(party: OcdsPartyInput): OcdsAddress {
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
function countryName(country: string | null | undefined): string {
  const text = country?.trim() ?? '';
  const code = text.toUpperCase();
  if (!code) return GERMANY;
  const known = COUNTRY_NAMES[code];
  if (known) return known;
  if (!/^[A-Z]{2}$/.test(code)) return text;
  return new Intl.DisplayNames(['de'], { type: 'region', fallback: 'code' }).of(code) ?? code;
}

// ---------------------------------------------------------------------------------------------
// Lots and items
// ---------------------------------------------------------------------------------------------

interface IndexedItem {
  input: OcdsItemInput;
  cpvCode: string;
  lotId: string;
}

interface IndexedLot {
  input: OcdsLotInput;
  items: IndexedItem[];
}

interface Lots {
  /** sorted by key, then id */
  list: IndexedLot[];
  byId: Map<string, IndexedLot>;
  items: Map<string, IndexedItem>;
}

/** Checks ids (unique lots and items across the tender) and sorts lots by key and items by CPV code. */
function indexLots(lots: readonly OcdsLotInput[]): Lots {
  const byId = new Map<string, IndexedLot>();
  const items = new Map<string, IndexedItem>();
  lots.forEach((lot, l) => {
    const lotId = requireText(lot.id, `lots[${l}].id`);
    if (byId.has(lotId)) throw new InvalidInputError(`lots[${l}].id`, `duplicate lot ${lotId}`);
    assertNonNegativeInteger(lot.estimatedValueCents, `lots[${l}].estimatedValueCents`);
    const indexed: IndexedLot = { input: lot, items: [] };
    lot.items.forEach((item, i) => {
      const field = `lots[${l}].items[${i}]`;
      const itemId = requireText(item.id, `${field}.id`);
      if (items.has(itemId)) throw new InvalidInputError(`${field}.id`, `duplicate item ${itemId}`);
      assertNonNegativeInteger(item.quantityMilli, `${field}.quantityMilli`);
      const entry = { input: item, cpvCode: normalizeCpvCode(item.cpvCode), lotId };
      items.set(itemId, entry);
      indexed.items.push(entry);
    });
    indexed.items.sort((a, b) => compareCodeUnits(a.cpvCode, b.cpvCode) || compareCodeUnits(a.input.id, b.input.id));
    byId.set(lotId, indexed);
  });
  const list = [...byId.values()].sort(
    (a, b) => compareCodeUnits(a.input.key, b.input.key) || compareCodeUnits(a.input.id, b.input.id),
  );
  return { list, byId, items };
}

/** An OCDS item: CPV classification, unit (UN/ECE Rec. 20) and the lot it belongs to. */
function ocdsItem(item: IndexedItem, quantityMilli: number, unitPrice?: OcdsValue, withDelivery = false): OcdsItem {
  const label = requireText(item.input.cpvLabel, `item ${item.input.id} cpvLabel`);
  const delivery = withDelivery ? deliveryAddresses(item.input.deliveryPlaces ?? []) : [];
  return {
    id: item.input.id,
    description: label,
    classification: { scheme: 'CPV', id: item.cpvCode, description: label },
    quantity: milliToQuantity(quantityMilli),
    unit: {
      scheme: 'UNCEFACT',
      id: requireText(item.input.unit, `item ${item.input.id} unit`),
      name: requireText(item.input.unitName, `item ${item.input.id} unitName`),
      ...(unitPrice ? { value: unitPrice } : {}),
    },
    relatedLot: item.lotId,
    ...(delivery.length > 0 ? { deliveryAddresses: delivery } : {}),
  };
}

/** One address per delivery place (by AGS, sorted); duplicates would break `uniqueItems`. */
function deliveryAddresses(places: readonly OcdsDeliveryPlaceInput[]): OcdsAddress[] {
  const byAgs = new Map<string, OcdsDeliveryPlaceInput>();
  for (const p of places) byAgs.set(requireText(p.ags, 'deliveryPlaces.ags'), p);
  const seen = new Set<string>();
  const addresses: OcdsAddress[] = [];
  for (const [ags, p] of [...byAgs].sort(([a], [b]) => compareCodeUnits(a, b))) {
    const address: OcdsAddress = {
      locality: requireText(p.name, `deliveryPlaces[${ags}].name`),
      ...optionalText('region', p.nuts3),
      ...optionalText('postalCode', p.postalCode),
      countryName: GERMANY,
    };
    const key = JSON.stringify(address);
    if (!seen.has(key)) addresses.push(address);
    seen.add(key);
  }
  return addresses;
}

function lotStatus(status: OcdsJointTenderStatus, awarded: boolean): OcdsTenderStatus {
  if (status !== 'awarded') return TENDER_STATUS[status];
  // the procedure is complete: a lot without an award did not succeed
  return awarded ? 'complete' : 'unsuccessful';
}

// ---------------------------------------------------------------------------------------------
// Tender
// ---------------------------------------------------------------------------------------------

function buildTender(
  input: OcdsJointTenderInput,
  lots: Lots,
  awards: IndexedAward[],
  parties: PartyRegistry,
): OcdsTender {
  const { tender } = input;
  assertNonNegativeInteger(tender.estimatedValueCents, 'tender.estimatedValueCents');
  const categories = procurementCategories(lots, tender.contractNature ?? undefined);
  const award = awardCriteria(input.criteria, input.priceWeight ?? undefined);
  const awardedLots = new Set(awards.map((a) => a.lot.input.id));
  const description = tenderDescription(tender.description, input.criteria);
  const eligibility = criteriaText('Eignungskriterien', input.criteria, 'qualification');
  const tenderers = tendererReferences(input, parties);
  return {
    id: requireText(tender.id, 'tender.id'),
    title: requireText(tender.title, 'tender.title'),
    ...(description ? { description } : {}),
    status: TENDER_STATUS[tender.status],
    procuringEntity: parties.reference(input.procuringEntity.id),
    items: lots.list.flatMap((lot) => lot.items.map((i) => ocdsItem(i, i.input.quantityMilli, undefined, true))),
    value: eur(tender.estimatedValueCents),
    procurementMethod: 'open',
    procurementMethodDetails: procurementMethodDetails(tender, categories.main),
    ...(categories.main ? { mainProcurementCategory: categories.main } : {}),
    ...(categories.additional.length > 0 ? { additionalProcurementCategories: categories.additional } : {}),
    awardCriteria: award.code,
    awardCriteriaDetails: award.details,
    ...(eligibility ? { eligibilityCriteria: eligibility } : {}),
    submissionMethod: ['electronicSubmission'],
    tenderPeriod: tenderPeriod(tender),
    ...(tenderers ? { tenderers, numberOfTenderers: tenderers.length } : {}),
    lots: lots.list.map((lot) => ({
      id: lot.input.id,
      title: `Los ${requireText(lot.input.key, 'lots.key')}: ${requireText(lot.input.title, 'lots.title')}`,
      ...optionalText('description', lot.input.description),
      status: lotStatus(tender.status, awardedLots.has(lot.input.id)),
      value: eur(lot.input.estimatedValueCents),
    })),
  };
}

function tenderPeriod(tender: OcdsTenderInput): OcdsPeriod {
  return {
    ...(tender.publishedAt ? { startDate: instant(tender.publishedAt, 'tender.publishedAt') } : {}),
    endDate: instant(tender.submissionDeadline, 'tender.submissionDeadline'),
  };
}

/** Tenderers (after opening, when given): all bidders; every awarded supplier must be one. */
function tendererReferences(
  input: OcdsJointTenderInput,
  parties: PartyRegistry,
): OcdsOrganizationReference[] | undefined {
  if (input.tenderers === undefined || (input.tender.status !== 'opened' && input.tender.status !== 'awarded')) {
    return undefined;
  }
  const ids = new Set(input.tenderers.map((t) => t.id));
  input.suppliers.forEach((s, i) => {
    if (!ids.has(s.id)) throw new InvalidInputError(`suppliers[${i}]`, `supplier ${s.id} is not among the tenderers`);
  });
  return parties.references(ids);
}

/**
 * mainProcurementCategory from the CPV divisions (cpvContractNature): the single nature of all
 * items, or the given `contractNature` of a mixed tender; the other natures are additional.
 */
function procurementCategories(
  lots: Lots,
  override: ContractNature | undefined,
): { main?: OcdsProcurementCategory; additional: OcdsProcurementCategory[] } {
  const natures = new Set([...lots.items.values()].map((i) => cpvContractNature(i.cpvCode)));
  if (override !== undefined && !Object.hasOwn(CATEGORY, override)) {
    throw new InvalidInputError('tender.contractNature', `unknown contract nature "${String(override)}"`);
  }
  const main = override ?? (natures.size === 1 ? [...natures][0] : undefined);
  const additional = [...natures]
    .filter((n) => n !== main)
    .map((n) => CATEGORY[n])
    .sort(compareCodeUnits);
  return { ...(main ? { main: CATEGORY[main] } : {}), additional };
}

/**
 * German text of the procedure: open procedure EU-wide (§ 15 VgV, works § 3 EU VOB/A) or
 * Öffentliche Ausschreibung below the threshold (§ 9 UVgO, works § 3 VOB/A).
 */
function procurementMethodDetails(tender: OcdsTenderInput, main: OcdsProcurementCategory | undefined): string {
  const type = tender.procedureType;
  if (type !== 'open' && type !== 'national-open') {
    throw new InvalidInputError('tender.procedureType', `unsupported procedure type "${type}" (open, national-open)`);
  }
  if (tender.regimeScope !== 'EU' && tender.regimeScope !== 'NATIONAL') {
    throw new InvalidInputError('tender.regimeScope', `must be EU or NATIONAL, got "${String(tender.regimeScope)}"`);
  }
  if (type === 'national-open' && tender.regimeScope === 'EU') {
    throw new InvalidInputError(
      'tender.procedureType',
      'a national procedure cannot be used at or above the EU threshold',
    );
  }
  const works = main === 'works';
  const text =
    tender.regimeScope === 'EU'
      ? `Offenes Verfahren (EU-weit, ${works ? '§ 3 EU Nr. 1 VOB/A' : '§ 15 VgV'})`
      : `Öffentliche Ausschreibung (national, ${works ? '§ 3 Nr. 1 VOB/A' : '§ 9 UVgO'})`;
  const basis = tender.legalBasis?.trim();
  return basis && !text.includes(basis) ? `${text}; Rechtsgrundlage: ${basis}` : text;
}

/**
 * awardCriteria code and German details from the price weight and the weighted award-phase
 * criteria. Weights follow the scoring rules (`validateWeights`: at most two decimals, sum 100).
 */
function awardCriteria(
  criteria: readonly OcdsCriterionInput[],
  priceWeight: number | undefined,
): { code: OcdsTender['awardCriteria']; details: string } {
  const award = sortedCriteria(criteria, 'award');
  if (award.length === 0 && (priceWeight === undefined || priceWeight === 100)) {
    return {
      code: 'priceOnly',
      details: 'Zuschlag auf das wirtschaftlichste Angebot. Zuschlagskriterium: Preis 100 %.',
    };
  }
  if (priceWeight === undefined) {
    throw new InvalidInputError('priceWeight', 'is required when award criteria are weighted');
  }
  const weighted = award.map((c) => {
    if (c.weight === undefined || c.weight === null) {
      throw new InvalidInputError(`criteria[${c.code}].weight`, 'an award criterion needs a weight');
    }
    return { criterion: c, weight: c.weight };
  });
  validateWeights({
    price: priceWeight,
    criteria: Object.fromEntries(weighted.map((w) => [w.criterion.code, w.weight])),
  });
  const parts = [
    `Preis ${percent(priceWeight)}`,
    ...weighted.map((w) => `${criterionLabel(w.criterion)} ${percent(w.weight)}`),
  ];
  const code = priceWeight === 100 ? 'priceOnly' : priceWeight === 0 ? 'qualityOnly' : 'ratedCriteria';
  return { code, details: `Zuschlag auf das wirtschaftlichste Angebot. Zuschlagskriterien: ${parts.join('; ')}.` };
}

/**
 * The tender description with the sustainability requirements that have no field of their
 * own in OCDS core or our extensions: the specification (Leistungsbeschreibung) and the
 * contract performance conditions (Ausführungsbedingungen, § 128 Abs. 2 GWB).
 */
function tenderDescription(description: string | null | undefined, criteria: readonly OcdsCriterionInput[]): string {
  return [
    description?.trim(),
    criteriaText('Anforderungen an die Leistung (Leistungsbeschreibung)', criteria, 'specification'),
    criteriaText('Ausführungsbedingungen', criteria, 'performance'),
  ]
    .filter((part): part is string => !!part)
    .join('\n\n');
}

/** `Heading: criterion (detail); criterion.` for the criteria of one phase, or '' if none. */
function criteriaText(heading: string, criteria: readonly OcdsCriterionInput[], phase: TenderPhase): string {
  const list = sortedCriteria(criteria, phase);
  return list.length === 0 ? '' : `${heading}: ${list.map(criterionLabel).join('; ')}.`;
}

/** The criteria of one phase sorted by code; a code may appear only once per phase. */
function sortedCriteria(criteria: readonly OcdsCriterionInput[], phase: TenderPhase): OcdsCriterionInput[] {
  criteria.forEach((c, i) => {
    if (!PHASE_ORDER.includes(c.phase))
      throw new InvalidInputError(`criteria[${i}].phase`, `unknown phase "${String(c.phase)}"`);
    requireText(c.code, `criteria[${i}].code`);
    requireText(c.name, `criteria[${i}].name`);
  });
  const list = criteria.filter((c) => c.phase === phase).sort((a, b) => compareCodeUnits(a.code, b.code));
  list.forEach((c, i) => {
    if (i > 0 && list[i - 1].code === c.code) {
      throw new InvalidInputError('criteria', `criterion ${c.code} is given twice for the phase ${phase}`);
    }
  });
  return list;
}

function criterionLabel(c: OcdsCriterionInput): string {
  const detail = c.detail?.trim();
  return detail ? `${c.name.trim()} (${detail})` : c.name.trim();
}

/** `12.5` -> `12,5 %` (German decimal comma). */
function percent(weight: number): string {
  return `${String(weight).replace('.', ',')} %`;
}

// ---------------------------------------------------------------------------------------------
// Awards and contracts
// ---------------------------------------------------------------------------------------------

interface IndexedAward {
  input: OcdsAwardInput;
  lot: IndexedLot;
  /** item id -> unit price */
  unitPrices: Map<string, OcdsValue | undefined>;
  quantities: Map<string, number>;
}

/** Checks the awards (lot, supplier, items of that lot) and sorts them by lot key. */
function indexAwards(input: OcdsJointTenderInput, lots: Lots, parties: PartyRegistry): IndexedAward[] {
  const seen = new Set<string>();
  const awardedLots = new Set<string>();
  const awards = input.awards.map((award, a): IndexedAward => {
    const field = `awards[${a}]`;
    const id = requireText(award.id, `${field}.id`);
    if (seen.has(id)) throw new InvalidInputError(`${field}.id`, `duplicate award ${id}`);
    seen.add(id);
    const lot = lots.byId.get(award.lotId);
    if (!lot) throw new InvalidInputError(`${field}.lotId`, `unknown lot ${award.lotId}`);
    if (awardedLots.has(award.lotId))
      throw new InvalidInputError(`${field}.lotId`, `lot ${award.lotId} is awarded twice`);
    awardedLots.add(award.lotId);
    if (!parties.has(award.supplierId, 'supplier')) {
      throw new InvalidInputError(`${field}.supplierId`, `supplier ${award.supplierId} is not among the suppliers`);
    }
    assertNonNegativeInteger(award.valueCents, `${field}.valueCents`);
    instant(award.date, `${field}.date`);
    const unitPrices = new Map<string, OcdsValue | undefined>();
    const quantities = new Map<string, number>();
    award.items.forEach((item, i) => {
      const itemField = `${field}.items[${i}]`;
      if (lots.items.get(item.itemId)?.lotId !== award.lotId) {
        throw new InvalidInputError(`${itemField}.itemId`, `item ${item.itemId} is not in lot ${award.lotId}`);
      }
      if (quantities.has(item.itemId))
        throw new InvalidInputError(`${itemField}.itemId`, `duplicate item ${item.itemId}`);
      assertNonNegativeInteger(item.quantityMilli, `${itemField}.quantityMilli`);
      quantities.set(item.itemId, item.quantityMilli);
      unitPrices.set(item.itemId, unitPrice(item.unitPriceEur, `${itemField}.unitPriceEur`));
    });
    if (quantities.size === 0) throw new InvalidInputError(`${field}.items`, 'an award has at least one item');
    return { input: award, lot, unitPrices, quantities };
  });
  return awards.sort(
    (a, b) => compareCodeUnits(a.lot.input.key, b.lot.input.key) || compareCodeUnits(a.input.id, b.input.id),
  );
}

/** A unit price with up to four decimals as EUR number. */
function unitPrice(value: number | string | null | undefined, field: string): OcdsValue | undefined {
  if (value === undefined || value === null) return undefined;
  return { amount: parseScaled(value, 4, field) / 10_000, currency: 'EUR' };
}

interface CheckedContract {
  input: OcdsContractInput;
  award: IndexedAward;
}

/**
 * Checks the contracts: each belongs to an award, its buyer participates, its items are the
 * award's, its value is the sum of its item values; per award, one contract per buyer, and the
 * contracts (if any) share out exactly the award's value and quantities. Sorted by award, then
 * buyer name.
 */
function checkContracts(
  input: OcdsJointTenderInput,
  awards: IndexedAward[],
  parties: PartyRegistry,
): CheckedContract[] {
  const awardsById = new Map(awards.map((a) => [a.input.id, a]));
  const seen = new Set<string>();
  const buyersPerAward = new Set<string>();
  const checked = input.contracts.map((contract, c): CheckedContract => {
    const field = `contracts[${c}]`;
    const id = requireText(contract.id, `${field}.id`);
    if (seen.has(id)) throw new InvalidInputError(`${field}.id`, `duplicate contract ${id}`);
    seen.add(id);
    const award = awardsById.get(contract.awardId);
    if (!award) throw new InvalidInputError(`${field}.awardId`, `unknown award ${contract.awardId}`);
    if (!parties.has(contract.buyerId, 'buyer')) {
      throw new InvalidInputError(`${field}.buyerId`, `buyer ${contract.buyerId} does not participate`);
    }
    const pair = `${contract.awardId}\u0000${contract.buyerId}`;
    if (buyersPerAward.has(pair)) {
      throw new InvalidInputError(
        `${field}.buyerId`,
        `buyer ${contract.buyerId} has two contracts under award ${contract.awardId}`,
      );
    }
    buyersPerAward.add(pair);
    checkContractItems(contract, award, field);
    if (contract.dateSigned) instant(contract.dateSigned, `${field}.dateSigned`);
    return { input: contract, award };
  });
  checkAwardShares(awards, checked);
  return checked.sort(
    (a, b) =>
      awards.indexOf(a.award) - awards.indexOf(b.award) ||
      byNameThenId(parties.reference(a.input.buyerId), parties.reference(b.input.buyerId)) ||
      compareCodeUnits(a.input.id, b.input.id),
  );
}

function checkContractItems(contract: OcdsContractInput, award: IndexedAward, field: string): void {
  const ids = new Set<string>();
  contract.items.forEach((item, i) => {
    const itemField = `${field}.items[${i}]`;
    if (!award.quantities.has(item.itemId)) {
      throw new InvalidInputError(`${itemField}.itemId`, `item ${item.itemId} is not in award ${award.input.id}`);
    }
    if (ids.has(item.itemId)) throw new InvalidInputError(`${itemField}.itemId`, `duplicate item ${item.itemId}`);
    ids.add(item.itemId);
    assertNonNegativeInteger(item.quantityMilli, `${itemField}.quantityMilli`);
  });
  if (ids.size === 0) throw new InvalidInputError(`${field}.items`, 'a contract has at least one item');
  assertNonNegativeInteger(contract.valueCents, `${field}.valueCents`);
  const itemsValue = sumCents(
    contract.items.map((i) => i.valueCents),
    `${field}.items.valueCents`,
  );
  if (itemsValue !== contract.valueCents) {
    throw new InvalidInputError(`${field}.valueCents`, `is ${contract.valueCents}, but its items sum to ${itemsValue}`);
  }
}

/** The contracts of an award share out exactly its value and each item's quantity. */
function checkAwardShares(awards: IndexedAward[], contracts: CheckedContract[]): void {
  for (const award of awards) {
    const own = contracts.filter((c) => c.award === award).map((c) => c.input);
    if (own.length === 0) continue;
    const total = sumCents(
      own.map((c) => c.valueCents),
      'contracts.valueCents',
    );
    if (total !== award.input.valueCents) {
      throw new InvalidInputError(
        'contracts',
        `contract values of award ${award.input.id} sum to ${total} cents, the award is ${award.input.valueCents}`,
      );
    }
    for (const [itemId, quantity] of award.quantities) {
      const shared = own
        .flatMap((c) => c.items)
        .filter((i) => i.itemId === itemId)
        .reduce((s, i) => s + i.quantityMilli, 0);
      if (shared !== quantity) {
        throw new InvalidInputError(
          'contracts',
          `quantities of item ${itemId} under award ${award.input.id} sum to ${shared}, the award is ${quantity}`,
        );
      }
    }
  }
}

/** The lot's items (in lot order) that have a quantity here, with the award's unit prices. */
function lotItems(
  lot: IndexedLot,
  quantities: ReadonlyMap<string, number>,
  unitPrices: ReadonlyMap<string, OcdsValue | undefined>,
): OcdsItem[] {
  return lot.items.flatMap((i) => {
    const quantity = quantities.get(i.input.id);
    return quantity === undefined ? [] : [ocdsItem(i, quantity, unitPrices.get(i.input.id))];
  });
}

function buildAward(award: IndexedAward, contracts: CheckedContract[], parties: PartyRegistry): OcdsAward {
  const { input, lot } = award;
  const buyerIds = contracts.filter((c) => c.award === award).map((c) => c.input.buyerId);
  const supplier = parties.reference(input.supplierId);
  return {
    id: input.id,
    title: `Zuschlag Los ${lot.input.key}: ${supplier.name}`,
    status: 'active',
    date: instant(input.date, 'awards.date'),
    value: eur(input.valueCents),
    suppliers: [supplier],
    items: lotItems(lot, award.quantities, award.unitPrices),
    relatedLots: [lot.input.id],
    ...(buyerIds.length > 0 ? { buyers: parties.references(buyerIds) } : {}),
  };
}

function buildContract(contract: CheckedContract, parties: PartyRegistry): OcdsContract {
  const { input, award } = contract;
  const buyer = parties.reference(input.buyerId);
  const quantities = new Map(input.items.map((i) => [i.itemId, i.quantityMilli]));
  return {
    id: input.id,
    awardID: input.awardId,
    title: `Vertrag Los ${award.lot.input.key}: ${buyer.name}`,
    status: 'active',
    value: eur(input.valueCents),
    items: lotItems(award.lot, quantities, award.unitPrices),
    buyer,
    ...(input.dateSigned ? { dateSigned: instant(input.dateSigned, 'contracts.dateSigned') } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function eur(cents: number): OcdsValue {
  return { amount: centsToEur(cents), currency: 'EUR' };
}

/** Normalises an instant to `toISOString()` form; OCDS wants RFC 3339 date-times with offset. */
function instant(value: OcdsInstant, field: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidInputError(field, 'is an invalid Date');
    return value.toISOString();
  }
  const date = typeof value === 'string' && INSTANT.test(value.trim()) ? new Date(value.trim()) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new InvalidInputError(field, `must be an ISO 8601 date-time with offset, got "${String(value)}"`);
  }
  return date.toISOString();
}

function requireText(value: string | null | undefined, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInputError(field, 'must be a non-empty text');
  return value.trim();
}

/** `{ key: text }` for a non-blank text, else `{}`: OCDS omits unknown fields rather than sending null. */
function optionalText<K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> {
  const text = value?.trim();
  return text ? ({ [key]: text } as Partial<Record<K, string>>) : {};
}

function byNameThenId(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return compareCodeUnits(a.name, b.name) || compareCodeUnits(a.id, b.id);
}
