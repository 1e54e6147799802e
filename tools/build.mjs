// Compiles apps/ and libs/ to dist/ with SWC (about a second for the whole tree) and
// rewrites the tsconfig path aliases to relative imports. Type checking is a separate
// step (`npm run typecheck`, part of `npm test`), as with Nest's own SWC builder.
// Then builds the web app (apps/web, Vite) to dist/apps/web unless its inputs are unchanged
// (tools/web-build.mjs); `--server` builds the server only.
import { createRequire } from 'node:module';
import { promises as fs } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const swc = require('@swc/core');
const { swcOptions, root } = require('./swc-options.cjs');

const sources = ['apps', 'libs'];
/** built by Vite (tools/web-build.mjs), not by SWC */
const browserOnly = path.join(root, 'apps', 'web');
const skip = /(\.spec|\.integration-spec|\.e2e-spec)\.ts$|\.d\.ts$/;

async function* walk(dir) {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (full === browserOnly) continue;
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.ts') && !skip.test(entry.name)) yield full;
  }
}

/**
 * Writes a file of dist/ so that no reader sees it half-written: a process started from dist/
 * while another build runs (the tests start the launcher and the migration CLI side by side)
 * reads the old file or the new one. An unchanged file is left alone.
 */
async function replaceFile(file, content) {
  const old = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (old === content) return;
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, content);
  await fs.rename(temporary, file);
}

const started = Date.now();
const options = swcOptions({ withPaths: true });
const jobs = [];
for (const top of sources) {
  for await (const file of walk(path.join(root, top))) {
    jobs.push(
      (async () => {
        const out = path.join(root, 'dist', path.relative(root, file)).replace(/\.ts$/, '.js');
        const { code, map } = await swc.transformFile(file, {
          ...options,
          filename: file,
          outputPath: out,
          swcrc: false,
        });
        await fs.mkdir(path.dirname(out), { recursive: true });
        await replaceFile(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map`);
        if (map) await replaceFile(`${out}.map`, map);
      })(),
    );
  }
}
await Promise.all(jobs);
process.stderr.write(`build: ${jobs.length} files compiled in ${Date.now() - started} ms\n`);

if (!process.argv.includes('--server')) {
  const { buildWeb } = await import('./web-build.mjs');
  await buildWeb({ force: process.argv.includes('--force') });
}
