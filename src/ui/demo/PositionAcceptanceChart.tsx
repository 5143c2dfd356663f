import { memo, useMemo } from 'react';
import { acceptanceByPosition, measuredAlpha } from '../../store/demo/chart-data.ts';
import type { PassRecord } from '../../store/demo/pass-records.ts';
import { ChartFigure, LegendItem } from './ChartFigure.tsx';
import { DEFAULT_FRAME, linearScale, plotWidth, rectsPath } from './chart-geometry.ts';

const frame = DEFAULT_FRAME;
const RATE_AXIS = { max: 1, ticks: [0, 0.25, 0.5, 0.75, 1] };

/**
 * Acceptance rate by draft position: how far into its draft the drafter stays right. Leviathan
 * et al.'s model assumes the same α at every position: the dashed line.
 */
export const PositionAcceptanceChart = memo(function PositionAcceptanceChart({
  passes,
}: {
  passes: readonly PassRecord[];
}) {
  const positions = useMemo(() => acceptanceByPosition(passes), [passes]);
  const alpha = useMemo(() => measuredAlpha(passes), [passes]);
  const band = plotWidth(frame) / Math.max(1, positions.length);
  const x = (position: number) => frame.left + (position - 0.5) * band;
  const y = linearScale([0, 1], [frame.height - frame.bottom, frame.top]);
  const bars = rectsPath(
    positions.map((p) => ({
      x: x(p.position) - band * 0.35,
      y: y(p.rate),
      width: band * 0.7,
      height: y(0) - y(p.rate),
    })),
  );
  const summary =
    positions.length === 0
      ? 'Nothing drafted yet.'
      : `α ${alpha.toFixed(2)} overall. ${positions
          .map((p) => `position ${p.position}: ${p.accepted} of ${p.judged} accepted`)
          .join('; ')}`;
  return (
    <ChartFigure
      title="Acceptance by draft position"
      summary={summary}
      testId="chart-acceptance-by-position"
      data={{ 'data-alpha': alpha, 'data-positions': positions.length }}
      axis={RATE_AXIS}
      formatY={(v) => `${Math.round(v * 100)}%`}
      yLabel="accepted"
      xLabel="position in the draft"
      legend={
        <>
          <LegendItem swatch={<rect className="series-rate" width="16" height="10" />}>accepted / judged</LegendItem>
          <LegendItem swatch={<line className="series-alpha" x1="0" x2="16" y1="5" y2="5" />}>
            α {alpha.toFixed(2)} (the i.i.d. model’s rate at every position)
          </LegendItem>
        </>
      }
    >
      <path className="series-rate" d={bars} />
      {positions.map((p) => (
        <g key={p.position} data-position={p.position} data-judged={p.judged} data-accepted={p.accepted}>
          <text className="chart-tick" x={x(p.position)} y={frame.height - frame.bottom + 12} textAnchor="middle">
            {p.position}
          </text>
          {p.judged > 0 && (
            <text className="chart-value" x={x(p.position)} y={y(p.rate) - 3} textAnchor="middle">
              {p.accepted}/{p.judged}
            </text>
          )}
        </g>
      ))}
      {positions.length > 0 && (
        <line className="series-alpha" x1={frame.left} x2={frame.width - frame.right} y1={y(alpha)} y2={y(alpha)} />
      )}
    </ChartFigure>
  );
});
