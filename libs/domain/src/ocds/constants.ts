import { type ContractNature } from '../cpv';
import { type TenderPhase } from '../criteria';
import { OcdsJointTenderStatus } from './input';
import { OcdsPartyRole, OcdsProcurementCategory, OcdsTenderStatus } from './output';

// OCDS builder: Constants

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

export const OCID_PREFIX = /^ocds-[a-z0-9]{6}$/;
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
export const COUNTRY_NAMES: Readonly<Record<string, string>> = { DE: 'Deutschland' };
export const GERMANY = 'Deutschland';

export const TENDER_STATUS: Readonly<Record<OcdsJointTenderStatus, OcdsTenderStatus>> = {
  draft: 'planned',
  published: 'active',
  opened: 'active',
  awarded: 'complete',
  cancelled: 'cancelled',
};

/** Roles in the order they are listed in `parties[].roles`. */
export const ROLE_ORDER: readonly OcdsPartyRole[] = [
  'procuringEntity',
  'buyer',
  'leadBuyer',
  'centralPurchasingBody',
  'tenderer',
  'supplier',
];

export const CATEGORY: Readonly<Record<ContractNature, OcdsProcurementCategory>> = {
  supplies: 'goods',
  services: 'services',
  works: 'works',
};

export const PHASE_ORDER: readonly TenderPhase[] = ['specification', 'qualification', 'award', 'performance'];
