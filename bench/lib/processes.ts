import { ChildProcess, fork } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { sleep } from './stats';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const DIST = path.join(ROOT, 'dist');
/** logs, CSV files and profiles of a run (git-ignored) */
export const TMP = path.join(ROOT, 'tmp', 'bench');
export const PROFILE_DIR = path.join(TMP, 'profiles');

/** a free TCP port on the loopback interface */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A child process of the bench (API, worker, floor server), started like production: its
 * own Node process with its environment, output to a log file under tmp/bench. With
 * profiling on, a preload script lets the runner start and stop a CPU profile over IPC.
 */
export class Child {
  private exited = false;
  private exitCode: number | null = null;
  readonly logFile: string;

  private constructor(
    readonly name: string,
    readonly process: ChildProcess,
    logFile: string,
  ) {
    this.logFile = logFile;
    process.on('exit', (code) => {
      this.exited = true;
      this.exitCode = code;
    });
  }

  static start(name: string, script: string, env: Record<string, string>, options: { profile?: boolean } = {}): Child {
    mkdirSync(TMP, { recursive: true });
    const logFile = path.join(TMP, `${name}.log`);
    const fd = openSync(logFile, 'w');
    const execArgv = ['--enable-source-maps'];
    if (options.profile) execArgv.push('--require', path.join(DIST, 'bench', 'lib', 'profiler-preload.js'));
    const child = fork(script, [], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      execArgv,
      stdio: ['ignore', fd, fd, 'ipc'],
    });
    closeSync(fd);
    return new Child(name, child, logFile);
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** the end of the log, for error messages */
  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  assertAlive(): void {
    if (this.exited)
      throw new Error(`${this.name} exited (code ${this.exitCode}); log ${this.logFile}:\n${this.tail()}`);
  }

  /** Starts a CPU profile (needs options.profile). */
  async profileStart(): Promise<void> {
    await this.ask({ cmd: 'profile-start' });
  }

  /** Stops the CPU profile and writes it to `file` (.cpuprofile). */
  async profileStop(file: string): Promise<void> {
    await this.ask({ cmd: 'profile-stop', file });
  }

  private ask(message: Record<string, unknown>): Promise<void> {
    return new Promise((resolve, reject) => {
      const id = Math.random().toString(36).slice(2);
      const timer = setTimeout(() => reject(new Error(`${this.name}: no answer to ${String(message['cmd'])}`)), 30_000);
      const onMessage = (reply: { id?: string; error?: string }) => {
        if (reply?.id !== id) return;
        clearTimeout(timer);
        this.process.off('message', onMessage);
        if (reply.error) reject(new Error(`${this.name}: ${reply.error}`));
        else resolve();
      };
      this.process.on('message', onMessage);
      this.process.send({ ...message, id });
    });
  }

  /** SIGTERM (the product drains and exits), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.kill('SIGTERM');
    const timeout = sleep(graceMs).then(() => 'timeout' as const);
    if ((await Promise.race([exited, timeout])) === 'timeout' && !this.exited) {
      this.process.kill('SIGKILL');
      await exited;
    }
  }
}

/** Polls `check` until it returns true, the child dies or `timeoutMs` passes. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  children: Child[] = [],
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    for (const child of children) child.assertAlive();
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
  );
}
