import type { BilingualMessage } from '../bilingual';
import type { Counter } from '../usage/counter';

/** Errors cross IPC as values, never as thrown stack traces. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: string; message: BilingualMessage };

/** One usage counter as the window shows it: the meter's own Counter (money in integer micro-dollars). */
export type UsageCounterView = Counter;

/** The at-a-glance usage numbers. */
export interface UsageSummaryView {
  today: UsageCounterView;
  week: UsageCounterView;
  month: UsageCounterView;
  total: UsageCounterView;
}

/** Channel names, in one place so main and preload cannot drift apart. */
export const IPC_CHANNELS = {
  usageSummary: 'usage:summary',
  appInfo: 'app:info',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/** What the app is and where its data lives (shown in the footer). */
export interface AppInfoView {
  version: string;
  dataDir: string;
}

/** The API the preload exposes to the renderer as `window.sokhan`. */
export interface SokhanApi {
  usageSummary(): Promise<IpcResult<UsageSummaryView>>;
  appInfo(): Promise<IpcResult<AppInfoView>>;
}
