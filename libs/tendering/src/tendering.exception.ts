import { DomainException, ErrorKind, ErrorKinds, exceptionsFor, FieldError } from '@buendel/errors';

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
  NoticeIncomplete = 'EFORMS_NOTICE_INCOMPLETE',
  LotNotAwarded = 'LOT_NOT_AWARDED',
  StandstillRunning = 'STANDSTILL_RUNNING',
  ContractsConcluded = 'CONTRACTS_CONCLUDED',
}

export const TENDERING_ERROR_KINDS: ErrorKinds<TenderingErrorCode> = {
  [TenderingErrorCode.InvalidTender]: ErrorKind.Validation,
  [TenderingErrorCode.BundleNotClosed]: ErrorKind.Conflict,
  [TenderingErrorCode.TenderExists]: ErrorKind.Conflict,
  [TenderingErrorCode.NoParticipants]: ErrorKind.Conflict,
  [TenderingErrorCode.WrongStatus]: ErrorKind.Conflict,
  [TenderingErrorCode.SubmissionClosed]: ErrorKind.Conflict,
  [TenderingErrorCode.OffersSealed]: ErrorKind.Conflict,
  [TenderingErrorCode.InvalidOffer]: ErrorKind.Validation,
  [TenderingErrorCode.OfferExcluded]: ErrorKind.Unprocessable,
  [TenderingErrorCode.LotAwarded]: ErrorKind.Conflict,
  [TenderingErrorCode.ReasonRequired]: ErrorKind.Validation,
  [TenderingErrorCode.SubscriptionInvalid]: ErrorKind.Validation,
  [TenderingErrorCode.NoticeIncomplete]: ErrorKind.Validation,
  [TenderingErrorCode.LotNotAwarded]: ErrorKind.Conflict,
  [TenderingErrorCode.StandstillRunning]: ErrorKind.Conflict,
  [TenderingErrorCode.ContractsConcluded]: ErrorKind.Conflict,
};

export type TenderingException = DomainException<TenderingErrorCode>;
export const tenderingError = exceptionsFor(TENDERING_ERROR_KINDS);

/** the tender as asked for breaks its rules: every bad field with its reason (400) */
export function invalidTender(message: string, errors: FieldError[]): TenderingException {
  return tenderingError(TenderingErrorCode.InvalidTender, message, { errors });
}
