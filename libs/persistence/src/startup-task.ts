import { Injectable, Logger, SetMetadata, Type } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';

export const STARTUP_TASK = 'buendel:startup-task';

/** Start-up data (reference data, admin, demo data), run by the API after the migrations. */
export interface StartupTaskHandler {
  run(): Promise<void>;
}

/**
 * Marks a provider as a start-up task. Lower `order` runs first:
 * 10 reference data, 20 platform admin, 30 catalogues, 90 demo data.
 */
export const StartupTask = (name: string, order: number) => SetMetadata(STARTUP_TASK, { name, order });

@Injectable()
export class StartupTaskRunner {
  private readonly logger = new Logger('Startup');
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  async runAll(): Promise<void> {
    const tasks = this.discovery
      .getProviders()
      .filter((w) => w.metatype && w.instance)
      .map((w) => ({
        meta: this.reflector.get<{ name: string; order: number } | undefined>(
          STARTUP_TASK,
          w.metatype as Type<unknown>,
        ),
        instance: w.instance as StartupTaskHandler,
      }))
      .filter((t): t is { meta: { name: string; order: number }; instance: StartupTaskHandler } => !!t.meta)
      .sort((a, b) => a.meta.order - b.meta.order);
    for (const task of tasks) {
      const started = Date.now();
      await task.instance.run();
      this.logger.log(`${task.meta.name} ready in ${Date.now() - started} ms`);
    }
  }
}
