import { DomainException, ErrorKind, FieldError } from '@buendel/errors';
import { bundlingError, BundlingErrorCode } from '../../bundling.exception';
import { ImportFormat } from './demand-import.dto';

/** The import's refusals of a whole file (nothing is stored); every row problem goes into the report instead. */

export const invalidFile = (message: string, errors: FieldError[], format: ImportFormat = 'xlsx') =>
  bundlingError(format === 'csv' ? BundlingErrorCode.InvalidCsv : BundlingErrorCode.InvalidXlsx, message, { errors });

export const tooLarge = (message: string) => bundlingError(BundlingErrorCode.ImportTooLarge, message);

export const interruptedUpload = (reason: string) =>
  bundlingError(BundlingErrorCode.UploadInterrupted, 'The upload broke off before its end; nothing was stored', {
    errors: [{ field: 'file', reason }],
  });

export const unsupportedFile = (message: string, errors?: FieldError[]) =>
  bundlingError(BundlingErrorCode.UnsupportedMediaType, message, errors ? { errors } : undefined);

export const unreadableEncoding = (reason: string, line: number) =>
  bundlingError(BundlingErrorCode.UnreadableEncoding, 'The encoding of the file cannot be told; nothing was stored', {
    errors: [{ field: 'file', reason }],
    extensions: { line },
  });

export const importNotFound = (id: string) =>
  bundlingError(BundlingErrorCode.ImportNotFound, `Import ${id} was not found`);

/** The problem of a failed import job, kept with it (status code as the synchronous answer would have had). */
export function problemOf(e: DomainException): { status: number; code: string; detail: string; errors?: FieldError[] } {
  const status: Partial<Record<ErrorKind, number>> = {
    [ErrorKind.Validation]: 400,
    [ErrorKind.PayloadTooLarge]: 413,
    [ErrorKind.UnsupportedMediaType]: 415,
  };
  return { status: status[e.kind] ?? 422, code: e.code, detail: e.message, ...(e.errors ? { errors: e.errors } : {}) };
}
