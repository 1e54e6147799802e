import { formatEur } from '@buendel/domain/display';
import { useId } from 'react';
import type { MarketCell } from '../../api/market';
import { chartColour } from '../../components/chart-colours';
import { ChartLegend } from '../../components/chart-legend';
import { cpvLabel, periodLabel } from './market-labels';

/** at most this many CPV series; the rest are summed as "Sonstige" */
const SERIES = 5;

interface Series {
  key: string;
  label: string;
}

/**
 * The estimated value by delivery period and CPV as grouped bars: a plain SVG written in React
 * (no chart library: a few hundred bytes instead of 50-100 kB). The same numbers follow as a
 * table, which screen readers use (the SVG is one image with a summary); the colours come with
 * a legend and the bars carry their value as a tooltip.
 */
export function MarketChart({ cells }: { cells: MarketCell[] }) {
  const id = useId();
  const byCpv = new Map<string, { label: string; total: number }>();
  for (const c of cells) {
    const entry = byCpv.get(c.cpv.prefix) ?? { label: cpvLabel(c), total: 0 };
    entry.total += c.estimatedValueEur;
    byCpv.set(c.cpv.prefix, entry);
  }
  const ranked = [...byCpv.entries()].sort((a, b) => b[1].total - a[1].total);
  const series: Series[] = ranked.slice(0, SERIES).map(([key, v]) => ({ key, label: v.label }));
  const other = ranked.length > SERIES;
  if (other) series.push({ key: '*', label: 'Sonstige' });
  const seriesOf = (c: MarketCell) => (series.some((s) => s.key === c.cpv.prefix) ? c.cpv.prefix : '*');

  const periods = [...new Set(cells.map(periodKey))].sort();
  const values = new Map<string, number>();
  for (const c of cells) {
    const k = `${periodKey(c)}|${seriesOf(c)}`;
    values.set(k, (values.get(k) ?? 0) + c.estimatedValueEur);
  }
  const max = Math.max(1, ...values.values());
  if (periods.length === 0) return null;

  const barWidth = 18;
  const groupGap = 24;
  const groupWidth = series.length * barWidth + groupGap;
  const left = 90;
  const top = 10;
  const height = 220;
  const width = left + periods.length * groupWidth + 10;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const total = [...values.values()].reduce((a, b) => a + b, 0);
  const summary =
    `Balkendiagramm: geschätzter Wert nach Lieferzeitraum und CPV, ${periods.length} Zeiträume, ` +
    `${series.length} CPV-Gruppen, zusammen ${formatEur(total, { wholeEuros: true })}. Die Werte stehen in der Tabelle darunter.`;
  return (
    <figure className="kern-stack app-chart" aria-labelledby={`${id}-titel`}>
      <figcaption className="kern-title" id={`${id}-titel`}>
        Geschätzter Wert nach Lieferzeitraum und CPV
      </figcaption>
      <div style={{ overflowX: 'auto' }}>
        <svg
          role="img"
          aria-label={summary}
          width={width}
          height={top + height + 40}
          viewBox={`0 0 ${width} ${top + height + 40}`}
          data-testid="markt-diagramm"
        >
          {ticks.map((v) => {
            const y = top + height - (v / max) * height;
            return (
              <g key={v} aria-hidden="true">
                <line x1={left} x2={width} y1={y} y2={y} stroke="#ccc" />
                <text x={left - 6} y={y + 4} textAnchor="end" fontSize="11" fill="#333">
                  {formatEur(v, { wholeEuros: true })}
                </text>
              </g>
            );
          })}
          {periods.map((p, i) => {
            const x0 = left + i * groupWidth + groupGap / 2;
            return (
              <g key={p}>
                {series.map((s, j) => {
                  const v = values.get(`${p}|${s.key}`) ?? 0;
                  const h = (v / max) * height;
                  return v > 0 ? (
                    <rect
                      key={s.key}
                      x={x0 + j * barWidth}
                      y={top + height - h}
                      width={barWidth - 2}
                      height={h}
                      fill={chartColour(j)}
                    >
                      <title>{`${periodName(p)}, ${s.label}: ${formatEur(v, { wholeEuros: true })}`}</title>
                    </rect>
                  ) : null;
                })}
                <text
                  x={x0 + (series.length * barWidth) / 2}
                  y={top + height + 18}
                  textAnchor="middle"
                  fontSize="12"
                  fill="#333"
                >
                  {periodName(p)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <ChartLegend series={series} />
      <div className="kern-table-responsive">
        <table className="kern-table kern-table--small" data-testid="markt-diagramm-tabelle">
          <caption className="kern-body">Die Werte des Diagramms</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">
                Zeitraum
              </th>
              {series.map((s) => (
                <th scope="col" key={s.key} className="kern-table__header kern-table__header--numeric">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {periods.map((p) => (
              <tr className="kern-table__row" key={p}>
                <th scope="row" className="kern-table__header">
                  {periodName(p)}
                </th>
                {series.map((s) => (
                  <td key={s.key} className="kern-table__cell kern-table__cell--numeric">
                    {formatEur(values.get(`${p}|${s.key}`) ?? 0, { wholeEuros: true })}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** quarters sort within their year after the year itself ("2027" < "2027-Q1") */
function periodKey(c: MarketCell): string {
  return c.period.quarter ?? c.period.year;
}

function periodName(key: string): string {
  return periodLabel({ level: key.includes('-Q') ? 'quarter' : 'year', year: key.slice(0, 4), quarter: key });
}
