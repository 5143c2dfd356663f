import { PAIRS } from './page/types.ts';
import { AUTOREGRESSIVE, type MethodRow } from './summary.ts';

/**
 * Two plain SVG charts with no dependency: speedup per pair (one bar per speculative method in each
 * pair's group, a line at 1x for autoregressive) and the per-step accepted-length histogram.
 * Bars carry class="bar" and data-* attributes so tests (and readers of the file) can find them.
 */

const COLORS = ['#2f6fde', '#e0792b', '#2e9e5b', '#b8437a', '#7a5fd0', '#8c8c2e', '#3aa1b5', '#c44'];

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

function legend(methods: readonly string[], x: number, y: number): string {
  return methods
    .map(
      (m, i) =>
        `<rect x="${x}" y="${y + i * 18}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>` +
        `<text x="${x + 18}" y="${y + i * 18 + 10}" font-size="12">${escapeXml(m)}</text>`,
    )
    .join('\n');
}

export function speedupSvg(rows: readonly MethodRow[]): string {
  const methods = rows.filter((r) => r.method !== AUTOREGRESSIVE);
  const width = 720;
  const plotTop = 30;
  const plotHeight = 260;
  const left = 50;
  const groupWidth = (width - left - 20) / PAIRS.length;
  const barWidth = Math.max(4, (groupWidth - 16) / Math.max(1, methods.length));
  const maxSpeedup = Math.max(
    1.5,
    ...methods.flatMap((r) => Object.values(r.cells).map((c) => c.speedup)).filter(Number.isFinite),
  );
  const scale = plotHeight / (Math.ceil(maxSpeedup * 2) / 2);
  const yOf = (v: number): number => plotTop + plotHeight - v * scale;
  const parts: string[] = [];
  PAIRS.forEach((pair, g) => {
    const x0 = left + g * groupWidth + 8;
    methods.forEach((r, m) => {
      const speedup = r.cells[pair]?.speedup ?? 0;
      const v = Number.isFinite(speedup) ? speedup : 0;
      parts.push(
        `<rect class="bar" data-pair="${pair}" data-method="${escapeXml(r.method)}" data-speedup="${v.toFixed(3)}" ` +
          `x="${(x0 + m * barWidth).toFixed(1)}" y="${yOf(v).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(v * scale).toFixed(1)}" fill="${COLORS[m % COLORS.length]}">` +
          `<title>${pair}: ${escapeXml(r.method)} ${v.toFixed(2)}x</title></rect>`,
      );
    });
    parts.push(
      `<text x="${(x0 + (groupWidth - 16) / 2).toFixed(1)}" y="${plotTop + plotHeight + 16}" font-size="13" text-anchor="middle">${pair}→en</text>`,
    );
  });
  const top = Math.ceil(maxSpeedup * 2) / 2;
  for (let v = 0.5; v <= top + 1e-9; v += 0.5) {
    if (v === 1) continue; // the 1x line is drawn apart
    parts.push(
      `<text x="${left - 6}" y="${yOf(v).toFixed(1)}" font-size="10" text-anchor="end" fill="#666">${v.toFixed(1)}x</text>`,
    );
  }
  const one = yOf(1).toFixed(1);
  const height = plotTop + plotHeight + 30 + methods.length * 18 + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<text x="${left}" y="18" font-size="14">Speedup over autoregressive decoding, per language pair</text>`,
    `<line x1="${left}" y1="${plotTop}" x2="${left}" y2="${plotTop + plotHeight}" stroke="#333"/>`,
    `<line x1="${left}" y1="${plotTop + plotHeight}" x2="${width - 10}" y2="${plotTop + plotHeight}" stroke="#333"/>`,
    `<line class="baseline" x1="${left}" y1="${one}" x2="${width - 10}" y2="${one}" stroke="#999" stroke-dasharray="4 3"/>`,
    `<text x="${left - 6}" y="${one}" font-size="11" text-anchor="end">1x</text>`,
    ...parts,
    legend(
      methods.map((r) => r.method),
      left,
      plotTop + plotHeight + 30,
    ),
    '</svg>',
    '',
  ].join('\n');
}

/** One panel per method: how many steps accepted 0, 1, 2, … drafted tokens (share of steps). */
export function histogramSvg(histograms: readonly { method: string; counts: number[] }[]): string {
  const width = 720;
  const panelHeight = 150;
  const left = 50;
  const maxLength = Math.max(1, ...histograms.map((h) => h.counts.length));
  const barWidth = (width - left - 20) / maxLength;
  const barRoom = panelHeight - 12; // the tallest bar stays clear of the panel's title
  const parts: string[] = [];
  histograms.forEach((h, i) => {
    const top = 50 + i * (panelHeight + 40);
    const total = h.counts.reduce((a, b) => a + b, 0) || 1;
    // Each panel is scaled to its largest share (printed), so a flat histogram still shows its shape.
    const maxShare = Math.max(...h.counts) / total || 1;
    const bottom = top + panelHeight;
    parts.push(
      `<text x="${left - 6}" y="${top + 20}" font-size="10" text-anchor="end" fill="#666">${(maxShare * 100).toFixed(0)}%</text>`,
    );
    parts.push(`<text x="${left}" y="${top - 6}" font-size="13">${escapeXml(h.method)} (${total} steps)</text>`);
    parts.push(`<line x1="${left}" y1="${bottom}" x2="${width - 10}" y2="${bottom}" stroke="#333"/>`);
    for (let n = 0; n < maxLength; n++) {
      const share = (h.counts[n] ?? 0) / total;
      const x = left + n * barWidth;
      parts.push(
        `<rect class="bar" data-method="${escapeXml(h.method)}" data-accepted="${n}" data-steps="${h.counts[n] ?? 0}" x="${x.toFixed(1)}" y="${(bottom - (share / maxShare) * barRoom).toFixed(1)}" ` +
          `width="${(barWidth - 2).toFixed(1)}" height="${((share / maxShare) * barRoom).toFixed(1)}" fill="${COLORS[i % COLORS.length]}"><title>${n} accepted: ${h.counts[n] ?? 0} steps</title></rect>`,
      );
      parts.push(
        `<text x="${(x + barWidth / 2).toFixed(1)}" y="${bottom + 14}" font-size="10" text-anchor="middle">${n}</text>`,
      );
    }
  });
  const height = 50 + histograms.length * (panelHeight + 40) + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<text x="${left}" y="16" font-size="14">Accepted drafted tokens per step (share of steps), all pairs</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
