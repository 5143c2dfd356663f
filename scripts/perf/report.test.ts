import { describe, expect, it } from 'vitest';
import { PAIRS } from './page/types.ts';
import { formatBytes, PAPER_LINE, renderMatrix, renderReport, speedupTable } from './report-md.ts';
import { escapeXml, histogramSvg, speedupSvg } from './report-svg.ts';
import { acceptedHistogram, matrixOf, summarize } from './summary.ts';
import { sample } from './testing.ts';

const METHODS = ['specialized · fixed γ=5', 'specialized · heuristic (HF)'];
const samples = PAIRS.flatMap((p, i) => [
  sample(p, 'autoregressive', 10),
  ...METHODS.map((m) => sample(p, m, 10 + 5 * (i + 1))),
]);
const summary = summarize(samples);

describe('speedupTable', () => {
  it('has the shape of Table 1: 5 pair columns + mean, one row per method, τ in every cell', () => {
    const lines = speedupTable(summary.rows).split('\n');
    expect(lines[0]).toBe('| Method | de | fr | ru | ja | zh | mean |');
    expect(lines).toHaveLength(2 + 1 + METHODS.length);
    expect(lines[2]).toMatch(/^\| autoregressive \| 1\.00x \(τ 1\.00\)/);
    expect(lines[3]).toBe(
      '| specialized · fixed γ=5 | 1.50x (τ 3.00) | 2.00x (τ 3.00) | 2.50x (τ 3.00) | 3.00x (τ 3.00) | 3.50x (τ 3.00) | 2.50x (τ 3.00) |',
    );
  });

  it('shows a dash for a pair without samples', () => {
    const only = summarize(samples.filter((s) => s.pair === 'de'));
    expect(speedupTable(only.rows).split('\n')[3]).toMatch(/\| 1\.50x \(τ 3\.00\) \| — \| — \| — \| — \| 1\.50x/);
  });
});

describe('renderReport', () => {
  it('states the adapter, engines with GPU bytes, losslessness, and flags a fixture run', () => {
    const text = renderReport(
      {
        adapter: 'google / swiftshader',
        fallbackAdapter: true,
        target: 'tiny',
        settings: 'greedy',
        fixtures: true,
        engines: [{ role: 'drafter', name: 'tiny-drafter', engine: 'llama-webgpu', gpuBufferBytes: 3 * 1024 * 1024 }],
      },
      summary,
    );
    expect(text).toMatch(/Fixture run/);
    expect(text).toMatch(/software fallback adapter/);
    expect(text).toMatch(/tiny-drafter on llama-webgpu: 3\.1 MB/);
    expect(text).toMatch(/0 mismatches in 10 speculative samples/);
    expect(text).toContain('| Method | pair | samples | tokens/s | α | τ | draft ms | verify ms |');
  });

  it("quotes the paper's numbers under a real run only", () => {
    const context = { adapter: 'NVIDIA', fallbackAdapter: false, target: 'vicuna', settings: 'greedy', engines: [] };
    expect(renderReport({ ...context, fixtures: false }, summary)).toContain(PAPER_LINE);
    expect(renderReport({ ...context, fixtures: true }, summary)).not.toContain(PAPER_LINE);
  });

  it('formats bytes', () => {
    expect([formatBytes(null), formatBytes(2048), formatBytes(5 * 2 ** 30)]).toEqual([
      'not reported',
      '2.0 kB',
      '5.37 GB',
    ]);
  });
});

describe('renderMatrix', () => {
  it('has a row per drafter and a column per source language', () => {
    const text = renderMatrix(matrixOf(samples, 'fixed γ=5'));
    expect(text).toContain('| drafter \\ source | de | fr | ru | ja | zh |');
    expect(text).toMatch(/\| de drafter \| 1\.50x \(τ 3\.00\) \| — \|/);
  });
});

describe('SVG charts', () => {
  it('speedup chart: one bar per pair for every speculative method', () => {
    const svg = speedupSvg(summary.rows);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const pair of PAIRS)
      expect(svg.match(new RegExp(`class="bar" data-pair="${pair}"`, 'g'))).toHaveLength(METHODS.length);
    expect(svg).toContain('data-speedup="3.500"');
  });

  it('histogram: one panel per method, one bar per accepted length', () => {
    const svg = histogramSvg(acceptedHistogram(samples));
    expect(svg.match(/class="bar"/g)).toHaveLength(METHODS.length * 6);
    expect(svg).toContain('data-accepted="5" data-steps="5"');
  });

  it('escapes labels', () => {
    expect(escapeXml('a<b & "c"')).toBe('a&lt;b &amp; &quot;c&quot;');
  });
});
