import { describe, expect, it } from 'vitest';
import { VocabularyMismatchError } from '../../errors.ts';
import { CorpusError, ForgeQuotaError } from '../../forge/errors.ts';
import { JobRepository, memoryStore } from '../../forge/job-store.ts';
import { loadDetector } from '../../models/detect-language.ts';
import { tinyConfig } from '../../forge/testing/tiny-model.ts';
import { type PrepareDeps, prepareDatasetJob, prepareForgeJob } from './prepare.ts';

const german = [
  'Guten Morgen, wie geht es dir heute?',
  'Die Regierung hat gestern neue Gesetze beschlossen.',
  'Ich fahre morgen mit dem Zug nach Berlin.',
  'Das Wetter ist heute sehr schön und warm.',
];

function deps(overrides: Partial<PrepareDeps> = {}): PrepareDeps & { repo: JobRepository } {
  return {
    repo: new JobRepository(memoryStore()),
    fetch: async () => new Response(german.join('\n')),
    readConfig: async () => tinyConfig,
    readVocabSize: async () => tinyConfig.vocabSize,
    storageEstimate: async () => ({ usage: 0, quota: 1e12 }),
    detector: loadDetector,
    history: () => [],
    now: () => 1000,
    ...overrides,
  } as PrepareDeps & { repo: JobRepository };
}

const request = {
  format: { kind: 'text' } as const,
  language: 'de' as const,
  target: 'user:t',
  baseDrafter: 'user:d',
  maxNewTokens: 16,
};

describe('preparing a forge job in the page', () => {
  it('downloads a URL first, then stores the split job', async () => {
    const d = deps();
    const stages: string[] = [];
    const job = await prepareForgeJob(
      { ...request, source: { kind: 'url', url: 'https://example.org/de.txt' } },
      d,
      (s) => stages.push(s.text),
    );
    expect(stages[0]).toContain('Downloading https://example.org/de.txt (the only request the forge makes');
    expect(job).toMatchObject({
      trainCount: 3,
      heldOutCount: 1,
      stage: 'prepared',
      corpusName: 'https://example.org/de.txt',
    });
    expect(await d.repo.listJobs()).toHaveLength(1);
  });

  it('stores nothing when the vocabularies differ, the quota is too small or the history is empty', async () => {
    const file = {
      kind: 'file' as const,
      name: 'de.txt',
      read: async () => new TextEncoder().encode(german.join('\n')),
    };
    const cases: [Partial<PrepareDeps>, unknown][] = [
      [{ readVocabSize: async () => 32016 }, VocabularyMismatchError],
      [{ storageEstimate: async () => ({ usage: 0, quota: 1000 }) }, ForgeQuotaError],
    ];
    for (const [override, error] of cases) {
      const d = deps(override);
      await expect(prepareForgeJob({ ...request, source: file }, d)).rejects.toThrow(error as typeof Error);
      expect(await d.repo.listJobs()).toEqual([]);
    }
    await expect(prepareForgeJob({ ...request, source: { kind: 'history' } }, deps())).rejects.toThrow(CorpusError);
  });

  it('makes a job from a FastChat data set, splitting its conversations', async () => {
    const lines = german.map((s, i) =>
      JSON.stringify({
        id: `${i}`,
        conversations: [
          { from: 'human', value: `Translate German to English: ${s}` },
          { from: 'gpt', value: `x${i}` },
        ],
      }),
    );
    const { job, train, heldOut } = await prepareDatasetJob(
      { ...request, fileName: 'set.jsonl', text: lines.join('\n') },
      deps(),
    );
    expect(train.length + heldOut.length).toBe(4);
    expect(job).toMatchObject({ trainCount: train.length, heldOutCount: heldOut.length, corpusName: 'set.jsonl' });
    expect(german).toContain(train[0]!.human.replace('Translate German to English: ', ''));
  });
});
