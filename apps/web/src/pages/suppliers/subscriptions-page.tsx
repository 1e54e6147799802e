import { formatCount, formatDate } from '@buendel/domain/display';
import { useEffect, useState, type FormEvent } from 'react';
import { useSubscribe, useSubscriptions, useUnsubscribe } from '../../api/market';
import { fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { DataTable, QueryList } from '../../components/data-table';
import { DistrictField } from '../../components/district-field';
import { DistrictNames } from '../../components/district-names';
import { TextField } from '../../components/text-field';
import { CpvPrefixNames } from '../../components/cpv-prefix-names';

/** the reasons of a list field and of its entries (`cpvPrefixes`, `cpvPrefixes.1`), as one message */
function listError(errors: Record<string, string>, field: string): string | undefined {
  const reasons = Object.entries(errors)
    .filter(([key]) => key === field || key.startsWith(`${field}.`) || key.startsWith(`${field}[`))
    .map(([, reason]) => reason);
  return reasons.length ? [...new Set(reasons)].join(' ') : undefined;
}

/** The supplier's subscriptions: notified of tenders published for these CPV prefixes (and districts). */
export function SubscriptionsPage() {
  const subscriptions = useSubscriptions();
  const subscribe = useSubscribe();
  const unsubscribe = useUnsubscribe();
  const [cpv, setCpv] = useState('');
  const [district, setDistrict] = useState<string | undefined>();
  const [districts, setDistricts] = useState<string[]>([]);
  const [fieldKey, setFieldKey] = useState(0);
  useEffect(() => {
    document.title = 'Abonnements – Bündel';
  }, []);
  const errors = fieldErrors(subscribe.error?.problem);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cpvPrefixes = cpv
      .split(/[\s,;]+/)
      .map((p) => p.trim())
      .filter(Boolean);
    const districtKeys = district && !districts.includes(district) ? [...districts, district] : districts;
    subscribe.mutate(
      { cpvPrefixes, districtKeys },
      {
        onSuccess: () => {
          setCpv('');
          setDistrict(undefined);
          setDistricts([]);
          setFieldKey((k) => k + 1);
        },
      },
    );
  };
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Abonnements</h1>
      <p className="kern-body">
        Sie werden benachrichtigt, sobald eine gemeinsame Ausschreibung zu diesen CPV-Codes veröffentlicht wird, auf
        Wunsch nur in bestimmten Kreisen.
      </p>
      <section aria-labelledby="abo-neu" className="kern-stack">
        <h2 className="kern-heading-medium" id="abo-neu">
          Abonnement anlegen
        </h2>
        <form onSubmit={submit} noValidate className="kern-stack">
          {subscribe.isError && (
            <Alert
              kind="danger"
              title={
                subscribe.error.status === 400 ? 'Bitte prüfen Sie die markierten Felder.' : subscribe.error.message
              }
            />
          )}
          {subscribe.isSuccess && <Alert kind="success" title="Das Abonnement ist angelegt." />}
          <TextField
            label="CPV-Codes oder Anfänge"
            hint="Durch Komma getrennt, z. B. 3019, 30192000-1"
            value={cpv}
            onChange={(e) => setCpv(e.target.value)}
            error={listError(errors, 'cpvPrefixes')}
          />
          <DistrictField
            key={fieldKey}
            label="Kreis (optional)"
            hint="Namen eingeben und einen Treffer wählen; ohne Kreis: ganz Deutschland"
            value={district}
            onChange={setDistrict}
            error={listError(errors, 'districtKeys')}
          />
          <div className="kern-btn-wrapper">
            <button
              type="button"
              className="kern-btn kern-btn--secondary"
              disabled={!district || districts.includes(district)}
              onClick={() => {
                if (district) setDistricts((d) => [...d, district]);
                setDistrict(undefined);
                setFieldKey((k) => k + 1);
              }}
            >
              <span className="kern-label">Weiteren Kreis hinzufügen</span>
            </button>
          </div>
          {districts.length > 0 && (
            <ul className="kern-list" aria-label="Gewählte Kreise">
              {districts.map((d) => (
                <li key={d}>
                  {d}{' '}
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary kern-btn--x-small"
                    onClick={() => setDistricts((all) => all.filter((x) => x !== d))}
                  >
                    <span className="kern-label">
                      Entfernen<span className="app-visually-hidden">: Kreis {d}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div>
            <button type="submit" className="kern-btn kern-btn--primary" disabled={subscribe.isPending}>
              <span className="kern-label">Abonnieren</span>
            </button>
          </div>
        </form>
      </section>
      <section aria-labelledby="abo-liste" className="kern-stack">
        <h2 className="kern-heading-medium" id="abo-liste">
          Ihre Abonnements
        </h2>
        {unsubscribe.isError && <Alert kind="danger" title={unsubscribe.error.message} />}
        <QueryList
          query={subscriptions}
          loading="Abonnements werden geladen …"
          empty={(data) => (data.items.length === 0 ? 'Noch keine Abonnements.' : undefined)}
        >
          {(data) => (
            <DataTable
              caption={formatCount(data.total, 'Abonnement', 'Abonnements')}
              testId="abonnements"
              rows={data.items}
              rowKey={(s) => s.id}
              columns={[
                { header: 'CPV', cell: (s) => <CpvPrefixNames prefixes={s.cpvPrefixes} /> },
                {
                  header: 'Kreise',
                  cell: (s) => <DistrictNames keys={s.districtKeys} none="ganz Deutschland" />,
                },
                { header: 'Angelegt am', cell: (s) => formatDate(s.createdAt) },
                {
                  header: 'Aktion',
                  action: true,
                  cell: (s) => (
                    <button
                      type="button"
                      className="kern-btn kern-btn--tertiary kern-btn--x-small"
                      disabled={unsubscribe.isPending}
                      onClick={() => unsubscribe.mutate(s.id)}
                    >
                      <span className="kern-label">
                        Beenden<span className="app-visually-hidden">: {s.cpvPrefixes.join(', ')}</span>
                      </span>
                    </button>
                  ),
                },
              ]}
            />
          )}
        </QueryList>
      </section>
    </div>
  );
}
