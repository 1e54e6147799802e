import { ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

export type WebBuildState = 'building' | 'built' | 'failed';

export interface WebBuild {
  state(): WebBuildState;
  /** resolves once the build has ended, with its state */
  done: Promise<WebBuildState>;
  /** ends a build that still runs (Ctrl+C during the first start) */
  stop(): Promise<void>;
}

/**
 * A failed build of an earlier start says so on `/` (tools/web-build.mjs's error file): this start
 * builds anew once the API is healthy, so until then `/` says "wird gebaut" instead.
 */
export function forgetFailedWebBuild(root: string): void {
  rmSync(path.join(root, 'dist/apps/web/.build-error.txt'), { force: true });
}

/**
 * Builds the web app (tools/web-build.mjs: Vite, cached by its inputs) in a child process beside
 * the running API (started once it is healthy, so that the API is there at once on a first start
 * rather than after the build); the API serves a "wird gebaut" page until
 * the build's stamp exists. With unchanged sources the child only checks
 * the cache and ends within a second.
 */
export function startWebBuild(root: string, env: NodeJS.ProcessEnv, say: (line: string) => void): WebBuild {
  let state: WebBuildState = 'building';
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'tools/web-build.mjs')], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  const done = new Promise<WebBuildState>((resolve) => {
    child.once('error', (e) => {
      state = 'failed';
      say(`the web app could not be built: ${e.message}`);
      resolve(state);
    });
    child.once('exit', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0) {
        state = 'built';
        say(`web app ready (${seconds} s)`);
      } else {
        state = 'failed';
        say(`the web app could not be built (${signal ? `killed by ${signal}` : `exit code ${code}`}); see above`);
      }
      resolve(state);
    });
  });
  return {
    state: () => state,
    done,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await done;
    },
  };
}
