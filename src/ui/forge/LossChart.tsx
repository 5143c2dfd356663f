import type { LossPoint } from '../../forge/job.ts';

const W = 360;
const H = 160;
const PAD = 28;

/** Train and held-out loss per optimizer step, as plain SVG (no chart library for two lines). */
export function LossChart({ losses, totalSteps }: { losses: readonly LossPoint[]; totalSteps: number }) {
  const values = losses.flatMap((p) => (p.heldOut === undefined ? [p.train] : [p.train, p.heldOut]));
  if (values.length === 0) return null;
  const max = Math.max(...values);
  const min = Math.min(0, ...values);
  const x = (step: number) => PAD + ((W - 2 * PAD) * step) / Math.max(1, totalSteps);
  const y = (loss: number) => H - PAD - ((H - 2 * PAD) * (loss - min)) / Math.max(1e-9, max - min);
  const path = (points: [number, number][]) => points.map(([s, l], i) => `${i ? 'L' : 'M'}${x(s)},${y(l)}`).join(' ');
  const train = path(losses.map((p) => [p.step, p.train]));
  const held = path(losses.filter((p) => p.heldOut !== undefined).map((p) => [p.step, p.heldOut!]));
  return (
    <svg
      className="forge-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label="Loss per step: train and held-out"
      data-testid="forge-loss-chart"
    >
      <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} className="axis" />
      <line x1={PAD} y1={PAD} x2={PAD} y2={H - PAD} className="axis" />
      <text x={PAD} y={PAD - 8} className="label">
        loss (max {max.toFixed(2)})
      </text>
      <text x={W - PAD} y={H - 8} className="label" textAnchor="end">
        step {totalSteps}
      </text>
      <path d={train} className="train" />
      {held && <path d={held} className="held-out" />}
      <text x={W - PAD} y={PAD} className="label train-label" textAnchor="end">
        — train
      </text>
      <text x={W - PAD} y={PAD + 14} className="label held-out-label" textAnchor="end">
        — held-out
      </text>
    </svg>
  );
}
