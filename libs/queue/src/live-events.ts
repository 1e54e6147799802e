import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { createRedis, REDIS_CLIENT } from './redis';

export type LiveListener = (payload: unknown) => void;

/**
 * Live events between processes through Redis pub/sub: the worker publishes what changed
 * (say, a bundle's new aggregate) on a topic, and every API instance that has a listener on
 * that topic gets it and passes it on to its open event streams. Each process subscribes
 * with one connection of its own, made on the first subscription (the worker, which only
 * publishes, never opens one), to the topics its listeners want; ioredis subscribes again
 * after a reconnect. Channels carry the REDIS_PREFIX, so test runs never see each other's.
 * Pub/sub keeps nothing: a listener that is not connected when a message is published does
 * not get it, so a stream sends the current state first and then the changes.
 */
@Injectable()
export class LiveEvents implements OnApplicationShutdown {
  private readonly logger = new Logger('LiveEvents');
  private subscriber?: Redis;
  private readonly listeners = new Map<string, Set<LiveListener>>();
  /** the SUBSCRIBE of each channel, so that a second listener waits for the same confirmation */
  private readonly subscribed = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(REDIS_CLIENT) private readonly publisher: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  channel(topic: string): string {
    return `${this.config.REDIS_PREFIX}:live:${topic}`;
  }

  /** Publishes to every listener of the topic in every process; resolves with the number of receiving processes. */
  async publish(topic: string, payload: unknown): Promise<number> {
    return this.publisher.publish(this.channel(topic), JSON.stringify(payload));
  }

  /** Publishes many messages in one round trip (a batch of aggregates). */
  async publishMany(messages: ReadonlyArray<{ topic: string; payload: unknown }>): Promise<void> {
    if (messages.length === 0) return;
    // one message (a bundle.aggregate job): a plain PUBLISH, without a pipeline's objects and promises
    const [only] = messages;
    if (only && messages.length === 1) {
      await this.publish(only.topic, only.payload);
      return;
    }
    const pipeline = this.publisher.pipeline();
    for (const m of messages) pipeline.publish(this.channel(m.topic), JSON.stringify(m.payload));
    await pipeline.exec();
  }

  /**
   * Calls `listener` with each message published on the topic from now on. Resolves once
   * Redis confirmed the subscription (a message published after that reaches the listener),
   * with the function that ends it.
   */
  async subscribe(topic: string, listener: LiveListener): Promise<() => void> {
    const channel = this.channel(topic);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    let confirmation = this.subscribed.get(channel);
    if (!confirmation) {
      confirmation = this.connection().subscribe(channel);
      this.subscribed.set(channel, confirmation);
    }
    try {
      await confirmation;
    } catch (e) {
      this.remove(channel, listener);
      throw e;
    }
    return () => this.remove(channel, listener);
  }

  /** listeners in this process (for tests and the shutdown) */
  listenerCount(topic?: string): number {
    if (topic !== undefined) return this.listeners.get(this.channel(topic))?.size ?? 0;
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  async onApplicationShutdown(): Promise<void> {
    this.listeners.clear();
    this.subscribed.clear();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private remove(channel: string, listener: LiveListener): void {
    const set = this.listeners.get(channel);
    if (!set?.delete(listener) || set.size > 0) return;
    this.listeners.delete(channel);
    this.subscribed.delete(channel);
    this.subscriber?.unsubscribe(channel).catch(() => undefined);
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    // retries forever like a worker connection: a subscriber waits out an outage and subscribes again
    const subscriber = createRedis(this.config.REDIS_URL, 'worker', 'buendel-live');
    subscriber.on('error', () => undefined); // reported through /health, not as crashes
    subscriber.on('message', (channel: string, message: string) => {
      const set = this.listeners.get(channel);
      if (!set) return;
      let payload: unknown;
      try {
        payload = JSON.parse(message);
      } catch {
        this.logger.warn(`a message on ${channel} is not JSON; dropped`);
        return;
      }
      for (const listener of [...set]) {
        try {
          listener(payload);
        } catch (e) {
          this.logger.warn(`a listener on ${channel} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    });
    this.subscriber = subscriber;
    return subscriber;
  }
}
