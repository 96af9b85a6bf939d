/** What one dictation's ledger records say it cost (money in integer micro-dollars). */
export interface HistoryCostView {
  /** Charged requests, plus the estimate of requests whose outcome is unknown (as the counters count them). */
  costMicros: number;
  requests: number;
  failedRequests: number;
}

/** One past dictation as the history lists it: its transcript, joined by session id to its ledger records. */
export interface HistoryEntryView {
  sessionId: string;
  /** Epoch ms the dictation began. */
  startedAt: number;
  /** How long it was: audio recorded, or (without an end summary) the span its chunks cover. */
  audioMs: number;
  words: number;
  /** The whole transcript, as the window showed it. */
  text: string;
  /** Chunks that have no text (failed or blocked, dropped as silence). */
  chunksWithoutText: number;
  /** The models its requests used (from the ledger); empty when the ledger has no record of it. */
  models: string[];
  /** Null when the ledger holds no request of this dictation (history deleted, or transcribed elsewhere). */
  cost: HistoryCostView | null;
}

/** One page of past transcripts, newest first, filtered by a Persian-aware search over all of history. */
export interface HistoryPageView {
  query: string;
  page: number;
  pageSize: number;
  /** How many dictations match the query (all of them for an empty query). */
  total: number;
  entries: HistoryEntryView[];
}

/** What deleting a transcript did: the ledger (its cost) is kept. */
export interface HistoryDeleteView {
  sessionId: string;
  deleted: boolean;
}
