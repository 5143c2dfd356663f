const W = 360;
const H = 140;
const PAD = 24;

/** α per held-out sentence (or per translation over time): base in one colour, the new drafter in another. */
export function AlphaChart({
  series,
  label,
  testId,
}: {
  series: { name: string; className: string; values: (number | null)[] }[];
  label: string;
  testId: string;
}) {
  const n = Math.max(0, ...series.map((s) => s.values.length));
  if (n === 0) return null;
  const x = (i: number) => PAD + ((W - 2 * PAD) * (i + 0.5)) / n;
  const y = (a: number) => H - PAD - (H - 2 * PAD) * a;
  return (
    <svg className="forge-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid={testId}>
      <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} className="axis" />
      <line x1={PAD} y1={PAD} x2={PAD} y2={H - PAD} className="axis" />
      <text x={PAD} y={PAD - 8} className="label">
        α (0–1)
      </text>
      {series.map((s, k) => (
        <g key={s.name} className={s.className}>
          {s.values
            .map((value, sentence) => ({ value, sentence }))
            .filter((p): p is { value: number; sentence: number } => p.value !== null)
            .map((p) => (
              <circle key={p.sentence} cx={x(p.sentence) + (k - 0.5) * 4} cy={y(p.value)} r={3} />
            ))}
          <text x={W - PAD} y={PAD + 14 * k} className="label" textAnchor="end">
            ● {s.name}
          </text>
        </g>
      ))}
    </svg>
  );
}
