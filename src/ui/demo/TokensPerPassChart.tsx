import { memo, useMemo } from 'react';
import { tokensPerPassHistogram } from '../../store/demo/chart-data.ts';
import type { PassRecord } from '../../store/demo/pass-records.ts';
import { ChartFigure, LegendItem } from './ChartFigure.tsx';
import { DEFAULT_FRAME, linePath, linearScale, niceAxis, plotWidth, rectsPath } from './chart-geometry.ts';

const frame = DEFAULT_FRAME;

/**
 * Accepted tokens per target pass: how many tokens each pass emitted (its accepted drafts plus
 * the target's own), with τ (the mean) marked and Leviathan et al.'s expected counts for the
 * measured α and the γ each pass drafted drawn over the bars.
 */
export const TokensPerPassChart = memo(function TokensPerPassChart({ passes }: { passes: readonly PassRecord[] }) {
  const histogram = useMemo(() => tokensPerPassHistogram(passes), [passes]);
  const { bins, totalPasses, mean, alpha } = histogram;
  const axis = niceAxis(Math.max(1, ...bins.map((bin) => Math.max(bin.passes, bin.expected))), true);
  const band = plotWidth(frame) / bins.length;
  const first = bins[0]?.tokens ?? 0;
  // Bin n's centre; the τ marker sits at the mean on the same axis.
  const x = (tokens: number) => frame.left + (tokens - first + 0.5) * band;
  const y = linearScale([0, axis.max], [frame.height - frame.bottom, frame.top]);
  const bars = rectsPath(
    bins.map((bin) => ({
      x: x(bin.tokens) - band * 0.35,
      y: y(bin.passes),
      width: band * 0.7,
      height: y(0) - y(bin.passes),
    })),
  );
  const expected = bins.map((bin) => ({ x: x(bin.tokens), y: y(bin.expected) }));
  const summary =
    `${totalPasses} target passes; τ = ${mean.toFixed(2)} tokens per pass. ` +
    bins.map((bin) => `${bin.tokens} tokens: ${bin.passes} passes (expected ${bin.expected.toFixed(1)})`).join('; ');
  return (
    <ChartFigure
      title="Tokens per target pass"
      summary={summary}
      testId="chart-tokens-per-pass"
      data={{ 'data-total-passes': totalPasses, 'data-mean': mean, 'data-alpha': alpha }}
      axis={axis}
      yLabel="passes"
      xLabel="tokens emitted in one pass (accepted drafts + 1)"
      legend={
        <>
          <LegendItem swatch={<rect className="series-observed" width="16" height="10" />}>measured</LegendItem>
          <LegendItem swatch={<line className="series-expected" x1="0" x2="16" y1="5" y2="5" />}>
            expected (Leviathan, α {alpha.toFixed(2)}, each pass’s γ)
          </LegendItem>
          <LegendItem swatch={<line className="series-mean" x1="8" x2="8" y1="0" y2="10" />}>τ = mean</LegendItem>
        </>
      }
    >
      <path className="series-observed" d={bars} />
      {bins.map((bin) => (
        <g key={bin.tokens} data-tokens={bin.tokens} data-passes={bin.passes} data-expected={bin.expected}>
          <text className="chart-tick" x={x(bin.tokens)} y={frame.height - frame.bottom + 12} textAnchor="middle">
            {bin.tokens}
          </text>
          {bin.passes > 0 && (
            <text className="chart-value" x={x(bin.tokens)} y={y(bin.passes) - 3} textAnchor="middle">
              {bin.passes}
            </text>
          )}
        </g>
      ))}
      {totalPasses > 0 && (
        <>
          <path className="series-expected" d={linePath(expected)} />
          {expected.map((point) => (
            <circle key={point.x} className="series-expected-point" cx={point.x} cy={point.y} r="2.5" />
          ))}
          <line className="series-mean" x1={x(mean)} x2={x(mean)} y1={frame.top} y2={y(0)} data-testid="tau-marker" />
          <text className="chart-mean-label" x={x(mean) + 3} y={frame.top + 8}>
            τ {mean.toFixed(2)}
          </text>
        </>
      )}
    </ChartFigure>
  );
});
