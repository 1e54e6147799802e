import { callOffStatusLabel, formatCount, formatDate, formatEur, formatQuantity } from '@buendel/domain/display';
import { Link } from 'react-router';
import { useCallOffContracts, type CallOffContract } from '../../api/contracts';
import { DataTable, QueryList } from '../../components/data-table';
import { Pager } from '../../components/pager';
import { pageCount, useListParams } from '../../lib/list-params';

/**
 * The call-offs from framework agreements, each a contract of its own between the buyer that
 * called off and the supplier it was ordered from: number (to the call-off on its framework's
 * page), framework, lot, items, value, the parties and the day it was ordered. A buyer sees its
 * own, a supplier those it holds, the coordinator those of the frameworks it runs.
 */
export function CallOffContractsSection({ supplier }: { supplier: boolean }) {
  const { params, set } = useListParams();
  const page = Number(params.get('abrufeSeite') ?? '1') || 1;
  const contracts = useCallOffContracts(page);
  return (
    <section className="kern-stack" aria-labelledby="vertraege-abrufe">
      <h2 className="kern-heading-medium" id="vertraege-abrufe">
        Abrufe aus Rahmenvereinbarungen
      </h2>
      <p className="kern-body">
        Jeder Abruf aus einer Rahmenvereinbarung ist ein eigener Vertrag zwischen dem abrufenden Auftraggeber und dem
        Rahmenvertragspartner, mit eigener Nummer.
      </p>
      <QueryList
        query={contracts}
        loading="Abrufe werden geladen …"
        empty={(d) =>
          d.items.length
            ? undefined
            : supplier
              ? 'Bei Ihrem Unternehmen wurde noch nichts aus einer Rahmenvereinbarung abgerufen.'
              : 'Noch keine Abrufe aus Rahmenvereinbarungen.'
        }
      >
        {(d) => (
          <>
            <DataTable
              caption={`${formatCount(d.total, 'Abruf', 'Abrufe')}, Seite ${d.page} von ${pageCount(d)}`}
              testId="abrufvertraege"
              rows={d.items}
              rowKey={(c) => c.id}
              columns={[
                {
                  header: 'Abruf',
                  cell: (c) => (
                    <Link className="kern-link" to={`/rahmenvereinbarungen/${c.frameworkId}#abruf-${c.id}`}>
                      {c.number}
                    </Link>
                  ),
                },
                { header: 'Rahmenvereinbarung', cell: (c) => `${c.frameworkTitle} (${c.frameworkNumber})` },
                { header: 'Los', cell: (c) => c.lotTitle },
                { header: 'Positionen', cell: (c) => itemsOf(c) },
                {
                  header: 'Wert (netto)',
                  numeric: true,
                  cell: (c) => (c.valueEur === null ? '–' : formatEur(c.valueEur)),
                },
                { header: 'Auftraggeber', cell: (c) => c.buyer.name },
                { header: 'Lieferant', cell: (c) => c.supplier?.name ?? '–' },
                { header: 'Erteilt am', cell: (c) => formatDate(c.orderedAt) },
                { header: 'Stand', cell: (c) => callOffStatusLabel(c.status) },
              ]}
            />
            <Pager page={page} totalPages={pageCount(d)} onPage={(p) => set('abrufeSeite', String(p))} />
          </>
        )}
      </QueryList>
    </section>
  );
}

function itemsOf(c: CallOffContract): string {
  return c.items.map((i) => `${formatQuantity(i.quantity, i.unit)} ${i.cpvLabel}`).join('; ');
}
