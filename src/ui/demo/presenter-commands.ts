import { tandemStore } from '../../store/tandem-store.ts';
import type { PresenterCommand } from './presenter-keys.ts';
import { nextPassMs, nextReplaySpeed } from './presenter-keys.ts';
import { PRESENTER_TEXTS } from './presenter-texts.ts';
import { chooseTraceFile } from './TraceFilePicker.tsx';
import { exportLastRun } from './trace-file.ts';

/** What the view around the commands owns: its key help. */
export interface PresenterView {
  helpOpen: boolean;
  setHelpOpen(open: boolean): void;
}

/** Carries out one presenter command on the app store. */
export function runPresenterCommand(command: PresenterCommand, view: PresenterView): void {
  const state = tandemStore.getState();
  const active = state.playback !== null && state.playback.state !== 'ended';
  const running = state.run === 'running' || state.run === 'stopping';
  switch (command.kind) {
    case 'help':
      view.setHelpOpen(!view.helpOpen);
      break;
    case 'sample':
      void translateSample(command.index);
      break;
    case 'translate':
      void state.requestTranslate();
      break;
    case 'race':
      state.setRace(!state.race);
      break;
    case 'replay':
      state.startReplay();
      break;
    case 'pause':
      if (state.playback?.state === 'paused') state.playbackPlay();
      else if (active) state.playbackPause();
      break;
    case 'step':
      state.playbackStep();
      break;
    case 'slow-motion':
      state.setSlowMotion(!state.slowMotion);
      break;
    case 'slower':
    case 'faster':
      if (state.slowMotion) state.setPassMs(nextPassMs(state.passMs, command.kind));
      else state.setReplaySpeed(nextReplaySpeed(state.replaySpeed, command.kind));
      break;
    case 'open':
      chooseTraceFile();
      break;
    case 'export':
      exportLastRun();
      break;
    case 'stop':
      void state.requestStop();
      break;
    case 'escape':
      if (view.helpOpen) view.setHelpOpen(false);
      else if (running || active) void state.requestStop();
      else state.setPresenter(false);
      break;
  }
}

/** Puts a sample text in the source box and translates it; with no model chosen, with the demo. */
async function translateSample(index: number): Promise<void> {
  const sample = PRESENTER_TEXTS[index];
  if (!sample) return;
  const state = tandemStore.getState();
  state.setSourceLanguage('de');
  state.setSourceText(sample.text);
  if (state.model === 'none') await state.selectModel('demo');
  await tandemStore.getState().requestTranslate();
}
