import { useId } from 'react';
import { chartColour } from './chart-colours';
import { ChartLegend } from './chart-legend';

export interface ShareSeries {
  key: string;
  label: string;
}

export interface ShareGroup {
  key: string;
  label: string;
  /** per series: the share (0 to 1) and, drawn lighter after it, a second share (self-declared) */
  shares: Record<string, { share: number; extra?: number }>;
}

const percent = new Intl.NumberFormat('de-DE', { style: 'percent', maximumFractionDigits: 1 });
export const formatShare = (share: number) => percent.format(share).replace(/\s/g, '\u00a0');

/**
 * Shares (0-100 %) as horizontal bars, one group of bars per row (a district, an
 * organisation, a year) and one bar per series (a criterion); a bar may carry a second,
 * lighter part (the self-declared share after the verified one). A plain SVG written in React;
 * screen readers get a summary and the table beside it, which holds the same numbers.
 */
export function ShareChart({
  title,
  summary,
  series,
  groups,
  extraLabel,
  rowHeader,
  testId,
}: {
  title: string;
  /** what a row is ("Kreis", "Organisation", "Jahr"): the header of the table's first column */
  rowHeader: string;
  summary: string;
  series: ShareSeries[];
  groups: ShareGroup[];
  /** the name of the lighter part in the legend and the table, if the bars have one */
  extraLabel?: string;
  testId?: string;
}) {
  const id = useId();
  const bar = 14;
  const groupGap = 14;
  const left = 210;
  const plot = 360;
  const top = 24;
  const groupHeight = series.length * bar + groupGap;
  const height = top + groups.length * groupHeight + 10;
  const width = left + plot + 60;
  const trim = (s: string) => (s.length > 32 ? `${s.slice(0, 31)}…` : s);
  return (
    <figure className="kern-stack" aria-labelledby={`${id}-titel`} data-testid={testId}>
      <figcaption className="kern-title" id={`${id}-titel`}>
        {title}
      </figcaption>
      <div className="app-chart-pair">
        <div style={{ overflowX: 'auto' }}>
          <svg role="img" aria-label={summary} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
            {[0, 0.25, 0.5, 0.75, 1].map((f) => (
              <g key={f} aria-hidden="true">
                <line x1={left + f * plot} x2={left + f * plot} y1={top - 6} y2={height - 10} stroke="#ccc" />
                <text x={left + f * plot} y={top - 10} textAnchor="middle" fontSize="11" fill="#333">
                  {formatShare(f)}
                </text>
              </g>
            ))}
            {groups.map((g, i) => {
              const y0 = top + i * groupHeight;
              return (
                <g key={g.key}>
                  <text x={left - 8} y={y0 + (series.length * bar) / 2 + 4} textAnchor="end" fontSize="12" fill="#333">
                    {trim(g.label)}
                  </text>
                  {series.map((s, j) => {
                    const v = g.shares[s.key] ?? { share: 0 };
                    const w = Math.min(1, v.share) * plot;
                    const extra = Math.min(1 - Math.min(1, v.share), v.extra ?? 0) * plot;
                    const y = y0 + j * bar;
                    return (
                      <g key={s.key}>
                        <rect x={left} y={y} width={w} height={bar - 2} fill={chartColour(j)}>
                          <title>{`${g.label}, ${s.label}: ${formatShare(v.share)}`}</title>
                        </rect>
                        {extra > 0 && (
                          <rect
                            x={left + w}
                            y={y}
                            width={extra}
                            height={bar - 2}
                            fill={chartColour(j)}
                            fillOpacity={0.35}
                            stroke={chartColour(j)}
                          >
                            <title>{`${g.label}, ${s.label}, ${extraLabel ?? ''}: ${formatShare(v.extra ?? 0)}`}</title>
                          </rect>
                        )}
                      </g>
                    );
                  })}
                </g>
              );
            })}
          </svg>
          <ChartLegend series={series}>
            {extraLabel && (
              <li>
                <span className="app-legend__swatch" style={{ background: '#5d6d7e', opacity: 0.35 }}></span>
                hell: {extraLabel}
              </li>
            )}
          </ChartLegend>
        </div>
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--small">
            <caption className="kern-body">Die Werte des Diagramms „{title}“</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  {rowHeader}
                </th>
                {series.map((s) => (
                  <th scope="col" key={s.key} className="kern-table__header kern-table__header--numeric">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {groups.map((g) => (
                <tr className="kern-table__row" key={g.key}>
                  <th scope="row" className="kern-table__header">
                    {g.label}
                  </th>
                  {series.map((s) => {
                    const v = g.shares[s.key] ?? { share: 0 };
                    return (
                      <td key={s.key} className="kern-table__cell kern-table__cell--numeric">
                        {formatShare(v.share)}
                        {v.extra ? ` (+ ${formatShare(v.extra)} ${extraLabel ?? ''})` : ''}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </figure>
  );
}
