import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { catalogueEntry } from '../../src-shared/pricing/catalogue';
import { usdToMicros } from '../../src-shared/money';
import type { Settings } from '../../src-shared/settings/settings-schema';
import { createOpenAiTranscriber } from '../transcription/openai-transcriber';
import { transcriptionFetch } from '../transcription/proxy';
import type { Transcriber } from '../transcription/types';
import type { RetryOptions } from '../transcription/retry';
import { openUsageMeter, type UsageMeter } from '../usage/usage-meter';
import { DictationSession, type SessionEvent } from './dictation-session';
import type { OutagePort } from './network-outage';
import type { SessionMeter } from './session-ports';
import { Spool } from './spool';
import { TranscriptStore } from './transcript-store';

/** Everything a dictation needs, opened once per data folder; the desktop app and the CLI build it the same way. */
export interface DictationServices {
  readonly settings: Settings;
  readonly meter: UsageMeter;
  readonly spool: Spool;
  readonly transcripts: TranscriptStore;
  readonly transcriber: Transcriber;
  /** Where live dictations journal their audio (see AudioJournal). */
  readonly journalRoot: string;
  /**
   * A new session with these settings; `onEvent` sees its progress. `budgetOverride`: the person chose to send
   * despite a spent budget ("send anyway"), so the budget gate lets these chunks through (they are still metered).
   */
  newSession(onEvent?: (event: SessionEvent) => void, options?: NewSessionOptions): DictationSession;
  close(): Promise<void>;
}

/** How one session runs: with the person's budget consent, its own retry rule, and the app's outage port. */
export interface NewSessionOptions {
  budgetOverride?: boolean;
  /** Replaces the services' retry rule (the resender's probe is a single request). */
  retry?: RetryOptions;
  /** Chunks the network keeps back wait for the app's resender instead of failing. */
  outage?: OutagePort;
}

export interface DictationServicesOptions {
  dataDir: string;
  settings: Settings;
  apiKey: string;
  source: 'app' | 'cli';
  /** The process environment, for HTTPS_PROXY / NO_PROXY (the proxyUrl setting comes first; see transcriptionFetch). */
  env?: Record<string, string | undefined>;
  /** Replaces the OpenAI client (tests of failure handling use the real one against a local server instead). */
  transcriber?: Transcriber;
  retry?: RetryOptions;
  now?: () => number;
  /** An already open meter to share (the app keeps one for its lifetime); the services then do not close it. */
  meter?: UsageMeter;
}

/** Opens the meter, spool and transcript folders under the data folder and builds the transcription client. */
export async function openDictationServices(options: DictationServicesOptions): Promise<DictationServices> {
  const { dataDir, settings, source } = options;
  const ownsMeter = !options.meter;
  const meter = options.meter ?? (await openUsageMeter({ dataDir, settings, source, now: options.now }));
  const spool = new Spool(join(dataDir, 'spool'));
  const transcripts = new TranscriptStore(join(dataDir, 'transcripts'));
  const transcriber =
    options.transcriber ??
    createOpenAiTranscriber({
      apiKey: options.apiKey,
      baseUrl: settings.baseUrl,
      model: settings.model,
      fetch: transcriptionFetch({ setting: settings.proxyUrl, env: options.env ?? {} }),
    });
  const sessionSettings = {
    model: settings.model,
    language: settings.language,
    digits: settings.digits,
    persianEditor: settings.persianEditor,
    maxConcurrentRequests: settings.maxConcurrentRequests,
    customMicrosPerMinute:
      settings.customPricePerMinuteUsd === null ? null : usdToMicros(settings.customPricePerMinuteUsd),
  };
  return {
    settings,
    meter,
    spool,
    transcripts,
    transcriber,
    journalRoot: join(dataDir, 'journal'),
    newSession: (onEvent, sessionOptions) =>
      new DictationSession({
        transcriber,
        spool,
        transcripts,
        settings: sessionSettings,
        source,
        onEvent,
        retry: sessionOptions?.retry ?? options.retry,
        outage: sessionOptions?.outage,
        now: options.now,
        meter: sessionOptions?.budgetOverride ? withBudgetConsent(meter) : meter,
        providerOf: (model) => catalogueEntry(model).provider,
      }),
    close: () => (ownsMeter ? meter.close() : Promise.resolve()),
  };
}

/** The meter with its budget gate opened: every request is still recorded and priced, only the refusal is skipped. */
function withBudgetConsent(meter: UsageMeter): SessionMeter {
  return {
    authorize: async () => ({ ok: true, reservationId: `consent-${randomUUID()}` }),
    record: (record, reservationId) => meter.record(record, reservationId),
    // Its reservation ids are not the meter's (nothing was held): there is nothing to give back.
    release: async () => undefined,
    startSession: (sessionId) => meter.startSession(sessionId),
    endSession: (summary) => meter.endSession(summary),
  };
}
