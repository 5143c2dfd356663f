import { useRef } from 'react';
import { formatMB } from '../format.ts';
import { useTandem } from '../store/tandem-store.ts';

// React passes unknown attributes through; the DOM typings do not know webkitdirectory.
const DIRECTORY_PICKER = { webkitdirectory: '', directory: '' };

/** "Import a model folder…": a folder picked in the browser, copied into the model cache. */
export function ModelManagerImport() {
  const importState = useTandem((s) => s.importState);
  const importModelFolder = useTandem((s) => s.importModelFolder);
  const input = useRef<HTMLInputElement>(null);

  const onChange = () => {
    const files = [...(input.current?.files ?? [])];
    if (input.current) input.current.value = ''; // picking the same folder again fires change again
    if (files.length > 0) void importModelFolder(files);
  };

  return (
    <div className="model-import">
      {/* A real button opens the hidden picker: keyboard users get a focusable, labelled control. */}
      <button type="button" onClick={() => input.current?.click()} disabled={importState.phase === 'importing'}>
        Import a model folder…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        multiple
        data-testid="model-folder-input"
        onChange={onChange}
        {...DIRECTORY_PICKER}
      />
      <p aria-live="polite" data-testid="import-status">
        {importState.phase === 'importing' && `Importing “${importState.folder}”…`}
        {importState.phase === 'done' && `Imported as ${importState.id}: ${formatMB(importState.bytes)}.`}
      </p>
      {importState.phase === 'failed' && (
        <p className="model-row-error" role="alert" data-testid="import-error">
          {importState.error.message}
        </p>
      )}
    </div>
  );
}
