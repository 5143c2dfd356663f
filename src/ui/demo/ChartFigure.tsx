import type { ReactNode } from 'react';
import { DEFAULT_FRAME, type Frame, linearScale, plotHeight } from './chart-geometry.ts';

interface ChartFigureProps {
  title: string;
  /** One sentence a screen reader gets instead of the picture (the numbers, in words). */
  summary: string;
  testId: string;
  /** data-* attributes: the numbers the chart shows, for tests and tools. */
  data: Record<`data-${string}`, string | number>;
  /** The y axis: its top and its tick values (niceAxis). */
  axis: { max: number; ticks: readonly number[] };
  yLabel: string;
  xLabel: string;
  formatY?: (value: number) => string;
  frame?: Frame;
  legend?: ReactNode;
  children: ReactNode;
}

/** A chart's frame: caption, y grid with labels, axis titles, legend; the series come as children. */
export function ChartFigure({
  title,
  summary,
  testId,
  data,
  axis,
  yLabel,
  xLabel,
  formatY = String,
  frame = DEFAULT_FRAME,
  legend,
  children,
}: ChartFigureProps) {
  const y = linearScale([0, axis.max], [frame.height - frame.bottom, frame.top]);
  return (
    <figure className="chart" data-testid={testId} {...data}>
      <figcaption className="chart-title">{title}</figcaption>
      <svg className="chart-svg" viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-label={summary}>
        <g className="chart-grid">
          {axis.ticks.map((tick) => (
            <g key={tick}>
              <line x1={frame.left} x2={frame.width - frame.right} y1={y(tick)} y2={y(tick)} />
              <text x={frame.left - 4} y={y(tick)} dy="0.32em" textAnchor="end">
                {formatY(tick)}
              </text>
            </g>
          ))}
          <text
            className="chart-axis-title"
            transform={`translate(10 ${frame.top + plotHeight(frame) / 2}) rotate(-90)`}
            textAnchor="middle"
          >
            {yLabel}
          </text>
          <text
            className="chart-axis-title"
            x={frame.left + (frame.width - frame.left - frame.right) / 2}
            y={frame.height - 4}
            textAnchor="middle"
          >
            {xLabel}
          </text>
        </g>
        {children}
      </svg>
      {legend && <div className="chart-legend">{legend}</div>}
    </figure>
  );
}

/** A legend entry: a small swatch drawn like its series (same fill, texture or line style), and its words. */
export function LegendItem({ swatch, children }: { swatch: ReactNode; children: ReactNode }) {
  return (
    <span className="chart-legend-item">
      <svg className="chart-swatch" viewBox="0 0 16 10" aria-hidden="true">
        {swatch}
      </svg>
      {children}
    </span>
  );
}

/** Fill patterns, so series differ by texture as well as colour. Rendered once per chart. */
export function ChartPatterns({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={`${id}-hatch`} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="5" height="5" className="pattern-bg-verify" />
        <line x1="0" y1="0" x2="0" y2="5" className="pattern-ink" />
      </pattern>
      <pattern id={`${id}-dots`} width="4" height="4" patternUnits="userSpaceOnUse">
        <rect width="4" height="4" className="pattern-bg-other" />
        <circle cx="2" cy="2" r="0.9" className="pattern-dot" />
      </pattern>
    </defs>
  );
}
