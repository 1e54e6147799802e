import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError } from 'fastify';
import { answerFrameworkError } from '@buendel/http';

/** fastify's maxParamLength (its default, which the API keeps) */
const MAX_PARAM_LENGTH = 100;

/** where `npm start` (tools/build.mjs) puts the built web app; the API is started from the repository root */
export const WEB_ROOT = path.resolve(process.cwd(), 'dist/apps/web');

/** paths that belong to the API, never to the web app's client-side routes */
const SERVER_PATHS = /^\/(api|docs|docs-json|health)(\/|$|\?)/;

/** what the browser may load on the app's pages: only this origin (KERN's icons are data: URIs in its CSS) */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Serves the web app at `/`: its files (with the `.br`/`.gz` the build wrote beside them, chosen
 * by Accept-Encoding), hashed assets cached for a year, and index.html for every other GET that
 * is not the API's, so that the app's own routes (`/bedarfe/…`) work on reload and as links.
 * Unknown API paths keep their problem-details 404.
 */
export async function registerWebApp(app: NestFastifyApplication, root = WEB_ROOT): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  if (!existsSync(path.join(root, 'index.html'))) {
    fastify.get('/', (_request, reply) => {
      void reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('Die Web-App ist nicht gebaut. Bitte `npm start` oder `npm run build` ausführen.\n');
    });
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    preCompressed: true,
    setHeaders: (res, filePath) => {
      res.header(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      res.header('x-content-type-options', 'nosniff');
    },
  });
  fastify.get('/*', (request, reply) => {
    // a missing hashed asset is a 404, not the app
    if (SERVER_PATHS.test(request.url) || request.url.startsWith('/assets/')) {
      // the router falls through to this route when a path parameter is over its limit: answer as it would
      const pathname = request.url.split('?')[0] ?? '';
      if (pathname.split('/').some((part) => part.length > MAX_PARAM_LENGTH)) {
        answerFrameworkError({ code: 'FST_ERR_MAX_PARAM_LENGTH' } as FastifyError, request, reply);
        return;
      }
      reply.callNotFound();
      return;
    }
    void reply
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('referrer-policy', 'same-origin')
      .header('x-frame-options', 'DENY')
      .sendFile('index.html');
  });
}
