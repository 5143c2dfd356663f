import type { StateCreator } from 'zustand';
import { hubDrafterRow, HUB_CATALOGUE } from '../models/hub/catalogue.ts';
import { browserHubEnvironment, type HubEnvironment } from '../models/hub/hub-environment.ts';
import { browserHubBase } from '../models/hub/hub-url.ts';
import { installPlan } from '../models/hub/install.ts';
import { type InstallPlan, planDrafter, planWebLlm } from '../models/hub/plan.ts';
import type { PairOption } from '../models/hub/recommend.ts';
import { webLlmTarget } from '../models/registry/webllm-targets.ts';
import { DownloadCancelledError } from '../models/storage/errors.ts';
import type { DownloadProgress } from '../models/storage/progress.ts';
import { errorInfo } from './error-info.ts';
import type { ModelManagerSlice } from './model-manager-slice.ts';
import { targetChoice } from './model-slice.ts';
import type { ErrorInfo, TandemState } from './types.ts';

/** One Hub catalogue row's download, as the model manager and the first screen show it. */
export type HubDownload =
  | { phase: 'idle' }
  | { phase: 'preparing' }
  | { phase: 'downloading'; progress: DownloadProgress }
  | { phase: 'done'; bytes: number }
  | { phase: 'stopped' }
  | { phase: 'failed'; error: ErrorInfo };

export interface HubSlice {
  /** By catalogue row id (hub/catalogue.json). */
  hubDownloads: Readonly<Record<string, HubDownload>>;
  /** Lists the row's repository, then downloads, checks and installs its files; true when installed. */
  downloadHubRow(rowId: string): Promise<boolean>;
  /** Stops it; nothing of it is kept. */
  cancelHubDownload(rowId: string): void;
  /** A real pair in one go: the drafter, then the target's weights, then the pair is chosen under Model. */
  downloadPair(option: Pick<PairOption, 'targetId' | 'targetRow' | 'drafterId'>): Promise<void>;
}

export interface HubDeps {
  env: () => HubEnvironment;
  hubBase: () => string;
}

export const browserHubDeps: HubDeps = { env: browserHubEnvironment, hubBase: browserHubBase };

type State = TandemState & ModelManagerSlice & HubSlice;

export function createHubSlice(deps: HubDeps = browserHubDeps): StateCreator<State, [], [], HubSlice> {
  return (set, get) => {
    const running = new Map<string, AbortController>(); // not state: nothing renders them
    const setRow = (rowId: string, download: HubDownload) =>
      set((s) => ({ hubDownloads: { ...s.hubDownloads, [rowId]: download } }));

    const plan = (rowId: string, signal: AbortSignal): Promise<InstallPlan> => {
      const env = deps.env();
      const drafter = hubDrafterRow(rowId);
      const gpu = get().gpu;
      const shaderF16 = gpu.phase === 'done' && gpu.report.available && gpu.report.hasShaderF16;
      if (drafter) return planDrafter(env, deps.hubBase(), drafter, { shaderF16, signal });
      const row = HUB_CATALOGUE.webllm.find((r) => r.id === rowId);
      if (!row) throw new Error(`no Hub catalogue row "${rowId}"`);
      const build = webLlmTarget(row.targets[0]!).builds.find((b) => b.quantization === row.quantization)!;
      return planWebLlm(env, deps.hubBase(), row, build.modelLib, signal);
    };

    const downloadHubRow = async (rowId: string): Promise<boolean> => {
      if (running.has(rowId)) return false;
      const controller = new AbortController();
      running.set(rowId, controller);
      setRow(rowId, { phase: 'preparing' });
      try {
        const bytes = await installPlan(deps.env(), await plan(rowId, controller.signal), {
          signal: controller.signal,
          onProgress: (progress) => setRow(rowId, { phase: 'downloading', progress }),
        });
        setRow(rowId, { phase: 'done', bytes });
        return true;
      } catch (error) {
        const stopped = error instanceof DownloadCancelledError || controller.signal.aborted;
        setRow(rowId, stopped ? { phase: 'stopped' } : { phase: 'failed', error: errorInfo(error) });
        return false;
      } finally {
        running.delete(rowId);
        await get().refreshModels();
      }
    };

    return {
      hubDownloads: {},
      downloadHubRow,
      cancelHubDownload: (rowId) => running.get(rowId)?.abort(),
      downloadPair: async ({ targetId, targetRow, drafterId }) => {
        if (!(await downloadHubRow(drafterId))) return;
        if (!(await downloadHubRow(targetRow.id))) return;
        await get().selectModel(targetChoice(targetId));
      },
    };
  };
}
