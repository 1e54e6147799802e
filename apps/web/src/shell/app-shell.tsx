import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useUnreadCount } from '../api/notifications';
import { useSignOut, type Me } from '../auth/session';
import { NAVIGATION, ROLE_LABELS } from './navigation';

/**
 * The frame of every page behind the login: a skip link, the role's navigation, the user and
 * logout, and the page. (No KERN Kopfzeile: it marks official websites of the administration,
 * which Bündel is not.)
 * After each navigation the focus moves to the page's main content, so that screen readers
 * and keyboard users start there.
 */
export function AppShell({ me }: { me: Me }) {
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const unread = useUnreadCount(me.role !== 'admin');
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="app-skip-link kern-link" href="#inhalt">
        Zum Inhalt springen
      </a>
      <header className="app-header">
        <div className="kern-container app-header__bar">
          <NavLink to="/" className="kern-link kern-title kern-title--large" aria-label="Bündel, zur Startseite">
            Bündel
          </NavLink>
          <nav className="app-nav" aria-label="Hauptnavigation">
            <ul>
              {NAVIGATION[me.role].map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end className="kern-link">
                    {item.label}
                    {item.to === '/benachrichtigungen' && !!unread.data && (
                      <>
                        {' '}
                        <span className="kern-badge kern-badge--small kern-badge--info" data-testid="ungelesen">
                          {unread.data}
                          <span className="app-visually-hidden"> ungelesen</span>
                        </span>
                      </>
                    )}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="kern-body kern-body--small app-user">
            <span data-testid="current-user">
              {me.email} · {ROLE_LABELS[me.role]} · {me.organisation.name}
            </span>{' '}
            <button
              type="button"
              className="kern-btn kern-btn--tertiary kern-btn--x-small"
              disabled={signOut.isPending}
              onClick={() =>
                signOut.mutate(undefined, { onSettled: () => void navigate('/anmelden', { replace: true }) })
              }
            >
              <span className="kern-label">Abmelden</span>
            </button>
          </div>
        </div>
      </header>
      <main id="inhalt" ref={main} tabIndex={-1} className="kern-container app-main">
        <Outlet context={me} />
      </main>
    </>
  );
}
