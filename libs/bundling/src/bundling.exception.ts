import { DomainException, ErrorKind, ErrorKinds, ErrorsInGerman, exceptionsFor, FieldError } from '@buendel/errors';

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
  /** the decision of a council or mayor: fields or file bad */
  InvalidMandate = 'INVALID_JOIN_MANDATE',
  MandateFileTooLarge = 'JOIN_MANDATE_FILE_TOO_LARGE',
  /** a mandate recorded for a join that needs none, or that the deadline dropped */
  MandateNotRequired = 'JOIN_MANDATE_NOT_REQUIRED',
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
  [BundlingErrorCode.InvalidMandate]: ErrorKind.Validation,
  [BundlingErrorCode.MandateFileTooLarge]: ErrorKind.PayloadTooLarge,
  [BundlingErrorCode.MandateNotRequired]: ErrorKind.Conflict,
};

export type BundlingException = DomainException<BundlingErrorCode>;
export const BUNDLING_ERRORS_DE: ErrorsInGerman<BundlingErrorCode> = {
  [BundlingErrorCode.UnknownReference]: 'Die Anfrage verweist auf etwas, das es nicht gibt; die Felder nennen es.',
  [BundlingErrorCode.DemandNotEditable]: 'Der Bedarf kann in seinem jetzigen Stand nicht geändert werden.',
  [BundlingErrorCode.DemandBound]:
    'Der Bedarf ist gebunden: sein Bündel ist über die Beitrittsfrist hinaus oder bereits ausgeschrieben.',
  [BundlingErrorCode.DemandDoesNotFit]: 'Der Bedarf passt nicht zum Bündel; die Felder nennen die Gründe.',
  [BundlingErrorCode.BundleNotOpen]: 'Das Bündel ist nicht offen.',
  [BundlingErrorCode.DeadlinePassed]: 'Die Beitrittsfrist des Bündels ist abgelaufen.',
  [BundlingErrorCode.NotParticipating]: 'Ihre Organisation nimmt an diesem Bündel nicht teil.',
  [BundlingErrorCode.NotCoordinated]: 'Ihre Organisation koordiniert diesen Landkreis nicht.',
  [BundlingErrorCode.CriterionExists]: 'Dieses Kriterium gibt es bereits.',
  [BundlingErrorCode.UnsupportedMediaType]:
    'Dieses Dateiformat wird nicht gelesen; bitte laden Sie CSV oder XLSX hoch.',
  [BundlingErrorCode.ImportTooLarge]:
    'Die Datei ist zu groß (höchstens 64 MiB und 200.000 Zeilen); bitte teilen Sie sie auf. Es wurde nichts gespeichert.',
  [BundlingErrorCode.UploadInterrupted]: 'Die Übertragung der Datei brach ab; es wurde nichts gespeichert.',
  [BundlingErrorCode.InvalidCsv]: 'Die CSV-Datei kann nicht gelesen werden; die Felder nennen die Gründe.',
  [BundlingErrorCode.InvalidXlsx]: 'Die Excel-Datei kann nicht gelesen werden; die Felder nennen die Gründe.',
  [BundlingErrorCode.UnreadableEncoding]:
    'Die Zeichenkodierung der Datei ist nicht zu erkennen; bitte speichern Sie sie als UTF-8. Es wurde nichts gespeichert.',
  [BundlingErrorCode.ImportNotFound]: 'Dieser Import wurde nicht gefunden.',
  [BundlingErrorCode.NotTheCoordinator]: 'Das darf nur die koordinierende Organisation des Bündels.',
  [BundlingErrorCode.InvalidMandate]: 'Der Beschluss ist unvollständig oder ungültig; die Felder nennen die Gründe.',
  [BundlingErrorCode.MandateFileTooLarge]: 'Die Datei des Beschlusses ist zu groß; es wurde nichts gespeichert.',
  [BundlingErrorCode.MandateNotRequired]:
    'Für den Beitritt Ihrer Organisation wird kein Beschluss erwartet (nicht nötig oder zum Stichtag entfallen).',
};

export const bundlingError = exceptionsFor(BUNDLING_ERROR_KINDS, BUNDLING_ERRORS_DE);

/** fields that name codes or objects we do not know (400, with every field) */
export function unknownReferences(errors: FieldError[]): BundlingException {
  return bundlingError(
    BundlingErrorCode.UnknownReference,
    `The request refers to ${errors.length === 1 ? 'something' : 'things'} we do not know`,
    { errors },
  );
}
