import { useId, useRef, useState } from 'react';
import type { SokhanApi } from '../../src-shared/app-contract/api';
import type { UsageSummaryView } from '../../src-shared/app-contract/views';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { Bilingual } from './Bilingual';
import { ConfirmDialog } from './ConfirmDialog';
import { usePanelStrings } from './panel-strings';

/**
 * Deleting the usage history, behind a stronger confirmation than a reset: the person types a word before the
 * button works, because nothing brings the ledger back.
 */
export function DeleteHistory({ api, onUsage }: { api: SokhanApi | null; onUsage(summary: UsageSummaryView): void }) {
  const p = usePanelStrings();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BilingualMessage | null>(null);
  const [done, setDone] = useState(false);

  const confirm = async () => {
    if (!api) return;
    setBusy(true);
    const result = await api.deleteUsageHistory();
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    onUsage(result.value);
    setDone(true);
    setOpen(false);
  };

  return (
    <div className="delete-history">
      <button
        type="button"
        className="danger-quiet"
        disabled={!api}
        onClick={() => {
          setTyped('');
          setError(null);
          setDone(false);
          setOpen(true);
        }}
      >
        {p.deleteHistory}
      </button>
      <p role="status" className="saved-note">
        {done ? p.deleteDone : ''}
      </p>
      {open && (
        <ConfirmDialog
          title={p.deleteTitle}
          confirmLabel={p.deleteConfirm}
          cancelLabel={p.cancel}
          danger
          busy={busy}
          canConfirm={
            typed
              .trim()
              .toLowerCase()
              .replace(/\u0643/g, '\u06a9') === p.deleteWord
          }
          initialFocus={input}
          onConfirm={() => void confirm()}
          onCancel={() => setOpen(false)}
        >
          <p>{p.deleteBody}</p>
          <div className="field">
            <label htmlFor={id}>{p.deleteType(p.deleteWord)}</label>
            <input
              id={id}
              ref={input}
              type="text"
              autoComplete="off"
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
            />
          </div>
          {error && (
            <div role="alert" className="notice notice-error">
              <Bilingual message={error} />
            </div>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
