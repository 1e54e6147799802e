// The web app's build (Vite), cached: it runs only when an input changed since the last build
// (the app's sources, libs/domain, the lock file, this file). The stamp in dist/apps/web says
// what was built from what, and the size of the first page's JavaScript (gzipped).
import { createHash } from 'node:crypto';
import { promises as fs, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
export const webOut = path.join(root, 'dist/apps/web');
// the API serves the app once the stamp exists (apps/api/src/web-app.ts), and a German
// "wird gebaut" page before; the error file tells it that the build failed
const stampFile = path.join(webOut, '.build-stamp.json');
const errorFile = path.join(webOut, '.build-error.txt');
const inputs = ['apps/web', 'libs/domain/src', 'package-lock.json', 'tools/web-build.mjs'];
/** what the browser's first page may load at most (issue 12): 250 kB of JavaScript, gzipped */
export const FIRST_PAGE_JS_LIMIT = 250 * 1024;

async function* files(rel) {
  const full = path.join(root, rel);
  const stat = await fs.stat(full);
  if (!stat.isDirectory()) {
    yield rel;
    return;
  }
  const entries = await fs.readdir(full, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name === 'node_modules' || /\.spec\.tsx?$/.test(e.name)) continue;
    yield* files(path.join(rel, e.name));
  }
}

async function inputHash() {
  const hash = createHash('sha256');
  for (const input of inputs) {
    for await (const file of files(input)) {
      hash
        .update(file)
        .update('\0')
        .update(await fs.readFile(path.join(root, file)))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

/** the scripts index.html loads at once (the entry and its module preloads), gzipped */
export function firstPageJsBytes(dir = webOut) {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const srcs = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1]);
  let total = 0;
  for (const src of new Set(srcs)) total += gzipSync(readFileSync(path.join(dir, src)), { level: 9 }).length;
  return total;
}

export async function buildWeb({ force = false } = {}) {
  const started = Date.now();
  const hash = await inputHash();
  if (!force && existsSync(path.join(webOut, 'index.html')) && existsSync(stampFile)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (stamp.hash === hash) {
      process.stderr.write(
        `web: unchanged, not rebuilt (checked in ${Date.now() - started} ms; first page JS ${kB(stamp.firstPageJsBytes)} gzipped)\n`,
      );
      return stamp;
    }
  }
  // from here on the API shows "wird gebaut" until the new stamp exists
  await fs.rm(stampFile, { force: true });
  await fs.rm(errorFile, { force: true });
  const { build } = await import('vite');
  // React's production build whatever NODE_ENV the caller has (jest sets `test`, which Vite would follow)
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(root, 'apps/web/vite.config.mts'), mode: 'production', logLevel: 'warn' });
  } catch (e) {
    await fs.mkdir(webOut, { recursive: true });
    await fs.writeFile(errorFile, `${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    throw e;
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const stamp = { hash, builtAt: new Date().toISOString(), firstPageJsBytes: firstPageJsBytes() };
  await fs.writeFile(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
  process.stderr.write(
    `web: built in ${Date.now() - started} ms; first page JS ${kB(stamp.firstPageJsBytes)} gzipped (limit ${kB(FIRST_PAGE_JS_LIMIT)})\n`,
  );
  if (stamp.firstPageJsBytes > FIRST_PAGE_JS_LIMIT) {
    process.stderr.write(`web: WARNING the first page's JavaScript is over the limit\n`);
  }
  return stamp;
}

function kB(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

// `node tools/web-build.mjs [--force]`: what `npm start`'s launcher runs beside the API once it is healthy
if (process.argv[1] && path.resolve(process.argv[1]) === path.join(root, 'tools/web-build.mjs')) {
  await buildWeb({ force: process.argv.includes('--force') });
}
