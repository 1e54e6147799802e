import { useEffect } from 'react';
import { Link } from 'react-router';

export function NotFoundPage({ title = 'Seite nicht gefunden' }: { title?: string }) {
  useEffect(() => {
    document.title = `${title} – Bündel`;
  }, [title]);
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">{title}</h1>
      <p className="kern-body">
        Diese Seite gibt es (noch) nicht.{' '}
        <Link className="kern-link" to="/">
          Zur Startseite
        </Link>
      </p>
    </div>
  );
}
