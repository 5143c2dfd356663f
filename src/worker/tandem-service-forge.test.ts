import { describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_OPTIONS, prepareCorpus } from '../forge/corpus/prepare.ts';
import { createJob } from '../forge/create-job.ts';
import { NotImprovedError } from '../forge/errors.ts';
import { improved } from '../forge/evaluate.ts';
import type { ReplayBuffer } from '../forge/learn/replay-buffer.ts';
import { installedModelId } from '../forge/runner.ts';
import { JobRepository, memoryStore } from '../forge/job-store.ts';
import type { FolderFiles } from '../forge/model-folder.ts';
import { cpuTrainerFactory } from '../forge/trainers.ts';
import type { ForgeEvent } from '../protocol/forge.ts';
import { TandemService } from './tandem-service.ts';
import { fixtureDemoSources } from './testing/fixture-demo-sources.ts';
import { nodePairDeps, recordingLoaders } from './testing/node-pair-deps.ts';

/**
 * The forge through the worker's RPC, on the tiny fixture pair in Node (CPU engines and the CPU
 * reference trainer): distil with pause and resume, fine-tune, measure, and the install rule. The
 * tiny pair is not built to be learnable (e2e/forge.spec.ts and bench:forge use the learnable one),
 * so this checks the plumbing and the bookkeeping, not that α rises.
 */

const SENTENCES = [
  'Guten Morgen, wie geht es dir heute?',
  'Die Regierung hat gestern neue Gesetze beschlossen.',
  'Ich fahre morgen mit dem Zug nach Berlin.',
  'Das Wetter ist heute sehr schön und warm.',
  'Wir treffen uns um acht Uhr am Bahnhof.',
];

async function setUp() {
  const repo = new JobRepository(memoryStore());
  const written: Record<string, FolderFiles> = {};
  const { engines } = recordingLoaders();
  const svc = new TandemService({
    gpu: () => undefined,
    demoSources: fixtureDemoSources,
    pairDeps: (gpu) => nodePairDeps(gpu, engines),
    forge: {
      repo,
      trainers: async () => cpuTrainerFactory('CPU reference trainer (test)'),
      writeModel: async (id, files) => void (written[id] = files),
    },
  });
  const corpus = prepareCorpus(SENTENCES, { ...DEFAULT_CORPUS_OPTIONS, language: 'de', heldOutFraction: 0.4 });
  const job = await createJob(repo, {
    language: 'de',
    target: 'user:tiny-target',
    baseDrafter: 'user:tiny-drafter',
    corpusName: 'test',
    corpus,
    maxNewTokens: 6,
    settings: {
      ...(await import('../forge/hyperparameters.ts')).proposeSettings(3).settings,
      batchSize: 2,
      epochs: 1,
      heldOutEvery: 1,
      checkpointEvery: 1,
    },
  });
  return { svc, repo, job, written };
}

describe('the forge through TandemService (tiny fixture pair, CPU)', () => {
  it('distils every sentence once across a pause, then trains, measures and refuses an install that did not improve', async () => {
    const { svc, repo, job, written } = await setUp();
    const events: ForgeEvent[] = [];
    // Pause after the first stored output: the reply says paused, one output is kept.
    const first = await svc.forge({ kind: 'distill', jobId: job.id }, (event) => {
      events.push(event);
      if (event.type === 'distill' && event.progress.done === 1) void svc.forge({ kind: 'pause', jobId: job.id });
    });
    expect(first).toMatchObject({ kind: 'distill', status: 'paused' });
    const afterPause = (await repo.loadJob(job.id))!.distilled;
    expect(afterPause.train + afterPause.heldOut).toBeGreaterThanOrEqual(1);
    expect(afterPause.train + afterPause.heldOut).toBeLessThan(SENTENCES.length);

    const second = await svc.forge({ kind: 'distill', jobId: job.id }, (event) => events.push(event));
    expect(second).toMatchObject({ kind: 'distill', status: 'done', job: { stage: 'distilled' } });
    const counts = events.filter((e) => e.type === 'distill').map((e) => e.progress.done);
    // Each sentence was distilled exactly once: the counts never repeat and end at the total.
    expect(counts).toEqual([...new Set(counts)]);
    expect(counts.at(-1)).toBe(SENTENCES.length);
    const outputs = [...(await repo.loadOutputs(job.id, 'heldOut')), ...(await repo.loadOutputs(job.id, 'train'))];
    expect(outputs).toHaveLength(SENTENCES.length);
    expect(
      outputs.every((o) => o.responseTokens.length > 0 && o.userTurn.startsWith('Translate German to English: ')),
    ).toBe(true);

    const trained = await svc.forge({ kind: 'train', jobId: job.id });
    expect(trained).toMatchObject({ kind: 'train', status: 'done', job: { stage: 'trained' } });
    const training = (await repo.loadJob(job.id))!.training!;
    expect(training).toMatchObject({ done: true, step: 2, totalSteps: 2, engine: 'CPU reference trainer (test)' });
    expect(training.losses.every((p) => Number.isFinite(p.train) && Number.isFinite(p.heldOut))).toBe(true);

    const evaluated = await svc.forge({ kind: 'evaluate', jobId: job.id });
    if (evaluated.kind !== 'evaluate') throw new Error('wrong reply');
    expect(evaluated.report.sentences).toBe(job.heldOutCount);
    expect(evaluated.report.mismatches).toEqual([]);
    expect(evaluated.report.base.identical).toBe(job.heldOutCount);
    expect(evaluated.report.forged.identical).toBe(job.heldOutCount);

    // Installed only when held-out α rose; otherwise a NotImprovedError and nothing written.
    const install = svc.forge({ kind: 'install', jobId: job.id });
    if (improved(evaluated.report)) {
      await expect(install).resolves.toMatchObject({ kind: 'install', job: { stage: 'installed' } });
      const files = written[installedModelId(job)]!;
      expect(Object.keys(files).sort()).toEqual([
        'config.json',
        'model.safetensors',
        'provenance.json',
        'tokenizer.json',
        'tokenizer_config.json',
      ]);
    } else {
      await expect(install).rejects.toThrow(NotImprovedError);
      expect(written).toEqual({});
    }
  }, 120_000);

  it('learning from use: finished greedy translations fill the replay buffer; an adaptation round follows the promotion rule', async () => {
    const { svc, repo, written } = await setUp();
    const pair = { target: 'user:tiny-target', drafter: 'user:tiny-drafter' };
    const translate = (text: string) =>
      svc.translate({ text, from: 'de', to: 'en', mode: 'speculative', maxNewTokens: 6, pair }, () => {});
    await translate(SENTENCES[0]!); // before opting in: not recorded
    expect(await svc.forge({ kind: 'learn-from-use', enabled: true })).toEqual({
      kind: 'learn-from-use',
      enabled: true,
    });
    await translate(SENTENCES.join(' '));
    const buffer = await repo.kv.get<ReplayBuffer>('replay:user:tiny-target:de');
    expect(buffer!.entries).toHaveLength(SENTENCES.length);
    expect(buffer!.entries.every((e) => e.response.length >= 1 && e.response.length <= 7)).toBe(true);

    const reply = await svc.forge({ kind: 'adapt', ...pair, language: 'de', steps: 1 });
    if (reply.kind !== 'adapt') throw new Error('wrong reply');
    // Five entries are too few to train on (MIN_ADAPT_EXAMPLES): nothing trained, nothing installed.
    expect(reply).toMatchObject({ promoted: false, modelId: null, bufferSize: SENTENCES.length });
    expect(reply.reason).toMatch(/at least 8 are needed/);
    expect(written).toEqual({});
  }, 120_000);
});
