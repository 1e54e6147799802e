import { useEffect } from 'react';
import { Link } from 'react-router';
import { useCurrentUser } from '../lib/current-user';
import { NAVIGATION, ROLE_LABELS } from '../shell/navigation';

/** The start page of every role; each role's own overview is built on this. */
export function StartPage() {
  const me = useCurrentUser();
  useEffect(() => {
    document.title = 'Start – Bündel';
  }, []);
  return (
    <div className="kern-stack">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Willkommen bei Bündel</h1>
        <p className="kern-subline">
          {me.organisation.name} · {ROLE_LABELS[me.role]}
        </p>
      </hgroup>
      <ul className="kern-stack">
        {NAVIGATION[me.role]
          .filter((item) => item.to !== '/')
          .map((item) => (
            <li key={item.to}>
              <Link className="kern-link" to={item.to}>
                {item.label}
              </Link>
            </li>
          ))}
      </ul>
    </div>
  );
}
