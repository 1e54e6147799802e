import { type ContractNature } from '../cpv';
import { type TenderPhase } from '../criteria';

// OCDS builder: Input

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
  /** the keys of the lots it applies to; absent or null: every lot */
  lotKeys?: readonly string[] | null;
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
 * The contract of one buyer under one award (its allocation), as concluded after the
 * standstill (§ 134 GWB): a contract record, published as `active`. An award whose standstill
 * runs has no contracts yet.
 */
export interface OcdsContractInput {
  id: string;
  awardId: string;
  buyerId: string;
  /** the contract's number (Vertragsnummer), shown in its title */
  number?: string | null;
  /** must equal the sum of the item values */
  valueCents: number;
  /** when the contract was concluded */
  dateSigned?: OcdsInstant | null;
  /** the term (`YYYY-MM-DD`), as the contract period */
  termFrom?: string | null;
  termTo?: string | null;
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
