import { type DragEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { TARGET_LANGUAGE } from '../../store/languages.ts';
import { tandemStore, useTandem } from '../../store/tandem-store.ts';
import { OverlayLegend } from '../OverlayLegend.tsx';
import { RunStats } from '../RunStats.tsx';
import { TokenOverlay } from '../TokenOverlay.tsx';
import { DraftPreview } from './DraftPreview.tsx';
import { PlaybackControls, PlaybackStatus } from './PlaybackControls.tsx';
import { PresenterKeys } from './PresenterKeys.tsx';
import { RunCharts } from './RunCharts.tsx';
import { TraceExport } from './TraceExport.tsx';
import { TraceFilePicker } from './TraceFilePicker.tsx';
import { TraceSummary } from './TraceSummary.tsx';
import { runPresenterCommand } from './presenter-commands.ts';
import { commandForKey } from './presenter-keys.ts';
import './demo.css';

/** The app as usual, or, in presenter mode, the presenter's view in its place. */
export function PresenterSwitch({ children }: { children: ReactNode }) {
  const presenter = useTandem((state) => state.presenter);
  return presenter ? <PresenterMode /> : children;
}

/**
 * For an audience: large type, the acceptance overlay beside the charts, rejected drafts struck
 * through inline, and every action on a key (`?` lists them).
 */
export function PresenterMode() {
  const [helpOpen, setHelpOpen] = useState(false);
  const root = useRef<HTMLElement>(null);
  const helpId = useId();

  useEffect(() => root.current?.focus(), []);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isEditable(event.target)) return;
      // Buttons and checkboxes keep Space and Enter for themselves.
      if ((event.key === ' ' || event.key === 'Enter') && isControl(event.target)) return;
      const command = commandForKey(event);
      if (!command) return;
      event.preventDefault();
      runPresenterCommand(command, { helpOpen, setHelpOpen });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [helpOpen]);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) void tandemStore.getState().openTraceFile(file);
  };
  return (
    <main
      className="presenter"
      aria-label="Presenter mode"
      data-testid="presenter"
      ref={root}
      tabIndex={-1}
      onDragOver={(event) => event.preventDefault()}
      onDrop={onDrop}
    >
      <header className="presenter-bar">
        <h2>Speculative decoding, live</h2>
        <PresenterStatus />
        <span className="presenter-hint">
          Press <kbd>?</kbd> for the keys{' '}
          <button type="button" aria-expanded={helpOpen} aria-controls={helpId} onClick={() => setHelpOpen(!helpOpen)}>
            Keys
          </button>{' '}
          <button type="button" onClick={() => tandemStore.getState().setPresenter(false)}>
            Leave
          </button>
        </span>
      </header>
      <div className="presenter-body">
        <PresenterOutput />
        <RunCharts />
      </div>
      <footer className="trace-controls">
        <PlaybackControls showStatus={false} />
        <TraceFilePicker />
        <TraceSummary />
        <TraceExport />
      </footer>
      {helpOpen && <PresenterKeys id={helpId} />}
    </main>
  );
}

/** The source, the drafts on show (slow motion), and the output with its overlay, large. */
function PresenterOutput() {
  const tokens = useTandem((state) => state.tokens);
  const tail = useTandem((state) => state.tail);
  const run = useTandem((state) => state.run);
  const source = useTandem((state) =>
    state.playback?.source === 'trace' ? (state.openedTrace?.trace.run.sourceText ?? '') : state.sourceText,
  );
  return (
    <div className="presenter-output">
      <p className="presenter-source" lang="de" data-testid="presenter-source">
        {source || 'Press 1, 2 or 3 to translate a sample text, or O to open a trace.'}
      </p>
      <DraftPreview />
      <output
        className="output-text"
        lang={TARGET_LANGUAGE.code}
        aria-live="off"
        data-testid="presenter-output"
        data-run={run}
      >
        <TokenOverlay tokens={tokens} tail={tail} showRejected />
      </output>
      <RunStats />
      <OverlayLegend />
    </div>
  );
}

/** What is on show: a live run or a replay, and where it stands. */
function PresenterStatus() {
  const run = useTandem((state) => state.run);
  const mode = useTandem((state) => state.mode);
  const slowMotion = useTandem((state) => state.slowMotion);
  const passMs = useTandem((state) => state.passMs);
  const speed = useTandem((state) => state.replaySpeed);
  const pace = slowMotion ? `slow motion, ${passMs / 1000} s a pass` : speed === 1 ? 'real time' : `${speed}×`;
  return (
    <span className="presenter-status" data-testid="presenter-status">
      {mode ?? 'no run yet'} · {run} · {pace} <PlaybackStatus />
    </span>
  );
}

/** Typing there is not a command (checkboxes and buttons are not typed into). */
function isEditable(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'file'].includes(target.type);
  return target instanceof HTMLElement && (target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName));
}

function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ['BUTTON', 'A'].includes(target.tagName);
}
