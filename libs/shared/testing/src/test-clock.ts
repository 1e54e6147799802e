import { Clock } from '@buendel/clock';

/**
 * A clock a test moves: the real time plus an offset, so time still flows and `advance` jumps
 * ahead (a 10-day standstill in a millisecond). `createApiApp({ clock })` gives it to an API;
 * `createWorker({ clock })` to a worker, which only a test that has the queues to itself may do
 * (test/serial/): the parallel files share the queues, and a worker with a moved clock would act
 * on their rows. Delayed BullMQ jobs still wait in real time: after moving the clock, call what the
 * deadline's job calls (e.g. `BundlesService.closeIfDue`). See DEVELOPERS.md, "Time in tests".
 */
export class TestClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** moves time forward (or back, with a negative amount) */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** sets the time to `at`, from where it flows on */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  /** back to the real time */
  reset(): void {
    this.offsetMs = 0;
  }
}
