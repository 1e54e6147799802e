/**
 * The eForms code lists that Bündel's notices use (eForms SDK 1.15, `data/eforms-sdk/codelists`;
 * `codes.spec.ts` checks these constants against the shipped Genericode files).
 */

/** BT-11 buyer legal type (`buyer-legal-type`); `la` = local authority (Gemeinde, Kreis). */
export const BUYER_LEGAL_TYPES = [
  'body-pl',
  'body-pl-cga',
  'body-pl-la',
  'body-pl-ra',
  'cga',
  'def-cont',
  'eu-ins-bod-ag',
  'int-org',
  'la',
  'org-sub',
  'org-sub-cga',
  'org-sub-la',
  'org-sub-ra',
  'pub-undert',
  'pub-undert-cga',
  'pub-undert-la',
  'pub-undert-ra',
  'ra',
  'spec-rights-entity',
] as const;
export type BuyerLegalType = (typeof BUYER_LEGAL_TYPES)[number];

/** BT-10 main activity of a public authority (`main-activity`, listName `authority-activity`). */
export const MAIN_ACTIVITIES = [
  'defence',
  'econ-aff',
  'education',
  'env-pro',
  'gen-pub',
  'hc-am',
  'health',
  'pub-os',
  'rcr',
  'soc-pro',
] as const;
export type MainActivity = (typeof MAIN_ACTIVITIES)[number];

/** BT-06 strategic procurement (`strategic-procurement`). */
export const STRATEGIC_PROCUREMENT = ['env-imp', 'inn-pur', 'soc-obj'] as const;
export type StrategicProcurement = (typeof STRATEGIC_PROCUREMENT)[number];

/** BT-774 green procurement: the environmental impact aimed at (`environmental-impact`). */
export const ENVIRONMENTAL_IMPACTS = [
  'biodiv-eco',
  'circ-econ',
  'clim-adapt',
  'clim-mitig',
  'other',
  'pollu-prev',
  'water-mar',
] as const;
export type EnvironmentalImpact = (typeof ENVIRONMENTAL_IMPACTS)[number];

/** BT-775 social procurement (`social-objective`). */
export const SOCIAL_OBJECTIVES = ['acc-all', 'et-eq', 'gen-eq', 'hum-right', 'opp', 'other', 'work-cond'] as const;
export type SocialObjective = (typeof SOCIAL_OBJECTIVES)[number];

/** BT-805 green procurement criteria (`gpp-criteria`): whose GPP criteria are applied. */
export const GPP_CRITERIA = ['eu', 'national', 'other'] as const;
export type GppCriteria = (typeof GPP_CRITERIA)[number];

/** BT-735 contract type under the Clean Vehicles Directive (`cvd-contract-type`). */
export const CVD_CONTRACT_TYPES = ['oth-serv-contr', 'pass-tran-serv', 'veh-acq'] as const;
export type CvdContractType = (typeof CVD_CONTRACT_TYPES)[number];

/** BT-723 vehicle category (`vehicle-category`). */
export const VEHICLE_CATEGORIES = ['m1', 'm1-m2-n1', 'm2', 'm3', 'n1', 'n2', 'n2-n3', 'n3'] as const;
export type VehicleCategory = (typeof VEHICLE_CATEGORIES)[number];

/** BT-23 main nature of the contract (`contract-nature`). */
export const CONTRACT_NATURES = ['services', 'supplies', 'works'] as const;
export type EformsContractNature = (typeof CONTRACT_NATURES)[number];

/** BT-539 award criterion type (`award-criterion-type`). */
export type AwardCriterionType = 'price' | 'quality' | 'cost';

/** BT-165 winner size (`economic-operator-size`). */
export const COMPANY_SIZES = ['micro', 'small', 'medium', 'large'] as const;
export type CompanySize = (typeof COMPANY_SIZES)[number];

/**
 * eForms measurement units (`measurement-unit`) allowed in BT-25 (quantity of a lot); any
 * other unit's quantities stay in the lot description.
 */
export const EFORMS_QUANTITY_UNITS = [
  'GRM',
  'H87',
  'HUR',
  'KGM',
  'KMK',
  'KTM',
  'LTR',
  'MGM',
  'MLT',
  'MTK',
  'MTR',
  'TNE',
] as const;

/** ISO 3166-1 alpha-2 to alpha-3 for the countries Bündel's organisations lie in (eForms wants alpha-3). */
export const COUNTRY_ALPHA3: Readonly<Record<string, string>> = {
  DE: 'DEU',
  AT: 'AUT',
  BE: 'BEL',
  CH: 'CHE',
  CZ: 'CZE',
  DK: 'DNK',
  ES: 'ESP',
  FR: 'FRA',
  IT: 'ITA',
  LU: 'LUX',
  NL: 'NLD',
  PL: 'POL',
};
