import { formatCount, formatDateTime, formatEur, formatNumber, formatQuantity } from '@buendel/domain/display';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { useMarketDemand, type MarketCell, type MarketFilter } from '../../api/market';
import { Alert } from '../../components/alert';
import { DataTable, type Column } from '../../components/data-table';
import { Pager } from '../../components/pager';
import { MarketChart } from './market-chart';
import { cpvLabel, LAENDER, periodLabel, regionLabel } from './market-labels';
import { DistrictField } from '../../components/district-field';

/** the market table's columns: the cell's CPV, region and period, and what it adds up */
const MARKET_COLUMNS: Array<Column<MarketCell>> = [
  { header: 'CPV', cell: cpvLabel },
  { header: 'Region', cell: (c) => regionLabel(c.region) },
  { header: 'Lieferzeitraum', cell: (c) => periodLabel(c.period) },
  { header: 'Organisationen', numeric: true, cell: (c) => formatNumber(c.organisationCount) },
  { header: 'Bündel', numeric: true, cell: (c) => formatNumber(c.bundleCount) },
  { header: 'Menge', cell: (c) => c.quantities.map((q) => formatQuantity(q.quantity, q.unit)).join(', ') },
  { header: 'Geschätzter Wert', numeric: true, cell: (c) => formatEur(c.estimatedValueEur) },
];

/**
 * The supplier's market view: demand of the public bodies that is bundled but not yet tendered,
 * anonymised by the API (no cell under three organisations, none dominated by one; a cell that
 * would reveal a buyer is merged upwards into a coarser CPV, region or period). A table with
 * pages and a chart by delivery period and CPV, filtered by CPV, Land and district.
 */
export function MarketPage() {
  const [params, setParams] = useSearchParams();
  const filter: MarketFilter = {};
  for (const key of ['cpv', 'nuts', 'districtKey'] as const) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  const page = Number(params.get('seite') ?? '1') || 1;
  const cells = useMarketDemand(filter, page);
  const chart = useMarketDemand(filter, 1, 100);
  useEffect(() => {
    document.title = 'Marktübersicht – Bündel';
  }, []);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'seite') next.delete('seite');
    setParams(next);
  };
  const totalPages = cells.data ? Math.max(1, Math.ceil(cells.data.total / cells.data.pageSize)) : 1;
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Marktübersicht</h1>
      <p className="kern-body">
        Der gebündelte, noch nicht ausgeschriebene Bedarf der Kommunen, zusammengefasst nach CPV, Region und
        Lieferzeitraum. Jede Zeile beruht auf mindestens drei Organisationen; wo weniger bestellen, fasst Bündel gröber
        zusammen (ganzes Jahr, übergeordnete CPV-Gruppe, größere Region). Einzelne Kommunen, Preise und Mengen einzelner
        Organisationen sind nicht zu sehen.
      </p>
      <form
        className="kern-stack"
        role="search"
        aria-label="Marktübersicht filtern"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="markt-cpv">
            CPV-Code oder Anfang
          </label>
          <div className="kern-hint" id="markt-cpv-hinweis">
            z. B. 3019 für Büromaterial; leer: alle
          </div>
          <input
            id="markt-cpv"
            className="kern-form-input__input"
            inputMode="numeric"
            aria-describedby="markt-cpv-hinweis"
            defaultValue={filter.cpv ?? ''}
            onBlur={(e) => set('cpv', e.target.value.trim() || undefined)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') set('cpv', e.currentTarget.value.trim() || undefined);
            }}
          />
        </div>
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="markt-land">
            Land
          </label>
          <select
            id="markt-land"
            className="kern-form-input__select"
            value={filter.nuts ?? ''}
            onChange={(e) => set('nuts', e.target.value || undefined)}
          >
            <option value="">ganz Deutschland</option>
            {LAENDER.map((l) => (
              <option key={l.nuts} value={l.nuts}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <DistrictField label="Kreis" value={filter.districtKey} onChange={(key) => set('districtKey', key)} />
      </form>
      {cells.isError && <Alert kind="danger" title={cells.error.message} />}
      {cells.isPending ? (
        <p className="kern-body" role="status">
          Marktdaten werden geladen …
        </p>
      ) : cells.data && cells.data.items.length === 0 ? (
        <p className="kern-body">Für diese Auswahl gibt es keinen veröffentlichten Bedarf.</p>
      ) : cells.data ? (
        <>
          {chart.data && chart.data.items.length > 0 && <MarketChart cells={chart.data.items} />}
          {chart.data && chart.data.total > chart.data.items.length && (
            <p className="kern-body kern-body--small">
              Das Diagramm zeigt die ersten {chart.data.items.length} von {chart.data.total} Zeilen; grenzen Sie die
              Auswahl ein, um alle zu sehen.
            </p>
          )}
          <DataTable
            testId="markt"
            caption={`${formatCount(cells.data.total, 'Zeile', 'Zeilen')}, Seite ${cells.data.page} von ${totalPages}`}
            columns={MARKET_COLUMNS}
            rows={cells.data.items}
            rowKey={(c) =>
              `${c.cpv.prefix}|${c.region.level}|${c.region.districtKey ?? c.region.nuts2 ?? c.region.nuts1}|${c.period.quarter ?? c.period.year}`
            }
          />
          {cells.data.computedAt && (
            <p className="kern-body kern-body--small">Stand: {formatDateTime(cells.data.computedAt)}</p>
          )}
          <Pager page={page} totalPages={totalPages} onPage={(p) => set('seite', String(p))} />
        </>
      ) : null}
    </div>
  );
}
