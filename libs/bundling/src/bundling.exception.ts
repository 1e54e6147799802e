import { DomainException, ErrorKind, FieldError } from '@buendel/errors';

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
  InvalidCsv = 'INVALID_CSV',
}

export class BundlingException extends DomainException {
  constructor(
    kind: ErrorKind,
    code: BundlingErrorCode,
    message: string,
    errors?: FieldError[],
    extensions?: Record<string, unknown>,
  ) {
    super(kind, code, message, errors, extensions);
  }

  /** fields that name codes or objects we do not know (400, with every field) */
  static unknownReferences(errors: FieldError[]): BundlingException {
    return new BundlingException(
      ErrorKind.Validation,
      BundlingErrorCode.UnknownReference,
      `The request refers to ${errors.length === 1 ? 'something' : 'things'} we do not know`,
      errors,
    );
  }

  static conflict(code: BundlingErrorCode, message: string, extensions?: Record<string, unknown>): BundlingException {
    return new BundlingException(ErrorKind.Conflict, code, message, undefined, extensions);
  }
}
