import { describe, expect, it } from 'vitest';
import type { TrainingGraph } from './graph.ts';
import type { TrainerBuffers } from './layout.ts';
import { microBatchPhases, type PhaseContext } from './micro-batch.ts';

/** A graph that records what each phase encodes, and stand-in buffers. */
function context(overrides: Partial<PhaseContext>): { c: PhaseContext; calls: string[] } {
  const calls: string[] = [];
  const graph = {
    encodeForward: (_: unknown, rows: number, head: number) => calls.push(`forward ${rows}/${head}`),
    encodeBackward: (_: unknown, rows: number, head: number, unique: number) =>
      calls.push(`backward ${rows}/${head}/${unique}`),
    encodeOptimizer: () => calls.push('optimizer'),
    encodeLoss: () => calls.push('loss'),
  } as unknown as TrainingGraph;
  const dResid = { label: 'd_resid' } as unknown as GPUBuffer;
  const grads = [{ label: 'g1' }, { label: 'g2' }] as unknown as GPUBuffer[];
  const buffers = { dResid } as unknown as TrainerBuffers<GPUBuffer>;
  return { c: { graph, buffers, mode: 'train', first: true, last: true, grads, ...overrides }, calls };
}

const shape = { rows: 12, headRows: 5, uniqueTokens: 7 };
const run = (c: PhaseContext, calls: string[]) => {
  const phases = microBatchPhases(c, shape);
  for (const p of phases) p.record({} as GPUComputePassEncoder);
  return {
    labels: phases.map((p) => p.label),
    clears: phases.map((p) => p.clear.map((b) => b.label)),
    copies: phases.map((p) => p.copyStats),
    calls,
  };
};

describe('microBatchPhases', () => {
  it('a whole step in one micro-batch: forward, backward after clearing every gradient, update, stats read', () => {
    const { c, calls } = context({});
    expect(run(c, calls)).toEqual({
      labels: ['forward', 'backward', 'update'],
      clears: [[], ['g1', 'g2', 'd_resid'], []],
      copies: [false, false, true],
      calls: ['forward 12/5', 'backward 12/5/7', 'optimizer'],
    });
  });

  it('a middle micro-batch accumulates: no gradient cleared, no update', () => {
    const { c, calls } = context({ first: false, last: false });
    const r = run(c, calls);
    expect(r.labels).toEqual(['forward', 'backward']);
    expect(r.clears).toEqual([[], ['d_resid']]);
    expect(r.copies).toEqual([false, false]);
  });

  it('evaluation runs the forward and the loss only', () => {
    const { c, calls } = context({ mode: 'evaluate' });
    expect(run(c, calls)).toMatchObject({ labels: ['forward', 'loss'], calls: ['forward 12/5', 'loss'] });
  });
});
