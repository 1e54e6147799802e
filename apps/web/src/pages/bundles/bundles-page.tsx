import {
  bundleStatusLabel,
  formatCount,
  formatDateTime,
  formatEur,
  regimeShortLabel,
  timeLeftLabel,
} from '@buendel/domain/display';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useBundles, type Bundle } from '../../api/bundles';
import { DataTable, QueryList, type Column } from '../../components/data-table';
import { Pager } from '../../components/pager';
import { StatusFilter } from '../../components/status-filter';
import { pageCount, useListParams } from '../../lib/list-params';

const STATUSES: Array<Bundle['status']> = ['open', 'closed', 'tendering', 'awarded', 'cancelled'];

/** a bundle's title, a link to its page */
export const BUNDLE_TITLE_COLUMN: Column<Bundle> = {
  header: 'Titel',
  cell: (b) => (
    <Link className="kern-link" to={`/buendel/${b.id}`}>
      {b.title}
    </Link>
  ),
};

/** a bundle in a list: title (its page), status, deadline, total and regime */
export const BUNDLE_COLUMNS: Array<Column<Bundle>> = [
  BUNDLE_TITLE_COLUMN,
  { header: 'Status', cell: (b) => bundleStatusLabel(b.status) },
  {
    header: 'Beitrittsfrist',
    cell: (b) => `${formatDateTime(b.joinDeadline)}${b.status === 'open' ? ` (${timeLeftLabel(b.joinDeadline)})` : ''}`,
  },
  {
    header: 'Gesamtwert',
    numeric: true,
    cell: (b) => (b.aggregate ? formatEur(b.aggregate.totalEstimatedValueEur) : '–'),
  },
  { header: 'Verfahren', cell: (b) => (b.aggregate ? regimeShortLabel(b.aggregate.regime.scope) : '–') },
];

/** The bundles of the user's region, those it coordinates and those it takes part in. */
export function BundlesPage() {
  const { params, page, set } = useListParams();
  const status = (params.get('status') as Bundle['status'] | null) ?? undefined;
  const bundles = useBundles({ ...(status ? { status } : {}), page });
  useEffect(() => {
    document.title = 'Bündel – Bündel';
  }, []);
  const totalPages = pageCount(bundles.data);
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
      <QueryList
        query={bundles}
        loading="Bündel werden geladen …"
        empty={(d) => (d.items.length ? undefined : 'Keine Bündel gefunden.')}
      >
        {(data) => (
          <DataTable
            caption={`${formatCount(data.total, 'Bündel', 'Bündel')}, Seite ${data.page} von ${totalPages}`}
            columns={BUNDLE_COLUMNS}
            rows={data.items}
            rowKey={(b) => b.id}
          />
        )}
      </QueryList>
      {bundles.data && <Pager page={page} totalPages={totalPages} onPage={(p) => set('seite', String(p))} />}
    </div>
  );
}
