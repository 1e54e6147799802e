import type { ReactNode } from 'react';

/** A KERN description list: one term and its value per entry (a page's key facts). */
export function Facts({ items, testId }: { items: ReadonlyArray<readonly [string, ReactNode]>; testId?: string }) {
  return (
    <dl className="kern-description-list" data-testid={testId}>
      {items.map(([key, value]) => (
        <div className="kern-description-list-item" key={key}>
          <dt className="kern-description-list-item__key">{key}</dt>
          <dd className="kern-description-list-item__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
