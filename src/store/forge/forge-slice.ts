import type { StateCreator } from 'zustand';
import type { DistillProgress } from '../../forge/distill.ts';
import type { EvaluationProgress } from '../../forge/evaluate.ts';
import { FORGE_ERROR_CLASSES } from '../../forge/errors.ts';
import type { TrainProgress } from '../../forge/fine-tune.ts';
import type { FineTuneSettings } from '../../forge/hyperparameters.ts';
import { checkSettings, totalSteps } from '../../forge/hyperparameters.ts';
import type { ForgeJob } from '../../forge/job.ts';
import { type ForgedDrafter, loadForgedDrafters, registerForgedDrafter } from '../../models/storage/forged-drafters.ts';
import type { UserModel } from '../../models/storage/user-models.ts';
import { registerErrorClass } from '../../protocol/error-transfer.ts';
import type { ForgeEvent } from '../../protocol/forge.ts';
import { errorInfo } from '../error-info.ts';
import type { ModelManagerSlice } from '../model-manager-slice.ts';
import type { TandemState } from '../types.ts';
import type { ErrorInfo } from '../types.ts';
import { browserPrepareDeps } from './forge-deps.ts';
import { addToHistory, historyOptedIn, setHistoryOptIn } from './history.ts';
import {
  type PrepareDeps,
  type PrepareRequest,
  type PrepareStage,
  prepareDatasetJob,
  prepareForgeJob,
} from './prepare.ts';
import { holdWakeLock } from './wake-lock.ts';

/** What this slice reads of the store (its own part included); named here so it never imports the store. */
type AppState = TandemState & ModelManagerSlice & ForgeSlice;

for (const ctor of FORGE_ERROR_CLASSES) registerErrorClass(ctor);

export type ForgeStep = 'distill' | 'train' | 'evaluate' | 'install';

export type ForgePrepareState =
  | { phase: 'idle' }
  | { phase: 'preparing'; stage: PrepareStage }
  | { phase: 'failed'; error: ErrorInfo };

export interface ForgeSlice {
  forgeJobs: ForgeJob[];
  forgeJobId: string | null;
  forgePrepare: ForgePrepareState;
  forgeRun: { phase: 'idle' } | { phase: 'running'; step: ForgeStep; jobId: string };
  forgeProgress: {
    distill: DistillProgress | null;
    train: TrainProgress | null;
    evaluate: EvaluationProgress | null;
  };
  forgeError: ErrorInfo | null;
  forgeNotice: string | null;
  forgedDrafters: ForgedDrafter[];
  historyOptIn: boolean;
  refreshForgeJobs(): Promise<void>;
  selectForgeJob(id: string | null): void;
  prepareForgeJob(request: PrepareRequest): Promise<void>;
  importForgeDataset(
    request: Omit<PrepareRequest, 'source' | 'format'> & { fileName: string; text: string },
  ): Promise<void>;
  runForgeStep(step: ForgeStep): Promise<void>;
  pauseForge(): Promise<void>;
  updateForgeSettings(settings: FineTuneSettings): Promise<void>;
  discardForgeJob(id: string): Promise<void>;
  exportForgeDataset(): Promise<{ fileName: string; text: string } | null>;
  exportForgeModel(): Promise<{ fileName: string; zip: Uint8Array } | null>;
  setHistoryOptIn(on: boolean): void;
}

/**
 * The Forge panel's state. Jobs live in IndexedDB (the worker reads and writes them too); this
 * slice lists them, prepares new ones in the page, and sends the long steps to the worker, one at
 * a time, holding a screen wake lock while one runs.
 */
export function createForgeSlice(
  deps: () => PrepareDeps = browserPrepareDeps,
): StateCreator<AppState, [], [], ForgeSlice> {
  let prepareDeps: PrepareDeps | undefined;
  const pd = () => (prepareDeps ??= deps());
  return (set, get, store) => {
    const current = (): ForgeJob | undefined => get().forgeJobs.find((j) => j.id === get().forgeJobId);
    const refresh = async () => {
      const forgeJobs = await pd().repo.listJobs();
      // With a job to resume, the worker loads the forge's code now rather than once a step runs.
      if (forgeJobs.length > 0)
        void get()
          .api?.forge({ kind: 'ready' })
          .catch(() => {});
      const id = get().forgeJobId;
      set({ forgeJobs, forgeJobId: id && forgeJobs.some((j) => j.id === id) ? id : (forgeJobs[0]?.id ?? null) });
    };
    const onEvent = (event: ForgeEvent) => {
      if (event.type === 'trainer') return;
      set((s) => ({ forgeProgress: { ...s.forgeProgress, [event.type]: event.progress } }));
    };
    const install = async (jobId: string, api: NonNullable<AppState['api']>) => {
      const reply = await api.forge({ kind: 'install', jobId });
      if (reply.kind !== 'install') return;
      const { job } = reply;
      const drafter: ForgedDrafter = {
        modelId: reply.modelId,
        language: job.language,
        target: job.target,
        baseDrafter: job.baseDrafter,
        alphaBefore: job.evaluation?.base.alpha ?? null,
        alphaAfter: job.evaluation?.forged.alpha ?? null,
        createdAt: Date.now(),
      };
      const model: UserModel = {
        id: reply.modelId,
        folder: `Forged ${job.language}→en drafter (${reply.modelId})`,
        format: 'safetensors',
        bytes: reply.bytes,
      };
      const { forged: forgedDrafters, userModels } = registerForgedDrafter(drafter, model, {
        forged: get().forgedDrafters,
        userModels: get().userModels,
      });
      set({
        forgedDrafters,
        userModels,
        forgeNotice: `Installed as ${reply.modelId}: “By source language” now drafts ${job.language} with it.`,
      });
      await get().refreshModels();
    };

    // Opt-in history: each finished translation's source text, kept only in this browser.
    store.subscribe((state, previous) => {
      if (state.historyOptIn && state.run === 'done' && previous.run !== 'done') addToHistory(state.sourceText);
    });

    return {
      forgeJobs: [],
      forgeJobId: null,
      forgePrepare: { phase: 'idle' },
      forgeRun: { phase: 'idle' },
      forgeProgress: { distill: null, train: null, evaluate: null },
      forgeError: null,
      forgeNotice: null,
      forgedDrafters: loadForgedDrafters(),
      historyOptIn: historyOptedIn(),
      refreshForgeJobs: refresh,
      selectForgeJob: (forgeJobId) => set({ forgeJobId, forgeError: null, forgeNotice: null }),
      prepareForgeJob: async (request) => {
        set({
          forgePrepare: { phase: 'preparing', stage: { text: 'Starting…' } },
          forgeError: null,
          forgeNotice: null,
        });
        try {
          const job = await prepareForgeJob(request, pd(), (stage) =>
            set({ forgePrepare: { phase: 'preparing', stage } }),
          );
          await get().api?.forge({ kind: 'ready' }); // the worker loads the forge's code before any step runs
          set({ forgePrepare: { phase: 'idle' }, forgeJobId: job.id });
          await refresh();
        } catch (error) {
          set({ forgePrepare: { phase: 'failed', error: errorInfo(error) } });
        }
      },
      importForgeDataset: async (request) => {
        const api = get().api;
        set({
          forgePrepare: { phase: 'preparing', stage: { text: `Reading ${request.fileName}…` } },
          forgeError: null,
        });
        let created: ForgeJob | undefined;
        try {
          if (!api) throw new Error('the worker is not connected');
          const { job, train, heldOut } = await prepareDatasetJob(request, pd());
          created = job;
          await api.forge({ kind: 'import-dataset', jobId: job.id, train, heldOut });
          set({ forgePrepare: { phase: 'idle' }, forgeJobId: job.id });
        } catch (error) {
          if (created) await pd().repo.deleteJob(created.id); // nothing half-imported stays
          set({ forgePrepare: { phase: 'failed', error: errorInfo(error) } });
        }
        await refresh();
      },
      runForgeStep: async (step) => {
        const { api, forgeRun } = get();
        const job = current();
        if (!api || !job || forgeRun.phase === 'running') return;
        set({ forgeRun: { phase: 'running', step, jobId: job.id }, forgeError: null, forgeNotice: null });
        const release = await holdWakeLock();
        try {
          if (step === 'install') await install(job.id, api);
          else {
            const reply = await api.forge({ kind: step, jobId: job.id }, onEvent);
            if ((reply.kind === 'distill' || reply.kind === 'train') && reply.status === 'paused')
              set({ forgeNotice: 'Paused: progress is kept; resume any time, also after closing the tab.' });
          }
        } catch (error) {
          set({ forgeError: errorInfo(error) });
        } finally {
          release();
          // The stored job first, then idle: the panel never shows the job as it was before the run.
          await refresh().catch(() => {});
          set({ forgeRun: { phase: 'idle' } });
        }
      },
      pauseForge: async () => {
        const { api, forgeRun } = get();
        if (api && forgeRun.phase === 'running') await api.forge({ kind: 'pause', jobId: forgeRun.jobId });
      },
      updateForgeSettings: async (settings) => {
        const job = current();
        if (!job || job.training) return; // fixed once training started: a checkpoint belongs to its settings
        try {
          checkSettings(settings);
        } catch (error) {
          set({ forgeError: errorInfo(error) });
          return;
        }
        await pd().repo.saveJob({ ...job, settings });
        set({ forgeError: null });
        await refresh();
      },
      discardForgeJob: async (id) => {
        await pd().repo.deleteJob(id);
        set({ forgeJobId: null, forgeProgress: { distill: null, train: null, evaluate: null } });
        await refresh();
      },
      exportForgeDataset: async () => {
        const { api } = get();
        const job = current();
        if (!api || !job) return null;
        const reply = await api.forge({ kind: 'export-dataset', jobId: job.id });
        return reply.kind === 'export-dataset' ? { fileName: `${job.id}.jsonl`, text: reply.jsonl } : null;
      },
      exportForgeModel: async () => {
        const { api } = get();
        const job = current();
        if (!api || !job) return null;
        const reply = await api.forge({ kind: 'export-model', jobId: job.id });
        return reply.kind === 'export-model' ? { fileName: reply.fileName, zip: reply.zip } : null;
      },
      setHistoryOptIn: (on) => {
        setHistoryOptIn(on);
        set({ historyOptIn: on });
      },
    };
  };
}

/** Steps left in the job's fine-tuning run (for the settings view). */
export function plannedSteps(job: ForgeJob): number {
  return totalSteps(job.trainCount, job.settings);
}
