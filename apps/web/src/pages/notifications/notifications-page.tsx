import { formatCount, formatDateTime } from '@buendel/domain/display';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import {
  useMailPreferences,
  useMarkRead,
  useNotifications,
  useSetMailPreferences,
  type MailPreference,
  type MailPreferences,
  type Notification,
} from '../../api/notifications';
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
      <MailSettings />
    </div>
  );
}

/**
 * The user's e-mail settings, which every mail's footer points to: one checkbox per category;
 * the information letters of § 134 GWB are always sent (shown, not switchable).
 */
function MailSettings() {
  const preferences = useMailPreferences();
  return (
    <section aria-labelledby="e-mail-einstellungen" className="kern-stack" id="e-mail">
      <h2 className="kern-heading-medium" id="e-mail-einstellungen">
        E-Mail-Einstellungen
      </h2>
      <p className="kern-body">
        Zu diesen Anlässen schickt Bündel Ihnen zusätzlich eine E-Mail. Die Benachrichtigungen oben bleiben in jedem
        Fall.
      </p>
      {preferences.isPending ? (
        <p className="kern-body" role="status">
          E-Mail-Einstellungen werden geladen …
        </p>
      ) : preferences.isError ? (
        <Alert kind="danger" title={preferences.error.message} />
      ) : (
        <MailSettingsForm items={preferences.data.items} />
      )}
    </section>
  );
}

function MailSettingsForm({ items }: { items: MailPreference[] }) {
  const save = useSetMailPreferences();
  const [on, setOn] = useState(() => new Map(items.map((i) => [i.category, i.enabled])));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body: MailPreferences = {};
    for (const i of items) if (!i.required) body[i.category] = on.get(i.category) ?? true;
    save.mutate(body);
  };
  return (
    <form onSubmit={onSubmit} className="kern-stack" noValidate>
      <fieldset className="kern-fieldset">
        <legend className="kern-label">E-Mails erhalten bei</legend>
        <div className="kern-fieldset__body">
          {items.map((i) => (
            <div className="kern-form-check" key={i.category}>
              <input
                id={`mail-${i.category}`}
                type="checkbox"
                className="kern-form-check__checkbox"
                checked={i.required || (on.get(i.category) ?? true)}
                disabled={i.required}
                onChange={(e) => {
                  save.reset();
                  setOn((m) => new Map(m).set(i.category, e.target.checked));
                }}
              />
              <label className="kern-label" htmlFor={`mail-${i.category}`}>
                {i.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      {save.isError && <Alert kind="danger" title={save.error.message} />}
      {save.isSuccess && (
        <p className="kern-body" role="status">
          Ihre E-Mail-Einstellungen sind gespeichert.
        </p>
      )}
      <div className="kern-btn-wrapper">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={save.isPending}>
          <span className="kern-label">E-Mail-Einstellungen speichern</span>
        </button>
      </div>
    </form>
  );
}
