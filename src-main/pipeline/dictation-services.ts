import { join } from 'node:path';
import { catalogueEntry } from '../../src-shared/pricing/catalogue';
import { usdToMicros } from '../../src-shared/money';
import type { Settings } from '../../src-shared/settings/settings-schema';
import { createOpenAiTranscriber } from '../transcription/openai-transcriber';
import { proxiedFetch, resolveProxyUrl } from '../transcription/proxy';
import type { Transcriber } from '../transcription/types';
import type { RetryOptions } from '../transcription/retry';
import { openUsageMeter, type UsageMeter } from '../usage/usage-meter';
import { DictationSession, type SessionEvent } from './dictation-session';
import { Spool } from './spool';
import { TranscriptStore } from './transcript-store';

/** Everything a dictation needs, opened once per data folder; the desktop app and the CLI build it the same way. */
export interface DictationServices {
  readonly settings: Settings;
  readonly meter: UsageMeter;
  readonly spool: Spool;
  readonly transcripts: TranscriptStore;
  readonly transcriber: Transcriber;
  /** A new session with these settings; `onEvent` sees its progress. */
  newSession(onEvent?: (event: SessionEvent) => void): DictationSession;
  close(): Promise<void>;
}

export interface DictationServicesOptions {
  dataDir: string;
  settings: Settings;
  apiKey: string;
  source: 'app' | 'cli';
  /** The process environment, for HTTPS_PROXY / NO_PROXY (the proxyUrl setting comes first; see resolveProxyUrl). */
  env?: Record<string, string | undefined>;
  /** Replaces the OpenAI client (tests of failure handling use the real one against a local server instead). */
  transcriber?: Transcriber;
  retry?: RetryOptions;
  now?: () => number;
}

/** Opens the meter, spool and transcript folders under the data folder and builds the transcription client. */
export async function openDictationServices(options: DictationServicesOptions): Promise<DictationServices> {
  const { dataDir, settings, source } = options;
  const meter = await openUsageMeter({ dataDir, settings, source, now: options.now });
  const spool = new Spool(join(dataDir, 'spool'));
  const transcripts = new TranscriptStore(join(dataDir, 'transcripts'));
  const proxyUrl = resolveProxyUrl({ setting: settings.proxyUrl, env: options.env ?? {}, targetUrl: settings.baseUrl });
  const transcriber =
    options.transcriber ??
    createOpenAiTranscriber({
      apiKey: options.apiKey,
      baseUrl: settings.baseUrl,
      model: settings.model,
      fetch: proxyUrl ? proxiedFetch(proxyUrl) : undefined,
    });
  const sessionSettings = {
    model: settings.model,
    language: settings.language,
    digits: settings.digits,
    maxConcurrentRequests: settings.maxConcurrentRequests,
    customMicrosPerMinute: usdToMicros(settings.customPricePerMinuteUsd),
  };
  return {
    settings, meter, spool, transcripts, transcriber,
    newSession: (onEvent) =>
      new DictationSession({
        transcriber, meter, spool, transcripts, settings: sessionSettings, source, onEvent, retry: options.retry, now: options.now,
        providerOf: (model) => catalogueEntry(model).provider,
      }),
    close: () => meter.close(),
  };
}
