import { Client } from 'pg';

export interface PgListenerOptions {
  url: string;
  channel: string;
  /** shown in pg_stat_activity */
  applicationName: string;
  onNotification: (payload: string) => void;
  /**
   * After the first connection and after every reconnection: notifications sent while the
   * connection was gone are lost, so the owner catches up here (a poll, a cache cleared).
   */
  onConnected?: () => void;
  /** when LISTEN fails or the connection drops (once per outage) */
  onTrouble?: (message: string) => void;
  /** how long to wait before trying again, in ms */
  retryMs?: number;
}

/**
 * LISTEN on a PostgreSQL channel over a connection of its own, reconnecting after a drop
 * for as long as it is not closed.
 */
export class PgListener {
  private client?: Client;
  private closed = false;
  private retry?: NodeJS.Timeout;
  private troubled = false;

  constructor(private readonly options: PgListenerOptions) {}

  /** Resolves after the first attempt (connected or not; it keeps trying in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const { url, channel, applicationName } = this.options;
    const client = new Client({
      connectionString: url,
      application_name: applicationName,
      connectionTimeoutMillis: 5000,
    });
    client.on('notification', (n) => this.options.onNotification(n.payload ?? ''));
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (e) {
      this.lost(client, e);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.troubled = false;
    this.options.onConnected?.();
  }

  private lost(client: Client, e?: unknown): void {
    if (this.client === client) this.client = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (this.closed || this.retry) return;
    if (!this.troubled) {
      this.troubled = true;
      this.options.onTrouble?.(e instanceof Error ? e.message : 'the connection ended');
    }
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, this.options.retryMs ?? 1000);
  }
}
