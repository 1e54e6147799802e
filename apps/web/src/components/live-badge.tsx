/** whether a page's event stream is open: "live", or "nicht live" while it reconnects */
export function LiveBadge({ live, testId }: { live: boolean; testId?: string }) {
  return (
    <span
      className={`kern-badge kern-badge--small ${live ? 'kern-badge--success' : 'kern-badge--info'}`}
      data-testid={testId}
    >
      {live ? 'live' : 'nicht live'}
    </span>
  );
}
