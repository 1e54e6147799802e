// OCDS builder: Output (the subset of OCDS 1.1 this builder emits)

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
  /** framework agreements (the techniques extension): method, period, suppliers, maximum value */
  techniques?: { hasFrameworkAgreement: boolean; frameworkAgreement: Record<string, unknown> };
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
  period?: OcdsPeriod;
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
