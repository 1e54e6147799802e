import type { IncomingMessage } from 'node:http';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { IMPORT_MAX_BYTES } from './demands/import/upload-stream';

/** media types under which browsers and clients send CSV files (Windows browsers say vnd.ms-excel) */
export const CSV_MEDIA_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];
/** XLSX, and what some clients send for any file */
export const XLSX_MEDIA_TYPES = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

/** after an early answer, the rest of a body is read and dropped up to this much, then the connection is closed */
const DRAIN_MAX_BYTES = 8 * 1024 * 1024;
const DRAIN_MAX_MS = 10_000;

/**
 * Lets the demand import read its body as a stream (no size limit of the JSON parser, no
 * buffering of the whole file): CSV and XLSX bodies, and multipart uploads from the browser
 * (@fastify/multipart, one file). Every other route refuses CSV and XLSX bodies with 415.
 *
 * An answer given before the body was read to its end (413, a bad header, a refused file)
 * must not leave the keep-alive connection hanging with the rest of the upload unread: the
 * rest is read and dropped, and past DRAIN_MAX_BYTES or DRAIN_MAX_MS the connection is closed.
 */
export function registerCsvBodyParser(fastify: FastifyInstance, importPath = /\/demands\/import$/): void {
  fastify.addContentTypeParser([...CSV_MEDIA_TYPES, ...XLSX_MEDIA_TYPES], (request, payload, done) => {
    if (!importPath.test(request.url.split('?')[0] ?? '')) {
      done(
        Object.assign(new Error('This route takes JSON, not a file'), {
          statusCode: 415,
          code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        }),
        undefined,
      );
      return;
    }
    done(null, payload);
  });
  void fastify.register(multipart, {
    // the import's own limit answers 413 with its message; this one only stops what is far beyond it
    limits: { fileSize: IMPORT_MAX_BYTES + 1, files: 1, fields: 10, parts: 12 },
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    if (!request.raw.complete && !request.raw.destroyed) drainRest(request.raw);
    done();
  });
}

/** reads and drops what is left of a request body, so that the connection is free again (or closes) */
function drainRest(raw: IncomingMessage): void {
  let left = DRAIN_MAX_BYTES;
  const close = () => raw.socket?.destroy();
  const timer = setTimeout(close, DRAIN_MAX_MS);
  timer.unref();
  raw.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) close();
  });
  raw.once('end', () => clearTimeout(timer));
  raw.once('close', () => clearTimeout(timer));
  raw.resume();
}
