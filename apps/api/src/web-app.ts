import { existsSync, statSync } from 'node:fs';
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

/** written by tools/web-build.mjs once a build is complete (and removed when one starts) */
export const BUILD_STAMP = '.build-stamp.json';
/** written by tools/web-build.mjs when a build failed */
export const BUILD_ERROR = '.build-error.txt';

/** what `/` shows while `npm start` still builds the web app beside the running API: it reloads itself */
const BUILDING_PAGE = `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Bündel – Die Web-Anwendung wird gebaut</title></head>
<body style="font-family:sans-serif;margin:2em;max-width:40em">
<h1>Die Web-Anwendung wird gebaut…</h1>
<p>Das dauert beim ersten Start bis zu einer halben Minute. Die Seite lädt sich alle drei Sekunden neu
und zeigt dann die Anmeldung. Die API unter <a href="/docs">/docs</a> läuft schon.</p>
</body>
</html>
`;

const FAILED_PAGE = `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><title>Bündel – Die Web-Anwendung konnte nicht gebaut werden</title></head>
<body style="font-family:sans-serif;margin:2em;max-width:40em">
<h1>Die Web-Anwendung konnte nicht gebaut werden</h1>
<p>Der Grund steht in der Ausgabe von <code>npm start</code>. Nach der Korrektur bitte neu starten
(oder <code>npm run build</code> ausführen). Die API unter <a href="/docs">/docs</a> läuft.</p>
</body>
</html>
`;

/** the file of the build that a path names, if there is one (looked up per request: the build may finish after the API's start) */
function builtFile(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  // no dot files (the build's stamp), nothing outside the build
  if (!relative || relative.split('/').some((part) => part.startsWith('.'))) return undefined;
  const full = path.resolve(root, relative);
  if (!full.startsWith(root + path.sep)) return undefined;
  try {
    return statSync(full).isFile() ? relative : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the web app at `/`: its files (with the `.br`/`.gz` the build wrote beside them, chosen
 * by Accept-Encoding), hashed assets cached for a year, and index.html for every other GET that
 * is not the API's, so that the app's own routes (`/bedarfe/…`) work on reload and as links.
 * Unknown API paths keep their problem-details 404. Files are looked up per request: under
 * `npm start` the web app is built beside the API's start, and until its build is complete (the
 * build's stamp exists) every page is a short German "wird gebaut" page that reloads itself.
 */
export async function registerWebApp(app: NestFastifyApplication, root = WEB_ROOT): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const webRoot = path.resolve(root);
  await app.register(fastifyStatic, {
    root: webRoot,
    serve: false,
    preCompressed: true,
    suppressWarning: true,
    setHeaders: (res, filePath) => {
      res.header(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      res.header('x-content-type-options', 'nosniff');
    },
  });
  fastify.get('/*', (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    if (SERVER_PATHS.test(request.url)) {
      // the router falls through to this route when a path parameter is over its limit: answer as it would
      if (pathname.split('/').some((part) => part.length > MAX_PARAM_LENGTH)) {
        answerFrameworkError({ code: 'FST_ERR_MAX_PARAM_LENGTH' } as FastifyError, request, reply);
        return;
      }
      reply.callNotFound();
      return;
    }
    if (!existsSync(path.join(webRoot, BUILD_STAMP))) {
      const failed = existsSync(path.join(webRoot, BUILD_ERROR));
      void reply
        .code(503)
        .header('cache-control', 'no-store')
        .header('retry-after', '3')
        .type('text/html; charset=utf-8')
        .send(failed ? FAILED_PAGE : BUILDING_PAGE);
      return;
    }
    const file = builtFile(webRoot, pathname);
    if (file && file !== 'index.html') {
      void reply.sendFile(file);
      return;
    }
    // a missing hashed asset is a 404, not the app
    if (pathname.startsWith('/assets/')) {
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
