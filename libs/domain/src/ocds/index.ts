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
export {
  OcdsAwardInput,
  OcdsAwardItemInput,
  OcdsContractInput,
  OcdsContractItemInput,
  OcdsCriterionInput,
  OcdsDeliveryPlaceInput,
  OcdsInstant,
  OcdsItemInput,
  OcdsJointTenderInput,
  OcdsJointTenderStatus,
  OcdsLotInput,
  OcdsOrganisationType,
  OcdsPartyInput,
  OcdsTenderInput,
} from './input';
export {
  OcdsAddress,
  OcdsAward,
  OcdsContract,
  OcdsIdentifier,
  OcdsItem,
  OcdsLot,
  OcdsOrganization,
  OcdsOrganizationReference,
  OcdsPartyRole,
  OcdsPeriod,
  OcdsProcurementCategory,
  OcdsRelease,
  OcdsReleasePackage,
  OcdsReleaseTag,
  OcdsTender,
  OcdsTenderStatus,
  OcdsValue,
} from './output';
export { OCDS_EXTENSIONS, OCDS_IDENTIFIER_SCHEMES } from './constants';
export { buildOcdsRelease, buildOcdsReleasePackage } from './builder';
export * from './framework';
