import { DomainException, ErrorKind, FieldError } from '@buendel/errors';

/** Stable machine-readable codes of the tendering module's errors. */
export enum TenderingErrorCode {
  InvalidTender = 'INVALID_TENDER',
  BundleNotClosed = 'BUNDLE_NOT_CLOSED',
  TenderExists = 'TENDER_EXISTS',
  NoParticipants = 'NO_PARTICIPANTS',
  WrongStatus = 'TENDER_WRONG_STATUS',
  SubmissionClosed = 'SUBMISSION_CLOSED',
  OffersSealed = 'OFFERS_SEALED',
  InvalidOffer = 'INVALID_OFFER',
  OfferExcluded = 'OFFER_EXCLUDED',
  LotAwarded = 'LOT_ALREADY_AWARDED',
  ReasonRequired = 'AWARD_REASON_REQUIRED',
  SubscriptionInvalid = 'INVALID_SUBSCRIPTION',
}

export class TenderingException extends DomainException {
  constructor(
    kind: ErrorKind,
    code: TenderingErrorCode,
    message: string,
    errors?: FieldError[],
    extensions?: Record<string, unknown>,
  ) {
    super(kind, code, message, errors, extensions);
  }

  static invalid(message: string, errors: FieldError[]): TenderingException {
    return new TenderingException(ErrorKind.Validation, TenderingErrorCode.InvalidTender, message, errors);
  }

  static conflict(code: TenderingErrorCode, message: string, extensions?: Record<string, unknown>): TenderingException {
    return new TenderingException(ErrorKind.Conflict, code, message, undefined, extensions);
  }
}
