import { type FormEvent, useId, useMemo, useState } from 'react';
import {
  CORPUS_FORMAT_KINDS,
  type CorpusFormatKind,
  corpusFormat,
  guessFormatKind,
} from '../../forge/corpus/formats.ts';
import { PAPER_MAX_NEW_TOKENS } from '../../forge/create-job.ts';
import { DETECTABLE_LANGUAGES, type DetectableLanguage } from '../../models/detect-language.ts';
import { LANGUAGE_NAMES } from '../../models/prompt.ts';
import { DRAFTERS } from '../../models/registry/drafters.ts';
import { errorInfo } from '../../store/error-info.ts';
import { installedTargets } from '../../store/installed-targets.ts';
import type { CorpusSource } from '../../store/forge/prepare.ts';
import { useTandem } from '../../store/tandem-store.ts';

type SourceKind = 'file' | 'url' | 'history' | 'dataset';

/**
 * A new forge job: where the sentences come from (a file, a URL downloaded first, the user's own
 * past translations, or a FastChat data set made elsewhere), its layout, the language, the pair.
 */
export function ForgeCorpusForm() {
  const userModels = useTandem((s) => s.userModels);
  const cachedBytes = useTandem((s) => s.cachedBytes);
  const prepare = useTandem((s) => s.forgePrepare);
  const prepareJob = useTandem((s) => s.prepareForgeJob);
  const importDataset = useTandem((s) => s.importForgeDataset);
  const historyOptIn = useTandem((s) => s.historyOptIn);
  const setHistoryOptIn = useTandem((s) => s.setHistoryOptIn);
  const targets = useMemo(() => installedTargets(userModels, cachedBytes), [userModels, cachedBytes]);
  const drafters = useMemo(
    () => [
      ...DRAFTERS.filter((d) => (cachedBytes[d.id] ?? 0) > 0).map((d) => ({ id: d.id, label: d.name })),
      ...userModels.filter((m) => m.format === 'safetensors').map((m) => ({ id: `user:${m.id}`, label: m.folder })),
    ],
    [userModels, cachedBytes],
  );
  const [kind, setKind] = useState<SourceKind>('file');
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<CorpusFormatKind>('text');
  const [field, setField] = useState('');
  const [language, setLanguage] = useState<DetectableLanguage>('de');
  const [target, setTarget] = useState('');
  const [baseDrafter, setBaseDrafter] = useState('');
  const [maxNewTokens, setMaxNewTokens] = useState(PAPER_MAX_NEW_TOKENS);
  const [formError, setFormError] = useState<string | null>(null);
  const id = useId();
  const busy = prepare.phase === 'preparing';
  const chosenTarget = target || targets[0]?.id || '';
  const chosenDrafter = baseDrafter || drafters.find((d) => d.id !== chosenTarget)?.id || '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!chosenTarget || !chosenDrafter) {
      setFormError('Install a target and a base drafter first (under Models).');
      return;
    }
    const pair = { language, target: chosenTarget, baseDrafter: chosenDrafter, maxNewTokens };
    try {
      if (kind === 'dataset') {
        if (!file) throw new Error('Pick a FastChat JSONL file.');
        await importDataset({ ...pair, fileName: file.name, text: await file.text() });
        return;
      }
      const source: CorpusSource =
        kind === 'file'
          ? file
            ? { kind: 'file', name: file.name, read: async () => new Uint8Array(await file.arrayBuffer()) }
            : (() => {
                throw new Error('Pick a file.');
              })()
          : kind === 'url'
            ? { kind: 'url', url: url.trim() }
            : { kind: 'history' };
      await prepareJob({
        ...pair,
        source,
        format: kind === 'history' ? { kind: 'text' } : corpusFormat(format, field),
      });
    } catch (error) {
      setFormError(errorInfo(error).message);
    }
  };

  return (
    <form className="forge-corpus" onSubmit={submit} data-testid="forge-corpus-form">
      <fieldset disabled={busy}>
        <legend>1. Source sentences</legend>
        <div className="forge-row" role="radiogroup" aria-label="Where the sentences come from">
          {(
            [
              ['file', 'A file'],
              ['url', 'A URL'],
              ['history', 'Your past translations'],
              ['dataset', 'A data set made elsewhere (FastChat JSONL)'],
            ] as const
          ).map(([value, label]) => (
            <label key={value}>
              <input type="radio" name={`${id}-kind`} checked={kind === value} onChange={() => setKind(value)} />{' '}
              {label}
            </label>
          ))}
        </div>
        {(kind === 'file' || kind === 'dataset') && (
          <label>
            File{' '}
            <input
              type="file"
              data-testid="forge-file-input"
              onChange={(e) => {
                const picked = e.currentTarget.files?.[0] ?? null;
                setFile(picked);
                if (picked && kind === 'file') setFormat(guessFormatKind(picked.name));
              }}
            />
          </label>
        )}
        {kind === 'url' && (
          <label>
            URL{' '}
            <input
              type="url"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              placeholder="https://…/train.parquet"
            />
            <span className="forge-note">Downloaded whole before anything runs: the only request the forge makes.</span>
          </label>
        )}
        {(kind === 'file' || kind === 'url') && (
          <div className="forge-row">
            <label>
              Layout{' '}
              <select value={format} onChange={(e) => setFormat(e.currentTarget.value as CorpusFormatKind)}>
                {CORPUS_FORMAT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k === 'text' ? 'plain text, a sentence per line' : k.toUpperCase()}
                  </option>
                ))}
              </select>
            </label>
            {format !== 'text' && (
              <label>
                {format === 'jsonl' ? 'Field' : 'Column'}{' '}
                <input value={field} onChange={(e) => setField(e.currentTarget.value)} placeholder="translation.de" />
              </label>
            )}
          </div>
        )}
        {kind === 'history' && (
          <label className="forge-note">
            <input type="checkbox" checked={historyOptIn} onChange={(e) => setHistoryOptIn(e.currentTarget.checked)} />{' '}
            Keep the text of my translations in this browser for the forge (never sent anywhere; unticking forgets it)
          </label>
        )}
        <div className="forge-row">
          <label>
            Language{' '}
            <select value={language} onChange={(e) => setLanguage(e.currentTarget.value as DetectableLanguage)}>
              {DETECTABLE_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]} → English
                </option>
              ))}
            </select>
          </label>
          <label>
            Target{' '}
            <select value={chosenTarget} onChange={(e) => setTarget(e.currentTarget.value)}>
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Base drafter{' '}
            <select value={chosenDrafter} onChange={(e) => setBaseDrafter(e.currentTarget.value)}>
              {drafters.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Output limit (tokens per sentence){' '}
            <input
              type="number"
              min={1}
              max={PAPER_MAX_NEW_TOKENS}
              value={maxNewTokens}
              onChange={(e) => setMaxNewTokens(Number(e.currentTarget.value) || PAPER_MAX_NEW_TOKENS)}
            />
          </label>
        </div>
        <button type="submit">Prepare</button>
      </fieldset>
      <p className="forge-status" data-testid="forge-prepare-status" data-phase={prepare.phase} role="status">
        {prepare.phase === 'preparing' && prepare.stage.text}
      </p>
      {(formError ?? (prepare.phase === 'failed' ? prepare.error.message : null)) && (
        <p
          className="forge-error"
          role="alert"
          data-testid="forge-prepare-error"
          data-error={prepare.phase === 'failed' ? prepare.error.name : 'form'}
        >
          {formError ?? (prepare.phase === 'failed' ? prepare.error.message : '')}
        </p>
      )}
    </form>
  );
}
