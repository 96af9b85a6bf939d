/** Outcome of one transcription request as the meter sees it. Only `ok` is ever charged. */
export type RequestOutcome = 'ok' | 'failed' | 'blocked';

/** How a request was billed: by audio duration, or by tokens (gpt-4o-* transcribe models). */
export type BilledUnits =
  | { type: 'duration'; seconds: number }
  | { type: 'tokens'; audioInputTokens: number; textInputTokens: number; outputTokens: number }
  | { type: 'none' };

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
  /** Cost in integer micro-dollars; 0 unless outcome is 'ok'. */
  costMicros: number;
  outcome: RequestOutcome;
  /** Stable error code when outcome is not 'ok' (see transcription error classification). */
  errorCode?: string;
  /** The API's request id (x-request-id), when it gave one. */
  requestId?: string;
  /** Which source recorded it: 'app' or 'cli'. */
  source?: 'app' | 'cli';
}
