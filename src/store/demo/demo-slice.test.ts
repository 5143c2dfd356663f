import { describe, expect, it } from 'vitest';
import { TandemService } from '../../worker/tandem-service.ts';
import { fixtureDemoSources } from '../../worker/testing/fixture-demo-sources.ts';
import { connectWorker } from '../connect-worker.ts';
import { createTandemStore, type TandemStore } from '../tandem-store.ts';
import { tokensPerPassHistogram, measuredAlpha, acceptanceByPosition } from './chart-data.ts';
import { serializeTrace } from './trace-format.ts';

/**
 * The demo slice with the in-thread worker service and the demo pair: a live run is recorded, its
 * trace survives a file round trip, and replaying it shows the same tokens, stats and charts.
 */

const service = new TandemService({ gpu: () => undefined, demoSources: fixtureDemoSources });

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function demoStore(text = 'Guten Morgen, wie geht es dir? Heute ist ein schöner Tag.'): Promise<TandemStore> {
  const store = createTandemStore();
  await connectWorker(store, service);
  await store.getState().selectModel('demo');
  store.getState().setSourceText(text);
  store.getState().setSourceLanguage('de');
  store.getState().setMaxNewTokens(20);
  return store;
}

/** What the overlay and charts draw from. */
function shown(store: TandemStore) {
  const { tokens, tail, stats, raceTokens, raceStats, raceResult, passes, racePasses, finishReason, run } =
    store.getState();
  return { tokens, tail, stats, raceTokens, raceStats, raceResult, passes, racePasses, finishReason, run };
}

/** A live run, then its trace written to text and opened in a fresh store (another machine). */
async function recordAndOpen(configure: (store: TandemStore) => void = () => {}) {
  const live = await demoStore();
  configure(live);
  await live.getState().requestTranslate();
  const trace = live.getState().lastRunTrace();
  expect(trace).not.toBeNull();
  const replay = createTandemStore();
  expect(replay.getState().openTraceText(serializeTrace(trace!), 'run.json')).toBe(true);
  return { live, replay, trace: trace! };
}

describe('the demo slice', () => {
  it('draws charts that agree with the run’s statistics', async () => {
    const store = await demoStore();
    await store.getState().requestTranslate();
    const { passes, stats } = store.getState();
    expect(stats).not.toBeNull();
    const histogram = tokensPerPassHistogram(passes);
    expect(histogram.totalPasses).toBe(stats!.targetPasses);
    expect(histogram.mean).toBeCloseTo(stats!.meanTokensPerPass, 12);
    expect(measuredAlpha(passes)).toBeCloseTo(stats!.acceptanceRate, 12);
    const positions = acceptanceByPosition(passes);
    expect(positions.reduce((sum, p) => sum + p.accepted, 0)).toBe(stats!.acceptedTokens);
    const timed = passes.reduce((sum, p) => sum + p.draftMs + p.verifyMs, 0);
    expect(timed).toBeCloseTo(stats!.draftMs + stats!.verifyMs + stats!.prefillMs, 6);
  });

  it('records a run whose trace names its models and machine and holds every event', async () => {
    const { live, trace } = await recordAndOpen();
    expect(trace.models.target.name).toMatch(/^demo target \(\d+ layers/);
    expect(trace.models.drafter?.engine).toBe('llama-cpu');
    expect(trace.adapter).toMatch(/^no WebGPU adapter/);
    expect(trace.run).toMatchObject({ mode: 'speculative', from: 'de', sourceText: live.getState().sourceText });
    expect(trace.events.at(-1)?.event.type).toBe('done');
    const steps = trace.events.filter(({ event }) => event.type === 'step');
    expect(steps).toHaveLength(live.getState().stats!.targetPasses);
  });

  it('replays stepped, one target pass per step, to what the live run showed', async () => {
    const { live, replay } = await recordAndOpen();
    replay.getState().startReplay({ paused: true });
    expect(replay.getState()).toMatchObject({
      run: 'running',
      tokens: [],
      playback: { state: 'paused', passesShown: 0 },
    });
    const total = live.getState().passes.length;
    for (let pass = 1; pass <= total; pass++) {
      replay.getState().playbackStep();
      expect(replay.getState().passes).toHaveLength(pass);
      expect(replay.getState().tokens).toEqual(live.getState().tokens.filter((t) => t.step < pass));
    }
    expect(replay.getState().playback).toMatchObject({ state: 'ended', passesShown: total, passesTotal: total });
    expect(shown(replay)).toEqual(shown(live));
  });

  it('replays at real speed to the same overlay and charts, without a worker', async () => {
    const { live, replay } = await recordAndOpen();
    expect(replay.getState().api).toBeNull();
    replay.getState().startReplay();
    expect(replay.getState().run).toBe('running');
    await until(() => replay.getState().run === 'done');
    expect(shown(replay)).toEqual(shown(live));
  });

  it('replays a race: both lanes, their passes and the measured speedup', async () => {
    const { live, replay } = await recordAndOpen((store) => store.getState().setRace(true));
    expect(live.getState().raceTokens.length).toBeGreaterThan(0);
    expect(live.getState().racePasses.every((pass) => pass.drafted === 0)).toBe(true);
    replay.getState().startReplay({ paused: true });
    while (replay.getState().playback?.state !== 'ended') replay.getState().playbackStep();
    expect(shown(replay)).toEqual(shown(live));
  });

  it('a stopped run’s trace ends with an aborted "done" and replays to what was shown', async () => {
    const live = await demoStore();
    live.getState().setMaxNewTokens(1000);
    const running = live.getState().requestTranslate();
    await until(() => live.getState().tokens.length > 5);
    await live.getState().requestStop();
    await running;
    const trace = live.getState().lastRunTrace()!;
    expect(trace.events.at(-1)?.event).toMatchObject({ type: 'done', finishReason: 'aborted' });
    const replay = createTandemStore();
    expect(replay.getState().openTraceText(serializeTrace(trace), 'stopped.json')).toBe(true);
    replay.getState().startReplay({ paused: true });
    while (replay.getState().playback?.state !== 'ended') replay.getState().playbackStep();
    expect(replay.getState().tokens).toEqual(live.getState().tokens);
    expect(replay.getState().finishReason).toBe('aborted');
  });

  it('Stop ends a replay where it is; Translate gives it way to a live run', async () => {
    const { live, replay } = await recordAndOpen();
    replay.getState().startReplay({ paused: true });
    replay.getState().playbackStep();
    await replay.getState().requestStop();
    expect(replay.getState()).toMatchObject({ run: 'done', finishReason: 'aborted', playback: null });
    expect(replay.getState().notice).toBe('Replay stopped.');
    live.getState().openTraceText(serializeTrace(live.getState().lastRunTrace()!), 'again.json');
    live.getState().startReplay({ paused: true });
    await live.getState().requestTranslate();
    expect(live.getState()).toMatchObject({ run: 'done', finishReason: 'max-tokens', playback: null });
  });

  it('in slow motion, shows a live run’s drafts before each verdict and ends as the live run did', async () => {
    const direct = await demoStore();
    await direct.getState().requestTranslate();
    const slow = await demoStore();
    slow.getState().setSlowMotion(true);
    slow.getState().setPassMs(2);
    const previews: number[] = [];
    const verdictsAlreadyShown: number[] = [];
    slow.subscribe((state, previous) => {
      const preview = state.draftPreview;
      if (!preview || preview === previous.draftPreview) return;
      previews.push(preview.step);
      if (state.tokens.some((token) => token.step === preview.step)) verdictsAlreadyShown.push(preview.step);
    });
    await slow.getState().requestTranslate();
    await until(() => slow.getState().playback?.state === 'ended');
    expect(previews.length).toBeGreaterThan(0);
    // Each pass's drafts show before its tokens do, pass after pass.
    expect(verdictsAlreadyShown).toEqual([]);
    expect(previews).toEqual([...previews].sort((a, b) => a - b));
    expect(slow.getState().tokens).toEqual(direct.getState().tokens);
    expect(slow.getState().run).toBe('done');
  });

  it('says what is wrong with a file it cannot open, and keeps the trace it had', async () => {
    const { replay, trace } = await recordAndOpen();
    const text = serializeTrace(trace);
    expect(replay.getState().openTraceText(text.slice(0, text.length / 2), 'half.json')).toBe(false);
    expect(replay.getState().traceProblem).toMatchObject({
      fileName: 'half.json',
      error: { name: 'TraceTruncatedError', message: expect.stringMatching(/cut short/) },
    });
    expect(replay.getState().openedTrace?.fileName).toBe('run.json');
    expect(replay.getState().openTraceText(text, 'whole.json')).toBe(true);
    expect(replay.getState().traceProblem).toBeNull();
  });
});
