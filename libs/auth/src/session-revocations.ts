import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { REDIS_CLIENT } from '@buendel/queue';

/**
 * Sessions ended by logout, until their token would have expired anyway: a copied session
 * cookie stops counting at logout, in every API instance (the list is in Redis).
 */
@Injectable()
export class SessionRevocations {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async revoke(sessionId: string, expiresAtSeconds: number, nowMs = Date.now()): Promise<void> {
    const ttl = Math.max(1, Math.ceil(expiresAtSeconds - nowMs / 1000));
    await this.redis.set(this.key(sessionId), '1', 'EX', ttl);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(sessionId))) === 1;
  }

  private key(sessionId: string): string {
    return `${this.config.REDIS_PREFIX}:session-revoked:${sessionId}`;
  }
}
