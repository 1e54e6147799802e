import { DynamicModule, Global, Module } from '@nestjs/common';

/**
 * What time it is for the rules: deadlines, periods, the times a step is recorded at. Services
 * and jobs ask the injected Clock instead of `new Date()`/`Date.now()`, and SQL that decides a
 * deadline compares with the clock's time as a parameter instead of `now()`, so that a test can
 * move time (see TestClock in @buendel/testing) instead of sleeping through a real deadline.
 * Technical times (latencies, cache ages, heartbeats, `updated_at`) stay on the real clock.
 */
export abstract class Clock {
  abstract now(): Date;

  /** milliseconds since the epoch, as Date.now() */
  nowMs(): number {
    return this.now().getTime();
  }
}

/** the real time */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Provides the Clock everywhere: the system clock, or the one given (a test's). */
@Global()
@Module({})
export class ClockModule {
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return { module: ClockModule, global: true, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
