// Compiles bench/**/*.ts to dist/bench with the repo's SWC options (tools/swc-options.cjs), path
// aliases rewritten to relative imports exactly like tools/build.mjs does for apps/ and libs/.
// Run after tools/build.mjs: the compiled bench imports the compiled product from dist/.
import { createRequire } from 'node:module';
import { promises as fs } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const swc = require('@swc/core');
const { swcOptions, root } = require('../tools/swc-options.cjs');

async function* walk(dir) {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'results') yield* walk(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.spec.ts'))
      yield full;
  }
}

const started = Date.now();
const options = swcOptions({ withPaths: true });
const jobs = [];
for await (const file of walk(path.join(root, 'bench'))) {
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
      await fs.writeFile(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map`);
      if (map) await fs.writeFile(`${out}.map`, map);
    })(),
  );
}
await Promise.all(jobs);
process.stderr.write(`bench build: ${jobs.length} files compiled in ${Date.now() - started} ms\n`);
