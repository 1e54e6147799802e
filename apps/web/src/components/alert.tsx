import type { ReactNode } from 'react';

/** A KERN alert; `danger` and `warning` are announced at once (role="alert"). */
export function Alert({
  kind,
  title,
  children,
}: {
  kind: 'info' | 'success' | 'warning' | 'danger';
  title: string;
  children?: ReactNode;
}) {
  return (
    <div
      className={`kern-alert kern-alert--${kind}`}
      role={kind === 'danger' || kind === 'warning' ? 'alert' : 'status'}
    >
      <div className="kern-alert__header">
        <span className={`kern-icon kern-icon--${kind === 'danger' ? 'danger' : kind}`} aria-hidden="true"></span>
        <span className="kern-title">{title}</span>
      </div>
      {children && <div className="kern-alert__body">{children}</div>}
    </div>
  );
}
