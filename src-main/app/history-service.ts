import type { HistoryDeleteView, HistoryEntryView, HistoryPageView } from '../../src-shared/app-contract/history-views';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { joinTranscriptParts } from '../../src-shared/persian/normalize-persian';
import { searchKey } from '../../src-shared/persian/search-key';
import type { LedgerRecord } from '../../src-shared/usage/ledger-record';
import { mostExpensiveSessions, type SessionSummary } from '../../src-shared/usage/views';
import { countWords } from '../pipeline/count-words';
import type { TranscriptPart, TranscriptStore } from '../pipeline/transcript-store';
import { AppError } from './app-error';

export interface HistoryServiceOptions {
  transcripts: TranscriptStore;
  /** Every ledger record (the meter's view, the CLI's lines included). */
  records: () => Promise<LedgerRecord[]>;
  /** The dictation recording or sending now: its transcript is still being written, so it cannot be deleted. */
  activeSession: () => string | null;
}

/** Past transcripts for the window: listed and searched across all of history, and deleted one by one. */
export interface HistoryService {
  list(query: { query: string; page: number; pageSize: number }): Promise<HistoryPageView>;
  delete(sessionId: string): Promise<HistoryDeleteView>;
}

/**
 * Joins the transcript store to the usage ledger by session id. The cost comes from the same per-session sums the
 * usage tab's sessions list shows (mostExpensiveSessions), so the two can never disagree; a dictation the ledger has
 * no record of says so (cost null) instead of showing $0.
 */
export function createHistoryService(options: HistoryServiceOptions): HistoryService {
  return {
    async list({ query, page, pageSize }) {
      const [ids, records] = await Promise.all([options.transcripts.sessions(), options.records()]);
      const costs = new Map(mostExpensiveSessions(records, Number.POSITIVE_INFINITY).map((s) => [s.sessionId, s]));
      const models = modelsBySession(records);
      const needle = searchKey(query);
      const entries: HistoryEntryView[] = [];
      for (const id of ids) {
        const parts = await options.transcripts.read(id);
        if (parts.length === 0) continue;
        const entry = toEntry(id, parts, costs.get(id), models.get(id));
        if (needle === '' || searchKey(entry.text).includes(needle)) entries.push(entry);
      }
      entries.sort((a, b) => b.startedAt - a.startedAt || (a.sessionId < b.sessionId ? 1 : -1));
      return {
        query,
        page,
        pageSize,
        total: entries.length,
        entries: entries.slice(page * pageSize, (page + 1) * pageSize),
      };
    },
    async delete(sessionId) {
      if (options.activeSession() === sessionId) throw new AppError('dictation_in_progress', STILL_RECORDING);
      return { sessionId, deleted: await options.transcripts.remove(sessionId) };
    },
  };
}

function toEntry(
  sessionId: string,
  parts: TranscriptPart[],
  summary: SessionSummary | undefined,
  models: Set<string> | undefined,
): HistoryEntryView {
  const spoken = parts.filter((part) => part.status === 'ok' && part.text.trim() !== '');
  const text = joinTranscriptParts(spoken.map((part) => part.text));
  const chunksSpan = Math.max(0, ...parts.map((part) => part.endMs));
  const firstStored = Math.min(...parts.map((part) => part.at));
  return {
    sessionId,
    startedAt: summary?.startedAt ?? startOfId(sessionId) ?? firstStored,
    audioMs: summary?.audioRecordedMs ?? chunksSpan,
    words: countWords(text),
    text,
    chunksWithoutText: parts.length - spoken.length,
    models: [...(models ?? [])].sort(),
    cost: summary
      ? { costMicros: summary.costMicros, requests: summary.requests, failedRequests: summary.failedRequests }
      : null,
  };
}

/** The models each dictation's requests used (blocked requests were never sent, so they name no model used). */
function modelsBySession(records: readonly LedgerRecord[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const record of records) {
    if (record.kind !== 'request' || record.outcome === 'blocked') continue;
    const set = out.get(record.sessionId) ?? new Set<string>();
    out.set(record.sessionId, set);
    set.add(record.model);
  }
  return out;
}

/** Session ids begin with their start time in UTC ("20261203T164723-1a2b3c4d"); null for any other id. */
function startOfId(sessionId: string): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})/.exec(sessionId);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const at = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isFinite(at) ? at : null;
}

const STILL_RECORDING: BilingualMessage = {
  fa: 'این دیکته هنوز در جریان است و متنش در حال نوشتن است. پس از پایان آن دوباره امتحان کنید.',
  en: 'This dictation is still in progress and its text is being written. Try again once it has finished.',
};
