import { Readable, Transform } from 'node:stream';
import { ImportFormat } from './demand-import.dto';
import { interruptedUpload, tooLarge, unsupportedFile } from './import-errors';

/** the largest file we read */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;

export class TooLargeError extends Error {}
/** the upload ended before it was complete (the client went away or cut it) */
export class InterruptedUploadError extends Error {}

/** Counts the bytes that pass and stops past `max`. */
export class ByteLimit extends Transform {
  seen = 0;
  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (e?: Error | null, c?: Buffer) => void) {
    this.seen += chunk.length;
    if (this.seen > this.max) callback(new TooLargeError(`the file is larger than ${this.max / 1024 / 1024} MiB`));
    else callback(null, chunk);
  }
}

/**
 * The upload as a stream of at most IMPORT_MAX_BYTES: a body that errors or closes before its
 * end (a cut connection) fails the stream, so that the import stops and stores nothing.
 */
export function limitedUpload(body: Readable, max = IMPORT_MAX_BYTES): ByteLimit {
  const limited = new ByteLimit(max);
  body.on('error', (e) => limited.destroy(e));
  body.on('close', () => {
    if (!body.readableEnded) limited.destroy(new InterruptedUploadError('the upload ended before it was complete'));
  });
  // IncomingMessage: the client went away in the middle of the body
  body.on('aborted', () => limited.destroy(new InterruptedUploadError('the upload was interrupted')));
  body.pipe(limited);
  return limited;
}

/** Reads the first bytes and puts them back (`unshift`): the format of the file by its signature. */
export async function sniffFormat(source: Readable): Promise<ImportFormat> {
  const head = await readAhead(source, (h) => h.length >= 8);
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw unsupportedFile('Excel 97-2003 workbooks (.xls) are not read; save the file as .xlsx or as CSV', [
      { field: 'file', reason: 'is an .xls workbook', de: 'ist eine .xls-Arbeitsmappe (Excel 97-2003)' },
    ]);
  }
  return 'csv';
}

/**
 * Reads ahead until `enough(head)` (or the end), then puts the bytes back (`unshift`, made for
 * parsers that peek), so that the next reader reads the stream from its start.
 */
export async function readAhead(source: Readable, enough: (head: Buffer, last: Buffer) => boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let head = Buffer.alloc(0);
  for (;;) {
    const chunk = source.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      head = Buffer.concat(chunks);
      if (enough(head, chunk)) break;
      continue;
    }
    if (source.readableEnded || source.destroyed) break;
    await new Promise<void>((resolve, reject) => {
      const done = () => (cleanup(), resolve());
      const fail = (e: Error) => (cleanup(), reject(e));
      const cleanup = () => {
        source.off('readable', done);
        source.off('end', done);
        source.off('error', fail);
        source.off('close', done);
      };
      source.once('readable', done);
      source.once('end', done);
      source.once('error', fail);
      source.once('close', done);
    });
  }
  if (head.length) source.unshift(head);
  if (source.errored) throw source.errored;
  return head;
}

/** the refusal a stream error stands for, else the error itself */
export function uploadProblem(e: unknown): unknown {
  if (e instanceof TooLargeError) return tooLarge(`${e.message}; split it into smaller files`);
  // the client's doing, not ours: a 400 (that it will seldom read), never a 500 in the log
  if (e instanceof InterruptedUploadError) return interruptedUpload(e.message);
  return e;
}
