import { formatCount, formatDateTime, formatEur, regimeShortLabel, tenderStatusLabel } from '@buendel/domain/display';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useTenders, type TenderStatus } from '../../api/tenders';
import { DataTable, QueryList } from '../../components/data-table';
import { Pager } from '../../components/pager';
import { StatusFilter } from '../../components/status-filter';
import { pageCount, useListParams } from '../../lib/list-params';

const STATUSES: TenderStatus[] = ['draft', 'published', 'opened', 'awarded', 'cancelled'];

/** The joint tenders the organisation coordinates or takes part in, drafts included. */
export function TendersPage() {
  const { params, page, set } = useListParams();
  const status = (params.get('status') as TenderStatus | null) ?? undefined;
  const tenders = useTenders({ ...(status ? { status } : {}), page });
  useEffect(() => {
    document.title = 'Vergaben – Bündel';
  }, []);
  const totalPages = pageCount(tenders.data);
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Vergaben</h1>
      <StatusFilter
        id="status-filter"
        statuses={STATUSES}
        label={tenderStatusLabel}
        value={status}
        onChange={(s) => set('status', s)}
      />
      <QueryList
        query={tenders}
        loading="Vergaben werden geladen …"
        empty={(d) => (d.items.length ? undefined : 'Keine Vergaben gefunden.')}
      >
        {(data) => (
          <DataTable
            caption={`${formatCount(data.total, 'Vergabe', 'Vergaben')}, Seite ${data.page} von ${totalPages}`}
            columns={[
              {
                header: 'Titel',
                cell: (t) => (
                  <Link className="kern-link" to={`/vergabe/${t.id}`}>
                    {t.title}
                  </Link>
                ),
              },
              { header: 'Status', cell: (t) => tenderStatusLabel(t.status) },
              { header: 'Verfahren', cell: (t) => regimeShortLabel(t.scope) },
              { header: 'Lose', numeric: true, cell: (t) => t.lotCount },
              { header: 'Angebotsfrist', cell: (t) => formatDateTime(t.submissionDeadline) },
              { header: 'Geschätzter Wert', numeric: true, cell: (t) => formatEur(t.estimatedValueEur) },
            ]}
            rows={data.items}
            rowKey={(t) => t.id}
          />
        )}
      </QueryList>
      {tenders.data && <Pager page={page} totalPages={totalPages} onPage={(p) => set('seite', String(p))} />}
    </div>
  );
}
