import type { FastifyRequest } from 'fastify';
import { ValidationException } from '@buendel/errors';
import { EvidenceFiles, ReceivedFile } from '../evidence-files';
import { evidenceError, EvidenceErrorCode } from '../evidence.exception';

/** what a multipart evidence upload carried: its text fields and its one file, received into a temporary file */
export interface EvidenceUpload {
  fields: Record<string, string>;
  file?: ReceivedFile & { name: string; truncated: boolean; field: string };
}

const MAX_FIELDS = 10;

/**
 * Reads a multipart/form-data upload: text fields in any order, one file part, cut by busboy at
 * `maxBytes + 1` (so that a file over the limit is told without being stored whole).
 */
export async function readEvidenceUpload(
  request: FastifyRequest,
  files: EvidenceFiles,
  maxBytes: number,
): Promise<EvidenceUpload> {
  if (!request.isMultipart())
    throw evidenceError(
      EvidenceErrorCode.NotMultipart,
      'Send the evidence as multipart/form-data: its fields and one file part `file`',
      { errors: [{ field: 'file', reason: 'ist erforderlich (multipart/form-data mit einer Datei)' }] },
    );
  const upload: EvidenceUpload = { fields: {} };
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
      [{ field: 'file', reason: `ist kein lesbarer multipart/form-data-Upload (${(e as Error).message})` }],
      'Der Upload ist kein gültiges multipart/form-data',
    );
  }
  return upload;
}
