import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const outDir = path.join(root, 'dist/apps/web');

/**
 * Writes `file.gz` and `file.br` beside every text asset, so that the API (@fastify/static with
 * `preCompressed`) sends compressed bytes without compressing per request.
 */
function precompress(): Plugin {
  const compressible = /\.(js|mjs|css|html|svg|json|txt)$/;
  function* files(dir: string): Generator<string> {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) yield* files(full);
      else if (compressible.test(name)) yield full;
    }
  }
  return {
    name: 'buendel-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of files(outDir)) {
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

/** `npm run dev:web`: Vite on 5173 with the API (default http://localhost:3000) behind /api, /health, /docs. */
const api = process.env['BUENDEL_API_URL'] ?? 'http://localhost:3000';

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), precompress()],
  resolve: {
    // the display helpers alone, so that the browser does not load the whole domain (eForms, OCDS)
    alias: [
      { find: '@buendel/domain/display', replacement: path.join(root, 'libs/domain/src/display.ts') },
      { find: '@buendel/domain', replacement: path.join(root, 'libs/domain/src/index.ts') },
    ],
  },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/health': { target: api },
      '/docs': { target: api },
    },
  },
  logLevel: 'warn',
});
