import { formatDateTime, timeLeftLabel } from '@buendel/domain/display';
import { useEffect, useState } from 'react';

/** the current time, ticking every `everyMs` (for deadlines a page shows) */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** the time left until the deadline in words, ticking every half minute */
export function useTimeLeft(deadline: string): string {
  return timeLeftLabel(deadline, useNow(30_000));
}

/**
 * A deadline with the time left (`15.12.2026, 12:00 Uhr – noch 3 Tage`). A timer role that
 * screen readers do not announce at every tick (aria-live off); they read it when they reach it.
 */
export function Countdown({ label, deadline, now }: { label: string; deadline: string; now: number }) {
  return (
    <p className="kern-body" data-testid="countdown">
      <strong>{label}:</strong> {formatDateTime(deadline)} –{' '}
      <span role="timer" aria-live="off">
        {timeLeftLabel(deadline, now)}
      </span>
    </p>
  );
}
