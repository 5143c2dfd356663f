import { useId, useState, type FormEvent } from 'react';
import { formatMB } from '../format.ts';
import type { UrlModelFormat } from '../models/storage/import-url.ts';
import { useTandem } from '../store/tandem-store.ts';
import { progressText } from './ModelManagerRow.tsx';

const FORMATS: { value: UrlModelFormat; label: string }[] = [
  { value: 'safetensors', label: 'LLaMA safetensors (model.safetensors)' },
  { value: 'onnx', label: 'ONNX (onnx/model.onnx)' },
];

/**
 * "Add a model by URL": a folder address and its layout; the files are downloaded into the model
 * cache with progress and Stop, then the model is listed with the user's other models.
 */
export function ModelManagerAddUrl() {
  const state = useTandem((s) => s.urlImportState);
  const addModelByUrl = useTandem((s) => s.addModelByUrl);
  const cancelUrlImport = useTandem((s) => s.cancelUrlImport);
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<UrlModelFormat>('safetensors');
  const urlId = useId();
  const formatId = useId();
  const hintId = useId();
  const downloading = state.phase === 'downloading';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void addModelByUrl(url, format);
  };

  return (
    <form className="model-add-url" onSubmit={submit} noValidate data-testid="model-add-url">
      <h3 className="model-add-url-title">Add a model by URL</h3>
      <div className="model-add-url-fields">
        <label htmlFor={urlId}>Folder URL</label>
        <input
          id={urlId}
          type="text"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          aria-describedby={hintId}
          disabled={downloading}
          placeholder="https://huggingface.co/owner/model/resolve/main/"
        />
        <label htmlFor={formatId}>Format</label>
        <select
          id={formatId}
          value={format}
          onChange={(e) => setFormat(e.target.value as UrlModelFormat)}
          disabled={downloading}
        >
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <p id={hintId} className="model-row-note">
        The folder must hold config.json, the weights, tokenizer.json and tokenizer_config.json (generation_config.json
        if it has one).
      </p>
      <div className="model-row-actions">
        <button type="submit" disabled={downloading}>
          Add model
        </button>
        {downloading && (
          <button type="button" onClick={cancelUrlImport}>
            Stop adding
          </button>
        )}
      </div>
      <p aria-live="polite" data-testid="url-import-status" className="model-row-state">
        {state.phase === 'downloading' && `${state.name}: ${progressText(state.progress)}`}
        {state.phase === 'done' && `Added ${state.name} as ${state.id}: ${formatMB(state.bytes)}.`}
        {state.phase === 'stopped' && `Stopped adding ${state.name}: nothing was kept.`}
      </p>
      {downloading && (
        <progress max={100} value={state.progress.percent ?? undefined} aria-label={`Downloading ${state.name}`} />
      )}
      {state.phase === 'failed' && (
        <p className="model-row-error" role="alert" data-testid="url-import-error">
          {state.error.message}
        </p>
      )}
    </form>
  );
}
