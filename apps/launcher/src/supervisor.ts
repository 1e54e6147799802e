import { ChildProcess, spawn } from 'node:child_process';

export interface SupervisorOptions {
  /** node's executable and the environment of the children */
  execPath: string;
  env: NodeJS.ProcessEnv;
  /** a line for the person at the terminal */
  say: (line: string) => void;
  /** the first wait before a restart; it doubles with each crash in a row */
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  /** a child that ran this long counts as healthy: its next crash restarts after the first backoff again */
  stableAfterMs?: number;
  /** how long a child may take to stop on SIGTERM before it is killed */
  stopTimeoutMs?: number;
}

/** one supervised process: a script that is started again whenever it ends */
class Supervised {
  child?: ChildProcess;
  private startedAt = 0;
  private crashes = 0;
  private pending?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly options: Required<SupervisorOptions>,
  ) {}

  get running(): boolean {
    return this.child !== undefined && hasNotExited(this.child);
  }

  start(): void {
    if (this.stopping) return;
    const child = spawn(this.options.execPath, ['--enable-source-maps', this.script], {
      env: this.options.env,
      stdio: 'inherit',
    });
    this.child = child;
    this.startedAt = Date.now();
    this.options.say(`${this.name} started (pid ${child.pid})`);
    child.on('exit', (code, signal) => this.exited(child, code, signal));
    child.on('error', (e) => this.options.say(`${this.name} could not be started: ${e.message}`));
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child || this.stopping) return;
    const ranMs = Date.now() - this.startedAt;
    if (ranMs >= this.options.stableAfterMs) this.crashes = 0;
    const backoff = Math.min(this.options.firstBackoffMs * 2 ** this.crashes, this.options.maxBackoffMs);
    this.crashes++;
    const why = signal ? `killed by ${signal}` : `exit code ${code}`;
    this.options.say(
      `the ${this.name} stopped (${why}) after ${(ranMs / 1000).toFixed(1)} s; ` +
        `restarting it in ${(backoff / 1000).toFixed(1)} s (the others keep running)`,
    );
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.start();
    }, backoff);
  }

  /** SIGTERM, then SIGKILL after the stop timeout; resolves once the process is gone. */
  async stop(force = false): Promise<void> {
    this.stopping = true;
    if (this.pending) clearTimeout(this.pending);
    const child = this.child;
    if (!child || !hasNotExited(child)) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(force ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => {
      if (hasNotExited(child)) {
        this.options.say(`the ${this.name} did not stop within ${this.options.stopTimeoutMs / 1000} s; killing it`);
        child.kill('SIGKILL');
      }
    }, this.options.stopTimeoutMs);
    await gone;
    clearTimeout(timer);
  }
}

/** an exit event may have fired already: a process killed by a signal has signalCode set and exitCode null */
function hasNotExited(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * Keeps the API and the worker running under `npm start`: a process that ends is started again
 * after a backoff (0.5 s, doubling up to 30 s, back to 0.5 s once it ran a minute), and the
 * others keep running; every restart is logged with its reason. `stop` ends them all.
 */
export class Supervisor {
  private readonly options: Required<SupervisorOptions>;
  private readonly processes = new Map<string, Supervised>();

  constructor(options: SupervisorOptions) {
    this.options = {
      firstBackoffMs: 500,
      maxBackoffMs: 30_000,
      stableAfterMs: 60_000,
      stopTimeoutMs: 15_000,
      ...options,
    };
  }

  start(name: string, script: string): void {
    const supervised = new Supervised(name, script, this.options);
    this.processes.set(name, supervised);
    supervised.start();
  }

  isRunning(name: string): boolean {
    return this.processes.get(name)?.running ?? false;
  }

  /** Stops every process (the worker finishes its running jobs on SIGTERM); `force` kills at once. */
  async stop(force = false): Promise<void> {
    await Promise.all([...this.processes.values()].map((p) => p.stop(force)));
  }
}
