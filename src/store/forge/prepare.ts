import { VocabularyMismatchError } from '../../errors.ts';
import { checkCorpusLanguage } from '../../forge/corpus/language.ts';
import { CorpusError } from '../../forge/errors.ts';
import { DEFAULT_CORPUS_OPTIONS, prepareCorpus, shuffled, type PreparedCorpus } from '../../forge/corpus/prepare.ts';
import { readCorpusTexts } from '../../forge/corpus/read.ts';
import type { CorpusFormat } from '../../forge/corpus/formats.ts';
import { createJob } from '../../forge/create-job.ts';
import { type Conversation, importConversations, sourceOf } from '../../forge/dataset.ts';
import type { JobRepository } from '../../forge/job-store.ts';
import type { ForgeJob } from '../../forge/job.ts';
import { checkQuota, forgeStorageNeed } from '../../forge/quota.ts';
import type { LlamaConfig } from '../../llama/config.ts';
import type { DetectableLanguage, LanguageDetector } from '../../models/detect-language.ts';
import type { StorageFigures } from '../../models/storage/storage-estimate.ts';

/**
 * Everything a forge job needs before it runs, in the page: the corpus read (a URL downloaded
 * first, with progress), segmented, deduplicated, filtered and split; its language checked; the
 * pair's vocabularies compared; the storage it will need checked against the quota. Only then is
 * the job written to IndexedDB. Each refusal is a typed error with a plain message.
 */

export type CorpusSource =
  | { kind: 'file'; name: string; read(): Promise<Uint8Array> }
  | { kind: 'url'; url: string }
  | { kind: 'history' };

export interface PrepareRequest {
  source: CorpusSource;
  format: CorpusFormat;
  language: DetectableLanguage;
  target: string;
  baseDrafter: string;
  maxNewTokens: number;
  /** Cap on train sentences (the UI's "use at most"). */
  maxTrain?: number;
}

export interface PrepareDeps {
  repo: JobRepository;
  fetch(url: string): Promise<Response>;
  /** config.json of an installed drafter (a PairSelection id). */
  readConfig(modelId: string): Promise<LlamaConfig>;
  /** The vocabulary size of a target (a PairSelection id: web-llm targets have no LLaMA config.json). */
  readVocabSize(modelId: string): Promise<number>;
  storageEstimate(): Promise<StorageFigures | null>;
  detector(): Promise<LanguageDetector>;
  /** The user's own past source texts (opt-in history), newest last. */
  history(): string[];
  now(): number;
}

export type PrepareStage = { text: string; progress?: number };

export async function prepareForgeJob(
  request: PrepareRequest,
  deps: PrepareDeps,
  onStage: (stage: PrepareStage) => void = () => {},
): Promise<ForgeJob> {
  const { texts, name } = await readSource(request, deps, onStage);
  onStage({ text: 'Splitting into sentences, removing repeats…' });
  const corpus = prepareCorpus(texts, {
    ...DEFAULT_CORPUS_OPTIONS,
    language: request.language,
    ...(request.maxTrain ? { maxTrain: request.maxTrain } : {}),
  });
  return finish(request, deps, corpus, name, onStage);
}

/** A job from a FastChat data set made elsewhere: its conversations are the outputs (no distillation). */
export async function prepareDatasetJob(
  request: Omit<PrepareRequest, 'source' | 'format'> & { fileName: string; text: string },
  deps: PrepareDeps,
): Promise<{ job: ForgeJob; train: Conversation[]; heldOut: Conversation[] }> {
  const conversations = dedupe(importConversations(request.text, request.fileName));
  if (conversations.length < 2) {
    throw new CorpusError(`${request.fileName} has ${conversations.length} distinct conversation; the forge needs 2.`);
  }
  const order = shuffled(conversations, DEFAULT_CORPUS_OPTIONS.seed);
  const held = Math.max(1, Math.min(DEFAULT_CORPUS_OPTIONS.maxHeldOut, Math.round(order.length * 0.1)));
  const heldOut = order.slice(0, held);
  const train = order.slice(held, held + (request.maxTrain ?? DEFAULT_CORPUS_OPTIONS.maxTrain));
  const corpus: PreparedCorpus = {
    train: train.map((c) => sourceOf(c.human)),
    heldOut: heldOut.map((c) => sourceOf(c.human)),
    stats: {
      texts: conversations.length,
      sentences: conversations.length,
      duplicates: 0,
      tooShort: 0,
      tooLong: 0,
      usable: conversations.length,
      capped: order.length - held - train.length,
    },
  };
  const job = await finish(
    { ...request, source: { kind: 'history' }, format: { kind: 'text' } },
    deps,
    corpus,
    request.fileName,
    () => {},
  );
  return { job, train, heldOut };
}

async function finish(
  request: PrepareRequest,
  deps: PrepareDeps,
  corpus: PreparedCorpus,
  name: string,
  onStage: (stage: PrepareStage) => void,
): Promise<ForgeJob> {
  onStage({ text: 'Checking the language…' });
  checkCorpusLanguage([...corpus.heldOut, ...corpus.train], request.language, await deps.detector());
  onStage({ text: 'Checking the models and the storage…' });
  const [targetVocab, drafter] = await Promise.all([
    deps.readVocabSize(request.target),
    deps.readConfig(request.baseDrafter),
  ]);
  if (targetVocab !== drafter.vocabSize) {
    throw new VocabularyMismatchError(
      `The base drafter has a ${drafter.vocabSize}-token vocabulary but the target has ${targetVocab}: ` +
        "it cannot draft for this target. Pick a base drafter made with the target's tokenizer.",
    );
  }
  const need = forgeStorageNeed({
    sentences: corpus.train.length + corpus.heldOut.length,
    maxNewTokens: request.maxNewTokens,
    drafter,
  });
  checkQuota(need, await deps.storageEstimate());
  return createJob(deps.repo, {
    language: request.language,
    target: request.target,
    baseDrafter: request.baseDrafter,
    corpusName: name,
    corpus,
    maxNewTokens: request.maxNewTokens,
    now: deps.now(),
  });
}

async function readSource(
  request: PrepareRequest,
  deps: PrepareDeps,
  onStage: (stage: PrepareStage) => void,
): Promise<{ texts: string[]; name: string }> {
  const { source } = request;
  if (source.kind === 'history') {
    const texts = deps.history();
    if (texts.length === 0) throw new CorpusError('There are no past translations stored yet (the history is opt-in).');
    return { texts, name: 'your past translations' };
  }
  if (source.kind === 'file') {
    onStage({ text: `Reading ${source.name}…` });
    return { texts: await readCorpusTexts(await source.read(), request.format, source.name), name: source.name };
  }
  const bytes = await download(source.url, deps, onStage);
  const name = decodeURIComponent(new URL(source.url).pathname.split('/').pop() || source.url);
  return { texts: await readCorpusTexts(bytes, request.format, name), name: source.url };
}

/** The whole file, before anything runs; the only request the forge makes. */
async function download(url: string, deps: PrepareDeps, onStage: (stage: PrepareStage) => void): Promise<Uint8Array> {
  onStage({
    text: `Downloading ${url} (the only request the forge makes; nothing runs until it is here)…`,
    progress: 0,
  });
  let response: Response;
  try {
    response = await deps.fetch(url);
  } catch (error) {
    throw new CorpusError(`Could not download ${url}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new CorpusError(`Could not download ${url}: HTTP ${response.status}.`);
  const total = Number(response.headers.get('content-length')) || 0;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onStage({
      text: `Downloading ${url}: ${(received / 1e6).toFixed(1)} MB${total ? ` of ${(total / 1e6).toFixed(1)} MB` : ''}…`,
      ...(total ? { progress: received / total } : {}),
    });
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function dedupe(conversations: readonly Conversation[]): Conversation[] {
  const seen = new Set<string>();
  return conversations.filter((c) => !seen.has(c.human) && (seen.add(c.human), true));
}
