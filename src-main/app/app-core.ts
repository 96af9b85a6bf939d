import type { IpcResult } from '../../src-shared/app-contract/api';
import { COMMAND_SCHEMAS, isCommandName, type CommandName } from '../../src-shared/app-contract/commands';
import type { AppEvent, RequestAction } from '../../src-shared/app-contract/events';
import type {
  AppInfoView,
  UsageDailyView,
  UsageExportView,
  UsageImportView,
  UsageSessionsView,
  UsageSnapshotView,
} from '../../src-shared/app-contract/views';
import { isOpenAiBaseUrl } from '../../src-shared/base-url';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { isSettingKey, parseSettingValue, type Settings } from '../../src-shared/settings/settings-schema';
import type { ResetPeriod } from '../../src-shared/usage/ledger-record';
import { estimateCostMicros } from '../../src-shared/pricing/catalogue';
import { isExportable, parseExport, toCsvExport, toJsonExport } from '../../src-shared/usage/export-format';
import { readLegacyMeter } from '../../src-shared/usage/legacy-import';
import { dayStartMs } from '../../src-shared/usage/periods';
import { mostExpensiveSessions, usageByDay, usageByModel } from '../../src-shared/usage/views';
import type { VoiceChunkerOptions } from '../audio/voice-chunker';
import { createSileroVad } from '../audio/vad/silero-vad';
import type { VoiceActivityDetector } from '../audio/vad/voice-activity-detector';
import { join } from 'node:path';
import { openDictationServices } from '../pipeline/dictation-services';
import { recoverDataFolderJournals } from '../pipeline/journal-recovery';
import { applyOverrides, environmentOverrides } from '../settings/settings-overrides';
import { openSettingsStore, SettingsValueError } from '../settings/settings-store';
import type { RetryOptions } from '../transcription/retry';
import type { Transcriber } from '../transcription/types';
import type { AggregateStorePort } from '../usage/aggregate-store';
import { openUsageMeter } from '../usage/usage-meter';
import { AppError, NO_API_KEY } from './app-error';
import type { AppCore } from './app-core-types';
import { DictationCoordinator } from './dictation-coordinator';
import { EventHub } from './event-hub';
import { createApiKeyService } from './api-key-service';
import { createHistoryService } from './history-service';
import { createMemoryKeyStore, type KeyStore } from './key-store';
import { TranscriptStore } from '../pipeline/transcript-store';
import { UsagePush } from './usage-push';
import { openWaitingAudio, type WaitingAudioOptions } from './waiting-audio';
import { createRefusalLog } from '../logging/refusal-log';
import type { Logger } from '../../src-shared/log-line';

export type { AppCore };

export interface AppCoreOptions {
  dataDir: string;
  host: AppInfoView['host'];
  version: string;
  /** The process environment: OPENAI_BASE_URL, HTTPS_PROXY, NO_PROXY. */
  env: Record<string, string | undefined>;
  /** The API key in the environment (OPENAI_API_KEY) as it is now ('' when none); a key typed in the window wins. */
  apiKey: () => string;
  /** Where a key typed in the window is kept (the Electron host: safeStorage); in memory for this run when absent. */
  keyStore?: KeyStore;
  /** Test seam: an aggregates store of the test's own (one that fails on demand). */
  aggregateStore?: AggregateStorePort;
  now?: () => number;
  /** The host's log once it has one (malformed commands are logged there, once each). */
  log?: () => Logger | null;
  /** Test seams: retry timing, a detector or transcriber of their own, chunker tuning. */
  retry?: RetryOptions;
  createDetector?: () => Promise<VoiceActivityDetector>;
  transcriber?: Transcriber;
  chunker?: Partial<VoiceChunkerOptions>;
  /** Test seams of the network resender (a fake clock, jitter, backoff). */
  resender?: Pick<WaitingAudioOptions, 'clock' | 'random' | 'baseDelayMs' | 'maxDelayMs'>;
}

type Handlers = { [K in CommandName]: (payload: never) => Promise<unknown> | unknown };

/** Opens the app core for a data folder: settings, the meter (kept open), the coordinator and the usage push. */
export async function openAppCore(options: AppCoreOptions): Promise<AppCore> {
  const now = options.now ?? Date.now;
  const notices: BilingualMessage[] = [];
  const settingsStore = openSettingsStore(options.dataDir, { onNotice: (notice) => notices.push(notice.message) });
  const meter = await openUsageMeter({
    dataDir: options.dataDir,
    settings: settingsStore.read(),
    source: 'app',
    store: options.aggregateStore,
    now,
  });
  notices.push(...meter.notices().map((notice) => notice.message));
  // A dictation cut short by a crash left its audio in a journal: it goes back into the spool, retryable, first.
  const recovered = await recoverDataFolderJournals(options.dataDir, { createDetector: options.createDetector, now });
  if (recovered) notices.push(recovered);
  const hub = new EventHub();
  const usage = new UsagePush(meter, hub.emit);
  usage.watchLedger(options.dataDir);

  /** The settings a dictation runs with: the file as it is now, with OPENAI_BASE_URL over it as the CLI does. */
  const currentSettings = (): Settings => {
    const settings = settingsStore.read();
    meter.updateSettings(settings);
    // An OPENAI_BASE_URL that does not parse is ignored here (the window has no stderr); the CLI reports it.
    const overridden = applyOverrides(settings, environmentOverrides(options.env));
    return 'value' in overridden ? overridden.value : settings;
  };

  const keys = createApiKeyService({
    store: options.keyStore ?? createMemoryKeyStore(),
    envKey: options.apiKey,
    env: options.env,
    endpoint: () => currentSettings(),
  });
  // Audio waiting in the spool: listed, sent and discarded from the window; sent by itself when the network is back.
  const waitingAudio = openWaitingAudio({
    dataDir: options.dataDir,
    meter,
    settings: currentSettings,
    emit: hub.emit,
    retry: options.retry,
    ...options.resender,
  });
  hub.subscribe(waitingAudio.onEvent);

  const coordinator = new DictationCoordinator({
    now,
    outage: waitingAudio.resender,
    emit: hub.emit,
    onMetered: usage.soon,
    chunker: options.chunker,
    createDetector: options.createDetector ?? (() => createSileroVad()),
    openServices: async () => {
      const settings = currentSettings();
      const apiKey = keys.current();
      if (apiKey === '' && !options.transcriber && isOpenAiBaseUrl(settings.baseUrl))
        throw new AppError('no_api_key', NO_API_KEY);
      return openDictationServices({
        dataDir: options.dataDir,
        settings,
        apiKey,
        source: 'app',
        env: options.env,
        meter,
        now,
        retry: options.retry,
        transcriber: options.transcriber,
      });
    },
  });
  coordinator.warmUp();
  waitingAudio.attach(coordinator);

  const history = createHistoryService({
    transcripts: new TranscriptStore(join(options.dataDir, 'transcripts')),
    records: () => meter.records(),
    activeSession: () => coordinator.currentState().sessionId,
  });

  const handlers: Handlers = {
    'dictation.start': () => coordinator.start(),
    'dictation.stop': () => coordinator.stop(),
    'dictation.cancel': () => coordinator.cancel(),
    'dictation.sendAnyway': (ref) => coordinator.resend(ref, 'consent'),
    'dictation.retry': (ref) => coordinator.resend(ref, 'retry'),
    'app.request': ({ action }: { action: RequestAction }) => {
      hub.emit({ type: 'request', action });
      return { action };
    },
    'transcript.last': () => coordinator.lastTranscript(),
    'usage.summary': () => meter.counters(),
    'usage.snapshot': async (): Promise<UsageSnapshotView> => {
      const { warnings: _announced, ...snapshot } = await meter.snapshot();
      return snapshot;
    },
    'usage.reset': async ({ period }: { period: ResetPeriod }) => {
      await meter.reset(period);
      usage.soon();
      return meter.counters();
    },
    'usage.daily': async ({ days }: { days: number }): Promise<UsageDailyView> => {
      // The snapshot folds whatever the ledger gained (the CLI's lines too) before the days are read from the state.
      const { today } = await meter.snapshot();
      const state = meter.state();
      return { days, today, byDay: usageByDay(state, today, days), byModel: usageByModel(state, today, days) };
    },
    'usage.deleteHistory': async () => {
      await meter.deleteHistory();
      usage.soon();
      return meter.counters();
    },
    'usage.sessions': async ({ page, pageSize }: { page: number; pageSize: number }): Promise<UsageSessionsView> => {
      const records = await meter.records();
      const all = mostExpensiveSessions(records, Number.POSITIVE_INFINITY).sort((a, b) => b.startedAt - a.startedAt);
      return { page, pageSize, total: all.length, sessions: all.slice(page * pageSize, (page + 1) * pageSize) };
    },
    'usage.export': async ({
      format,
      from,
      to,
    }: {
      format: 'csv' | 'json';
      from?: string;
      to?: string;
    }): Promise<UsageExportView> => {
      const records = await meter.records({ from, to });
      const at = now();
      const text =
        format === 'json'
          ? toJsonExport(records, { exportedAt: at, timeZone: meter.timeZone, from: from ?? null, to: to ?? null })
          : toCsvExport(records, meter.dayOf);
      return {
        fileName: `sokhan-usage-${meter.dayOf(at)}.${format}`,
        mimeType: format === 'json' ? 'application/json' : 'text/csv',
        text,
        records: records.filter(isExportable).length,
      };
    },
    'usage.import': async ({
      kind,
      text,
      lastModified,
    }: {
      kind: 'export' | 'legacy';
      text: string;
      lastModified: number;
    }): Promise<UsageImportView> => {
      if (kind === 'export') {
        // The same checks as `sokhan usage import`: one bad line refuses the whole file, naming it.
        const parsed = parseExport(text, now());
        if (!parsed.ok) throw new AppError('import_refused', parsed.message);
        const { added, duplicates } = await meter.importRecords(parsed.records);
        usage.soon();
        return { added, duplicates, legacy: null };
      }
      let data: unknown = null;
      try {
        data = JSON.parse(text);
      } catch {
        // readLegacyMeter says what it expected.
      }
      const result = readLegacyMeter(data, {
        dayToAt: (day) => dayStartMs(day, meter.timeZone) + 12 * 3_600_000,
        fallbackAt: lastModified,
        priceMicros: (ms) => estimateCostMicros('whisper-1', ms),
      });
      if (!result.ok) throw new AppError('import_refused', result.message);
      const { added, duplicates } = await meter.importRecords(result.records);
      usage.soon();
      const s = result.summary;
      return {
        added,
        duplicates,
        legacy: {
          minutes: s.datedMinutes + s.undatedMinutes,
          days: s.days,
          failedAttempts: s.failedAttempts,
          costMicros: s.costMicros,
        },
      };
    },
    'app.info': (): AppInfoView => ({ version: options.version, dataDir: options.dataDir, host: options.host }),
    'apiKey.status': () => keys.status(),
    'apiKey.test': () => keys.test(),
    'apiKey.set': ({ key, remember }: { key: string; remember: boolean }) => keys.set(key, remember),
    'apiKey.clear': () => keys.clear(),
    'history.list': (query: { query: string; page: number; pageSize: number }) => history.list(query),
    'history.delete': ({ sessionId }: { sessionId: string }) => history.delete(sessionId),
    ...waitingAudio.handlers,
    'settings.get': () => settingsStore.read(),
    'settings.set': ({ key, value }: { key: string; value: unknown }) => {
      if (!isSettingKey(key)) throw new AppError('invalid_setting', unknownSetting(key));
      const settings = settingsStore.set(key, value);
      meter.updateSettings(settings);
      return settings;
    },
    'settings.setText': ({ key, text }: { key: string; text: string }) => {
      if (!isSettingKey(key)) throw new AppError('invalid_setting', unknownSetting(key));
      // The same reading as `sokhan config set KEY TEXT`, so the window and the CLI accept and refuse the same values.
      const parsed = parseSettingValue(key, text);
      if (!parsed.ok) throw new AppError('invalid_setting', parsed.message);
      const settings = settingsStore.set(key, parsed.value);
      meter.updateSettings(settings);
      return settings;
    },
  };

  // Problems the host reports (a hotkey taken, paste unavailable), kept so a window opened later shows them too.
  const hostNotices = new Map<string, BilingualMessage>();

  const logRefusal = createRefusalLog(options.log ?? (() => null));
  let closed: Promise<void> | null = null;
  return {
    async handle(name: unknown, payload: unknown): Promise<IpcResult<unknown>> {
      if (!isCommandName(name)) {
        logRefusal('unknown_command', name);
        return refusal('unknown_command', UNKNOWN_COMMAND);
      }
      const parsed = COMMAND_SCHEMAS[name].safeParse(payload ?? {});
      if (!parsed.success) {
        logRefusal('invalid_payload', name);
        return refusal('invalid_payload', invalidPayload(name));
      }
      if (closed) return refusal('closing', CLOSING);
      try {
        return { ok: true, value: await (handlers[name] as (p: unknown) => unknown)(parsed.data) };
      } catch (error) {
        if (error instanceof AppError) return refusal(error.code, error.bilingual);
        if (error instanceof SettingsValueError) return refusal('invalid_setting', error.bilingual);
        return refusal('internal', internal(error));
      }
    },
    subscribe(listener: (event: AppEvent) => void) {
      const unsubscribe = hub.subscribe(listener);
      // A window that opens late still learns where things stand and what went wrong at start.
      listener({ type: 'state', ...coordinator.currentState() });
      for (const message of notices) listener({ type: 'error', code: 'notice', message, sessionId: null });
      for (const [code, message] of hostNotices) listener({ type: 'error', code, message, sessionId: null });
      return unsubscribe;
    },
    report(code: string, message: BilingualMessage | null) {
      if (message === null) {
        hostNotices.delete(code);
        return;
      }
      hostNotices.set(code, message);
      hub.emit({ type: 'error', code, message, sessionId: null });
    },
    pushAudio: (pcm: Int16Array) => coordinator.pushAudio(pcm),
    close() {
      closed ??= (async () => {
        waitingAudio.close();
        await coordinator.close();
        usage.close();
        await meter.close();
      })();
      return closed;
    },
  };
}

function refusal(code: string, message: BilingualMessage): IpcResult<never> {
  return { ok: false, code, message };
}

const UNKNOWN_COMMAND: BilingualMessage = {
  fa: 'این فرمان برای برنامه شناخته‌شده نیست. برنامه را به‌روز کنید.',
  en: 'The app does not know this command. Update the app.',
};

const CLOSING: BilingualMessage = {
  fa: 'برنامه در حال بسته شدن است.',
  en: 'The app is closing.',
};

function invalidPayload(name: string): BilingualMessage {
  return {
    fa: `دادهٔ فرمان «${name}» نادرست بود و چیزی تغییر نکرد.`,
    en: `The data sent with "${name}" was not valid; nothing was changed.`,
  };
}

function unknownSetting(key: string): BilingualMessage {
  return { fa: `تنظیمی به نام «${key}» وجود ندارد.`, en: `There is no setting called "${key}".` };
}

function internal(error: unknown): BilingualMessage {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    fa: `کار انجام نشد (${detail}). دوباره امتحان کنید.`,
    en: `That did not work (${detail}). Please try again.`,
  };
}
