import { formatDateTime } from '@buendel/domain/display';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMarkRead, useNotifications, type Notification } from '../../api/notifications';
import { Alert } from '../../components/alert';
import { DataTable, QueryList } from '../../components/data-table';
import { Pager } from '../../components/pager';

/** where a notification leads: a bundle's page (tenders have no page yet) */
function subjectLink(n: Notification): string | undefined {
  return n.kind.startsWith('bundle.') ? `/buendel/${n.subjectId}` : undefined;
}

/** The organisation's notifications, newest first, all or the unread ones; marking one read. */
export function NotificationsPage() {
  const [params, setParams] = useSearchParams();
  const unread = params.get('ungelesen') === '1';
  const page = Number(params.get('seite') ?? '1') || 1;
  const notifications = useNotifications({ page, ...(unread ? { unread: true } : {}) });
  const markRead = useMarkRead();
  useEffect(() => {
    document.title = 'Benachrichtigungen – Bündel';
  }, []);
  const totalPages = notifications.data
    ? Math.max(1, Math.ceil(notifications.data.total / notifications.data.pageSize))
    : 1;
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'seite') next.delete('seite');
    setParams(next);
  };
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Benachrichtigungen</h1>
      <div className="kern-form-check">
        <input
          id="nur-ungelesene"
          type="checkbox"
          className="kern-form-check__checkbox"
          checked={unread}
          onChange={(e) => set('ungelesen', e.target.checked ? '1' : undefined)}
        />
        <label className="kern-label" htmlFor="nur-ungelesene">
          Nur ungelesene
        </label>
      </div>
      {markRead.isError && <Alert kind="danger" title={markRead.error.message} />}
      <QueryList
        query={notifications}
        loading="Benachrichtigungen werden geladen …"
        empty={(d) =>
          d.items.length ? undefined : unread ? 'Keine ungelesenen Benachrichtigungen.' : 'Keine Benachrichtigungen.'
        }
      >
        {(data) => (
          <DataTable
            testId="benachrichtigungen"
            caption={`${data.total} Benachrichtigungen, Seite ${data.page} von ${totalPages}`}
            columns={[
              { header: 'Eingang', cell: (n) => formatDateTime(n.createdAt) },
              {
                header: 'Nachricht',
                cell: (n) => {
                  const to = subjectLink(n);
                  const text = n.readAt ? n.title : <strong>{n.title}</strong>;
                  return to ? (
                    <Link className="kern-link" to={to}>
                      {text}
                    </Link>
                  ) : (
                    text
                  );
                },
              },
              {
                header: 'Status',
                cell: (n) =>
                  n.readAt ? (
                    `gelesen ${formatDateTime(n.readAt)}`
                  ) : (
                    <span className="kern-badge kern-badge--info">ungelesen</span>
                  ),
              },
              {
                header: 'Aktion',
                action: true,
                cell: (n) =>
                  !n.readAt && (
                    <button
                      type="button"
                      className="kern-btn kern-btn--tertiary kern-btn--x-small"
                      disabled={markRead.isPending}
                      onClick={() => markRead.mutate(n.id)}
                    >
                      <span className="kern-label">
                        Als gelesen markieren<span className="app-visually-hidden">: {n.title}</span>
                      </span>
                    </button>
                  ),
              },
            ]}
            rows={data.items}
            rowKey={(n) => n.id}
          />
        )}
      </QueryList>
      {notifications.data && <Pager page={page} totalPages={totalPages} onPage={(p) => set('seite', String(p))} />}
    </div>
  );
}
