import type { FastifyRequest } from 'fastify';
import { createValidationPipe, FieldError, ValidationException } from '@buendel/errors';
import { ReceivedFile, StoredFiles } from './stored-files';

/** what a multipart upload carried: its text fields and its one file, received into a temporary file */
export interface FileUpload {
  fields: Record<string, string>;
  file?: ReceivedFile & { name: string; truncated: boolean; field: string };
}

const MAX_FIELDS = 10;

/**
 * Reads a multipart/form-data upload: text fields in any order, one file part, cut by busboy at
 * `maxBytes + 1` (so that a file over the limit is told without being stored whole).
 * `notMultipart` is the error for a request of another type (415).
 */
export async function readFileUpload(
  request: FastifyRequest,
  files: StoredFiles,
  maxBytes: number,
  notMultipart: () => Error,
): Promise<FileUpload> {
  if (!request.isMultipart()) throw notMultipart();
  const upload: FileUpload = { fields: {} };
  try {
    // throwFileSizeLimit (read by parts() too, missing from its type): a cut file is told by `truncated`
    const options = {
      limits: { fileSize: maxBytes + 1, files: 1, fields: MAX_FIELDS },
      throwFileSizeLimit: false,
    } as Parameters<FastifyRequest['parts']>[0];
    for await (const part of request.parts(options)) {
      if (part.type === 'file') {
        const received = await files.receive(part.file);
        upload.file = {
          ...received,
          name: part.filename,
          truncated: part.file.truncated,
          field: part.fieldname,
        };
      } else if (typeof part.value === 'string') {
        upload.fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    await files.discard(upload.file);
    const status = (e as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status < 500) throw e;
    throw new ValidationException(
      [
        {
          field: 'file',
          reason: `is not a readable multipart/form-data upload (${(e as Error).message})`,
          de: `ist kein lesbarer multipart/form-data-Upload (${(e as Error).message})`,
        },
      ],
      'The upload is not valid multipart/form-data',
      'Der Upload ist kein gültiges multipart/form-data',
    );
  }
  return upload;
}

const validation = createValidationPipe();

/** an upload's text fields as a DTO, validated like a JSON body; its field errors are added to `errors` (then: undefined) */
export async function uploadFields<T extends object>(
  upload: FileUpload,
  metatype: new () => T,
  errors: FieldError[],
): Promise<T | undefined> {
  try {
    return (await validation.transform(upload.fields, { type: 'body', metatype })) as T;
  } catch (e) {
    if (!(e instanceof ValidationException)) throw e;
    errors.push(...(e.errors ?? []));
    return undefined;
  }
}

/** the file types an upload takes, named in English (`en`: "a PDF, PNG or JPEG file") and German (`de`: "eine PDF-, PNG- oder JPEG-Datei") */
export interface UploadTypes {
  en: string;
  de: string;
}

/** the types of an evidence or a mandate file (as `sniffEvidenceType` tells them) */
export const EVIDENCE_FILE_TYPES: UploadTypes = {
  en: 'a PDF, PNG or JPEG file',
  de: 'eine PDF-, PNG- oder JPEG-Datei',
};

/** the checks of an upload's one file in the part `file`: what is wrong, its type (told by its content), whether it was cut */
export function checkUploadedFile(
  upload: FileUpload,
  sniff: (head: Uint8Array) => string | null,
  types: UploadTypes,
): { errors: FieldError[]; mediaType: string | null; tooLarge: boolean } {
  const errors: FieldError[] = [];
  const file = upload.file;
  let mediaType: string | null = null;
  if (!file)
    errors.push({
      field: 'file',
      reason: `is required: ${types.en}`,
      de: `muss angegeben werden: ${types.de}`,
      code: 'REQUIRED',
    });
  else if (file.field !== 'file')
    errors.push({
      field: file.field,
      reason: 'the file belongs in the field file',
      de: 'die Datei gehört in das Feld file',
    });
  else if (file.sizeBytes === 0) errors.push({ field: 'file', reason: 'is empty', de: 'ist leer' });
  else if (!file.truncated) {
    mediaType = sniff(file.head);
    if (!mediaType) errors.push({ field: 'file', reason: `must be ${types.en}`, de: `muss ${types.de} sein` });
  }
  return { errors, mediaType, tooLarge: Boolean(file?.truncated) };
}

/** the reason a file over the limit is refused with, in English and German (`de`) */
export function fileTooLargeReason(maxBytes: number): { reason: string; de: string } {
  const mib = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return {
    reason: `must be at most ${maxBytes} bytes (${mib} MiB)`,
    de: `darf höchstens ${maxBytes} Bytes groß sein (${String(mib).replace('.', ',')} MiB)`,
  };
}

/** the name a file is offered under: no path, no control characters, the extension of its type */
export function safeFileName(name: string | undefined, mediaType: string, fallback: string): string {
  const extension = mediaType === 'application/pdf' ? '.pdf' : mediaType === 'image/png' ? '.png' : '.jpg';
  const base = ((name ?? '').split(/[\\/]/).pop() ?? '')
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .replace(/\.[^.]*$/, '')
    .slice(0, 100);
  return `${base || fallback}${extension}`;
}
