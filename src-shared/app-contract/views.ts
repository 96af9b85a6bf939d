import type { SessionSummary } from '../usage/views';
import { z } from 'zod';
import type { Settings } from '../settings/settings-schema';
import type { HistoryDeleteView, HistoryPageView } from './history-views';
import type { SpoolCommandResults } from './waiting-audio';

const bilingual = z.object({ fa: z.string(), en: z.string() });

const counter = z.object({
  requests: z.number(),
  failedRequests: z.number(),
  audioMs: z.number(),
  billedSeconds: z.number(),
  costMicros: z.number(),
  /**
   * Requests sent whose answer never came (timeout, cut connection): maybe charged; their estimate is in costMicros.
   */
  // Optional only so counters written before they existed still read; the meter always sends them.
  unknownRequests: z.number().optional(),
  unknownCostMicros: z.number().optional(),
});

/** The at-a-glance usage numbers (money in integer micro-dollars). */
export const usageSummarySchema = z.object({ today: counter, week: counter, month: counter, total: counter });
export type UsageSummaryView = z.infer<typeof usageSummarySchema>;
export type UsageCounterView = UsageSummaryView['today'];

/** Which counter a reset zeroes. */
export type UsagePeriodView = 'day' | 'week' | 'month' | 'all';

/** One budget's standing (money in integer micro-dollars). */
export interface BudgetStandingView {
  limitMicros: number;
  spentMicros: number;
  /** Held by requests in flight. */
  reservedMicros: number;
  percentUsed: number;
}

/** What the usage view draws: the counters, budgets, forecast and the previous periods to compare with. */
export interface UsageSnapshotView {
  at: number;
  /** The local day 'YYYY-MM-DD'. */
  today: string;
  counters: UsageSummaryView;
  /** The full previous day / week / month, and the change of the current counter's cost against it (percent). */
  previous: Record<'day' | 'week' | 'month', { counter: UsageCounterView; costChangePercent: number | null }>;
  budget: {
    daily: BudgetStandingView | null;
    monthly: BudgetStandingView | null;
    warnPercent: number;
    sessionWarnMicros: number | null;
    blockAtLimit: boolean;
  };
  forecast: { dailyAverageMicros: number; basisDays: number; monthEndMicros: number };
  /** When each counter was last zeroed (epoch ms). */
  resets: Partial<Record<UsagePeriodView, number>>;
}

/** Usage per local day (oldest first, days without use as zeros) and per model over the same days. */
export interface UsageDailyView {
  days: number;
  today: string;
  byDay: Array<{ day: string; usage: UsageCounterView }>;
  byModel: Array<{ model: string; usage: UsageCounterView }>;
}

/** One past dictation as the sessions list shows it: the usage views' session summary. */
export type SessionRowView = SessionSummary;

/** One page of past dictations, newest first. */
export interface UsageSessionsView {
  page: number;
  pageSize: number;
  total: number;
  sessions: SessionRowView[];
}

/** An export ready to save: the same text `sokhan usage export` writes. */
export interface UsageExportView {
  fileName: string;
  mimeType: string;
  text: string;
  records: number;
}

/** What an import added to the ledger. */
export interface UsageImportView {
  added: number;
  /** Lines already in the ledger (an earlier import of the same file). */
  duplicates: number;
  /** The old app's meter: its minutes (dated or not), failed attempts and their price as whisper-1. */
  legacy: { minutes: number; days: number; failedAttempts: number; costMicros: number } | null;
}

/** What the window may know of the API key: whether one is set, where from, its last four characters; never the key. */
export interface ApiKeyStatusView {
  set: boolean;
  lastFour: string | null;
  /**
   * Where the key in use comes from: typed in the window and kept encrypted on disk ('stored') or for this run only
   * ('session'), or the OPENAI_API_KEY environment variable ('env'); null when there is none.
   */
  source: 'stored' | 'session' | 'env' | null;
  /**
   * Whether a typed key can be kept across runs: 'encrypted' (the OS keyring), or not, and why: 'basic_text' (Linux
   * without a keyring: Electron would keep it as good as plain text), 'unavailable' (no encryption at all),
   * 'memory_only' (the browser host keeps nothing on disk).
   */
  storage: 'encrypted' | 'basic_text' | 'unavailable' | 'memory_only';
  /** OPENAI_API_KEY is set as well, and the typed key is used instead of it. */
  envOverridden: boolean;
}

/**
 * What testing the key found: `code` is 'ok', 'reachable' (a server without a model list), 'no_key' or an error code.
 */
export interface KeyCheckView {
  ok: boolean;
  code: string;
  message: { fa: string; en: string };
}

/** What the app is, where its data lives, and which host runs the window. */
export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  host: z.enum(['electron', 'browser']),
});
export type AppInfoView = z.infer<typeof appInfoSchema>;

export const bilingualSchema = bilingual;

/** The last dictation the person stopped, with all its text. */
export interface LastTranscriptView {
  sessionId: string;
  text: string;
  endedAt: number;
}

/** What each command answers with. */
export interface CommandResults extends SpoolCommandResults {
  'dictation.start': { sessionId: string };
  'dictation.stop': { sessionId: string | null };
  'dictation.cancel': { sessionId: string | null };
  'dictation.sendAnyway': { queued: number };
  'dictation.retry': { queued: number };
  'app.request': { action: string };
  'transcript.last': LastTranscriptView | null;
  'usage.summary': UsageSummaryView;
  'usage.snapshot': UsageSnapshotView;
  'usage.reset': UsageSummaryView;
  'usage.daily': UsageDailyView;
  'usage.deleteHistory': UsageSummaryView;
  'usage.sessions': UsageSessionsView;
  'usage.export': UsageExportView;
  'usage.import': UsageImportView;
  'app.info': AppInfoView;
  'apiKey.status': ApiKeyStatusView;
  'apiKey.test': KeyCheckView;
  'apiKey.set': ApiKeyStatusView;
  'apiKey.clear': ApiKeyStatusView;
  'history.list': HistoryPageView;
  'history.delete': HistoryDeleteView;
  'settings.get': Settings;
  'settings.set': Settings;
  'settings.setText': Settings;
}
