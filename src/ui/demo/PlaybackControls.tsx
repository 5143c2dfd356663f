import { tandemStore, useTandem } from '../../store/tandem-store.ts';
import { PASS_TIMES, REPLAY_SPEEDS } from './pacing-options.ts';

/** Replay and slow motion: start, pause/resume, one pass forward, speed, and (unless shown elsewhere) where it stands. */
export function PlaybackControls({ showStatus = true }: { showStatus?: boolean }) {
  const opened = useTandem((state) => state.openedTrace !== null);
  const playback = useTandem((state) => state.playback);
  const slowMotion = useTandem((state) => state.slowMotion);
  const passMs = useTandem((state) => state.passMs);
  const replaySpeed = useTandem((state) => state.replaySpeed);
  // Actions never change: read them when used.
  const { startReplay, playbackPlay, playbackPause, playbackStep, setSlowMotion, setPassMs, setReplaySpeed } =
    tandemStore.getState();
  const active = playback !== null && playback.state !== 'ended';
  const playing = playback?.state === 'playing' || playback?.state === 'waiting';
  return (
    <fieldset className="trace-row playback-controls">
      <legend className="visually-hidden">Playback</legend>
      <button type="button" disabled={!opened} onClick={() => startReplay()} data-testid="replay-start">
        Replay the trace
      </button>
      <button
        type="button"
        disabled={!active}
        onClick={() => (playing ? playbackPause() : playbackPlay())}
        data-testid="replay-toggle"
      >
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" disabled={!active && !opened} onClick={() => playbackStep()} data-testid="replay-step">
        Step one pass
      </button>
      <label className="choice">
        Speed
        <select
          value={replaySpeed}
          disabled={slowMotion}
          onChange={(event) => setReplaySpeed(Number(event.target.value))}
          data-testid="replay-speed"
        >
          {REPLAY_SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed === 1 ? 'real time' : `${speed}×`}
            </option>
          ))}
        </select>
      </label>
      <label className="choice">
        <input
          type="checkbox"
          checked={slowMotion}
          onChange={(event) => setSlowMotion(event.target.checked)}
          data-testid="slow-motion"
        />
        Slow motion (live runs too): each pass
        <select
          value={passMs}
          onChange={(event) => setPassMs(Number(event.target.value))}
          aria-label="Time per pass in slow motion"
        >
          {PASS_TIMES.map((ms) => (
            <option key={ms} value={ms}>
              {ms / 1000} s
            </option>
          ))}
        </select>
      </label>
      {showStatus && <PlaybackStatus />}
    </fieldset>
  );
}

/** e.g. "Replay: pass 12 of 40, paused". */
export function PlaybackStatus() {
  const playback = useTandem((state) => state.playback);
  if (!playback) return null;
  const what = playback.source === 'trace' ? 'Replay' : 'Slow motion';
  return (
    <span
      className="playback-status"
      role="status"
      data-testid="playback-status"
      data-state={playback.state}
      data-passes-shown={playback.passesShown}
      data-passes-total={playback.passesTotal}
    >
      {what}: pass {playback.passesShown} of {playback.passesTotal}, {playback.state}
    </span>
  );
}
