import { describe, expect, it } from 'vitest';
import type { GpuReport } from '../protocol/protocol.ts';
import { createTandemStore } from './tandem-store.ts';
import { DEMO_INFO } from '../protocol/testing/demo-info.ts';

const demoInfo = DEMO_INFO;
const report: GpuReport = { available: false, code: 'no-adapter', reason: 'none' };
const status = { crossOriginIsolated: false, loaded: { demo: false, pair: null } };

describe('environment notice slice: a restarted worker', () => {
  it('counts restarts and takes the new worker’s probe, status and reloaded demo', () => {
    const store = createTandemStore();
    store.setState({ model: 'demo', demo: { phase: 'failed', error: { name: 'WorkerCrashedError', message: 'x' } } });
    const cause = new Error('boom');
    store.getState().recordRecovery({ type: 'restarting', cause });
    expect(store.getState().workerRecovery).toEqual({
      phase: 'restarting',
      cause: { name: 'Error', message: 'boom' },
      restarts: 1,
    });
    store.getState().recordRecovery({
      type: 'restarted',
      cause,
      gpu: { ok: true, value: report },
      status: { ok: true, value: status },
      demo: { ok: true, value: demoInfo },
    });
    const state = store.getState();
    expect(state.workerRecovery).toMatchObject({ phase: 'restarted', restarts: 1 });
    expect(state.gpu).toEqual({ phase: 'done', report });
    expect(state.worker).toEqual({ phase: 'ready', status });
    expect(state.demo).toEqual({ phase: 'ready', info: demoInfo });
  });

  it('does not call the models ready while the worker that held them restarts', () => {
    const store = createTandemStore();
    const selection = { target: 'user:t', drafter: null };
    const pairInfo = { id: 'pair', selection, target: {}, drafter: null, loadMs: 1 } as never;
    store.setState({ model: 'demo', demo: { phase: 'ready', info: demoInfo } });
    store.setState({ pair: { phase: 'ready', selection, info: pairInfo } });
    store.getState().recordRecovery({ type: 'restarting', cause: new Error('gone') });
    expect(store.getState().demo.phase).toBe('loading');
    expect(store.getState().pair).toEqual({ phase: 'loading', selection, progress: null });
    store.getState().recordRecovery({
      type: 'restarted',
      cause: new Error('gone'),
      gpu: { ok: true, value: report },
      status: { ok: true, value: status },
      demo: { ok: true, value: demoInfo },
      pair: { ok: true, value: pairInfo },
    });
    expect(store.getState().demo).toEqual({ phase: 'ready', info: demoInfo });
    expect(store.getState().pair.phase).toBe('ready');
  });

  it('remembers dismissed notices', () => {
    const store = createTandemStore();
    store.getState().dismissNotice('no-shader-f16');
    expect(store.getState().dismissedNotices).toEqual(['no-shader-f16']);
  });
});
