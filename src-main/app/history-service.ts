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
  // Each transcript read, joined and keyed for search once, until its file changes: typing a search re-reads nothing.
  const cache = new Map<string, { version: string; parts: TranscriptPart[]; text: string; key: string }>();
  const transcript = async (id: string) => {
    const version = await options.transcripts.version(id);
    if (version === null) return null;
    const cached = cache.get(id);
    if (cached?.version === version) return cached;
    const parts = await options.transcripts.read(id);
    const text = spokenText(parts);
    const fresh = { version, parts, text, key: searchKey(text) };
    cache.set(id, fresh);
    return fresh;
  };

  return {
    async list({ query, page, pageSize }) {
      const [ids, records] = await Promise.all([options.transcripts.sessions(), options.records()]);
      const present = new Set(ids);
      for (const id of cache.keys()) if (!present.has(id)) cache.delete(id);
      const costs = new Map(mostExpensiveSessions(records, Number.POSITIVE_INFINITY).map((s) => [s.sessionId, s]));
      const models = modelsBySession(records);
      const needle = searchKey(query);
      const matches: Array<{ id: string; parts: TranscriptPart[]; text: string; startedAt: number }> = [];
      for (const id of ids) {
        const found = await transcript(id);
        if (!found || found.parts.length === 0) continue;
        if (needle !== '' && !found.key.includes(needle)) continue;
        matches.push({
          id,
          parts: found.parts,
          text: found.text,
          startedAt: startedAt(id, found.parts, costs.get(id)),
        });
      }
      matches.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
      // Only the page shown is counted in words and joined to its models (a search may match thousands).
      const entries = matches
        .slice(page * pageSize, (page + 1) * pageSize)
        .map((m) => toEntry(m.id, m.parts, m.text, m.startedAt, costs.get(m.id), models.get(m.id)));
      return { query, page, pageSize, total: matches.length, entries };
    },
    async delete(sessionId) {
      if (options.activeSession() === sessionId) throw new AppError('dictation_in_progress', STILL_RECORDING);
      cache.delete(sessionId);
      return { sessionId, deleted: await options.transcripts.remove(sessionId) };
    },
  };
}

const hasText = (part: TranscriptPart) => part.status === 'ok' && part.text.trim() !== '';

/** The transcript as the window showed it: every chunk with text, in spoken order. */
function spokenText(parts: TranscriptPart[]): string {
  return joinTranscriptParts(parts.filter(hasText).map((part) => part.text));
}

/** When a dictation began: the ledger's start, else the time in its id, else when its first chunk was stored. */
function startedAt(sessionId: string, parts: TranscriptPart[], summary: SessionSummary | undefined): number {
  return summary?.startedAt ?? startOfId(sessionId) ?? Math.min(...parts.map((part) => part.at));
}

function toEntry(
  sessionId: string,
  parts: TranscriptPart[],
  text: string,
  started: number,
  summary: SessionSummary | undefined,
  models: Set<string> | undefined,
): HistoryEntryView {
  const chunksSpan = Math.max(0, ...parts.map((part) => part.endMs));
  return {
    sessionId,
    startedAt: started,
    audioMs: summary?.audioRecordedMs ?? chunksSpan,
    words: countWords(text),
    text,
    chunksWithoutText: parts.filter((part) => !hasText(part)).length,
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
