import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createApiApp } from '@buendel/api';
import { createTestApp, TestApp } from '@buendel/testing';

/**
 * The API serves the web app at `/`: its files (precompressed where the browser accepts it),
 * index.html for the app's own routes, and the API's paths untouched. A stand-in build in a
 * temporary folder, so that this test does not need Vite.
 */
describe('the web app at /', () => {
  let t: TestApp;
  let root: string;
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'buendel-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(
      path.join(root, 'index.html'),
      '<!doctype html><html lang="de"><title>Bündel</title><div id="root"></div>',
    );
    writeFileSync(path.join(root, 'assets/index-abc123.js'), script);
    writeFileSync(path.join(root, 'assets/index-abc123.js.gz'), gzipSync(script));
    writeFileSync(path.join(root, 'assets/index-abc123.js.br'), brotliCompressSync(script));
    // no build stamp yet: the build is under way (npm start builds the app beside the API's start)
    t = await createTestApp(() => createApiApp({ webRoot: root }));
  });
  afterAll(async () => {
    await t.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('says in German that the app is being built until the build is complete, looking it up per request', async () => {
    for (const url of ['/', '/bedarfe', '/assets/index-abc123.js']) {
      const res = await t.http.get(url).expect(503);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['retry-after']).toBe('3');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('Die Web-Anwendung wird gebaut…');
      expect(res.text).toContain('<meta http-equiv="refresh" content="3">');
    }
    // the API is not held up by the build
    await t.http.get('/health/live').expect(200);
    writeFileSync(path.join(root, '.build-error.txt'), 'Error: vite failed\n');
    const failed = await t.http.get('/').expect(503);
    expect(failed.text).toContain('Die Web-Anwendung konnte nicht gebaut werden');
    rmSync(path.join(root, '.build-error.txt'));
    // the build is done (tools/web-build.mjs writes its stamp last): the app, without a restart
    writeFileSync(path.join(root, '.build-stamp.json'), '{}\n');
    await t.http.get('/').expect(200);
    // the stamp itself is not served
    expect((await t.http.get('/.build-stamp.json')).text).not.toContain('{}');
  });

  it('serves index.html at / and for the routes of the app, with a strict content security policy', async () => {
    for (const url of ['/', '/bedarfe', '/buendel/2f1d4a6e-0000-4000-8000-000000000000?tab=lose', '/anmelden']) {
      const res = await t.http.get(url).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('sends the precompressed file the browser accepts, and caches hashed assets for a year', async () => {
    const br = await t.http.get('/assets/index-abc123.js').set('accept-encoding', 'br, gzip').expect(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.text).toBe(script);
    const gz = await t.http.get('/assets/index-abc123.js').set('accept-encoding', 'gzip').expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await t.http.get('/assets/index-abc123.js').set('accept-encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(script);
  });

  it('leaves the API alone: its routes, its 404 problem details, /health and /docs', async () => {
    const missing = await t.http.get('/api/v1/no-such-thing').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    await t.http.get('/api/v1/units').expect(401);
    await t.http.get('/health/live').expect(200);
    await t.http.get('/docs-json').expect(200);
    // a missing asset is a 404, not the app
    await t.http.get('/assets/index-gone.js').expect(404);
  });
});
