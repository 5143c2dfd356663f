import { memo, useId, useMemo } from 'react';
import { totalTimeSplit } from '../../store/demo/chart-data.ts';
import type { PassRecord } from '../../store/demo/pass-records.ts';
import { ChartFigure, ChartPatterns, LegendItem } from './ChartFigure.tsx';
import { DEFAULT_FRAME, formatMs, linearScale, niceAxis, plotWidth, rectsPath } from './chart-geometry.ts';

const frame = DEFAULT_FRAME;

/**
 * Time per target pass, stacked: drafting (solid), the target's pass (hatched: verification, or
 * the prompt's prefill on a sentence's first pass) and the rest (dotted). Each kind is one path,
 * however many passes there are.
 */
export const StepTimeChart = memo(function StepTimeChart({ passes }: { passes: readonly PassRecord[] }) {
  const id = useId().replaceAll(':', '');
  const total = useMemo(() => totalTimeSplit(passes), [passes]);
  const paths = useMemo(() => stackedPaths(passes), [passes]);
  const summary =
    `${passes.length} passes: drafting ${formatMs(total.draftMs)}, target passes ${formatMs(total.verifyMs)}, ` +
    `other ${formatMs(total.otherMs)}.`;
  return (
    <ChartFigure
      title="Time per target pass"
      summary={summary}
      testId="chart-step-time"
      data={{
        'data-passes': passes.length,
        'data-draft-ms': total.draftMs,
        'data-verify-ms': total.verifyMs,
        'data-other-ms': total.otherMs,
      }}
      axis={paths.axis}
      formatY={formatMs}
      yLabel="time"
      xLabel={`target pass (1 to ${passes.length})`}
      legend={
        <>
          <LegendItem swatch={<rect className="series-draft" width="16" height="10" />}>
            draft {formatMs(total.draftMs)}
          </LegendItem>
          <LegendItem swatch={<rect fill={`url(#${id}-hatch)`} width="16" height="10" />}>
            verify {formatMs(total.verifyMs)}
          </LegendItem>
          <LegendItem swatch={<rect fill={`url(#${id}-dots)`} width="16" height="10" />}>
            other {formatMs(total.otherMs)}
          </LegendItem>
        </>
      }
    >
      <ChartPatterns id={id} />
      <path className="series-draft" d={paths.draft} />
      <path fill={`url(#${id}-hatch)`} d={paths.verify} />
      <path fill={`url(#${id}-dots)`} d={paths.other} />
    </ChartFigure>
  );
});

function stackedPaths(passes: readonly PassRecord[]) {
  const axis = niceAxis(Math.max(0, ...passes.map((p) => p.draftMs + p.verifyMs + p.otherMs)));
  const y = linearScale([0, axis.max], [frame.height - frame.bottom, frame.top]);
  const band = plotWidth(frame) / Math.max(1, passes.length);
  const width = band > 2 ? band * 0.8 : band; // thin bars touch: no gaps to alias
  const layer = (pick: (pass: PassRecord) => [number, number]) =>
    rectsPath(
      passes.map((pass, i) => {
        const [from, to] = pick(pass);
        return { x: frame.left + i * band, y: y(to), width, height: y(from) - y(to) };
      }),
    );
  return {
    axis,
    draft: layer((p) => [0, p.draftMs]),
    verify: layer((p) => [p.draftMs, p.draftMs + p.verifyMs]),
    other: layer((p) => [p.draftMs + p.verifyMs, p.draftMs + p.verifyMs + p.otherMs]),
  };
}
