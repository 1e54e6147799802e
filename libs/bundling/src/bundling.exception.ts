import { DomainException, ErrorKind, ErrorKinds, exceptionsFor, FieldError } from '@buendel/errors';

/** Stable machine-readable codes of the bundling module's errors. */
export enum BundlingErrorCode {
  UnknownReference = 'UNKNOWN_REFERENCE',
  DemandNotEditable = 'DEMAND_NOT_EDITABLE',
  DemandBound = 'DEMAND_BOUND',
  DemandDoesNotFit = 'DEMAND_DOES_NOT_FIT',
  BundleNotOpen = 'BUNDLE_NOT_OPEN',
  DeadlinePassed = 'JOIN_DEADLINE_PASSED',
  NotParticipating = 'NOT_PARTICIPATING',
  NotCoordinated = 'DISTRICT_NOT_COORDINATED',
  CriterionExists = 'CRITERION_EXISTS',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  ImportTooLarge = 'IMPORT_TOO_LARGE',
  /** the upload broke off before its end (the client went away or cut it): nothing stored */
  UploadInterrupted = 'UPLOAD_INTERRUPTED',
  InvalidCsv = 'INVALID_CSV',
  InvalidXlsx = 'INVALID_XLSX',
  UnreadableEncoding = 'UNREADABLE_ENCODING',
  ImportNotFound = 'IMPORT_NOT_FOUND',
  /** what only the coordinating organisation of a bundle may have (its participants) */
  NotTheCoordinator = 'NOT_THE_COORDINATOR',
}

export const BUNDLING_ERROR_KINDS: ErrorKinds<BundlingErrorCode> = {
  [BundlingErrorCode.UnknownReference]: ErrorKind.Validation,
  [BundlingErrorCode.DemandNotEditable]: ErrorKind.Conflict,
  [BundlingErrorCode.DemandBound]: ErrorKind.Conflict,
  [BundlingErrorCode.DemandDoesNotFit]: ErrorKind.Unprocessable,
  [BundlingErrorCode.BundleNotOpen]: ErrorKind.Conflict,
  [BundlingErrorCode.DeadlinePassed]: ErrorKind.Conflict,
  [BundlingErrorCode.NotParticipating]: ErrorKind.NotFound,
  [BundlingErrorCode.NotCoordinated]: ErrorKind.Conflict,
  [BundlingErrorCode.CriterionExists]: ErrorKind.Conflict,
  [BundlingErrorCode.UnsupportedMediaType]: ErrorKind.UnsupportedMediaType,
  [BundlingErrorCode.ImportTooLarge]: ErrorKind.PayloadTooLarge,
  [BundlingErrorCode.UploadInterrupted]: ErrorKind.Validation,
  [BundlingErrorCode.InvalidCsv]: ErrorKind.Validation,
  [BundlingErrorCode.InvalidXlsx]: ErrorKind.Validation,
  [BundlingErrorCode.UnreadableEncoding]: ErrorKind.UnsupportedMediaType,
  [BundlingErrorCode.ImportNotFound]: ErrorKind.NotFound,
  [BundlingErrorCode.NotTheCoordinator]: ErrorKind.Forbidden,
};

export type BundlingException = DomainException<BundlingErrorCode>;
export const bundlingError = exceptionsFor(BUNDLING_ERROR_KINDS);

/** fields that name codes or objects we do not know (400, with every field) */
export function unknownReferences(errors: FieldError[]): BundlingException {
  return bundlingError(
    BundlingErrorCode.UnknownReference,
    `The request refers to ${errors.length === 1 ? 'something' : 'things'} we do not know`,
    { errors },
  );
}
