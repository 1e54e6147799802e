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
  /** a national procedure: its offers open by themselves at the deadline, no one opens them */
  OpeningNotNeeded = 'OPENING_NOT_NEEDED',
  OpeningStarted = 'OPENING_ALREADY_STARTED',
  OpeningNotStarted = 'OPENING_NOT_STARTED',
  /** the two-person opening (§ 55 Abs. 2 VgV) confirmed by the one who started it */
  OpeningSamePerson = 'OPENING_SAME_PERSON',
  /** the opening confirmed by another than the second person its starter named */
  OpeningNotWitness = 'OPENING_NOT_WITNESS',
  /** the second person named for the opening is none of the organisation, or the starter itself */
  InvalidOpeningWitness = 'INVALID_OPENING_WITNESS',
  /** an award naming a lot of another tender or an offer of another lot */
  InvalidAward = 'INVALID_AWARD',
  /** a contract term that ends before it begins */
  InvalidContractTerm = 'INVALID_CONTRACT_TERM',
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
  [TenderingErrorCode.OpeningNotNeeded]: ErrorKind.Conflict,
  [TenderingErrorCode.OpeningStarted]: ErrorKind.Conflict,
  [TenderingErrorCode.OpeningNotStarted]: ErrorKind.Conflict,
  [TenderingErrorCode.OpeningSamePerson]: ErrorKind.Conflict,
  [TenderingErrorCode.OpeningNotWitness]: ErrorKind.Conflict,
  [TenderingErrorCode.InvalidOpeningWitness]: ErrorKind.Validation,
  [TenderingErrorCode.InvalidAward]: ErrorKind.Validation,
  [TenderingErrorCode.InvalidContractTerm]: ErrorKind.Validation,
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
  [TenderingErrorCode.OpeningNotNeeded]:
    'Nationale Verfahren öffnen die Angebote mit Ablauf der Angebotsfrist selbst; niemand muss sie öffnen.',
  [TenderingErrorCode.OpeningStarted]: 'Die Öffnung ist bereits begonnen; eine zweite Person bestätigt sie.',
  [TenderingErrorCode.OpeningNotStarted]: 'Die Öffnung ist noch nicht begonnen.',
  [TenderingErrorCode.OpeningSamePerson]:
    'Die Öffnung muss eine zweite, andere Person bestätigen, nicht wer sie begonnen hat (§ 55 Abs. 2 VgV).',
  [TenderingErrorCode.OpeningNotWitness]: 'Die Öffnung bestätigt die zweite Person, die beim Beginn benannt wurde.',
  [TenderingErrorCode.InvalidOpeningWitness]:
    'Die Öffnung braucht eine zweite, andere Person Ihrer Organisation; das Feld nennt den Grund.',
  [TenderingErrorCode.InvalidAward]: 'Der Zuschlag enthält ungültige Angaben; die Felder nennen die Gründe.',
  [TenderingErrorCode.InvalidContractTerm]:
    'Die Vertragslaufzeit endet vor ihrem Beginn; die Felder nennen die Gründe.',
};

export const tenderingError = exceptionsFor(TENDERING_ERROR_KINDS, TENDERING_ERRORS_DE);

/**
 * the tender as asked for breaks its rules: every bad field with its reason (400); `de` words
 * the message in German where the code's German says too little
 */
export function invalidTender(message: string, errors: FieldError[], de?: string): TenderingException {
  return tenderingError(TenderingErrorCode.InvalidTender, message, { errors, ...(de === undefined ? {} : { de }) });
}
