import { ServerResponse } from 'node:http';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser } from '@buendel/auth';
import { BundleEvents } from '../bundle-events';
import { BundlesService } from '../bundles.service';
import { BundleEventDto } from './dto/bundle.dto';

/** a comment line now and then, so that proxies and browsers keep an idle stream open */
export const HEARTBEAT_MS = 20_000;

/**
 * The server-sent events of one bundle (`GET /bundles/{id}/events`) or of several in one stream
 * (`GET /bundles/events?ids=`, a start page's list: one connection instead of one per bundle,
 * which the browser's six connections per host would not allow): authorised like
 * `GET /bundles/{id}` for each (a bundle outside the viewer's view answers 404 before any
 * event), then an `aggregate` event with the current state of each and one after every stored
 * recomputation, from whichever worker made it. The subscriptions are confirmed before the
 * current state is read, so no change falls between the two; an event older than one sent for
 * the same bundle is dropped. The event id is the aggregate's version.
 */
@Injectable()
export class BundleEventStreams implements OnModuleDestroy {
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly events: BundleEvents,
    private readonly bundles: BundlesService,
  ) {}

  async stream(
    user: AuthUser,
    bundleIds: readonly string[],
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    // events that arrive before the stream is open wait in `early`
    const early: BundleEventDto[] = [];
    const open: { stream?: ServerResponse } = {};
    const lastVersion = new Map<string, number>();
    const send = (event: BundleEventDto) => {
      if (!open.stream) return void early.push(event);
      const version = event.aggregate?.version ?? -1;
      if (version < (lastVersion.get(event.bundleId) ?? -1)) return;
      lastVersion.set(event.bundleId, version);
      open.stream.write(`id: ${version}\nevent: aggregate\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const unsubscribes: Array<() => void> = [];
    const unsubscribe = () => unsubscribes.splice(0).forEach((u) => u());
    const current: BundleEventDto[] = [];
    try {
      for (const id of bundleIds) unsubscribes.push(await this.events.subscribe(id, send));
      for (const id of bundleIds) {
        const bundle = await this.bundles.get(user, id);
        current.push({ bundleId: id, status: bundle.status, aggregate: bundle.aggregate });
      }
    } catch (e) {
      unsubscribe();
      throw e;
    }

    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    stream.write('retry: 2000\n\n');
    open.stream = stream;
    current.forEach(send);
    early.splice(0).forEach(send);

    const heartbeat = setInterval(() => stream.write(': ping\n\n'), HEARTBEAT_MS);
    this.open.add(stream);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(stream);
    };
    request.raw.on('close', end);
    stream.on('close', end);
  }

  /** open streams of this instance */
  get count(): number {
    return this.open.size;
  }

  /** ends every stream, so that the server can close (a browser reconnects to another instance) */
  onModuleDestroy(): void {
    for (const raw of [...this.open]) raw.end();
  }
}
