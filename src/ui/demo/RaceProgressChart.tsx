import { memo, useMemo } from 'react';
import { tokensOverTime } from '../../store/demo/chart-data.ts';
import type { PassRecord } from '../../store/demo/pass-records.ts';
import { ChartFigure, LegendItem } from './ChartFigure.tsx';
import { DEFAULT_FRAME, formatMs, linePath, linearScale, niceAxis, niceCeiling, plotWidth } from './chart-geometry.ts';

const frame = DEFAULT_FRAME;

interface RaceProgressChartProps {
  speculative: readonly PassRecord[];
  autoregressive: readonly PassRecord[];
}

/**
 * A race's two lanes, tokens over each lane's own generation time, from one origin: the lanes run
 * one after the other, so drawing both from zero shows the gap a side-by-side start would.
 */
export const RaceProgressChart = memo(function RaceProgressChart({
  speculative,
  autoregressive,
}: RaceProgressChartProps) {
  const lanes = useMemo(
    () => ({ speculative: tokensOverTime(speculative), autoregressive: tokensOverTime(autoregressive) }),
    [speculative, autoregressive],
  );
  const last = (points: { ms: number; tokens: number }[]) => points[points.length - 1];
  const xMax = niceCeiling(Math.max(last(lanes.speculative).ms, last(lanes.autoregressive).ms));
  const axis = niceAxis(Math.max(1, last(lanes.speculative).tokens, last(lanes.autoregressive).tokens), true);
  const x = linearScale([0, xMax], [frame.left, frame.left + plotWidth(frame)]);
  const y = linearScale([0, axis.max], [frame.height - frame.bottom, frame.top]);
  const path = (points: { ms: number; tokens: number }[]) =>
    linePath(points.map((p) => ({ x: x(p.ms), y: y(p.tokens) })));
  const end = (points: { ms: number; tokens: number }[]) => ({ x: x(last(points).ms), y: y(last(points).tokens) });
  const spec = last(lanes.speculative);
  const auto = last(lanes.autoregressive);
  const summary =
    `Speculative: ${spec.tokens} tokens in ${formatMs(spec.ms)}; ` +
    `autoregressive: ${auto.tokens} tokens in ${formatMs(auto.ms)}.`;
  return (
    <ChartFigure
      title="Race: tokens over time"
      summary={summary}
      testId="chart-race"
      data={{
        'data-speculative-tokens': spec.tokens,
        'data-autoregressive-tokens': auto.tokens,
        'data-speculative-ms': spec.ms,
        'data-autoregressive-ms': auto.ms,
      }}
      axis={axis}
      yLabel="tokens"
      xLabel={`generation time (0 to ${formatMs(xMax)}), each lane from its own start`}
      legend={
        <>
          <LegendItem swatch={<line className="series-speculative" x1="0" x2="16" y1="5" y2="5" />}>
            speculative ({spec.tokens})
          </LegendItem>
          <LegendItem swatch={<line className="series-autoregressive" x1="0" x2="16" y1="5" y2="5" />}>
            autoregressive ({auto.tokens})
          </LegendItem>
        </>
      }
    >
      <path className="series-autoregressive" d={path(lanes.autoregressive)} />
      <path className="series-speculative" d={path(lanes.speculative)} />
      {spec.tokens > 0 && (
        <text className="chart-end-label" {...end(lanes.speculative)} dx="-3" dy="-4" textAnchor="end">
          speculative
        </text>
      )}
      {auto.tokens > 0 && (
        <text className="chart-end-label" {...end(lanes.autoregressive)} dx="-3" dy="12" textAnchor="end">
          autoregressive
        </text>
      )}
    </ChartFigure>
  );
});
