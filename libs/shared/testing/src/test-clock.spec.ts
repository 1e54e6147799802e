import { TestClock } from './test-clock';

describe('TestClock', () => {
  it('follows the real time until moved, then keeps flowing from the moved time', () => {
    const clock = new TestClock();
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(50);
    clock.advance(10 * 86_400_000);
    expect(clock.nowMs() - Date.now()).toBeGreaterThan(10 * 86_400_000 - 50);
    clock.set(new Date('2030-01-01T00:00:00Z'));
    expect(Math.abs(clock.nowMs() - Date.parse('2030-01-01T00:00:00Z'))).toBeLessThan(50);
    clock.reset();
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(50);
  });
});
