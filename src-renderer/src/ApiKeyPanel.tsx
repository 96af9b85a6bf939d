import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SokhanApi } from '../../src-shared/app-contract/api';
import type { ApiKeyStatusView, KeyCheckView } from '../../src-shared/app-contract/views';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { Bilingual } from './Bilingual';
import { keyStringsFor, useKeyStrings } from './key-strings';

/**
 * The API key: whether one is set, where it comes from and where it is kept, a form to enter one, and a free test.
 * The core answers with the last four characters only; the typed key leaves the field as soon as it is handed over.
 */
export function ApiKeyPanel({ api }: { api: SokhanApi | null }) {
  const k = useKeyStrings();
  const id = useId();
  const [status, setStatus] = useState<ApiKeyStatusView | null>(null);
  const [typed, setTyped] = useState('');
  const [remember, setRemember] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BilingualMessage | null>(null);
  const [note, setNote] = useState('');
  const [testing, setTesting] = useState(false);
  const [check, setCheck] = useState<KeyCheckView | null>(null);

  useEffect(() => {
    if (!api) return;
    let live = true;
    void api.apiKeyStatus().then((result) => live && result.ok && setStatus(result.value));
    return () => {
      live = false;
    };
  }, [api]);

  if (!status) return null;
  const canRemember = status.storage === 'encrypted';
  const keep = canRemember && remember;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!api || busy) return;
    if (typed.trim() === '') {
      setError({ fa: keyStringsFor('fa').empty, en: keyStringsFor('en').empty });
      return;
    }
    setBusy(true);
    setNote('');
    setCheck(null);
    const result = await api.setApiKey(typed, keep);
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setError(null);
    setTyped('');
    setStatus(result.value);
    setNote(keep ? k.saved : k.savedForRun);
  };

  const clear = async () => {
    if (!api) return;
    const result = await api.clearApiKey();
    setCheck(null);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setStatus(result.value);
    setNote(k.cleared);
  };

  const test = async () => {
    if (!api) return;
    setTesting(true);
    setCheck(null);
    const result = await api.testApiKey();
    setTesting(false);
    setCheck(result.ok ? result.value : { ok: false, code: result.code, message: result.message });
  };

  const storageNote = k.storage[status.storage];
  const inputId = `${id}-key`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div className="api-key">
      <p data-testid="api-key">
        <span className="budget-name">{k.apiKey}: </span>
        {status.set ? k.set(status.lastFour ?? '') : k.missing}
        {status.source && <span className="field-hint"> — {k.source[status.source]}</span>}
      </p>
      {status.envOverridden && <p className="field-hint">{k.envOverridden}</p>}
      {storageNote && (
        <p className="field-hint" data-testid="key-storage">
          {storageNote}
        </p>
      )}
      <form className="api-key-form" onSubmit={(event) => void save(event)}>
        <div className="field">
          <label htmlFor={inputId}>{k.newKey}</label>
          <input
            id={inputId}
            type="password"
            value={typed}
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={[hintId, error ? errorId : ''].filter(Boolean).join(' ')}
            onChange={(event) => {
              setTyped(event.target.value);
              setError(null);
              setNote('');
            }}
          />
          <p id={hintId} className="field-hint">
            {k.newKeyHint}
          </p>
          {error && (
            <div id={errorId} role="alert" className="field-error">
              <Bilingual message={error} />
            </div>
          )}
        </div>
        {canRemember && (
          <label className="check-field">
            <input type="checkbox" checked={remember} onChange={(event) => setRemember(event.target.checked)} />
            <span>
              <span className="option-label">{k.remember}</span>
              <span className="option-hint">{k.rememberHint}</span>
            </span>
          </label>
        )}
        <div className="reset-buttons">
          <button type="submit" disabled={!api || busy}>
            {busy ? k.saving : keep ? k.save : k.saveForRun}
          </button>
          {(status.source === 'stored' || status.source === 'session') && (
            <button type="button" onClick={() => void clear()}>
              {k.clear}
            </button>
          )}
          <button type="button" disabled={testing} onClick={() => void test()}>
            {testing ? k.testing : k.test}
          </button>
        </div>
      </form>
      <p role="status" className="saved-note">
        {note}
      </p>
      {check?.ok && (
        <div role="status" className="saved-note" data-testid="key-check">
          <Bilingual message={check.message} />
        </div>
      )}
      {check && !check.ok && (
        <div role="alert" className="field-error" data-testid="key-check">
          <Bilingual message={check.message} />
        </div>
      )}
    </div>
  );
}
