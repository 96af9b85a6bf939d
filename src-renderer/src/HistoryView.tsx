import { useEffect, useId, useState } from 'react';
import type { SokhanApi } from '../../src-shared/app-contract/api';
import type { HistoryEntryView, HistoryPageView } from '../../src-shared/app-contract/history-views';
import type { UsageSummaryView } from '../../src-shared/app-contract/views';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { Bilingual } from './Bilingual';
import { Pager } from './Pager';
import { ConfirmDialog } from './ConfirmDialog';
import { historyStringsFor, useHistoryStrings } from './history-strings';
import { useI18n } from './i18n';
import { usePanelStrings } from './panel-strings';
import './panels.css';
import './history.css';

const PAGE_SIZE = 10;
/** Typing pauses this long before the core is asked: one search per pause, not per key. */
const SEARCH_DELAY_MS = 250;

interface Props {
  api: SokhanApi | null;
  /** The counters the core pushes; a new one means a dictation was metered, so the list is asked for again. */
  usage: UsageSummaryView | null;
  calendar: 'persian' | 'gregorian';
}

/** Past transcripts, newest first and paged, searchable across all of history, with copy and a confirmed delete. */
export function HistoryView({ api, usage, calendar }: Props) {
  const { lang, fmt } = useI18n();
  const h = useHistoryStrings();
  const p = usePanelStrings();
  const searchId = useId();
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const [view, setView] = useState<HistoryPageView | null>(null);
  const [error, setError] = useState<BilingualMessage | null>(null);
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState<HistoryEntryView | null>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(typed);
      setPage(0);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `usage` and `reload` are signals to ask again
  useEffect(() => {
    if (!api) return;
    let live = true;
    void api.historyPage(query, page, PAGE_SIZE).then((result) => {
      if (!live) return;
      if (result.ok) {
        // A page emptied by a delete falls back to the last page that has entries.
        if (result.value.entries.length === 0 && page > 0)
          setPage(Math.max(0, Math.ceil(result.value.total / PAGE_SIZE) - 1));
        else setView(result.value);
      }
      setError(result.ok ? null : result.message);
    });
    return () => {
      live = false;
    };
  }, [api, query, page, usage, reload]);

  const copy = async (entry: HistoryEntryView) => {
    try {
      await navigator.clipboard.writeText(entry.text);
      setNote(h.copied);
    } catch {
      setNote('');
      setError({ fa: historyStringsFor('fa').copyFailed, en: historyStringsFor('en').copyFailed });
    }
  };

  const confirmDelete = async () => {
    if (!api || !asking) return;
    setBusy(true);
    const result = await api.deleteTranscript(asking.sessionId);
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      setAsking(null);
      return;
    }
    setAsking(null);
    setNote(h.deleted);
    setReload((n) => n + 1);
  };

  const when = new Intl.DateTimeFormat(
    `${lang === 'fa' ? 'fa-IR' : 'en-GB'}-u-ca-${calendar === 'persian' ? 'persian' : 'gregory'}`,
    { dateStyle: 'medium', timeStyle: 'short' },
  );
  const total = view?.total ?? 0;
  const searching = (view?.query ?? '').trim() !== '';
  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title" className="section-title">
        {h.title}
      </h2>
      <div className="field history-search">
        <label htmlFor={searchId}>{h.search}</label>
        <input
          id={searchId}
          type="search"
          value={typed}
          maxLength={500}
          dir="auto"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${searchId}-hint`}
          onChange={(event) => setTyped(event.target.value)}
        />
        <p id={`${searchId}-hint`} className="field-hint">
          {h.searchHint}
        </p>
      </div>
      <p role="status" className="saved-note" data-testid="history-status">
        {view ? (searching ? h.found(fmt.number(total), view.query) : h.count(fmt.number(total))) : ''}
        {note && ` · ${note}`}
      </p>
      {error && (
        <div role="alert" className="notice notice-error">
          <Bilingual message={error} />
        </div>
      )}
      {view && view.entries.length === 0 && <p className="field-hint">{searching ? h.noMatch(view.query) : h.empty}</p>}
      {view && view.entries.length > 0 && (
        <>
          <ol className="history-list">
            {view.entries.map((entry) => {
              const date = when.format(entry.startedAt);
              const titleId = `history-${entry.sessionId}`;
              return (
                <li key={entry.sessionId} className="card history-entry" aria-labelledby={titleId}>
                  <h3 id={titleId} className="history-date">
                    {h.entryLabel(date)}
                  </h3>
                  <dl className="history-facts">
                    <div>
                      <dt>{h.length}</dt>
                      <dd>
                        {fmt.clock(entry.audioMs)} · {h.words(fmt.number(entry.words))}
                        {entry.chunksWithoutText > 0 && ` · ${h.withoutText(fmt.number(entry.chunksWithoutText))}`}
                      </dd>
                    </div>
                    <div>
                      <dt>{h.model}</dt>
                      <dd>{entry.models.length > 0 ? <bdi>{entry.models.join(', ')}</bdi> : '—'}</dd>
                    </div>
                    <div>
                      <dt>{h.cost}</dt>
                      <dd data-testid="history-cost">
                        {entry.cost ? (
                          <>
                            <bdi>{fmt.money(entry.cost.costMicros)}</bdi>{' '}
                            <span className="field-hint">{h.costOf(fmt.number(entry.cost.requests))}</span>
                          </>
                        ) : (
                          <span className="field-hint">{h.noLedger}</span>
                        )}
                      </dd>
                    </div>
                  </dl>
                  <p className="history-text" dir="auto">
                    {entry.text || h.noText}
                  </p>
                  <div className="reset-buttons">
                    <button type="button" disabled={entry.text === ''} onClick={() => void copy(entry)}>
                      {h.copy}
                    </button>
                    <button
                      type="button"
                      disabled={!api}
                      onClick={() => {
                        setNote('');
                        setAsking(entry);
                      }}
                    >
                      {h.delete}
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          <Pager label={h.title} page={page} pageSize={PAGE_SIZE} total={total} onPage={setPage} />
        </>
      )}
      {asking && (
        <ConfirmDialog
          title={h.deleteTitle}
          confirmLabel={h.deleteConfirm}
          cancelLabel={p.cancel}
          danger
          busy={busy}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setAsking(null)}
        >
          <p>
            {h.deleteBody} ({when.format(asking.startedAt)})
          </p>
          <p className="history-preview" dir="auto">
            {asking.text.length > 120 ? `${asking.text.slice(0, 120)}…` : asking.text || h.noText}
          </p>
          <p className="reset-kept">{h.deleteKept}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
