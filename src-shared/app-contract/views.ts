import { z } from 'zod';
import type { Settings } from '../settings/settings-schema';

const bilingual = z.object({ fa: z.string(), en: z.string() });

const counter = z.object({
  requests: z.number(),
  failedRequests: z.number(),
  audioMs: z.number(),
  billedSeconds: z.number(),
  costMicros: z.number(),
});

/** The at-a-glance usage numbers (money in integer micro-dollars). */
export const usageSummarySchema = z.object({ today: counter, week: counter, month: counter, total: counter });
export type UsageSummaryView = z.infer<typeof usageSummarySchema>;
export type UsageCounterView = UsageSummaryView['today'];

/** What the app is, where its data lives, and which host runs the window. */
export const appInfoSchema = z.object({ version: z.string(), dataDir: z.string(), host: z.enum(['electron', 'browser']) });
export type AppInfoView = z.infer<typeof appInfoSchema>;

export const bilingualSchema = bilingual;

/** The last dictation the person stopped, with all its text. */
export interface LastTranscriptView {
  sessionId: string;
  text: string;
  endedAt: number;
}

/** What each command answers with. */
export interface CommandResults {
  'dictation.start': { sessionId: string };
  'dictation.stop': { sessionId: string | null };
  'dictation.cancel': { sessionId: string | null };
  'dictation.sendAnyway': { queued: number };
  'dictation.retry': { queued: number };
  'app.request': { action: string };
  'transcript.last': LastTranscriptView | null;
  'usage.summary': UsageSummaryView;
  'app.info': AppInfoView;
  'settings.get': Settings;
  'settings.set': Settings;
}
