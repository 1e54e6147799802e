import { formatCount, formatDateTime, formatEur, timeLeftLabel } from '@buendel/domain/display';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useDistrictNames } from '../../api/districts';
import { useMarketTenders, type MarketTender, type MarketTenderFilter } from '../../api/offers';
import { DataTable, QueryList, type Column } from '../../components/data-table';
import { DistrictField } from '../../components/district-field';
import { Pager } from '../../components/pager';
import { TextField } from '../../components/text-field';
import { pageCount, useListParams } from '../../lib/list-params';

const STATUS_LABELS: Record<MarketTender['status'], string> = {
  published: 'Angebotsfrist läuft',
  opened: 'Angebote geöffnet',
  awarded: 'Zuschlag erteilt',
};

function deadlineCell(t: MarketTender): string {
  const open = t.status === 'published' && new Date(t.submissionDeadline).getTime() > Date.now();
  return `${formatDateTime(t.submissionDeadline)}${open ? ` (${timeLeftLabel(t.submissionDeadline)})` : ''}`;
}

const COLUMNS: Array<Column<MarketTender>> = [
  {
    header: 'Ausschreibung',
    cell: (t) => (
      <Link className="kern-link" to={`/markt/ausschreibungen/${t.id}`}>
        {t.title}
      </Link>
    ),
  },
  { header: 'Vergabestelle', cell: (t) => t.coordinatorName },
  { header: 'Lose', cell: (t) => t.lots.map((l) => l.title).join('; ') },
  { header: 'Geschätzter Wert', numeric: true, cell: (t) => formatEur(t.estimatedValueEur, { wholeEuros: true }) },
  { header: 'Angebotsfrist', cell: deadlineCell },
  { header: 'Stand', cell: (t) => STATUS_LABELS[t.status] },
];

/**
 * The supplier's search for published joint tenders: by CPV code (or its start), district of
 * delivery and the last day of the submission deadline; by default only those that still take
 * offers. Each tender leads to its page with the lots and the offer forms.
 */
export function TendersPage() {
  const { params, page, set } = useListParams();
  const filter: MarketTenderFilter = {};
  const cpv = params.get('cpv');
  const districtKey = params.get('kreis');
  const deadlineBefore = params.get('fristBis');
  if (cpv) filter.cpv = cpv;
  if (districtKey) filter.districtKey = districtKey;
  if (deadlineBefore) filter.deadlineBefore = deadlineBefore;
  if (!params.get('alle')) filter.open = true;
  const tenders = useMarketTenders(filter, page);
  const districtName = useDistrictNames(tenders.data?.items.flatMap((t) => t.districtKeys) ?? []);
  const columns: Array<Column<MarketTender>> = [
    ...COLUMNS.slice(0, 3),
    { header: 'Lieferkreise', cell: (t) => t.districtKeys.map(districtName).join(', ') },
    ...COLUMNS.slice(3),
  ];
  useEffect(() => {
    document.title = 'Ausschreibungen – Bündel';
  }, []);
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Ausschreibungen</h1>
      <p className="kern-body">
        Gemeinsame Ausschreibungen der Kommunen. Angebote geben Sie je Los auf der Seite der Ausschreibung ab; bis zum
        Ende der Angebotsfrist können Sie sie ersetzen.
      </p>
      <form
        className="kern-stack"
        role="search"
        aria-label="Ausschreibungen filtern"
        onSubmit={(e) => e.preventDefault()}
      >
        <TextField
          label="CPV-Code oder Anfang"
          hint="z. B. 3414 für Kraftfahrzeuge; leer: alle"
          inputMode="numeric"
          defaultValue={cpv ?? ''}
          onBlur={(e) => set('cpv', e.target.value.trim() || undefined)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') set('cpv', e.currentTarget.value.trim() || undefined);
          }}
        />
        <DistrictField
          label="Kreis des Lieferorts"
          value={districtKey ?? undefined}
          onChange={(key) => set('kreis', key)}
        />
        <TextField
          label="Angebotsfrist endet spätestens am"
          type="date"
          value={deadlineBefore ?? ''}
          onChange={(e) => set('fristBis', e.target.value || undefined)}
        />
        <div className="kern-form-check">
          <input
            className="kern-form-check__checkbox"
            type="checkbox"
            id="ausschreibungen-alle"
            checked={Boolean(params.get('alle'))}
            onChange={(e) => set('alle', e.target.checked ? '1' : undefined)}
          />
          <label className="kern-label" htmlFor="ausschreibungen-alle">
            Auch Ausschreibungen zeigen, deren Angebotsfrist abgelaufen ist
          </label>
        </div>
      </form>
      <QueryList
        query={tenders}
        loading="Ausschreibungen werden geladen …"
        empty={(d) => (d.items.length ? undefined : 'Keine Ausschreibung passt zu dieser Auswahl.')}
      >
        {(d) => (
          <>
            <DataTable
              caption={`${formatCount(d.total, 'Ausschreibung', 'Ausschreibungen')}, Seite ${d.page} von ${pageCount(d)}`}
              testId="ausschreibungen"
              rows={d.items}
              rowKey={(t) => t.id}
              columns={columns}
            />
            <Pager page={page} totalPages={pageCount(d)} onPage={(p) => set('seite', String(p))} />
          </>
        )}
      </QueryList>
    </div>
  );
}
