import { bundleStatusLabel, formatDateTime, formatEur, regimeShortLabel, timeLeftLabel } from '@buendel/domain/display';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useBundles, type Bundle } from '../../api/bundles';
import { Pager } from '../../components/pager';
import { StatusFilter } from '../../components/status-filter';

const STATUSES: Array<Bundle['status']> = ['open', 'closed', 'tendering', 'awarded', 'cancelled'];

/** The bundles of the user's region, those it coordinates and those it takes part in. */
export function BundlesPage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as Bundle['status'] | null) ?? undefined;
  const page = Number(params.get('seite') ?? '1') || 1;
  const bundles = useBundles({ ...(status ? { status } : {}), page });
  useEffect(() => {
    document.title = 'Bündel – Bündel';
  }, []);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'seite') next.delete('seite');
    setParams(next);
  };
  const totalPages = bundles.data ? Math.max(1, Math.ceil(bundles.data.total / bundles.data.pageSize)) : 1;
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Bündel</h1>
      <StatusFilter
        id="status-filter"
        statuses={STATUSES}
        label={bundleStatusLabel}
        value={status}
        onChange={(s) => set('status', s)}
      />
      {bundles.isPending ? (
        <p className="kern-body" role="status">
          Bündel werden geladen …
        </p>
      ) : bundles.isError ? (
        <div className="kern-alert kern-alert--danger" role="alert">
          <div className="kern-alert__header">
            <span className="kern-title">{bundles.error.message}</span>
          </div>
        </div>
      ) : bundles.data.items.length === 0 ? (
        <p className="kern-body">Keine Bündel gefunden.</p>
      ) : (
        <div className="kern-table-responsive">
          <table className="kern-table">
            <caption className="kern-title">
              {bundles.data.total} {bundles.data.total === 1 ? 'Bündel' : 'Bündel'}, Seite {bundles.data.page} von{' '}
              {totalPages}
            </caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Titel
                </th>
                <th scope="col" className="kern-table__header">
                  Status
                </th>
                <th scope="col" className="kern-table__header">
                  Beitrittsfrist
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Gesamtwert
                </th>
                <th scope="col" className="kern-table__header">
                  Verfahren
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {bundles.data.items.map((b) => (
                <tr className="kern-table__row" key={b.id}>
                  <td className="kern-table__cell">
                    <Link className="kern-link" to={`/buendel/${b.id}`}>
                      {b.title}
                    </Link>
                  </td>
                  <td className="kern-table__cell">{bundleStatusLabel(b.status)}</td>
                  <td className="kern-table__cell">
                    {formatDateTime(b.joinDeadline)}
                    {b.status === 'open' ? ` (${timeLeftLabel(b.joinDeadline)})` : ''}
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {b.aggregate ? formatEur(b.aggregate.totalEstimatedValueEur) : '–'}
                  </td>
                  <td className="kern-table__cell">{b.aggregate ? regimeShortLabel(b.aggregate.regime.scope) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {bundles.data && <Pager page={page} totalPages={totalPages} onPage={(p) => set('seite', String(p))} />}
    </div>
  );
}
