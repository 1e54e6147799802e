import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const stampFile = path.join(root, 'dist/apps/web/.build-stamp.json');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Launched {
  child: ChildProcess;
  output: () => string;
  startedAt: number;
  stop(): Promise<void>;
}

function launch(port: number, dataDir: string): Launched {
  let output = '';
  const child = spawn(process.execPath, [path.join(root, 'dist/apps/launcher/src/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DEMO_DATA: 'false', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return {
    child,
    output: () => output,
    startedAt: Date.now(),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  launched?: Launched,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (launched && /could not (be built|start)/.test(launched.output()))
      throw new Error(`not ${what}; the launcher said:\n${launched.output()}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ${what} within ${timeoutMs / 1000} s; the launcher said:\n${launched?.output() ?? ''}`);
}

/**
 * `npm start` on a first start: the API (and worker) are healthy before the web app's build is
 * done (it runs beside them), `/` says in German that the app is being built and reloads itself,
 * and serves the app once the build is complete; a second start with unchanged sources rebuilds
 * nothing. The launcher runs with this serial run's database and Redis prefix, on a free port;
 * removing the build's stamp makes the build run as on a clean clone.
 */
describe('npm start: the API at once, the web app once it is built', () => {
  mkdirSync(path.join(root, 'tmp'), { recursive: true });
  const dataDir = mkdtempSync(path.join(root, 'tmp', 'launcher-first-start-'));
  let launched: Launched | undefined;
  const all: Launched[] = [];
  const figures: string[] = [];

  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'tools/build.mjs'), '--server'], { stdio: 'pipe' });
  });

  afterAll(async () => {
    for (const l of all) if (l.child.exitCode === null && l.child.signalCode === null) await l.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (figures.length) process.stdout.write(`launcher first start:\n  ${figures.join('\n  ')}\n`);
  });

  it('is healthy before the web build is done, shows the building page, then the app', async () => {
    // as on a clean clone: no build of the web app yet
    rmSync(stampFile, { force: true });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    launched = launch(port, dataDir);
    all.push(launched);
    const current = launched;
    await until('the API healthy', 240_000, async () =>
      (await fetch(`${base}/health`)).status === 200 ? true : undefined,
    );
    const healthyAfter = Date.now() - current.startedAt;
    const buildingPage = await fetch(`${base}/bedarfe`);
    // the build has not finished when the API is already healthy
    expect(current.output()).not.toContain('web app ready');
    expect(existsSync(stampFile)).toBe(false);
    expect(buildingPage.status).toBe(503);
    expect(buildingPage.headers.get('retry-after')).toBe('3');
    const html = await buildingPage.text();
    expect(html).toContain('Die Web-Anwendung wird gebaut…');
    expect(html).toContain('<meta http-equiv="refresh" content="3">');
    // the API itself answers normally meanwhile
    expect((await fetch(`${base}/api/v1/units`)).status).toBe(401);

    await until('the web app built', 180_000, async () =>
      current.output().includes('web app ready') ? true : undefined,
    );
    const builtAfter = Date.now() - current.startedAt;
    figures.push(
      `first start: API healthy after ${(healthyAfter / 1000).toFixed(1)} s, web app built after ${(builtAfter / 1000).toFixed(1)} s`,
    );
    const app = await fetch(`${base}/bedarfe`);
    expect(app.status).toBe(200);
    const index = await app.text();
    expect(index).toContain('<div id="root">');
    const script = /<script[^>]+src="([^"]+)"/.exec(index)?.[1];
    expect(script).toMatch(/^\/assets\//);
    const asset = await fetch(`${base}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // the banner names the app's address first, and that it is being built
    expect(current.output()).toMatch(/Bündel is running\n {4}App {6}http:\/\/localhost:\d+\/ {3}\(being built/);
    await current.stop();
  }, 500_000);

  it('rebuilds nothing on a second start with unchanged sources', async () => {
    const stamp = readFileSync(stampFile, 'utf8');
    const port = await freePort();
    launched = launch(port, dataDir);
    all.push(launched);
    const current = launched;
    await until(
      'the API healthy',
      180_000,
      async () => ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200 ? true : undefined),
      current,
    );
    // the build starts once the API is healthy; its cache check takes about a second
    await until(
      'the web app checked',
      60_000,
      async () => (current.output().includes('web app ready') ? true : undefined),
      current,
    );
    expect(current.output()).toContain('web: unchanged, not rebuilt');
    expect(readFileSync(stampFile, 'utf8')).toBe(stamp);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    figures.push(
      `second start: ${/web app ready \(([\d.]+ s)\)/.exec(current.output())?.[1]} for the web app's cache check`,
    );
    await current.stop();
  }, 300_000);
});
