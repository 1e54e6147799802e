import type { FrameworkShare } from '../framework';
import type {
  BuyerLegalType,
  CompanySize,
  CvdContractType,
  EformsContractNature,
  MainActivity,
  VehicleCategory,
} from './codes';

/**
 * What the eForms builder needs, in Bündel's own terms. The feature layer fills it from the
 * database; the builder checks it (`checkContractNoticeInput`, `checkAwardNoticeInput`) and
 * writes the XML. Money is integer euro cents; quantities are integer thousandths.
 */

/** An instant: ISO 8601 with offset or a Date. */
export type EformsInstant = string | Date;

export interface EformsAddressInput {
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  /** NUTS-3 code (BT-507), e.g. `DED45` */
  nuts3?: string | null;
  /** ISO 3166-1 alpha-2, default `DE` */
  country?: string | null;
}

export interface EformsContactInput {
  /** BT-502 contact point, e.g. "Zentrale Vergabestelle" */
  name?: string | null;
  /** BT-506 */
  email?: string | null;
  /** BT-503 */
  telephone?: string | null;
}

/** An organisation of the notice (efac:Organization): buyer, review body, winner. */
export interface EformsOrganisationInput {
  /** our id (UUID); the notice numbers organisations ORG-0001, ORG-0002, ... */
  id: string;
  /** BT-500 */
  name: string;
  /**
   * BT-501 organisation identifier: the Leitweg-ID or the official key (AGS, Kreisschlüssel)
   * of a public body, the USt-IdNr. of a company, the register number of a review body
   */
  identifier?: string | null;
  address?: EformsAddressInput | null;
  contact?: EformsContactInput | null;
  /** BT-505 */
  website?: string | null;
}

/** A buyer: every participating organisation of the joint procurement (cac:ContractingParty). */
export interface EformsBuyerInput {
  organisation: EformsOrganisationInput;
  /** BT-11, e.g. `la` for Gemeinden and Kreise */
  legalType: BuyerLegalType;
  /** BT-10 */
  mainActivity: MainActivity;
  /** OPP-050: the coordinator that runs the procedure for the group */
  groupLeader: boolean;
  /**
   * OPP-051 / OPP-052: a central purchasing body awarding contracts for others (`awarding`)
   * or acquiring supplies for others (`acquiring`)
   */
  centralPurchasingBody?: 'awarding' | 'acquiring' | null;
}

/** A criterion placed on a lot, as the tender holds it (phase, value), with its catalogue name. */
export interface EformsLotCriterionInput {
  code: string;
  /** German name from the catalogue */
  name: string;
  phase: 'specification' | 'qualification' | 'award' | 'performance';
  /** the value set in the tender (`mindestens 50 %`, `DE-UZ 14a`), if any */
  detail?: string | null;
  /** award criteria: weight in percent (BT-541 with BT-5421 `per-exa`) */
  weight?: number | null;
  /** award criteria: points fixed in advance (BT-5422 `fix-tot`) */
  fixedPoints?: number | null;
  /** award criteria: the minimum score an offer must reach on it (BT-5423 `min-score`) */
  minimumScore?: number | null;
}

/** An item of a lot, for the description and the quantity (BT-25). */
export interface EformsItemInput {
  cpvCode: string;
  /** German label of the item (product specification or CPV label) */
  label: string;
  /** UN/ECE Rec. 20 unit code */
  unit: string;
  unitName?: string | null;
  quantityMilli: number;
}

/** A lot (cac:ProcurementProjectLot). */
export interface EformsLotInput {
  /** our lot id; the notice numbers lots LOT-0001, LOT-0002, ... in the given order */
  id: string;
  /** BT-22 internal identifier, e.g. the lot key `1` */
  internalId: string;
  /** BT-21 */
  title: string;
  /** BT-24; the items and quantities are appended */
  description?: string | null;
  /** BT-23; default: from the main CPV code */
  contractNature?: EformsContractNature | null;
  items: readonly EformsItemInput[];
  /** BT-262 / BT-263 CPV codes; default: the items' codes, the first being the main one */
  cpvCodes?: readonly string[] | null;
  /** BT-27 estimated value of the lot, cents */
  estimatedValueCents: number;
  /** BT-5071 places of performance (NUTS-3), e.g. the districts of the delivery places */
  placesNuts3: readonly string[];
  /** BT-536 / BT-537 start and end of the contract (dates `YYYY-MM-DD`), or BT-36 duration in months */
  period: { startDate: string; endDate: string } | { durationMonths: number };
  criteria: readonly EformsLotCriterionInput[];
  /** BT-539 price criterion weight in percent (the rest goes to the award criteria) */
  priceWeight: number;
  /** BT-717 / BT-735: the Clean Vehicles Directive applies (vehicles, or road transport services) */
  cleanVehicles?: { contractType: CvdContractType } | null;
  /** Framework agreement fields (BT-765, BT-113, BT-271, BT-109, BT-111): `null` for a one-time purchase (BT-765 `none`) */
  framework?: EformsFrameworkInput | null;
}

/**
 * BT-765 of a framework agreement: `fa-wo-rc` one supplier (or a ranking) without reopening
 * competition, `fa-w-rc` every call-off after a mini-competition, `fa-mix` both.
 */
export type EformsFrameworkMethod = 'fa-wo-rc' | 'fa-w-rc' | 'fa-mix';

/** A lot let as a framework agreement (§ 21 VgV); its period (BT-536/537) is the framework's term. */
export interface EformsFrameworkInput {
  method: EformsFrameworkMethod;
  /** BT-113: the most suppliers the framework is concluded with */
  maximumParticipants: number;
  /** BT-271: the maximum value of the lot over the term, cents (the sum of every participant's maximum) */
  maximumValueCents: number;
  /** BT-109: why the term exceeds four years (§ 21 Abs. 6 VgV); written only when it does */
  justification?: string | null;
  /** BT-111: who may call off; default: the buyers of the notice, by name */
  buyerCategories?: string | null;
  /** every buyer's estimated and maximum quantity per item (CJEU C-23/20), written into the lot's description (BT-24) */
  shares?: readonly EformsFrameworkShareInput[];
}

/** a buyer's estimate and maximum of one item (the framework's own type) */
export type EformsFrameworkShareInput = FrameworkShare;

/** The procedure as a whole. */
export interface EformsProcedureInput {
  /** BT-04 procedure identifier: a UUID v4, the same on every notice of the procedure (our tender id) */
  procedureId: string;
  /** BT-22 internal identifier (our reference, e.g. the bundle's title or number) */
  internalId?: string | null;
  /** BT-21 */
  title: string;
  /** BT-24 */
  description?: string | null;
  /** BT-27 estimated value of the whole procedure, cents (sum over lots and participants, § 3 VgV) */
  estimatedValueCents: number;
  /** BT-131: the submission deadline */
  submissionDeadline: EformsInstant;
  /** BT-18: where tenders are submitted electronically */
  submissionUrl: string;
  /** BT-15: where the procurement documents are, freely and directly */
  documentsUrl: string;
  /** BT-98 tender validity in days */
  tenderValidityDays: number;
  /** BT-99: how and by when a review can be sought (German text) */
  reviewDeadlineInfo: string;
  lots: readonly EformsLotInput[];
}

/** Notice identity and version. */
export interface EformsNoticeMeta {
  /** BT-701 notice identifier, a UUID v4 of this notice */
  noticeId: string;
  /** BT-05 issue date and time */
  issuedAt: EformsInstant;
  /** BT-738 preferred publication date (`YYYY-MM-DD`); default: the issue date */
  requestedPublicationDate?: string | null;
  /** a change notice: which notice it changes, why and what (BT-758, BT-140, BT-141, BT-13716) */
  change?: EformsChangeInput | null;
}

export interface EformsChangeInput {
  /** BT-758: the notice identifier of the notice changed (the latest issued one) */
  previousNoticeId: string;
  /** the version (BT-757) of the notice changed, default 1 */
  previousVersion?: number;
  /** BT-141 German description of what changed */
  description: string;
  /** BT-13716: the lots changed (our lot ids); empty = the procedure as a whole */
  changedLotIds: readonly string[];
}

export interface ContractNoticeInput {
  notice: EformsNoticeMeta;
  buyers: readonly EformsBuyerInput[];
  /** the review body (Vergabekammer des Landes), a configured organisation */
  reviewBody: EformsOrganisationInput;
  procedure: EformsProcedureInput;
}

/** A tender that won a lot. */
export interface EformsWinningTenderInput {
  /** our offer id */
  id: string;
  supplier: EformsOrganisationInput & { size: CompanySize };
  /** BT-720 value of the tender, cents */
  valueCents: number;
}

/** A contract concluded with one participating organisation (one per buyer and lot). */
export interface EformsContractInput {
  /** our contract id */
  id: string;
  /** BT-150 contract number */
  reference: string;
  /** OPT-300: the buyer that signs (our organisation id) */
  buyerId: string;
  /** BT-145 date of conclusion (`YYYY-MM-DD`) */
  concludedOn: string;
}

/** What happened to a lot (efac:LotResult). */
export interface EformsLotResultInput {
  lotId: string;
  /** BT-759 / BT-760 number of tenders received */
  tendersReceived: number;
  /** BT-1451 date of the award decision (`YYYY-MM-DD`) */
  awardDecisionDate?: string | null;
  /** null: no winner (BT-142 `clos-nw`, BT-144 `no-rece` with no tender, else `all-rej`) */
  winner: EformsWinningTenderInput | null;
  /** BT-711 / BT-710 highest and lowest tender value received, cents */
  highestTenderCents?: number | null;
  lowestTenderCents?: number | null;
  contracts: readonly EformsContractInput[];
  /** Clean Vehicles Directive lots: vehicles bought (BT-723, OPT-155/156) */
  vehicles?: { category: VehicleCategory; total: number; zeroEmission: number; clean: number } | null;
}

export interface AwardNoticeInput extends ContractNoticeInput {
  results: readonly EformsLotResultInput[];
}
