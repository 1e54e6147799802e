import { AddressInfo } from 'node:net';
import { TestApp } from '@buendel/testing';

export interface ServerSentEvent {
  event: string;
  id?: string;
  data: string;
  /** Date.now() when the event was read */
  receivedAt: number;
}

/**
 * A server-sent event stream read as a browser's EventSource would (GET with
 * `Accept: text/event-stream`), over a real connection to the app's port. `next` waits for
 * the next event that matches; `close` ends the connection.
 */
export interface EventStream {
  status: number;
  headers: Headers;
  /** the problem body when the answer was not a stream */
  body?: unknown;
  next(match?: (e: ServerSentEvent) => boolean, timeoutMs?: number): Promise<ServerSentEvent>;
  events: ServerSentEvent[];
  close(): void;
}

export function baseUrl(t: TestApp): string {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export async function openEventStream(t: TestApp, path: string, headers: Record<string, string>): Promise<EventStream> {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl(t)}${path}`, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: ServerSentEvent[] = [];
  const waiters: Array<{ match: (e: ServerSentEvent) => boolean; resolve: (e: ServerSentEvent) => void }> = [];
  let consumed = 0;
  const stream: EventStream = {
    status: res.status,
    headers: res.headers,
    events,
    close: () => abort.abort(),
    next(match = () => true, timeoutMs = 10_000) {
      for (let i = consumed; i < events.length; i++) {
        const e = events[i] as ServerSentEvent;
        if (match(e)) {
          consumed = i + 1;
          return Promise.resolve(e);
        }
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`)),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: (e) => {
            clearTimeout(timer);
            consumed = events.indexOf(e) + 1;
            resolve(e);
          },
        });
      });
    },
  };
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
    stream.body = await res.json().catch(() => undefined);
    return stream;
  }
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = block.split('\n').filter((l) => l && !l.startsWith(':'));
          if (!fields.some((l) => l.startsWith('data:'))) continue;
          const e: ServerSentEvent = { event: 'message', data: '', receivedAt: Date.now() };
          const data: string[] = [];
          for (const line of fields) {
            const at = line.indexOf(':');
            const name = line.slice(0, at);
            const value = line.slice(at + 1).replace(/^ /, '');
            if (name === 'event') e.event = value;
            else if (name === 'id') e.id = value;
            else if (name === 'data') data.push(value);
          }
          e.data = data.join('\n');
          events.push(e);
          const waiter = waiters.find((w) => w.match(e));
          if (waiter) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(e);
          }
        }
      }
    } catch {
      // aborted or the server ended the stream
    }
  })();
  return stream;
}
