import type { ReactNode } from 'react';
import { chartColour } from './chart-colours';

/** the legend of an SVG chart: a swatch in its colour per series, then any entries of the chart's own */
export function ChartLegend({
  series,
  children,
}: {
  series: Array<{ key: string; label: string }>;
  children?: ReactNode;
}) {
  return (
    <ul className="app-legend" aria-label="Legende">
      {series.map((s, j) => (
        <li key={s.key}>
          <span className="app-legend__swatch" style={{ background: chartColour(j) }}></span>
          {s.label}
        </li>
      ))}
      {children}
    </ul>
  );
}
