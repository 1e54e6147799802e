import { formatCount, formatDate, formatDateTime, formatEur, tenderStatusLabel } from '@buendel/domain/display';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useOwnContracts, useOwnTenders, type Contract } from '../../api/contracts';
import { DataTable, QueryList } from '../../components/data-table';
import { Pager } from '../../components/pager';
import { useCurrentUser } from '../../lib/current-user';
import { pageCount, useListParams } from '../../lib/list-params';
import { CallOffContractsSection } from './call-off-contracts';

/**
 * A participating organisation's tenders (from the bundles it joined or coordinates) with the
 * way to their allocations and contracts, and its contracts: number, lot, supplier, value, term.
 * A supplier sees the contracts it holds, each with its buyer, and from there the allocations
 * per buyer (delivery places, the buyer's procurement office). Below, the call-offs from
 * framework agreements, each a contract of its own.
 */
export function ContractsPage() {
  const supplier = useCurrentUser().role === 'supplier';
  const { params, page, set } = useListParams();
  const contractPage = Number(params.get('vertraegeSeite') ?? '1') || 1;
  const tenders = useOwnTenders(page, !supplier);
  const contracts = useOwnContracts(contractPage);
  const heading = supplier ? 'Verträge' : 'Zuteilungen und Verträge';
  useEffect(() => {
    document.title = `${heading} – Bündel`;
  }, [heading]);
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">{heading}</h1>
      {supplier ? (
        <p className="kern-body">
          Für jedes Los, dessen Zuschlag Ihr Unternehmen erhalten hat, schließt die Koordination mit jeder beteiligten
          Organisation einen eigenen Vertrag. Unter jedem Vertrag finden Sie die Mengen je Auftraggeber, die Lieferorte
          und die Vergabestelle, an die Sie sich wenden.
        </p>
      ) : (
        <p className="kern-body">
          Nach dem Zuschlag erhält jede beteiligte Organisation ihren Anteil an jedem Los (Mengen und Werte); nach der
          Wartefrist schließt die Koordination für jede Organisation einen eigenen Vertrag mit dem Lieferanten.
        </p>
      )}
      {!supplier && (
        <section className="kern-stack" aria-labelledby="vertraege-ausschreibungen">
          <h2 className="kern-heading-medium" id="vertraege-ausschreibungen">
            Ausschreibungen Ihrer Bündel
          </h2>
          <QueryList
            query={tenders}
            loading="Ausschreibungen werden geladen …"
            empty={(d) => (d.items.length ? undefined : 'Ihre Organisation ist an keiner Ausschreibung beteiligt.')}
          >
            {(d) => (
              <>
                <DataTable
                  caption={`${formatCount(d.total, 'Ausschreibung', 'Ausschreibungen')}, Seite ${d.page} von ${pageCount(d)}`}
                  testId="beteiligte-ausschreibungen"
                  rows={d.items}
                  rowKey={(t) => t.id}
                  columns={[
                    {
                      header: 'Ausschreibung',
                      cell: (t) => (
                        <Link className="kern-link" to={`/vertraege/${t.id}`}>
                          {t.title}
                        </Link>
                      ),
                    },
                    { header: 'Koordination', cell: (t) => t.coordinatorName },
                    { header: 'Stand', cell: (t) => tenderStatusLabel(t.status) },
                    { header: 'Lose', numeric: true, cell: (t) => t.lotCount },
                    { header: 'Angebotsfrist', cell: (t) => formatDateTime(t.submissionDeadline) },
                    { header: 'Zuschlag', cell: (t) => formatDate(t.awardedAt) || '–' },
                  ]}
                />
                <Pager page={page} totalPages={pageCount(d)} onPage={(p) => set('seite', String(p))} />
              </>
            )}
          </QueryList>
        </section>
      )}
      <section className="kern-stack" aria-labelledby="vertraege-liste">
        <h2 className="kern-heading-medium" id="vertraege-liste">
          {supplier ? 'Verträge Ihres Unternehmens aus Ausschreibungen' : 'Ihre Verträge aus Ausschreibungen'}
        </h2>
        <QueryList
          query={contracts}
          loading="Verträge werden geladen …"
          empty={(d) =>
            d.items.length
              ? undefined
              : supplier
                ? 'Ihr Unternehmen hält noch keine Verträge aus Ausschreibungen.'
                : 'Noch keine Verträge aus Ausschreibungen.'
          }
        >
          {(d) => (
            <>
              <DataTable
                caption={`${formatCount(d.total, 'Vertrag', 'Verträge')}, Seite ${d.page} von ${pageCount(d)}`}
                testId="vertraege"
                rows={d.items}
                rowKey={(c) => c.id}
                columns={[
                  {
                    header: 'Vertrag',
                    cell: (c) => (
                      <Link className="kern-link" to={`/vertraege/${c.tenderId}#los-${c.lotKey}`}>
                        {c.number}
                      </Link>
                    ),
                  },
                  { header: 'Los', cell: (c) => c.lotTitle },
                  supplier
                    ? { header: 'Auftraggeber', cell: (c: Contract) => c.buyer.name }
                    : { header: 'Lieferant', cell: (c: Contract) => c.supplier.name },
                  { header: 'Wert (netto)', numeric: true, cell: (c) => formatEur(c.valueEur) },
                  { header: 'Laufzeit', cell: (c) => `${formatDate(c.termFrom)} bis ${formatDate(c.termTo)}` },
                  { header: 'Geschlossen am', cell: (c) => formatDate(c.concludedAt) },
                ]}
              />
              <Pager page={contractPage} totalPages={pageCount(d)} onPage={(p) => set('vertraegeSeite', String(p))} />
            </>
          )}
        </QueryList>
      </section>
      <CallOffContractsSection supplier={supplier} />
    </div>
  );
}
