import { type DragEvent, useRef, useState } from 'react';
import { useTandem } from '../../store/tandem-store.ts';

/** Opens the picker from elsewhere (the presenter's `o` key): the one file input on the page. */
export function chooseTraceFile(): void {
  document.querySelector<HTMLInputElement>('input[data-trace-input]')?.click();
}

/** "Open a trace…" and a drop zone; a file that is not a good trace gets its problem said plainly. */
export function TraceFilePicker() {
  const openTraceFile = useTandem((state) => state.openTraceFile);
  const problem = useTandem((state) => state.traceProblem);
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation(); // the presenter's view also takes drops: one file, opened once
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void openTraceFile(file);
  };
  return (
    <>
      <section
        className="trace-drop"
        aria-label="Open or drop a trace file"
        data-testid="trace-drop"
        data-dragging={dragging ? '' : undefined}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <button type="button" onClick={() => input.current?.click()}>
          Open a trace…
        </button>{' '}
        or drop a trace file (.json) here. It replays here, without a GPU or any model.
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          hidden
          data-trace-input=""
          data-testid="trace-file-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void openTraceFile(file);
            event.target.value = ''; // the same file again is a new choice
          }}
        />
      </section>
      {problem && (
        <p className="trace-problem" role="alert" data-testid="trace-problem" data-error-name={problem.error.name}>
          Cannot open “{problem.fileName}”: {problem.error.message}.
        </p>
      )}
    </>
  );
}
