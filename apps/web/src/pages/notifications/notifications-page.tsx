import { formatCount, formatDateTime } from '@buendel/domain/display';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useMarkRead, useNotifications, type Notification } from '../../api/notifications';
import { Alert } from '../../components/alert';
import { DataTable, QueryList } from '../../components/data-table';
import { Pager } from '../../components/pager';
import { RowButton } from '../../components/row-button';
import { pageCount, useListParams } from '../../lib/list-params';

/** where a notification leads: a bundle's page (tenders have no page yet) */
function subjectLink(n: Notification): string | undefined {
  return n.kind.startsWith('bundle.') ? `/buendel/${n.subjectId}` : undefined;
}

/** The organisation's notifications, newest first, all or the unread ones; marking one read. */
export function NotificationsPage() {
  const { params, page, set } = useListParams();
  const unread = params.get('ungelesen') === '1';
  const notifications = useNotifications({ page, ...(unread ? { unread: true } : {}) });
  const markRead = useMarkRead();
  useEffect(() => {
    document.title = 'Benachrichtigungen – Bündel';
  }, []);
  const totalPages = pageCount(notifications.data);
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
            caption={`${formatCount(data.total, 'Benachrichtigung', 'Benachrichtigungen')}, Seite ${data.page} von ${totalPages}`}
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
                    <RowButton
                      label="Als gelesen markieren"
                      row={n.title}
                      disabled={markRead.isPending}
                      onClick={() => markRead.mutate(n.id)}
                    />
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
