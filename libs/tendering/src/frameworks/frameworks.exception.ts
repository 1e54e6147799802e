import { DomainException, ErrorKind, ErrorKinds, ErrorsInGerman, exceptionsFor, FieldError } from '@buendel/errors';

/** Stable codes of the errors of framework agreements and call-offs. */
export enum FrameworkErrorCode {
  InvalidFramework = 'INVALID_FRAMEWORK',
  InvalidCallOff = 'INVALID_CALL_OFF',
  MaximumExceeded = 'FRAMEWORK_MAXIMUM_EXCEEDED',
  NotParticipant = 'FRAMEWORK_NOT_PARTICIPANT',
  FrameworkEnded = 'FRAMEWORK_ENDED',
  OutsideTerm = 'FRAMEWORK_OUTSIDE_TERM',
  CallOffWrongStatus = 'CALL_OFF_WRONG_STATUS',
  SubmissionClosed = 'CALL_OFF_SUBMISSION_CLOSED',
  OffersSealed = 'CALL_OFF_OFFERS_SEALED',
  DeliveryExceeded = 'DELIVERY_EXCEEDS_CALL_OFF',
  TenderNotDraft = 'FRAMEWORK_TENDER_NOT_DRAFT',
  NothingCalledOff = 'FRAMEWORK_NOTHING_CALLED_OFF',
  CallOffDelivered = 'CALL_OFF_ALREADY_DELIVERED',
}

export const FRAMEWORK_ERROR_KINDS: ErrorKinds<FrameworkErrorCode> = {
  [FrameworkErrorCode.InvalidFramework]: ErrorKind.Validation,
  [FrameworkErrorCode.InvalidCallOff]: ErrorKind.Validation,
  [FrameworkErrorCode.MaximumExceeded]: ErrorKind.Conflict,
  [FrameworkErrorCode.NotParticipant]: ErrorKind.Forbidden,
  [FrameworkErrorCode.FrameworkEnded]: ErrorKind.Conflict,
  [FrameworkErrorCode.OutsideTerm]: ErrorKind.Conflict,
  [FrameworkErrorCode.CallOffWrongStatus]: ErrorKind.Conflict,
  [FrameworkErrorCode.SubmissionClosed]: ErrorKind.Conflict,
  [FrameworkErrorCode.OffersSealed]: ErrorKind.Conflict,
  [FrameworkErrorCode.DeliveryExceeded]: ErrorKind.Conflict,
  [FrameworkErrorCode.TenderNotDraft]: ErrorKind.Conflict,
  [FrameworkErrorCode.NothingCalledOff]: ErrorKind.Conflict,
  [FrameworkErrorCode.CallOffDelivered]: ErrorKind.Conflict,
};

export type FrameworkException = DomainException<FrameworkErrorCode>;
export const FRAMEWORK_ERRORS_DE: ErrorsInGerman<FrameworkErrorCode> = {
  [FrameworkErrorCode.InvalidFramework]:
    'Die Rahmenvereinbarung enthält ungültige Angaben; die Felder nennen die Gründe.',
  [FrameworkErrorCode.InvalidCallOff]: 'Der Abruf enthält ungültige Angaben; die Felder nennen die Gründe.',
  [FrameworkErrorCode.MaximumExceeded]: 'Der Abruf überschreitet die Höchstmenge der Rahmenvereinbarung.',
  [FrameworkErrorCode.NotParticipant]: 'Nur die an der Rahmenvereinbarung beteiligten Organisationen dürfen abrufen.',
  [FrameworkErrorCode.FrameworkEnded]: 'Die Rahmenvereinbarung ist beendet; es kann nichts mehr abgerufen werden.',
  [FrameworkErrorCode.OutsideTerm]: 'Abrufe sind nur während der Laufzeit der Rahmenvereinbarung möglich.',
  [FrameworkErrorCode.CallOffWrongStatus]: 'Das geht im jetzigen Stand des Abrufs nicht.',
  [FrameworkErrorCode.SubmissionClosed]: 'Die Angebotsfrist des Abrufs ist abgelaufen.',
  [FrameworkErrorCode.OffersSealed]: 'Die Angebotsfrist des Abrufs läuft noch; die Angebote bleiben verschlossen.',
  [FrameworkErrorCode.DeliveryExceeded]: 'Die gemeldete Lieferung ist größer als die abgerufene Menge.',
  [FrameworkErrorCode.TenderNotDraft]:
    'Eine Rahmenvereinbarung wird vor der Veröffentlichung festgelegt; die Ausschreibung ist nicht mehr im Entwurf.',
  [FrameworkErrorCode.NothingCalledOff]:
    'Aus der Rahmenvereinbarung wurde noch nichts abgerufen; ein Folgebündel braucht die Abrufe der letzten Laufzeit.',
  [FrameworkErrorCode.CallOffDelivered]:
    'Auf den Abruf wurde schon geliefert; ein Abruf kann nur vor der ersten Lieferung storniert werden.',
};

export const frameworkError = exceptionsFor(FRAMEWORK_ERROR_KINDS, FRAMEWORK_ERRORS_DE);

/** bad fields of a framework agreement: the message in English and German (`de`), each field with its reason */
export function invalidFramework(message: string, de: string, errors: FieldError[]): FrameworkException {
  return frameworkError(FrameworkErrorCode.InvalidFramework, message, { errors, de });
}

/** bad fields of a call-off: the message in English and German (`de`), each field with its reason */
export function invalidCallOff(message: string, de: string, errors: FieldError[]): FrameworkException {
  return frameworkError(FrameworkErrorCode.InvalidCallOff, message, { errors, de });
}
