import { useEffect, useState } from 'react';
import type { SokhanApi } from '../../src-shared/app-contract/api';
import type { UsageSessionsView, UsageSummaryView } from '../../src-shared/app-contract/views';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { Bilingual } from './Bilingual';
import { Pager } from './Pager';
import { useI18n } from './i18n';
import { usePanelStrings } from './panel-strings';

const PAGE_SIZE = 10;

/** Saves text as a file: a download in the browser host, the save dialog in the desktop app. */
function saveText(fileName: string, mimeType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Past dictations, newest first and paged, with the ledger's export in CSV or JSON. */
export function SessionsList({
  api,
  usage,
  calendar,
}: {
  api: SokhanApi | null;
  usage: UsageSummaryView | null;
  calendar: 'persian' | 'gregorian';
}) {
  const { lang, fmt } = useI18n();
  const p = usePanelStrings();
  const [page, setPage] = useState(0);
  const [view, setView] = useState<UsageSessionsView | null>(null);
  const [error, setError] = useState<BilingualMessage | null>(null);
  const [note, setNote] = useState('');

  // biome-ignore lint/correctness/useExhaustiveDependencies: `usage` is the signal that something new was metered
  useEffect(() => {
    if (!api) return;
    let live = true;
    void api.usageSessions(page, PAGE_SIZE).then((result) => {
      if (!live) return;
      if (result.ok) setView(result.value);
      setError(result.ok ? null : result.message);
    });
    return () => {
      live = false;
    };
  }, [api, page, usage]);

  const exportAs = async (format: 'csv' | 'json') => {
    if (!api) return;
    const result = await api.exportUsage(format);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    saveText(result.value.fileName, result.value.mimeType, result.value.text);
    setNote(p.exported(fmt.number(result.value.records), result.value.fileName));
  };

  const when = new Intl.DateTimeFormat(
    `${lang === 'fa' ? 'fa-IR' : 'en-GB'}-u-ca-${calendar === 'persian' ? 'persian' : 'gregory'}`,
    {
      dateStyle: 'medium',
      timeStyle: 'short',
    },
  );
  const total = view?.total ?? 0;
  return (
    <section className="card sessions" aria-labelledby="sessions-title">
      <div className="sessions-bar">
        <h3 id="sessions-title" className="card-title">
          {p.sessions}
        </h3>
        <div className="sessions-actions">
          <button type="button" disabled={!api} onClick={() => void exportAs('csv')}>
            {p.exportCsv}
          </button>
          <button type="button" disabled={!api} onClick={() => void exportAs('json')}>
            {p.exportJson}
          </button>
        </div>
      </div>
      <p role="status" className="saved-note">
        {note}
      </p>
      {error && (
        <div role="alert" className="notice notice-error">
          <Bilingual message={error} />
        </div>
      )}
      {view && view.sessions.length === 0 && <p className="field-hint">{p.sessionsEmpty}</p>}
      {view && view.sessions.length > 0 && (
        <>
          <table className="sessions-table">
            <thead>
              <tr>
                <th scope="col">{p.startedColumn}</th>
                <th scope="col">{p.lengthColumn}</th>
                <th scope="col">{p.requestsColumn}</th>
                <th scope="col">{p.costColumn}</th>
              </tr>
            </thead>
            <tbody>
              {view.sessions.map((s) => (
                <tr key={s.sessionId}>
                  <th scope="row">{when.format(s.startedAt)}</th>
                  <td>{fmt.clock(s.audioRecordedMs ?? s.audioSentMs)}</td>
                  <td>{fmt.number(s.requests)}</td>
                  <td>
                    <bdi>{fmt.money(s.costMicros)}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager label={p.sessions} page={page} pageSize={PAGE_SIZE} total={total} onPage={setPage} />
        </>
      )}
    </section>
  );
}
