import type { LedgerRequestRecord } from '../../src-shared/usage/ledger-record';

import type { BilingualMessage } from '../../src-shared/bilingual';

export type { BilingualMessage };

/** A budget threshold the meter reports as crossed. */
export interface SessionBudgetWarning {
  scope: 'daily' | 'monthly' | 'session';
  level: 'warn' | 'limit';
  spentMicros: number;
  limitMicros: number;
  message: BilingualMessage;
}

/** The part of the usage meter a dictation session needs (the UsageMeter implements it). */
export interface SessionMeter {
  authorize(request: {
    sessionId: string;
    model: string;
    audioMs: number;
    customMicrosPerMinute?: number | null;
  }): Promise<
    | { ok: true; reservationId: string }
    | { ok: false; code: 'daily_limit' | 'monthly_limit' | 'price_unknown'; message: BilingualMessage }
  >;
  record(record: LedgerRequestRecord, reservationId?: string): Promise<{ warnings: SessionBudgetWarning[] }>;
  /** Gives back a reservation whose request was never sent (cancelled while waiting to retry). */
  release(reservationId: string): Promise<void>;
  startSession(sessionId: string): Promise<void>;
  endSession(summary: { sessionId: string; audioRecordedMs: number; words: number }): Promise<void>;
}

/** The settings a session reads once at its start (a change applies to the next session). */
export interface SessionSettings {
  model: string;
  language: string;
  digits: 'keep' | 'persian' | 'latin';
  /** false keeps the API's text as it came (no Persian editor); default true. */
  persianEditor?: boolean;
  maxConcurrentRequests: number;
  /** Price for endpoints outside the catalogue, micro-dollars per minute of audio. */
  customMicrosPerMinute: number | null;
}
