/**
 * Preloaded (`node --require`) into the API and worker when the bench runs with --profile.
 * The runner starts and stops a V8 CPU profile over the IPC channel, so that a profile
 * covers exactly one scenario (`node --cpu-prof` covers the whole life of the process, and
 * is written only on a normal exit, which Nest's signal handling does not give).
 * The file is the same .cpuprofile format (Chrome DevTools, speedscope).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();

function post<T = unknown>(method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

process.on('message', (message: { id?: string; cmd?: string; file?: string }) => {
  if (!message || typeof message !== 'object' || !message.cmd) return;
  const reply = (error?: unknown) =>
    process.send?.({
      id: message.id,
      ...(error ? { error: error instanceof Error ? error.message : String(error) } : {}),
    });
  void (async () => {
    if (message.cmd === 'profile-start') {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
    } else if (message.cmd === 'profile-stop' && message.file) {
      const { profile } = await post<{ profile: unknown }>('Profiler.stop');
      writeFileSync(message.file, JSON.stringify(profile));
    }
  })().then(
    () => reply(),
    (e: unknown) => reply(e),
  );
});

// the IPC channel must not keep a process alive that wants to exit
process.channel?.unref();
