import type { RecordingState } from '../../src-shared/app-contract/events';
import type { UsageCounterView, UsageSummaryView } from '../../src-shared/app-contract/views';
import { formatUsd } from '../../src-shared/money';
import { toPersianDigits } from '../../src-shared/persian/digits';
import type { BudgetSettings } from '../../src-shared/settings/settings-schema';
import { budgetLimits, percentUsed } from '../../src-shared/usage/budget';

/** The four tray pictures (assets/tray-*.png). */
export type TrayIconState = 'idle' | 'listening' | 'sending' | 'over-budget';

export const TRAY_ICON_FILES: Record<TrayIconState, string> = {
  idle: 'tray-idle.png',
  listening: 'tray-recording.png',
  sending: 'tray-sending.png',
  'over-budget': 'tray-warning.png',
};

export type TrayAction =
  | 'toggle'
  | 'copyLast'
  | 'pasteLast'
  | 'openWindow'
  | 'usage'
  | 'resetToday'
  | 'settings'
  | 'quit';

export interface TrayItem {
  /** null: a disabled information line. */
  action: TrayAction | null;
  label: string;
  enabled: boolean;
}

export interface TrayInput {
  state: RecordingState;
  summary: UsageSummaryView | null;
  budget: BudgetSettings;
  /** The registered toggle hotkey as shown to people, or null when none is registered. */
  hotkey: string | null;
  hasLastTranscript: boolean;
  language: 'fa' | 'en';
  /** The "paste the last transcript again" hotkey as shown to people, or null when none is registered. */
  pasteLastHotkey?: string | null;
}

export interface TrayView {
  icon: TrayIconState;
  tooltip: string;
  items: TrayItem[];
}

/** True when today's or this month's spending has reached its budget. */
export function overBudget(summary: UsageSummaryView | null, budget: BudgetSettings): boolean {
  if (!summary) return false;
  const limits = budgetLimits(budget);
  return (
    (limits.daily !== null && summary.today.costMicros >= limits.daily) ||
    (limits.monthly !== null && summary.month.costMicros >= limits.monthly)
  );
}

/**
 * Which picture the tray shows: recording wins, then sending, then a reached budget (or chunks a budget holds back).
 */
export function trayIconState(
  state: RecordingState,
  summary: UsageSummaryView | null,
  budget: BudgetSettings,
): TrayIconState {
  if (state === 'starting' || state === 'listening') return 'listening';
  if (state === 'sending') return 'sending';
  if (state === 'blocked' || overBudget(summary, budget)) return 'over-budget';
  return 'idle';
}

const T = {
  fa: {
    app: 'سخن‌نگار',
    today: 'امروز',
    month: 'این ماه',
    minutes: (n: string) => `${n} دقیقه`,
    ofBudget: (n: string) => `${n}٪ بودجه`,
    start: 'شروع دیکته',
    stop: 'پایان دیکته',
    copyLast: 'کپی آخرین متن',
    pasteLast: 'چسباندن دوبارهٔ آخرین متن',
    openWindow: 'باز کردن پنجره',
    usage: 'مصرف…',
    resetToday: 'صفر کردن شمارندهٔ امروز…',
    settings: 'تنظیمات…',
    quit: 'خروج',
    listening: 'در حال شنیدن…',
    sending: 'در حال فرستادن…',
    blocked: 'بودجه تمام شده؛ صدا در صف مانده است',
  },
  en: {
    app: 'SokhanNegar',
    today: 'Today',
    month: 'This month',
    minutes: (n: string) => `${n} min`,
    ofBudget: (n: string) => `${n}% of budget`,
    start: 'Start dictation',
    stop: 'Stop dictation',
    copyLast: 'Copy last transcript',
    pasteLast: 'Paste last transcript again',
    openWindow: 'Open window',
    usage: 'Usage…',
    resetToday: "Reset today's counter…",
    settings: 'Settings…',
    quit: 'Quit',
    listening: 'Listening…',
    sending: 'Sending…',
    blocked: 'Budget reached; audio waits in the spool',
  },
} as const;

/** Milliseconds as minutes with one decimal, in the language's digits. */
function minutes(ms: number, language: 'fa' | 'en'): string {
  const text = (Math.round(ms / 6000) / 10).toFixed(1);
  return language === 'fa' ? toPersianDigits(text.replace('.', '\u066b')) : text;
}

function line(label: string, counter: UsageCounterView, limitMicros: number | null, language: 'fa' | 'en'): string {
  const t = T[language];
  const parts = [t.minutes(minutes(counter.audioMs, language)), formatUsd(counter.costMicros, language)];
  if (limitMicros !== null) {
    const percent = String(percentUsed(counter.costMicros, limitMicros));
    parts.push(t.ofBudget(language === 'fa' ? toPersianDigits(percent) : percent));
  }
  // Not a middle dot in Persian: it looks like the Persian zero (۰) next to Persian digits.
  return `${label}: ${parts.join(language === 'fa' ? '، ' : ' · ')}`;
}

/** The tray as it should look: icon, tooltip, and the menu (usage lines first, disabled, then the actions). */
export function trayView(input: TrayInput): TrayView {
  const t = T[input.language];
  const limits = budgetLimits(input.budget);
  const usageLines = input.summary
    ? [
        line(t.today, input.summary.today, limits.daily, input.language),
        line(t.month, input.summary.month, limits.monthly, input.language),
      ]
    : [];
  const recording = input.state === 'starting' || input.state === 'listening';
  const status = recording
    ? t.listening
    : input.state === 'sending'
      ? t.sending
      : input.state === 'blocked'
        ? t.blocked
        : null;
  const hotkey = input.hotkey ? ` (${input.hotkey})` : '';
  const items: TrayItem[] = [
    ...usageLines.map((label) => ({ action: null, label, enabled: false })),
    ...(status ? [{ action: null, label: status, enabled: false }] : []),
    { action: 'toggle', label: `${recording ? t.stop : t.start}${hotkey}`, enabled: true },
    { action: 'copyLast', label: t.copyLast, enabled: input.hasLastTranscript },
    {
      action: 'pasteLast',
      label: `${t.pasteLast}${input.pasteLastHotkey ? ` (${input.pasteLastHotkey})` : ''}`,
      enabled: input.hasLastTranscript,
    },
    { action: 'openWindow', label: t.openWindow, enabled: true },
    { action: 'usage', label: t.usage, enabled: true },
    { action: 'resetToday', label: t.resetToday, enabled: true },
    { action: 'settings', label: t.settings, enabled: true },
    { action: 'quit', label: t.quit, enabled: true },
  ];
  return {
    icon: trayIconState(input.state, input.summary, input.budget),
    tooltip: [t.app, ...(status ? [status] : []), ...usageLines].join('\n'),
    items,
  };
}
