/**
 * Outcome of one transcription request as the meter sees it. `ok` is charged; `unknown` (sent, but no answer came:
 * a timeout, a connection cut after the upload, a kill) may have been charged, so it carries its estimated cost and
 * counts against budgets, shown apart from confirmed spend.
 */
export type RequestOutcome = 'ok' | 'failed' | 'blocked' | 'unknown';

/** How a request was billed: by audio duration, or by tokens (gpt-4o-* transcribe models). */
export type BilledUnits =
  | { type: 'duration'; seconds: number }
  | { type: 'tokens'; audioInputTokens: number; textInputTokens: number; outputTokens: number }
  | { type: 'none' };

/** Which program appended a record. */
export type RecordSource = 'app' | 'cli';

/**
 * One line of the usage ledger: one transcription request. The ledger is the truth; every counter,
 * budget and export is a view of these records. Money is integer micro-dollars (1 USD = 1 000 000).
 */
export interface LedgerRequestRecord {
  kind: 'request';
  /** Unique id of this record (used to de-duplicate on import and across processes). */
  id: string;
  /** Epoch milliseconds when the request finished. */
  at: number;
  sessionId: string;
  model: string;
  /** Provider id from the pricing catalogue: 'openai' | 'groq' | 'custom'. */
  provider: string;
  /** Milliseconds of audio in the uploaded file. */
  audioMs: number;
  billed: BilledUnits;
  /** Seconds billed (duration billing, or the audio duration for token billing); 0 when not charged. */
  billedSeconds: number;
  /** Cost in integer micro-dollars; 0 unless outcome is 'ok' (or 'unknown': then the estimate). */
  costMicros: number;
  outcome: RequestOutcome;
  /** Stable error code when outcome is not 'ok' (see transcription error classification). */
  errorCode?: string;
  /** The API's request id (x-request-id), when it gave one. */
  /** The model had no known price (not in the catalogue, customPricePerMinuteUsd not set): its cost is not known. */
  priceUnknown?: boolean;
  requestId?: string;
  /** Which source recorded it: 'app' or 'cli'. */
  source?: RecordSource;
  /** The budget reservation this request used; its line releases the reservation for every process. */
  reservationId?: string;
  /** The API's text when it was dropped as a silence hallucination ("Thanks for watching"): billed, kept here. */
  droppedText?: string;
}

/** A dictation session began (written so a session's running cost survives a restart). */
export interface LedgerSessionStartRecord {
  kind: 'session-start';
  id: string;
  at: number;
  sessionId: string;
  source?: RecordSource;
}

/** A dictation session ended: its summary, self-contained so exports need no other line. */
export interface LedgerSessionRecord {
  kind: 'session';
  id: string;
  /** Epoch ms when the session ended. */
  at: number;
  sessionId: string;
  startedAt: number;
  audioRecordedMs: number;
  audioSentMs: number;
  requests: number;
  failedRequests: number;
  costMicros: number;
  words: number;
  source?: RecordSource;
}

/** The four counters a person can reset. */
export type ResetPeriod = 'day' | 'week' | 'month' | 'all';

/** "Reset counters": zeroes that counter from `at` on; history before it stays in the ledger. */
export interface LedgerResetRecord {
  kind: 'reset';
  id: string;
  at: number;
  period: ResetPeriod;
  source?: RecordSource;
}

/** A budget warning that was shown; its `key` (scope, level, period) makes it once-per-period for every process. */
export interface LedgerWarningRecord {
  kind: 'warning';
  id: string;
  at: number;
  key: string;
  scope: 'daily' | 'monthly' | 'session';
  level: 'warn' | 'limit';
  spentMicros: number;
  limitMicros: number;
  source?: RecordSource;
}

/** Money held back for a request in flight while "block at limit" is on; released by the request line. */
export interface LedgerReservationRecord {
  kind: 'reservation';
  id: string;
  at: number;
  sessionId: string;
  model: string;
  audioMs: number;
  /** Conservative upper bound of what the request can cost. */
  maxMicros: number;
  source?: RecordSource;
}

/** A reservation given back without a request line (refused, or the request was never sent). */
export interface LedgerReleaseRecord {
  kind: 'release';
  id: string;
  at: number;
  reservationId: string;
  source?: RecordSource;
}

/**
 * Minutes imported from the old Python app's meter. It kept only per-day (or total) minutes, so there is no
 * per-request detail: `requests` stays unknown and the cost is priced as whisper-1, the model it used.
 */
export interface LedgerLegacyRecord {
  kind: 'legacy';
  id: string;
  at: number;
  /** The local day the old app filed these minutes under, or null when only a total was known. */
  day: string | null;
  model: string;
  audioMs: number;
  billedSeconds: number;
  costMicros: number;
  failedRequests: number;
  source: 'legacy';
}

/** Any line of the ledger. */
export type LedgerRecord =
  | LedgerRequestRecord
  | LedgerSessionStartRecord
  | LedgerSessionRecord
  | LedgerResetRecord
  | LedgerWarningRecord
  | LedgerReservationRecord
  | LedgerReleaseRecord
  | LedgerLegacyRecord;

// Number.isFinite does not convert, so only a real finite number passes.
const isNum = (v: unknown): v is number => Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** Checks that a parsed line has the fields the meter relies on; anything else is skipped, never trusted. */
export function isLedgerRecord(value: unknown): value is LedgerRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  if (!isStr(r.id) || r.id === '' || !isNum(r.at)) return false;
  // A kind the meter does not know (or no kind at all) falls to `default`.
  switch (r.kind) {
    case 'request':
      return (
        isStr(r.sessionId) &&
        isStr(r.model) &&
        isNum(r.audioMs) &&
        isNum(r.billedSeconds) &&
        Number.isInteger(r.costMicros) &&
        (r.outcome === 'ok' || r.outcome === 'failed' || r.outcome === 'blocked' || r.outcome === 'unknown')
      );
    case 'session-start':
      return isStr(r.sessionId);
    case 'session':
      return isStr(r.sessionId) && isNum(r.startedAt) && Number.isInteger(r.costMicros);
    case 'reset':
      return r.period === 'day' || r.period === 'week' || r.period === 'month' || r.period === 'all';
    case 'warning':
      return isStr(r.key);
    case 'reservation':
      return Number.isInteger(r.maxMicros) && isStr(r.sessionId);
    case 'release':
      return isStr(r.reservationId);
    case 'legacy':
      return isStr(r.model) && isNum(r.audioMs) && Number.isInteger(r.costMicros) && isNum(r.failedRequests);
    default:
      return false;
  }
}
