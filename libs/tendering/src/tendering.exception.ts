import { DomainException, ErrorKind, ErrorKinds, ErrorsInGerman, exceptionsFor, FieldError } from '@buendel/errors';

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
export const TENDERING_ERRORS_DE: ErrorsInGerman<TenderingErrorCode> = {
  [TenderingErrorCode.InvalidTender]: 'Die Ausschreibung enthält ungültige Angaben; die Felder nennen die Gründe.',
  [TenderingErrorCode.BundleNotClosed]: 'Eine Ausschreibung entsteht erst aus einem geschlossenen Bündel.',
  [TenderingErrorCode.TenderExists]: 'Zu diesem Bündel gibt es bereits eine Ausschreibung.',
  [TenderingErrorCode.NoParticipants]: 'Das Bündel hat keine Teilnehmenden; es gibt nichts auszuschreiben.',
  [TenderingErrorCode.WrongStatus]: 'Das geht im jetzigen Stand der Ausschreibung nicht.',
  [TenderingErrorCode.SubmissionClosed]: 'Die Angebotsfrist ist abgelaufen; Angebote werden nicht mehr angenommen.',
  [TenderingErrorCode.OffersSealed]: 'Die Angebotsfrist läuft noch; die Angebote bleiben verschlossen (§ 55 VgV).',
  [TenderingErrorCode.InvalidOffer]: 'Das Angebot enthält ungültige Angaben; die Felder nennen die Gründe.',
  [TenderingErrorCode.OfferExcluded]: 'Ein ausgeschlossenes Angebot kann nicht bezuschlagt werden.',
  [TenderingErrorCode.LotAwarded]: 'Dieses Los ist bereits bezuschlagt.',
  [TenderingErrorCode.ReasonRequired]:
    'Wer nicht das wirtschaftlichste Angebot bezuschlagt, muss die Entscheidung schriftlich begründen.',
  [TenderingErrorCode.SubscriptionInvalid]: 'Das Abonnement enthält ungültige Angaben; die Felder nennen die Gründe.',
  [TenderingErrorCode.NoticeIncomplete]:
    'Für die EU-Bekanntmachung (eForms) fehlen Angaben; bitte ergänzen und erneut versuchen.',
  [TenderingErrorCode.LotNotAwarded]: 'Dieses Los ist noch nicht bezuschlagt.',
  [TenderingErrorCode.StandstillRunning]:
    'Die Wartefrist nach § 134 GWB läuft noch; der Vertrag kann erst nach ihrem Ende geschlossen werden.',
  [TenderingErrorCode.ContractsConcluded]: 'Die Verträge dieses Loses sind bereits geschlossen.',
};

export const tenderingError = exceptionsFor(TENDERING_ERROR_KINDS, TENDERING_ERRORS_DE);

/**
 * the tender as asked for breaks its rules: every bad field with its reason (400); `de` words
 * the message in German where the code's German says too little
 */
export function invalidTender(message: string, errors: FieldError[], de?: string): TenderingException {
  return tenderingError(TenderingErrorCode.InvalidTender, message, { errors, ...(de === undefined ? {} : { de }) });
}
