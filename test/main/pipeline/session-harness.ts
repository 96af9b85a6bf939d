import { join } from 'node:path';
import type { LedgerRequestRecord } from '../../../src-shared/usage/ledger-record';
import {
  DictationSession,
  type DictationSessionDeps,
  type SessionEvent,
} from '../../../src-main/pipeline/dictation-session';
import type { SessionMeter, SessionSettings } from '../../../src-main/pipeline/session-ports';
import { Spool } from '../../../src-main/pipeline/spool';
import { TranscriptStore } from '../../../src-main/pipeline/transcript-store';
import type { Transcriber, TranscriptionRequest, TranscriptionResult } from '../../../src-main/transcription/types';
import { tempDir } from '../../integration/cli-harness';

/**
 * A DictationSession in-process with its ports injected: the real spool and transcript store in a temp folder, a
 * scripted transcriber and a meter that records what it was asked. The session is what is under test; the ports only
 * stand where the network and the ledger would be.
 */

/** A chunk of `ms` milliseconds of steady tone at 16 kHz, placed after `index` chunks of the same length. */
export function chunk(index: number, ms = 2000, speechMs = ms) {
  const samples = (ms * 16_000) / 1000;
  const pcm = new Int16Array(samples).fill(1200);
  return {
    index,
    startSample: index * samples,
    endSample: (index + 1) * samples,
    pcm,
    speechSamples: (speechMs * 16_000) / 1000,
  };
}

/** What the transcriber saw of one request (the WAV's length, not its bytes). */
export interface SeenRequest {
  model?: string;
  language: string;
  prompt?: string;
  audioMs: number;
  wavBytes: number;
}

/** Answers one request: a result, or throws a TranscriptionError; `n` counts requests from 1. */
export type Answer = (request: TranscriptionRequest, n: number) => TranscriptionResult | Promise<TranscriptionResult>;

export function scriptedTranscriber(answer: Answer) {
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const transcriber: Transcriber = {
    async transcribe(request) {
      requests.push({
        model: request.model,
        language: request.language,
        prompt: request.prompt,
        audioMs: request.audioMs,
        wavBytes: request.wav.length,
      });
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        return await answer(request, requests.length);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return {
    transcriber,
    requests,
    get mostInFlight() {
      return mostInFlight;
    },
  };
}

type Authorization = Awaited<ReturnType<SessionMeter['authorize']>>;

/** A meter that grants reservations r1, r2, … (or what `decide` says) and remembers every call. */
export function recordingMeter(decide?: (n: number) => Authorization | Promise<Authorization>) {
  const authorized: Parameters<SessionMeter['authorize']>[0][] = [];
  const records: { record: LedgerRequestRecord; reservationId?: string }[] = [];
  const released: string[] = [];
  const started: string[] = [];
  const ended: Parameters<SessionMeter['endSession']>[0][] = [];
  let warnings: Awaited<ReturnType<SessionMeter['record']>>['warnings'] = [];
  const meter: SessionMeter = {
    async authorize(request) {
      authorized.push(request);
      return decide ? decide(authorized.length) : { ok: true, reservationId: `r${authorized.length}` };
    },
    async record(record, reservationId) {
      records.push({ record, reservationId });
      return { warnings };
    },
    async release(reservationId) {
      released.push(reservationId);
    },
    async startSession(sessionId) {
      started.push(sessionId);
    },
    async endSession(summary) {
      ended.push(summary);
    },
  };
  return {
    meter,
    authorized,
    records,
    released,
    started,
    ended,
    warnWith(next: typeof warnings) {
      warnings = next;
    },
  };
}

export const SETTINGS: SessionSettings = {
  model: 'whisper-1',
  language: 'fa',
  digits: 'keep',
  persianEditor: true,
  maxConcurrentRequests: 3,
  customMicrosPerMinute: null,
};

export interface HarnessOptions extends Partial<Omit<DictationSessionDeps, 'settings'>> {
  settings?: Partial<SessionSettings>;
  dataDir?: string;
}

/** A session over a fresh (or the given) data folder; `events` collects what a person would see happen. */
export function sessionHarness(answer: Answer, options: HarnessOptions = {}) {
  const dataDir = options.dataDir ?? tempDir();
  const api = scriptedTranscriber(answer);
  const meter = recordingMeter();
  const events: SessionEvent[] = [];
  const spool = options.spool ?? new Spool(join(dataDir, 'spool'));
  const transcripts = options.transcripts ?? new TranscriptStore(join(dataDir, 'transcripts'));
  const { settings, dataDir: _dir, ...rest } = options;
  const session = new DictationSession({
    transcriber: api.transcriber,
    meter: meter.meter,
    spool,
    transcripts,
    source: 'cli',
    settings: { ...SETTINGS, ...settings },
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
    providerOf: () => 'openai',
    onEvent: (event) => events.push(event),
    ...rest,
  });
  return { session, api, meter, events, spool, transcripts, dataDir };
}

/** The texts of the 'transcript' events, in the order the person saw them. */
export function shownTexts(events: SessionEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'transcript' ? [e.text] : []));
}

/** A promise and the functions that settle it, for answers that arrive when the test says. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/**
 * Waits (polling) until `condition` holds: for steps of a session the test cannot await directly, such as a request
 * being out. The bound only turns a hang into a failure; it is generous because the machine may be loaded.
 */
export async function waitFor(condition: () => boolean, limitMs = 20_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('the condition never came true');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
