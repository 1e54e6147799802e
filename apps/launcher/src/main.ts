import 'reflect-metadata';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ConfigError, EnvironmentVariables, productRoot, validateEnvironment } from '@buendel/config';
import { MailCatcher } from '@buendel/mail';
import { pingRedis } from '@buendel/queue';
import { EmbeddedDatabase, readOrCreateSecret, startEmbeddedPostgres } from './embedded-postgres';
import { startupBanner } from './banner';
import { startMailViewer } from './mail-viewer';
import { Supervisor } from './supervisor';
import { forgetFailedWebBuild, startWebBuild, type WebBuild } from './web-build';

const REDIS_HELP = (url: string) => `
Bündel needs Redis and nothing answers at ${url}.
Start one, or point REDIS_URL at yours:
  Debian/Ubuntu:   sudo apt-get install redis-server && sudo systemctl start redis-server
  macOS:           brew install redis && brew services start redis
  docker compose:  docker compose -f docker/compose.yaml up -d redis
  any docker:      docker run -d -p 6379:6379 redis:7
Then run npm start again.`;

/** the launcher talks to a person at a terminal, before any Nest application (and its logger) exists */
function out(text: string): void {
  process.stdout.write(`${text}\n`);
}
function err(text: string): void {
  process.stderr.write(`${text}\n`);
}

function say(line: string): void {
  out(`[buendel] ${line}`);
}

/** Polls /health until it answers 200 (PostgreSQL, Redis and a worker heartbeat), or fails after `timeoutMs`. */
async function waitForHealth(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet (or restarting)
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the API and worker did not become healthy within ${timeoutMs / 1000} s (see the lines above)`);
}

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.DEMO_DATA ??= 'true'; // npm start is the demo and development entry point
  let config: EnvironmentVariables;
  try {
    config = validateEnvironment(env, { optional: ['DATABASE_URL', 'JWT_SECRET', 'OFFER_ENCRYPTION_KEY'] });
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      process.exit(2);
    }
    throw e;
  }

  const dataDir = path.resolve(config.DATA_DIR ?? path.join(productRoot(), '.data'));
  await fs.mkdir(dataDir, { recursive: true });
  if (config.NODE_ENV !== 'production') {
    env.JWT_SECRET ??= await readOrCreateSecret(path.join(dataDir, 'jwt-secret'), 48);
    env.ADMIN_PASSWORD ??= await readOrCreateSecret(path.join(dataDir, 'admin-password'), 12);
    env.OFFER_ENCRYPTION_KEY ??= await readOrCreateSecret(path.join(dataDir, 'offer-key'), 32);
  }

  try {
    await pingRedis(config.REDIS_URL, 2000);
  } catch {
    err(REDIS_HELP(config.REDIS_URL));
    process.exit(3);
  }

  let database: EmbeddedDatabase | undefined;
  if (!config.DATABASE_URL) {
    database = await startEmbeddedPostgres(dataDir, say);
    env.DATABASE_URL = database.url;
    say(`embedded PostgreSQL running, data in ${path.join(dataDir, 'postgres')}`);
  }

  // no SMTP server named: a local one catches the mails, and a page shows them
  let mail: { catcher: MailCatcher; viewer: Awaited<ReturnType<typeof startMailViewer>> } | undefined;
  if (!config.SMTP_URL) {
    const catcher = await MailCatcher.start({ keep: 500 });
    const viewer = await startMailViewer(catcher);
    mail = { catcher, viewer };
    env.SMTP_URL = catcher.url;
    say(`no SMTP_URL: mails go to a local SMTP catcher (${catcher.url}) and show at ${viewer.url}`);
  }

  const root = productRoot();
  const supervisor = new Supervisor({ execPath: process.execPath, env, say });
  let web: WebBuild | undefined = undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) {
      // a second Ctrl+C: no more waiting for running jobs
      say('stopping at once');
      await Promise.all([supervisor.stop(true), web?.stop()]);
      return;
    }
    stopping = true;
    say('stopping: the worker finishes its running jobs first');
    await Promise.all([supervisor.stop(), web?.stop()]);
    await mail?.viewer.close().catch(() => undefined);
    await mail?.catcher.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  forgetFailedWebBuild(root);
  supervisor.start('API', path.join(root, 'dist/apps/api/src/main.js'));
  supervisor.start('worker', path.join(root, 'dist/apps/worker/src/main.js'));

  try {
    await waitForHealth(config.PORT, 120_000);
  } catch (e) {
    err(`[buendel] could not start: ${e instanceof Error ? e.message : String(e)}`);
    await stop(1);
    return;
  }
  // The web app is built once the API is healthy, beside the running API: the
  // API is there in seconds on a first start, and `/` shows a German "wird gebaut" page that
  // reloads itself until the build is complete. With unchanged sources the build's cache check
  // ends within a second, before the banner.
  web = startWebBuild(root, env, say);
  await Promise.race([web.done, new Promise((r) => setTimeout(r, 2000))]);
  out(startupBanner(config, env, mail ? { viewerUrl: mail.viewer.url } : undefined, web.state()));
}

main().catch((e: unknown) => {
  err(`[buendel] could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
