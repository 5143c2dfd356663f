/**
 * npm run bench:forge — the whole forge on the learnable fixture pair (public/models/learn-target
 * and learn-drafter, made by npm run fixtures), through the worker's own service in Node: prepare a
 * German corpus, self-distil it, fine-tune the drafter on the CPU reference trainer, measure base
 * and new drafter on the held-out sentences, install. Prints α and τ before and after, each stage's
 * time, and ends with `held-out alpha: <before> -> <after>`.
 *
 * Options: --sentences N (default 240), --max-new-tokens N (default 24), --epochs N, --lr X,
 * --pair <target>,<drafter> (folders under public/models; default learn-target,learn-drafter).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FIXTURES_DIR } from './fixtures/paths.ts';
import { germanSentences } from './lib/german-corpus.ts';
import { loadDetector } from '../src/models/detect-language.ts';
import { checkCorpusLanguage } from '../src/forge/corpus/language.ts';
import { DEFAULT_CORPUS_OPTIONS, prepareCorpus } from '../src/forge/corpus/prepare.ts';
import { createJob } from '../src/forge/create-job.ts';
import { proposeSettings } from '../src/forge/hyperparameters.ts';
import { JobRepository, memoryStore } from '../src/forge/job-store.ts';
import type { FolderFiles } from '../src/forge/model-folder.ts';
import { cpuTrainerFactory } from '../src/forge/trainers.ts';
import { TandemService } from '../src/worker/tandem-service.ts';
import { fixtureDemoSources } from '../src/worker/testing/fixture-demo-sources.ts';
import { nodePairDeps, recordingLoaders } from '../src/worker/testing/node-pair-deps.ts';

const { values } = parseArgs({
  options: {
    sentences: { type: 'string', default: '240' },
    'max-new-tokens': { type: 'string', default: '24' },
    epochs: { type: 'string' },
    lr: { type: 'string' },
    pair: { type: 'string', default: 'learn-target,learn-drafter' },
  },
});
const [targetFolder, drafterFolder] = values.pair!.split(',') as [string, string];
for (const folder of [targetFolder, drafterFolder]) {
  if (!existsSync(join(FIXTURES_DIR, folder, 'config.json'))) {
    console.error(`public/models/${folder} is missing: run npm run fixtures first.`);
    process.exit(1);
  }
}

const clock = () => performance.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const two = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(2));

const repo = new JobRepository(memoryStore());
const installed: Record<string, FolderFiles> = {};
const { engines } = recordingLoaders();
const service = new TandemService({
  gpu: () => undefined,
  demoSources: fixtureDemoSources,
  pairDeps: (gpu) => nodePairDeps(gpu, engines),
  forge: {
    repo,
    trainers: async () => cpuTrainerFactory('CPU reference trainer (Node)'),
    writeModel: async (id, files) => void (installed[id] = files),
  },
});

let t0 = clock();
const corpus = prepareCorpus(germanSentences(Number(values.sentences)), {
  ...DEFAULT_CORPUS_OPTIONS,
  language: 'de',
});
checkCorpusLanguage([...corpus.heldOut, ...corpus.train], 'de', await loadDetector());
const proposed = proposeSettings(corpus.train.length).settings;
const settings = {
  ...proposed,
  ...(values.epochs ? { epochs: Number(values.epochs) } : {}),
  ...(values.lr ? { learningRate: Number(values.lr) } : {}),
  heldOutEvery: 10,
  checkpointEvery: 1000,
};
const job = await createJob(repo, {
  language: 'de',
  target: `user:${targetFolder}`,
  baseDrafter: `user:${drafterFolder}`,
  corpusName: 'german-corpus.ts',
  corpus,
  maxNewTokens: Number(values['max-new-tokens']),
  settings,
});
const prepareMs = clock() - t0;
console.log(
  `pair: ${targetFolder} + ${drafterFolder}; ${corpus.train.length} train, ${corpus.heldOut.length} held-out sentences`,
);
console.log(
  `settings: lr ${settings.learningRate}, ${settings.epochs} epochs, batch ${settings.batchSize}, ${settings.schedule}`,
);

t0 = clock();
let distillTokensPerSecond = 0;
await service.forge({ kind: 'distill', jobId: job.id }, (e) => {
  if (e.type === 'distill') distillTokensPerSecond = e.progress.tokensPerSecond;
});
const distillMs = clock() - t0;

t0 = clock();
let trainTokensPerSecond = 0;
const trained = await service.forge({ kind: 'train', jobId: job.id }, (e) => {
  if (e.type === 'train') trainTokensPerSecond = e.progress.tokensPerSecond;
});
const trainMs = clock() - t0;
const losses = trained.kind === 'train' ? trained.job.training!.losses : [];
const heldLosses = losses.filter((p) => p.heldOut !== undefined);

t0 = clock();
const evaluated = await service.forge({ kind: 'evaluate', jobId: job.id });
const evaluateMs = clock() - t0;
if (evaluated.kind !== 'evaluate') throw new Error('no evaluation');
const { report } = evaluated;

t0 = clock();
let installNote: string;
try {
  const reply = await service.forge({ kind: 'install', jobId: job.id });
  installNote = reply.kind === 'install' ? `installed as ${reply.modelId} (${(reply.bytes / 1e6).toFixed(1)} MB)` : '';
} catch (error) {
  installNote = (error as Error).message;
}
const installMs = clock() - t0;

console.log('');
console.log('stage          time      rate');
console.log(`prepare        ${seconds(prepareMs).padEnd(9)} `);
console.log(`self-distil    ${seconds(distillMs).padEnd(9)} ${distillTokensPerSecond.toFixed(1)} generated tokens/s`);
console.log(
  `fine-tune      ${seconds(trainMs).padEnd(9)} ${trainTokensPerSecond.toFixed(0)} trained tokens/s, ${losses.length} steps`,
);
console.log(`measure        ${seconds(evaluateMs).padEnd(9)} ${report.sentences} held-out sentences × 3 decodes`);
console.log(`install        ${seconds(installMs).padEnd(9)} ${installNote}`);
console.log('');
console.log(
  `loss: train ${two(losses[0]?.train)} -> ${two(losses.at(-1)?.train)}, held-out ${two(heldLosses[0]?.heldOut)} -> ${two(heldLosses.at(-1)?.heldOut)}`,
);
console.log(`held-out tau: ${two(report.base.tau)} -> ${two(report.forged.tau)}`);
console.log(
  `lossless: ${report.base.identical}/${report.sentences} base, ${report.forged.identical}/${report.sentences} new identical to autoregressive`,
);
console.log(`held-out alpha: ${two(report.base.alpha)} -> ${two(report.forged.alpha)}`);
