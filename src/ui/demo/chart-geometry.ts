/**
 * Plain-SVG chart geometry: scales, tick values and paths. Each chart draws a whole series as one
 * <path> (hundreds of bars cost one DOM node, not hundreds), recomputed only when its data changes.
 */

/** The drawing area inside a chart's viewBox, after the margins for axes and labels. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const DEFAULT_FRAME: Frame = { width: 360, height: 200, left: 50, right: 10, top: 14, bottom: 34 };

export function plotWidth(frame: Frame): number {
  return frame.width - frame.left - frame.right;
}

export function plotHeight(frame: Frame): number {
  return frame.height - frame.top - frame.bottom;
}

/** Maps [d0, d1] onto [r0, r1] linearly (a zero-width domain maps to r0). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]) {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (value: number): number => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/** The smallest 1, 2 or 5 × 10^k at or above value (1 for nothing to show). */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value * (1 - 1e-12)) return step * magnitude;
  return 10 * magnitude;
}

/** Evenly spaced tick values from 0 to max (max itself included). */
export function ticksTo(max: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

/** An axis from 0 with up to four round steps (1, 2 or 5 × 10^k) reaching at least `value`; counts step by whole numbers. */
export function niceAxis(value: number, counts = false): { max: number; ticks: number[] } {
  const step = counts ? Math.max(1, niceCeiling(value / 4)) : niceCeiling(value / 4);
  const count = Math.max(1, Math.ceil(value / step - 1e-9));
  return { max: step * count, ticks: Array.from({ length: count + 1 }, (_, i) => step * i) };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Many rectangles as one path; empty ones are left out. */
export function rectsPath(rects: readonly Rect[]): string {
  let d = '';
  for (const { x, y, width, height } of rects) {
    if (width <= 0 || height <= 0) continue;
    d += `M${round(x)} ${round(y)}h${round(width)}v${round(height)}h${round(-width)}z`;
  }
  return d;
}

/** A polyline through the points, as a path. */
export function linePath(points: readonly { x: number; y: number }[]): string {
  return points.map(({ x, y }, i) => `${i === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`).join('');
}

/** Two decimals keep paths short and exact enough at any screen size. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** 1234 → "1.2 s", 85 → "85 ms". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  return `${ms >= 10 ? Math.round(ms) : ms.toFixed(1)} ms`;
}
