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

  it('remembers dismissed notices', () => {
    const store = createTandemStore();
    store.getState().dismissNotice('no-shader-f16');
    expect(store.getState().dismissedNotices).toEqual(['no-shader-f16']);
  });
});
