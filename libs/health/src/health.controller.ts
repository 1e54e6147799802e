import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { REDIS_CLIENT, withTimeout } from '@buendel/queue';
import { Public } from '@buendel/auth';
import { heartbeatKey, HEARTBEAT_STALE_MS } from './heartbeat';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: PostgreSQL, Redis and a recent worker heartbeat (503 naming what is missing when one is not there)',
  })
  check() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 2000 }),
      () => this.redisCheck(),
      () => this.workerCheck(),
    ]);
  }

  /**
   * Liveness: the API process answers (and so has applied the migrations), whatever its
   * dependencies do; for container health checks, which should restart a hung API but not
   * one that waits for PostgreSQL, Redis or a worker (that is readiness, GET /health).
   */
  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: 200 while the API process answers, whatever its dependencies do' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  private async redisCheck() {
    const indicator = this.indicators.check('redis');
    try {
      const started = Date.now();
      await withTimeout(this.redis.ping(), 2000);
      return indicator.up({ latencyMs: Date.now() - started });
    } catch (e) {
      return indicator.down({ message: e instanceof Error ? e.message : 'unreachable' });
    }
  }

  /**
   * Not ready without a worker: deadlines, aggregates and notifications would stop. The
   * worker's heartbeat job writes the time every HEARTBEAT_EVERY_MS; missing (no worker, or a
   * Redis that lost its data) or older than HEARTBEAT_STALE_MS (a hung worker) is down.
   */
  private async workerCheck() {
    const indicator = this.indicators.check('worker');
    const last = await withTimeout(this.redis.get(heartbeatKey(this.config.REDIS_PREFIX)), 2000).catch(() => null);
    const at = last ? Number(last) : undefined;
    const ageMs = at !== undefined ? Date.now() - at : undefined;
    const lastHeartbeatAt = at !== undefined ? new Date(at).toISOString() : null;
    if (ageMs === undefined) {
      return indicator.down({ heartbeat: 'missing', lastHeartbeatAt, message: 'no worker has reported' });
    }
    if (ageMs >= HEARTBEAT_STALE_MS) {
      return indicator.down({
        heartbeat: 'stale',
        lastHeartbeatAt,
        message: `the worker last reported ${Math.round(ageMs / 1000)} s ago`,
      });
    }
    return indicator.up({ heartbeat: 'recent', lastHeartbeatAt });
  }
}
