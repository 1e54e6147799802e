import { formatCount, formatDate, frameworkStatusLabel } from '@buendel/domain/display';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useFrameworks } from '../../api/frameworks';
import { DataTable, QueryList } from '../../components/data-table';
import { Pager } from '../../components/pager';
import { pageCount, useListParams } from '../../lib/list-params';

/** The framework agreements the organisation runs, takes part in or supplies (§ 21 VgV). */
export function FrameworksPage() {
  const { page, set } = useListParams();
  const frameworks = useFrameworks(page);
  useEffect(() => {
    document.title = 'Rahmenvereinbarungen – Bündel';
  }, []);
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Rahmenvereinbarungen</h1>
      <p className="kern-body">
        In einer Rahmenvereinbarung schätzt jede beteiligte Organisation ihren Bedarf für die Laufzeit und ruft ab, was
        sie braucht, bis zu ihrer Höchstmenge. Über die Höchstmenge hinaus hat die Vereinbarung keine Wirkung.
      </p>
      <QueryList
        query={frameworks}
        loading="Rahmenvereinbarungen werden geladen …"
        empty={(d) => (d.items.length ? undefined : 'Ihre Organisation ist an keiner Rahmenvereinbarung beteiligt.')}
      >
        {(d) => (
          <>
            <DataTable
              caption={`${formatCount(d.total, 'Rahmenvereinbarung', 'Rahmenvereinbarungen')}, Seite ${d.page} von ${pageCount(d)}`}
              testId="rahmenvereinbarungen"
              rows={d.items}
              rowKey={(f) => f.id}
              columns={[
                {
                  header: 'Rahmenvereinbarung',
                  cell: (f) => (
                    <Link className="kern-link" to={`/rahmenvereinbarungen/${f.id}`}>
                      {f.title}
                    </Link>
                  ),
                },
                { header: 'Nummer', cell: (f) => f.number },
                { header: 'Koordination', cell: (f) => f.coordinatorName },
                { header: 'Laufzeit', cell: (f) => `${formatDate(f.termFrom)} bis ${formatDate(f.termTo)}` },
                { header: 'Stand', cell: (f) => frameworkStatusLabel(f.status) },
              ]}
            />
            <Pager page={page} totalPages={pageCount(d)} onPage={(p) => set('seite', String(p))} />
          </>
        )}
      </QueryList>
    </div>
  );
}
