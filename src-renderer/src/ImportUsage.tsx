import { useId, useState, type ChangeEvent } from 'react';
import type { SokhanApi } from '../../src-shared/app-contract/api';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { Bilingual } from './Bilingual';
import { useI18n } from './i18n';
import { usePanelStrings } from './panel-strings';

/** Imports an export made by the app, or the old Python app's meter, from a file the person picks. */
export function ImportUsage({ api }: { api: SokhanApi | null }) {
  const { fmt } = useI18n();
  const p = usePanelStrings();
  const id = useId();
  const [note, setNote] = useState('');
  const [error, setError] = useState<BilingualMessage | null>(null);

  const onFile = async (kind: 'export' | 'legacy', event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    if (!api || !file) return;
    setNote('');
    setError(null);
    const result = await api.importUsage(kind, await file.text(), Math.round(file.lastModified));
    // The same file can be picked again (e.g. after fixing it).
    input.value = '';
    if (!result.ok) {
      setError(result.message);
      return;
    }
    const { added, duplicates, legacy } = result.value;
    const counts = p.imported(fmt.number(added), fmt.number(duplicates));
    setNote(
      legacy
        ? `${p.importedLegacy(fmt.minutes(legacy.minutes * 60_000), fmt.money(legacy.costMicros))} ${counts}`
        : counts,
    );
  };

  return (
    <div className="import-usage">
      <div className="field">
        <label htmlFor={`${id}-export`}>{p.importExport}</label>
        <input
          id={`${id}-export`}
          type="file"
          accept=".csv,.json,text/csv,application/json"
          disabled={!api}
          aria-describedby={`${id}-export-hint`}
          onChange={(event) => void onFile('export', event)}
        />
        <p id={`${id}-export-hint`} className="field-hint">
          {p.importExportHint}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-legacy`}>{p.importLegacy}</label>
        <input
          id={`${id}-legacy`}
          type="file"
          accept=".json,application/json"
          disabled={!api}
          aria-describedby={`${id}-legacy-hint`}
          onChange={(event) => void onFile('legacy', event)}
        />
        <p id={`${id}-legacy-hint`} className="field-hint">
          {p.importLegacyHint}
        </p>
      </div>
      <p role="status" className="saved-note">
        {note}
      </p>
      {error && (
        <div role="alert" className="field-error">
          <Bilingual message={error} />
        </div>
      )}
    </div>
  );
}
