import { DomainException, ErrorKind, ErrorKinds, ErrorsInGerman, exceptionsFor } from '@buendel/errors';

/** Stable codes of the errors of suppliers' evidence. */
export enum EvidenceErrorCode {
  InvalidEvidence = 'INVALID_EVIDENCE',
  FileTooLarge = 'EVIDENCE_FILE_TOO_LARGE',
  NotMultipart = 'EVIDENCE_NOT_MULTIPART',
  InvalidVerification = 'INVALID_EVIDENCE_VERIFICATION',
}

export const EVIDENCE_ERROR_KINDS: ErrorKinds<EvidenceErrorCode> = {
  [EvidenceErrorCode.InvalidEvidence]: ErrorKind.Validation,
  [EvidenceErrorCode.FileTooLarge]: ErrorKind.PayloadTooLarge,
  [EvidenceErrorCode.NotMultipart]: ErrorKind.UnsupportedMediaType,
  [EvidenceErrorCode.InvalidVerification]: ErrorKind.Validation,
};

export type EvidenceException = DomainException<EvidenceErrorCode>;
export const EVIDENCE_ERRORS_DE: ErrorsInGerman<EvidenceErrorCode> = {
  [EvidenceErrorCode.InvalidEvidence]: 'Der Nachweis ist unvollständig oder ungültig.',
  [EvidenceErrorCode.FileTooLarge]: 'Die Datei des Nachweises ist zu groß.',
  [EvidenceErrorCode.NotMultipart]: 'Bitte laden Sie den Nachweis als Formular mit Datei hoch (multipart/form-data).',
  [EvidenceErrorCode.InvalidVerification]: 'Die Prüfung der Nachweise enthält ungültige Angaben.',
};

export const evidenceError = exceptionsFor(EVIDENCE_ERROR_KINDS, EVIDENCE_ERRORS_DE);
