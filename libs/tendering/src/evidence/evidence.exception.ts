import { DomainException, ErrorKind, ErrorKinds, exceptionsFor } from '@buendel/errors';

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
export const evidenceError = exceptionsFor(EVIDENCE_ERROR_KINDS);
