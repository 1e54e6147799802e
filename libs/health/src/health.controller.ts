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
    summary: 'Readiness of PostgreSQL and Redis (503 when one is down); worker liveness for information',
  })
  check() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 2000 }),
      () => this.redisCheck(),
      () => this.workerInfo(),
    ]);
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

  /** informational: the worker is scaled apart from the API, so its absence is not a 503 */
  private async workerInfo() {
    const indicator = this.indicators.check('worker');
    const last = await withTimeout(this.redis.get(heartbeatKey(this.config.REDIS_PREFIX)), 2000).catch(() => null);
    const ageMs = last ? Date.now() - Number(last) : undefined;
    return indicator.up({
      heartbeat: ageMs !== undefined && ageMs < HEARTBEAT_STALE_MS ? 'recent' : 'missing',
      lastHeartbeatAt: last ? new Date(Number(last)).toISOString() : null,
    });
  }
}
