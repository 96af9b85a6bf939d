import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { AppEvent } from '../../src-shared/app-contract/events';
import type { HistoryEntryView } from '../../src-shared/app-contract/history-views';
import type {
  ApiKeyStatusView,
  SessionRowView,
  UsageDailyView,
  UsageSnapshotView,
  UsageSummaryView,
} from '../../src-shared/app-contract/views';
import type { BilingualMessage } from '../../src-shared/bilingual';
import {
  DEFAULT_SETTINGS,
  type BudgetSettings,
  type MicSettings,
  type Settings,
} from '../../src-shared/settings/settings-schema';
import { ensureAppBuilt } from '../support/app-build';
import { launchChromium } from '../support/chromium';
import { serveFolder } from '../support/static-server';

/** The renderer exactly as the app ships it (the tests' global setup has usually built it already). */
async function buildRendererOnce(): Promise<void> {
  ensureAppBuilt();
}

/** Where the window tests put the screenshots a person can look at. */
export const SCREENSHOTS = 'test-output/screenshots';

/**
 * For one test file: the built renderer served over http on 127.0.0.1 and a headless Chromium (with `chromiumArgs`),
 * started before its tests and closed after them. Read `browser` and `url` inside the tests.
 */
export function useRendererInChromium(chromiumArgs: string[] = []): {
  readonly browser: Browser;
  readonly url: string;
} {
  let browser: Browser | undefined;
  let site: { url: string; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await buildRendererOnce();
    site = await serveFolder('out/renderer');
    browser = await launchChromium(chromiumArgs);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is not started yet: use it inside a test');
      return browser;
    },
    get url() {
      if (!site) throw new Error('the renderer is not served yet: use it inside a test');
      return site.url;
    },
  };
}

/** A usage counter as the core reports it, billed by the whole second. */
export function usageCounter(requests: number, failedRequests: number, audioMs: number, costMicros: number) {
  return { requests, failedRequests, audioMs, billedSeconds: Math.ceil(audioMs / 1000), costMicros };
}

/** What the stand-in API answers and how it behaves. */
export interface FakeSokhanConfig {
  settings?: Partial<Omit<Settings, 'mic' | 'budget'>> & {
    mic?: Partial<MicSettings>;
    budget?: Partial<BudgetSettings>;
  };
  usage?: UsageSummaryView | { fail: BilingualMessage };
  /** Makes startDictation fail with this message. */
  startFails?: BilingualMessage;
  /** Which host the window believes it runs in (default: the browser host). */
  host?: 'electron' | 'browser';
  /** What usage.snapshot answers (default: the counters above, no budgets, nothing before). */
  snapshot?: UsageSnapshotView;
  /** What usage.daily answers (default: zeros for every day asked). */
  daily?: UsageDailyView;
  /** Every past session usage.sessions pages through, newest first (default: none). */
  sessions?: SessionRowView[];
  /** What apiKey.status answers first (default: a key from the environment ending in wxyz, a keyring present). */
  keyStatus?: ApiKeyStatusView;
  /** Past transcripts history.list pages through, newest first (default: none); the search here is a plain includes. */
  history?: HistoryEntryView[];
}

/** One command the page gave the stand-in API. */
export interface RecordedCall {
  name: string;
  args: unknown[];
}

/** What the page's audio path delivered. */
export interface AudioRecord {
  frames: number;
  samples: number;
  allInt16: boolean;
  nonSilent: number;
}

interface FakeWindow {
  sokhan: unknown;
  __calls: RecordedCall[];
  __audio: AudioRecord;
  __push(event: AppEvent): void;
  __listeners: number;
}

const emptyCounter = { requests: 0, failedRequests: 0, audioMs: 0, billedSeconds: 0, costMicros: 0 };
const EMPTY_USAGE: UsageSummaryView = {
  today: emptyCounter,
  week: emptyCounter,
  month: emptyCounter,
  total: emptyCounter,
};

/**
 * Opens the built window with a stand-in for `window.sokhan` (what the preload or the browser host provides). It
 * records every call, counts audio frames, and exposes `window.__push(event)` so a test plays the core's part.
 */
export async function openWindow(browser: Browser, url: string, config: FakeSokhanConfig = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    ...config.settings,
    budget: { ...DEFAULT_SETTINGS.budget, ...config.settings?.budget },
    mic: { ...DEFAULT_SETTINGS.mic, ...config.settings?.mic },
  };
  const init = {
    settings,
    usage: config.usage ?? EMPTY_USAGE,
    startFails: config.startFails ?? null,
    host: config.host ?? 'browser',
    snapshot: config.snapshot ?? null,
    sessions: config.sessions ?? [],
    daily: config.daily ?? null,
    keyStatus: config.keyStatus ?? {
      set: true,
      lastFour: 'wxyz',
      source: 'env',
      storage: 'encrypted',
      envOverridden: false,
    },
    history: config.history ?? [],
  };
  await page.addInitScript((setup) => {
    const w = window as unknown as FakeWindow;
    const listeners = new Set<(event: AppEvent) => void>();
    const calls: RecordedCall[] = [];
    const audio: AudioRecord = { frames: 0, samples: 0, allInt16: true, nonSilent: 0 };
    let current: string | null = null;
    let sessions = 0;
    let heard = false;
    let stored = setup.settings;
    // The resender's state as the core would answer spool.list with it (the last spool event pushed).
    let network = { state: 'online', waiting: 0, nextProbeAt: null as number | null };
    const emit = (event: AppEvent) => {
      if (event.type === 'spool') network = event.network;
      for (const listener of [...listeners]) listener(event);
    };
    const ok = (value: unknown) => Promise.resolve({ ok: true, value });
    const record = (name: string, ...args: unknown[]) => calls.push({ name, args });
    w.__calls = calls;
    w.__audio = audio;
    w.__push = emit;
    w.sokhan = {
      startDictation: () => {
        record('startDictation');
        if (setup.startFails) return Promise.resolve({ ok: false, code: 'no_api_key', message: setup.startFails });
        sessions += 1;
        current = `session-${sessions}`;
        heard = false;
        emit({ type: 'state', state: 'starting', sessionId: current });
        return ok({ sessionId: current });
      },
      stopDictation: () => {
        record('stopDictation');
        const id = current;
        current = null;
        if (id) {
          emit({ type: 'state', state: 'sending', sessionId: id });
          setTimeout(() => emit({ type: 'state', state: 'idle', sessionId: null }), 50);
        }
        return ok({ sessionId: id });
      },
      cancelDictation: () => {
        record('cancelDictation');
        const id = current;
        current = null;
        emit({ type: 'state', state: 'idle', sessionId: null });
        return ok({ sessionId: id });
      },
      sendAnyway: (ref: unknown) => (record('sendAnyway', ref), ok({ queued: 1 })),
      retryChunk: (ref: unknown) => (record('retryChunk', ref), ok({ queued: 1 })),
      usageSummary: () => {
        record('usageSummary');
        const usage = setup.usage;
        return 'fail' in usage ? Promise.resolve({ ok: false, code: 'internal', message: usage.fail }) : ok(usage);
      },
      usageSnapshot: () => {
        record('usageSnapshot');
        if (setup.snapshot) return ok(setup.snapshot);
        const counters = 'fail' in setup.usage ? null : setup.usage;
        const none = {
          counter: { requests: 0, failedRequests: 0, audioMs: 0, billedSeconds: 0, costMicros: 0 },
          costChangePercent: null,
        };
        return ok({
          at: Date.now(),
          today: '2026-12-03',
          counters,
          previous: { day: none, week: none, month: none },
          budget: { daily: null, monthly: null, warnPercent: 80, sessionWarnMicros: 1_000_000, blockAtLimit: false },
          forecast: { dailyAverageMicros: 0, basisDays: 0, monthEndMicros: 0 },
          resets: {},
        });
      },
      usageDaily: (days: number) => {
        record('usageDaily', days);
        if (setup.daily) return ok(setup.daily);
        const zero = { requests: 0, failedRequests: 0, audioMs: 0, billedSeconds: 0, costMicros: 0 };
        const byDay = Array.from({ length: days }, (_, i) => ({
          day: new Date(Date.UTC(2026, 11, 3 - (days - 1 - i))).toISOString().slice(0, 10),
          usage: zero,
        }));
        return ok({ days, today: '2026-12-03', byDay, byModel: [] });
      },
      resetUsage: (period: 'day' | 'week' | 'month' | 'all') => {
        record('resetUsage', period);
        if ('fail' in setup.usage) return Promise.resolve({ ok: false, code: 'internal', message: setup.usage.fail });
        const zero = { requests: 0, failedRequests: 0, audioMs: 0, billedSeconds: 0, costMicros: 0 };
        const names = { day: ['today'], week: ['week'], month: ['month'], all: ['today', 'week', 'month', 'total'] }[
          period
        ];
        const after = { ...setup.usage };
        for (const name of names) (after as Record<string, unknown>)[name] = zero;
        setup.usage = after;
        emit({ type: 'usage', summary: after });
        return ok(after);
      },
      usageSessions: (page: number, pageSize: number) => {
        record('usageSessions', page, pageSize);
        const all = setup.sessions;
        return ok({ page, pageSize, total: all.length, sessions: all.slice(page * pageSize, (page + 1) * pageSize) });
      },
      exportUsage: (format: 'csv' | 'json') => {
        record('exportUsage', format);
        const text =
          format === 'json' ? JSON.stringify({ format: 'sokhan-negar-usage-export', records: [] }) : 'kind,id\n';
        return ok({
          fileName: `sokhan-usage-2026-12-03.${format}`,
          mimeType: format === 'json' ? 'application/json' : 'text/csv',
          text,
          records: 0,
        });
      },
      deleteUsageHistory: () => {
        record('deleteUsageHistory');
        const zero = { requests: 0, failedRequests: 0, audioMs: 0, billedSeconds: 0, costMicros: 0 };
        const after = { today: zero, week: zero, month: zero, total: zero };
        setup.usage = after;
        emit({ type: 'usage', summary: after });
        return ok(after);
      },
      setSettingText: (key: string, text: string) => {
        record('setSettingText', key, text);
        // Like the core for money settings: a dollar amount from 0 to 1 000 000, or empty / none for no budget.
        let value: unknown = text.trim();
        if (key.startsWith('budget.') || key === 'customPricePerMinuteUsd') {
          const word = text.trim().toLowerCase();
          const number = /^\d+(\.\d+)?$/.test(word) ? Number(word) : Number.NaN;
          if ((word === '' || word === 'none') && key !== 'budget.sessionWarnUsd' && key !== 'budget.warnPercent')
            value = null;
          else if (Number.isFinite(number) && number <= 1_000_000) value = number;
          else
            return Promise.resolve({
              ok: false,
              code: 'invalid_setting',
              message: {
                fa: `مقدار «${text}» برای ${key} پذیرفته نیست.`,
                en: `"${text}" is not a valid value for ${key}.`,
              },
            });
        }
        const [group, field] = key.includes('.') ? key.split('.') : [null, key];
        stored = group
          ? {
              ...stored,
              [group]: { ...(stored as unknown as Record<string, Record<string, unknown>>)[group], [field]: value },
            }
          : { ...stored, [field]: value };
        return ok(stored);
      },
      listWaitingAudio: () => (
        record('listWaitingAudio'), ok({ items: [], totalAudioMs: 0, totalCostMicros: 0, network })
      ),
      sendWaitingAudio: (ids: unknown, sendAnyway?: boolean) => (
        record('sendWaitingAudio', ids, sendAnyway), ok({ queued: 1, busy: 0 })
      ),
      discardWaitingAudio: (ids: unknown) => (record('discardWaitingAudio', ids), ok({ discarded: 1, busy: 0 })),
      appInfo: () => ok({ version: '0.1.0', dataDir: '/tmp/sokhan', host: setup.host }),
      apiKeyStatus: () => ok(setup.keyStatus),
      setApiKey: (key: string, remember: boolean) => {
        record('setApiKey', key, remember);
        const fail = (code: string, en: string) => Promise.resolve({ ok: false, code, message: { fa: en, en } });
        if (/\s/.test(key.trim())) return fail('invalid_key', 'That does not look like an API key.');
        if (remember && setup.keyStatus.storage !== 'encrypted') return fail('key_not_kept', 'No keyring here.');
        const hadEnv = setup.keyStatus.source === 'env' || setup.keyStatus.envOverridden;
        setup.keyStatus = {
          ...setup.keyStatus,
          set: true,
          lastFour: key.trim().slice(-4),
          source: remember ? 'stored' : 'session',
          envOverridden: hadEnv,
        };
        return ok(setup.keyStatus);
      },
      clearApiKey: () => {
        record('clearApiKey');
        const env = setup.keyStatus.envOverridden;
        setup.keyStatus = {
          ...setup.keyStatus,
          set: env,
          lastFour: env ? 'wxyz' : null,
          source: env ? 'env' : null,
          envOverridden: false,
        };
        return ok(setup.keyStatus);
      },
      historyPage: (query: string, page: number, pageSize: number) => {
        record('historyPage', query, page, pageSize);
        const all = setup.history.filter((entry) => query.trim() === '' || entry.text.includes(query.trim()));
        return ok({
          query,
          page,
          pageSize,
          total: all.length,
          entries: all.slice(page * pageSize, (page + 1) * pageSize),
        });
      },
      deleteTranscript: (sessionId: string) => {
        record('deleteTranscript', sessionId);
        const before = setup.history.length;
        setup.history = setup.history.filter((entry) => entry.sessionId !== sessionId);
        return ok({ sessionId, deleted: setup.history.length < before });
      },
      testApiKey: () => (
        record('testApiKey'),
        ok({ ok: true, code: 'ok', message: { fa: 'کلید پذیرفته شد.', en: 'The key was accepted.' } })
      ),
      getSettings: () => (record('getSettings'), ok(stored)),
      setSetting: (key: string, value: unknown) => {
        record('setSetting', key, value);
        const [group, field] = key.includes('.') ? key.split('.') : [null, key];
        stored = group
          ? {
              ...stored,
              [group]: { ...(stored as unknown as Record<string, Record<string, unknown>>)[group], [field]: value },
            }
          : { ...stored, [field]: value };
        return ok(stored);
      },
      onEvent: (listener: (event: AppEvent) => void) => {
        listeners.add(listener);
        w.__listeners = listeners.size;
        return () => {
          listeners.delete(listener);
          w.__listeners = listeners.size;
        };
      },
      sendAudio: (pcm: Int16Array) => {
        audio.frames += 1;
        audio.samples += pcm.length;
        if (!(pcm instanceof Int16Array)) audio.allInt16 = false;
        if (pcm.some((sample) => sample !== 0)) audio.nonSilent += 1;
        // Like the core: "listening" once the first frame arrived.
        if (!heard && current) {
          heard = true;
          emit({ type: 'state', state: 'listening', sessionId: current });
        }
      },
    };
  }, init);
  await page.goto(url);
  // The window subscribes to events on mount; pushing before that would be lost.
  await page.waitForFunction(() => ((window as unknown as FakeWindow).__listeners ?? 0) > 0);
  return page;
}

/** Plays one core event into the page. */
export async function push(page: Page, event: AppEvent): Promise<void> {
  await page.evaluate((value) => (window as unknown as FakeWindow).__push(value), event);
}

/** The commands the page gave so far. */
export function calls(page: Page): Promise<RecordedCall[]> {
  return page.evaluate(() => (window as unknown as FakeWindow).__calls.slice());
}

/** What the page's microphone sent so far. */
export function audio(page: Page): Promise<AudioRecord> {
  return page.evaluate(() => ({ ...(window as unknown as FakeWindow).__audio }));
}
