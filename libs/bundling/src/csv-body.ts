import type { FastifyInstance } from 'fastify';

/** media types under which browsers and clients send CSV files (Windows browsers say vnd.ms-excel) */
export const CSV_MEDIA_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];

/**
 * Lets the CSV import read its body as a stream (no size limit of the JSON parser, no
 * buffering of the whole file); every other route refuses CSV bodies with 415.
 */
export function registerCsvBodyParser(fastify: FastifyInstance, importPath = /\/demands\/import$/): void {
  fastify.addContentTypeParser(CSV_MEDIA_TYPES, (request, payload, done) => {
    if (!importPath.test(request.url.split('?')[0] ?? '')) {
      done(
        Object.assign(new Error('This route takes JSON, not CSV'), {
          statusCode: 415,
          code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        }),
        undefined,
      );
      return;
    }
    done(null, payload);
  });
}
