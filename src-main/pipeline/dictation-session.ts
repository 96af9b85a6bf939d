import { randomUUID } from 'node:crypto';
import { joinTranscriptParts, normalizePersian, promptTail } from '../../src-shared/persian/normalize-persian';
import { isSilenceHallucination } from '../../src-shared/persian/silence-hallucinations';
import { priceRequest } from '../../src-shared/pricing/catalogue';
import type { LedgerRequestRecord } from '../../src-shared/usage/ledger-record';
import { encodeWav } from '../audio/wav';
import { samplesToMs, type VoiceChunk } from '../audio/pcm';
import { transcribeWithRetry, type RetryOptions } from '../transcription/retry';
import {
  TranscriptionError,
  describeTranscriptionError,
  mayHaveBeenBilled,
} from '../transcription/transcription-error';
import type { Transcriber, TranscriptionResult } from '../transcription/types';
import { WAITING_FOR_NETWORK } from '../../src-shared/app-contract/waiting-audio';
import { isNetworkOutage, type OutagePort, WAITING_FOR_NETWORK_MESSAGE } from './network-outage';
import type { PaidAnswer, Spool, SpoolEntry } from './spool';
import type { ChunkOutcome, TranscriptPart, TranscriptStore } from './transcript-store';
import type { BilingualMessage, SessionBudgetWarning, SessionMeter, SessionSettings } from './session-ports';
import { countWords } from './count-words';
import { TranscriptAssembler, type ChunkReport } from './transcript-assembler';

export type { ChunkReport };

/** Errors that no other chunk can get past: sending more would only fail the same way (or cost money). */
const SESSION_STOPPING_CODES = new Set([
  'bad_key',
  'region_blocked',
  'permission_denied',
  'quota_exhausted',
  'model_not_found',
]);

/** The prompt is the transcript's tail; chunks with less speech than this go without it (Whisper echoes it back). */
const MIN_SPEECH_MS_FOR_PROMPT = 1000;
const PROMPT_MAX_CHARS = 300;

/** What a person sees happen, in order. */
export type SessionEvent =
  | { type: 'chunk-queued'; index: number; startMs: number; endMs: number; audioMs: number }
  /** `after`: why the previous attempt failed (code, and what the server or network said), on every retry. */
  | { type: 'chunk-sending'; index: number; attempt: number; after?: { code: string; detail?: string } }
  | { type: 'chunk-done'; index: number; status: ChunkOutcome; text: string; costMicros: number }
  | { type: 'transcript'; text: string }
  | { type: 'warning'; warning: SessionBudgetWarning }
  | { type: 'error'; index?: number; code: string; message: BilingualMessage; stopsSession: boolean; detail?: string };

/** What a finished session produced and spent. */
export interface SessionResult {
  sessionId: string;
  text: string;
  chunks: ChunkReport[];
  usage: {
    requests: number;
    failedRequests: number;
    sentAudioMs: number;
    billedSeconds: number;
    /** Charged, plus the estimate for requests of unknown outcome. */
    costMicros: number;
    /** Requests sent whose answer never came: they may have been charged. */
    unknownRequests: number;
    unknownCostMicros: number;
  };
  /** The error that stopped the session early, if any. */
  stoppedBy?: { code: string; message: BilingualMessage };
  /** Chunks still in the spool (failed or blocked), to retry later. */
  spooled: number;
  /** Chunks left alone because another process was already sending them. */
  ownedElsewhere: number;
}

export interface DictationSessionDeps {
  sessionId?: string;
  transcriber: Transcriber;
  meter: SessionMeter;
  spool: Spool;
  transcripts: TranscriptStore;
  settings: SessionSettings;
  source: 'app' | 'cli';
  providerOf?: (model: string) => string;
  now?: () => number;
  retry?: RetryOptions;
  onEvent?: (event: SessionEvent) => void;
  /** The app's resender: chunks the network keeps back wait for it instead of failing (the CLI has none). */
  outage?: OutagePort;
}

/** A chunk waiting to be sent is exactly its spool entry: the spool's metadata is the one record of it. */
type ChunkJob = SpoolEntry;

/** Why a retry loop stopped before its next attempt. */
type HaltReason = { status: 'pending' | 'blocked'; code: string; message?: BilingualMessage };

/**
 * One dictation: chunks go to the spool, then to the transcriber with at most N in flight, and come back as
 * normalised Persian text assembled in spoken order; every request is metered and budget-gated.
 */
export class DictationSession {
  readonly sessionId: string;
  private readonly deps: DictationSessionDeps;
  private readonly now: () => number;
  private readonly transcript = new TranscriptAssembler();
  private readonly queue: ChunkJob[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private readonly usage = {
    requests: 0,
    failedRequests: 0,
    sentAudioMs: 0,
    billedSeconds: 0,
    costMicros: 0,
    unknownRequests: 0,
    unknownCostMicros: 0,
  };
  private readonly pendingWrites = new Set<Promise<unknown>>();
  private stoppedBy: SessionResult['stoppedBy'];
  private firstRequestSettled = false;
  private started: Promise<void> | null = null;
  private audioRecordedMs = 0;
  private spoolWriteFailed = false;
  /** Set by stopTaking: requests already sent finish, nothing new is sent (not even a retry). */
  private draining = false;
  /** Text already stored for the dictations that spooled chunks came from, by session id. */
  private readonly storedText = new Map<string, Promise<TranscriptPart[]>>();

  constructor(deps: DictationSessionDeps) {
    this.deps = deps;
    this.sessionId = deps.sessionId ?? newSessionId(deps.now?.() ?? Date.now());
    this.now = deps.now ?? Date.now;
  }

  /** Tells the session how much audio was recorded in all (silence included), for the session record. */
  setRecordedAudio(samples: number): void {
    this.audioRecordedMs = samplesToMs(samples);
  }

  /**
   * Spools a new chunk (on disk before anything is sent) and schedules it. Never rejects: a failed disk write is
   * reported as an 'error' event and stops the session, because audio that cannot be kept must not be sent either.
   */
  addChunk(chunk: VoiceChunk): Promise<void> {
    return this.track(this.spoolChunk(chunk));
  }

  /**
   * Schedules chunks left in the spool by an earlier run (failed, blocked, or interrupted). Give it the chunks of one
   * recorded session at a time: chunk numbers, which set the spoken order, are unique only within a session.
   */
  addSpooled(entries: SpoolEntry[]): void {
    for (const entry of entries) {
      // Its prompt is what came before it when it was recorded: the text already stored for its dictation.
      if (!this.storedText.has(entry.meta.sessionId))
        this.storedText.set(entry.meta.sessionId, this.deps.transcripts.read(entry.meta.sessionId));
      this.enqueue(entry);
    }
  }

  /** True when a chunk could not be written to the spool (its audio then exists only where it came from). */
  get spoolFailed(): boolean {
    return this.spoolWriteFailed;
  }

  /**
   * Stops taking new work (Ctrl-C): requests in flight may finish and are metered, every chunk not yet sent stays
   * pending in the spool. cancel() after it also gives up on the requests in flight.
   */
  stopTaking(): void {
    this.draining = true;
  }

  /** Requests being made right now (chunks taken off the queue and not yet settled). */
  get inFlight(): number {
    return this.running.size;
  }

  /** Stops sending; chunks not yet sent stay in the spool. */
  cancel(): void {
    this.abort.abort();
  }

  /** Waits for every chunk to be transcribed (or given up on) and closes the session record. */
  async finish(): Promise<SessionResult> {
    await this.ensureStarted();
    while (this.pendingWrites.size > 0 || this.running.size > 0 || this.queue.length > 0) {
      await Promise.all([...this.pendingWrites, ...this.running]);
      this.pump();
    }
    const chunks = this.transcript.inOrder();
    const text = this.transcript.fullText();
    // The session's summary line only adds its recorded length and words (its requests are in the ledger already):
    // a disk that refuses it must not cost the person the text returned here.
    await this.deps.meter
      .endSession({ sessionId: this.sessionId, audioRecordedMs: this.audioRecordedMs, words: countWords(text) })
      .catch(() => undefined);
    const ownedElsewhere = chunks.filter((c) => c.errorCode === 'owned_elsewhere').length;
    const spooled = chunks.filter((c) => c.status === 'failed' || c.status === 'blocked').length - ownedElsewhere;
    return {
      sessionId: this.sessionId,
      text,
      chunks,
      usage: { ...this.usage },
      stoppedBy: this.stoppedBy,
      spooled,
      ownedElsewhere,
    };
  }

  private async spoolChunk(chunk: VoiceChunk): Promise<void> {
    await this.ensureStarted();
    const startMs = samplesToMs(chunk.startSample);
    const endMs = samplesToMs(chunk.endSample);
    const audioMs = samplesToMs(chunk.pcm.length);
    const speechMs = samplesToMs(chunk.speechSamples);
    const entry = await this.deps.spool.put(
      {
        sessionId: this.sessionId,
        index: chunk.index,
        startMs,
        endMs,
        audioMs,
        speechMs,
        model: this.deps.settings.model,
        language: this.deps.settings.language,
        createdAt: this.now(),
      },
      encodeWav(chunk.pcm),
    );
    this.emit({ type: 'chunk-queued', index: chunk.index, startMs, endMs, audioMs });
    this.enqueue(entry);
  }

  private ensureStarted(): Promise<void> {
    this.started ??= this.deps.meter.startSession(this.sessionId);
    return this.started;
  }

  private enqueue(job: ChunkJob): void {
    this.transcript.expect(job.meta.index);
    this.queue.push(job);
    this.queue.sort((a, b) => a.meta.index - b.meta.index);
    this.pump();
  }

  private pump(): void {
    // The first request goes alone: a bad key or a blocked region then fails once, not N times at once.
    const limit = this.firstRequestSettled ? Math.max(1, this.deps.settings.maxConcurrentRequests) : 1;
    while (this.running.size < limit && this.queue.length > 0) {
      const job = this.queue.shift()!;
      const run = this.process(job).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private track(promise: Promise<void>): Promise<void> {
    const tracked: Promise<void> = promise
      .catch((error: unknown) => {
        const message = spoolWriteMessage(error);
        this.spoolWriteFailed = true;
        this.stoppedBy ??= { code: 'spool_write', message };
        this.emit({ type: 'error', code: 'spool_write', message, stopsSession: true });
      })
      .finally(() => this.pendingWrites.delete(tracked));
    this.pendingWrites.add(tracked);
    return tracked;
  }

  /**
   * One chunk's way, step by step: take it (one owner), settle what an earlier run left, decide whether to send at
   * all, pass the budget gate, send, meter the answer, store the text — or leave it in the spool on any failure.
   */
  private async process(job: ChunkJob): Promise<void> {
    if (!(await this.claim(job))) return;
    // Its last owner died with a request out (killed, crashed): that request may have been billed.
    if (job.meta.sentAt !== undefined) await this.recordOrphanedRequest(job);
    // Answered and billed in an earlier run: store the text now, no new request.
    if (job.meta.paid) return this.completePaid(job, job.meta.paid);
    if (await this.holdBack(job)) return;
    const reservationId = await this.reserve(job);
    if (reservationId === null) return;
    try {
      await this.send(job, reservationId);
    } finally {
      this.firstRequestSettled = true;
    }
  }

  /**
   * Step 1 — one owner per chunk: a chunk another process is sending (a second `spool retry`, the app) is left to it.
   */
  private async claim(job: ChunkJob): Promise<boolean> {
    if (await this.deps.spool.claim(job)) return true;
    this.report(job, 'failed', '', 0, 'owned_elsewhere');
    this.emit({
      type: 'error',
      index: job.meta.index,
      code: 'owned_elsewhere',
      message: OWNED_ELSEWHERE,
      stopsSession: false,
    });
    return false;
  }

  /** Step 2 — chunks not to send now go back to the spool: the session stopped, Ctrl-C, or the network is down. */
  private async holdBack(job: ChunkJob): Promise<boolean> {
    if (this.stoppedBy || this.abort.signal.aborted) {
      await this.leaveInSpool(job, 'failed', this.stoppedBy?.code ?? 'aborted');
      return true;
    }
    if (this.draining) {
      await this.leaveInSpool(job, 'pending', 'interrupted');
      return true;
    }
    if (this.deps.outage?.isDown()) {
      // The resender is already probing: one more request per chunk would only be a storm against a dead endpoint.
      await this.waitForNetwork(job, 'network', 'not sent: the endpoint was unreachable');
      return true;
    }
    return false;
  }

  /** Step 3 — the budget gate: a reservation id, or null when a budget (or Ctrl-C meanwhile) kept the chunk back. */
  private async reserve(job: ChunkJob): Promise<string | null> {
    let gate: Awaited<ReturnType<SessionMeter['authorize']>>;
    try {
      gate = await this.deps.meter.authorize(this.gateRequest(job));
    } catch (error) {
      // The gate could not write its reservation (a full disk): nothing is sent that the ledger could not count.
      this.firstRequestSettled = true;
      const message = ledgerWriteMessage(error, 'before');
      this.stoppedBy ??= { code: 'ledger_write', message };
      await this.leaveInSpool(job, 'pending', 'ledger_write').catch(() =>
        this.report(job, 'failed', '', 0, 'ledger_write'),
      );
      this.emit({ type: 'error', index: job.meta.index, code: 'ledger_write', message, stopsSession: true });
      return null;
    }
    if (!gate.ok) {
      this.firstRequestSettled = true;
      await this.leaveInSpool(job, 'blocked', gate.code);
      this.emit({ type: 'error', index: job.meta.index, code: gate.code, message: gate.message, stopsSession: false });
      return null;
    }
    if (this.draining) {
      await this.deps.meter.release(gate.reservationId);
      await this.leaveInSpool(job, 'pending', 'interrupted');
      return null;
    }
    return gate.reservationId;
  }

  /** Step 4 — the request, with retries that re-pass the budget gate whenever a failed attempt may have been billed. */
  private async send(job: ChunkJob, firstReservationId: string): Promise<void> {
    const { meter } = this.deps;
    let reservationId = firstReservationId;
    let reservationSettled = false;
    /** Why the retry loop was told to stop before its next attempt (Ctrl-C, or a budget the failed attempt spent). */
    let halted: HaltReason | null = null;
    try {
      const wav = await this.deps.spool.readWav(job);
      const prompt =
        job.meta.speechMs >= MIN_SPEECH_MS_FOR_PROMPT ? promptTail(await this.textBefore(job), PROMPT_MAX_CHARS) : '';
      // Said on disk before the upload: if this process dies waiting, the next owner records the request as unknown.
      // Best effort: a spool that cannot be written (disk full) must not keep a chunk from being transcribed.
      await this.deps.spool.mark(job, { sentAt: this.now() }).catch(() => undefined);
      this.emit({ type: 'chunk-sending', index: job.meta.index, attempt: 1 });
      const { model, language } = this.recordedWith(job);
      const { result } = await transcribeWithRetry(
        this.deps.transcriber,
        { wav, audioMs: job.meta.audioMs, model, language, prompt: prompt || undefined, signal: this.abort.signal },
        {
          ...this.deps.retry,
          onFailedAttempt: async (error, attempt, willRetry) => {
            // A request that may have been billed settles its reservation: its estimate is spend from now on, and
            // the next attempt must pass the budget gate again rather than go out as if free.
            const settles = !willRetry || mayHaveBeenBilled(error);
            if (settles) reservationSettled = true;
            await this.recordFailure(job, error, settles ? reservationId : undefined);
            if (willRetry)
              this.emit({
                type: 'chunk-sending',
                index: job.meta.index,
                attempt: attempt + 1,
                after: { code: error.code, ...(error.detail ? { detail: error.detail } : {}) },
              });
          },
          beforeRetry: async () => {
            if (this.draining) {
              halted = { status: 'pending', code: 'interrupted' };
              return false;
            }
            if (!reservationSettled) return true;
            const again = await meter.authorize(this.gateRequest(job));
            if (!again.ok) {
              halted = { status: 'blocked', code: again.code, message: again.message };
              return false;
            }
            reservationId = again.reservationId;
            reservationSettled = false;
            return true;
          },
        },
      );
      reservationSettled = true;
      const answer = await this.meterAnswer(job, result, reservationId);
      if ('unmetered' in answer) return await this.keepPaidAnswer(job, answer, answer.error, 'ledger_write');
      await this.complete(job, answer.status, answer.text, answer.costMicros, answer.droppedText);
    } catch (caught) {
      // Every request that was sent is already in the ledger (onFailedAttempt); what is left is an unsent one.
      if (!reservationSettled) await meter.release(reservationId);
      await this.spoolOnFailure(job, caught, halted as HaltReason | null);
    }
  }

  /** Step 5 — the answer priced, edited and written to the ledger (a dropped answer's text is kept in its line). */
  private async meterAnswer(
    job: ChunkJob,
    result: TranscriptionResult,
    reservationId: string,
  ): Promise<
    | { status: 'ok' | 'dropped'; text: string; costMicros: number; droppedText?: string }
    | (PaidAnswer & { unmetered: LedgerRequestRecord; error: unknown })
  > {
    const { settings } = this.deps;
    const price = priceRequest({
      model: this.recordedWith(job).model,
      audioMs: job.meta.audioMs,
      usage: result.usage,
      customMicrosPerMinute: settings.customMicrosPerMinute,
    });
    // Edited and checked before the ledger line is written, so a dropped answer is kept in it, never lost.
    const text = normalizePersian(result.text, {
      digits: settings.digits,
      language: settings.language,
      edit: settings.persianEditor !== false,
    });
    const dropped =
      text.trim() === '' || isSilenceHallucination(text, { speechMs: job.meta.speechMs, audioMs: job.meta.audioMs });
    const droppedText = dropped && result.text.trim() !== '' ? result.text.trim() : undefined;
    const record = this.requestRecord(job, {
      ...(droppedText ? { droppedText } : {}),
      billed: price.billed,
      billedSeconds: price.billedSeconds,
      costMicros: price.costMicros,
      outcome: 'ok',
      requestId: result.requestId,
      ...(price.priceKnown ? {} : { priceUnknown: true }),
    });
    this.usage.requests += 1;
    this.usage.sentAudioMs += job.meta.audioMs;
    this.usage.billedSeconds += price.billedSeconds;
    this.usage.costMicros += price.costMicros;
    const answer = {
      status: dropped ? 'dropped' : 'ok',
      text: dropped ? '' : text,
      costMicros: price.costMicros,
    } as const;
    try {
      const { warnings } = await this.deps.meter.record(record, reservationId);
      for (const warning of warnings) this.emit({ type: 'warning', warning });
    } catch (error) {
      // Paid, but the ledger cannot be written (a full disk): the text and its ledger line stay with the chunk.
      return { ...answer, unmetered: record, error };
    }
    return { ...answer, droppedText };
  }

  /**
   * Step 6 (on failure) — the chunk stays in the spool: halted (pending or blocked), waiting for the network, or
   * failed.
   */
  private async spoolOnFailure(job: ChunkJob, caught: unknown, halted: HaltReason | null): Promise<void> {
    const error =
      caught instanceof TranscriptionError
        ? caught
        : new TranscriptionError('unknown', { retryable: false, detail: String(caught) });
    if (halted) {
      await this.leaveInSpool(job, halted.status, halted.code);
      if (halted.message)
        this.emit({
          type: 'error',
          index: job.meta.index,
          code: halted.code,
          message: halted.message,
          stopsSession: false,
        });
      return;
    }
    if (this.deps.outage && !this.abort.signal.aborted && isNetworkOutage(error)) {
      this.deps.outage.reportDown();
      await this.waitForNetwork(job, error.code, error.message);
      return;
    }
    await this.fail(job, error);
  }

  /** A chunk the network kept back: in the spool, marked so the app's resender sends it when the endpoint is back. */
  private async waitForNetwork(job: ChunkJob, code: string, detail: string): Promise<void> {
    await this.leaveInSpool(job, 'failed', code, detail, { outage: true });
    this.emit({
      type: 'error',
      index: job.meta.index,
      code: WAITING_FOR_NETWORK,
      message: WAITING_FOR_NETWORK_MESSAGE,
      stopsSession: false,
    });
  }

  /** A chunk is sent as it was recorded: a retry after a settings change keeps its model and language. */
  private recordedWith(job: ChunkJob): { model: string; language: string } {
    return {
      model: recordedModel(job, this.deps.settings.model),
      language: job.meta.language ?? this.deps.settings.language,
    };
  }

  private gateRequest(job: ChunkJob): Parameters<SessionMeter['authorize']>[0] {
    return {
      sessionId: this.sessionId,
      model: this.recordedWith(job).model,
      audioMs: job.meta.audioMs,
      customMicrosPerMinute: this.deps.settings.customMicrosPerMinute,
    };
  }

  /** The text spoken before a chunk: this session's, and for a retried chunk what its dictation already stored. */
  private async textBefore(job: ChunkJob): Promise<string> {
    const stored = await (this.storedText.get(job.meta.sessionId) ?? Promise.resolve([]));
    if (stored.length === 0) return this.transcript.textBefore(job.meta.index);
    const byIndex = new Map<number, string>();
    for (const part of stored)
      if (part.status === 'ok' && part.index < job.meta.index) byIndex.set(part.index, part.text);
    for (const part of this.transcript.inOrder())
      if (part.status === 'ok' && part.index < job.meta.index) byIndex.set(part.index, part.text);
    return joinTranscriptParts([...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text));
  }

  /** A request an earlier owner sent and never saw answered (it was killed): recorded now as outcome unknown. */
  private async recordOrphanedRequest(job: ChunkJob): Promise<void> {
    const error = new TranscriptionError('aborted', {
      retryable: false,
      detail: 'the program stopped while waiting for the answer',
    });
    await this.recordFailure(job, error, undefined);
    await this.deps.spool.mark(job, { sentAt: undefined });
  }

  private async recordFailure(
    job: ChunkJob,
    error: TranscriptionError,
    reservationId: string | undefined,
  ): Promise<void> {
    this.usage.requests += 1;
    if (mayHaveBeenBilled(error)) {
      // Sent, and no answer came (timeout, cut connection, cancelled in flight): the server may have charged it, so
      // the ledger keeps its estimated cost as outcome 'unknown', counted against budgets and shown apart.
      const model = recordedModel(job, this.deps.settings.model);
      const estimate = priceRequest({
        model,
        audioMs: job.meta.audioMs,
        customMicrosPerMinute: this.deps.settings.customMicrosPerMinute,
      });
      this.usage.unknownRequests += 1;
      this.usage.costMicros += estimate.costMicros;
      this.usage.unknownCostMicros += estimate.costMicros;
      await this.deps.meter.record(
        this.requestRecord(job, {
          outcome: 'unknown',
          errorCode: error.code,
          requestId: error.requestId,
          billed: { type: 'none' },
          billedSeconds: 0,
          costMicros: estimate.costMicros,
          ...(estimate.priceKnown ? {} : { priceUnknown: true }),
        }),
        reservationId,
      );
      return;
    }
    this.usage.failedRequests += 1;
    await this.deps.meter.record(
      this.requestRecord(job, {
        outcome: 'failed',
        errorCode: error.code,
        requestId: error.requestId,
        billed: { type: 'none' },
        billedSeconds: 0,
        costMicros: 0,
      }),
      reservationId,
    );
  }

  private async fail(job: ChunkJob, error: TranscriptionError): Promise<void> {
    const stops = SESSION_STOPPING_CODES.has(error.code);
    const message = describeTranscriptionError(error.code);
    if (stops && !this.stoppedBy) this.stoppedBy = { code: error.code, message };
    await this.leaveInSpool(job, 'failed', error.code, error.message);
    if (error.code !== 'aborted')
      this.emit({
        type: 'error',
        index: job.meta.index,
        code: error.code,
        message,
        stopsSession: stops,
        ...(error.detail ? { detail: error.detail } : {}),
      });
  }

  private async leaveInSpool(
    job: ChunkJob,
    status: 'failed' | 'blocked' | 'pending',
    code: string,
    detail?: string,
    options: { outage?: boolean } = {},
  ): Promise<void> {
    await this.deps.spool.mark(job, {
      status,
      attempts: job.meta.attempts + 1,
      lastError: { code, message: detail ?? code },
      sentAt: undefined,
      outage: options.outage ? true : undefined,
    });
    await this.deps.spool.release(job);
    this.report(job, status === 'pending' ? 'failed' : status, '', 0, code);
  }

  private async complete(
    job: ChunkJob,
    status: 'ok' | 'dropped',
    text: string,
    costMicros: number,
    droppedText?: string,
  ): Promise<void> {
    // Text on disk first, then the audio may go: never a moment where neither exists.
    try {
      await this.deps.transcripts.append(job.meta.sessionId, {
        index: job.meta.index,
        startMs: job.meta.startMs,
        endMs: job.meta.endMs,
        text,
        status,
        ...(droppedText ? { droppedText } : {}),
        at: this.now(),
      });
    } catch (error) {
      await this.keepPaidAnswer(job, { text, status, costMicros }, error);
      return;
    }
    await this.deps.spool.remove(job);
    this.report(job, status, text, costMicros, undefined, droppedText);
  }

  /**
   * Answered and billed in an earlier run: the ledger line that run could not write goes first (once), then the
   * text; no new request either way.
   */
  private async completePaid(job: ChunkJob, paid: PaidAnswer): Promise<void> {
    if (!paid.unmetered) return this.complete(job, paid.status, paid.text, 0);
    try {
      const { warnings } = await this.deps.meter.record(paid.unmetered);
      for (const warning of warnings) this.emit({ type: 'warning', warning });
    } catch (error) {
      return this.keepPaidAnswer(job, paid, error, 'ledger_write');
    }
    this.usage.requests += 1;
    this.usage.sentAudioMs += job.meta.audioMs;
    this.usage.billedSeconds += paid.unmetered.billedSeconds;
    this.usage.costMicros += paid.costMicros;
    await this.complete(job, paid.status, paid.text, paid.costMicros);
  }

  /**
   * The server answered and billed, but the text (or its ledger line) could not be stored (disk full, folder not
   * writable): the answer stays with the chunk in the spool, marked paid, so a retry writes it without a second
   * request. The person still sees the text now; sending stops, since every further answer would meet the same disk.
   */
  private async keepPaidAnswer(
    job: ChunkJob,
    paid: PaidAnswer,
    error: unknown,
    code: 'transcript_write' | 'ledger_write' = 'transcript_write',
  ): Promise<void> {
    const message = code === 'ledger_write' ? ledgerWriteMessage(error) : transcriptWriteMessage(error);
    try {
      await this.deps.spool.mark(job, {
        status: 'paid',
        paid,
        lastError: { code, message: message.en },
        sentAt: undefined,
      });
      await this.deps.spool.release(job);
    } catch {
      // Not even the spool can be written: the text still reaches the screen and the result below.
    }
    this.stoppedBy ??= { code, message };
    this.report(job, paid.status, paid.text, paid.costMicros);
    this.emit({ type: 'error', index: job.meta.index, code, message, stopsSession: true });
  }

  private report(
    job: ChunkJob,
    status: ChunkOutcome,
    text: string,
    costMicros: number,
    errorCode?: string,
    droppedText?: string,
  ): void {
    this.transcript.settle({
      index: job.meta.index,
      startMs: job.meta.startMs,
      endMs: job.meta.endMs,
      text,
      status,
      ...(errorCode ? { errorCode } : {}),
      ...(droppedText ? { droppedText } : {}),
    });
    this.emit({ type: 'chunk-done', index: job.meta.index, status, text, costMicros });
    this.emit({ type: 'transcript', text: this.transcript.shownText() });
  }

  private requestRecord(
    job: ChunkJob,
    fields: Pick<LedgerRequestRecord, 'billed' | 'billedSeconds' | 'costMicros' | 'outcome'> &
      Partial<LedgerRequestRecord>,
  ): LedgerRequestRecord {
    const model = recordedModel(job, this.deps.settings.model);
    return {
      kind: 'request',
      id: randomUUID(),
      at: this.now(),
      sessionId: job.meta.sessionId,
      model,
      provider: this.deps.providerOf?.(model) ?? 'custom',
      audioMs: job.meta.audioMs,
      source: this.deps.source,
      ...fields,
    };
  }

  private emit(event: SessionEvent): void {
    this.deps.onEvent?.(event);
  }
}

function newSessionId(now: number): string {
  return `${new Date(now).toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
}

/** The model a chunk was recorded with ('' in a chunk whose meta was lost: the settings' model then). */
function recordedModel(job: ChunkJob, fallback: string): string {
  return job.meta.model || fallback;
}

const OWNED_ELSEWHERE: BilingualMessage = {
  fa: 'این تکه را برنامهٔ دیگری (پنجرهٔ برنامه یا فرمان دیگری) در حال ارسال است؛ از آن گذشتیم تا دوبار هزینه نشود.',
  en: 'Another process (the app or another command) is sending this chunk; it was skipped so it is not paid for twice.',
};

function transcriptWriteMessage(error: unknown): BilingualMessage {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    fa:
      `متن رونویسی‌شده روی دیسک ذخیره نشد (${detail}). متن و پرداخت آن همراه صدا در صف نگه داشته شد؛ پس از ` +
      'آزاد کردن فضا یا درست کردن دسترسی پوشهٔ داده، «ارسال دوباره» آن را بدون هزینهٔ تازه ذخیره می‌کند.',
    en:
      `The transcript could not be saved to disk (${detail}). The text, already paid for, is kept with its ` +
      `audio in the spool; free some space or fix the data folder's permissions, then retry to save it ` +
      'without paying again.',
  };
}

function ledgerWriteMessage(error: unknown, when: 'before' | 'after' = 'after'): BilingualMessage {
  const detail = error instanceof Error ? error.message : String(error);
  if (when === 'before')
    return {
      fa:
        `دفتر مصرف نوشته نمی‌شود (${detail})، پس صدا فرستاده نشد و در صف ماند. پس از آزاد کردن فضا یا درست کردن ` +
        'دسترسی پوشهٔ داده آن را دوباره بفرستید.',
      en:
        `The usage ledger cannot be written (${detail}), so the audio was not sent; it waits in the spool. Free some ` +
        "space or fix the data folder's permissions, then retry.",
    };
  return {
    fa:
      `هزینهٔ این تکه در دفتر مصرف ثبت نشد (${detail}). متن و هزینهٔ پرداخت‌شده همراه صدا در صف نگه داشته ` +
      'شد؛ پس از آزاد کردن فضا یا درست کردن دسترسی پوشهٔ داده، «ارسال دوباره» هزینه را ثبت و متن را بدون ' +
      'پرداخت تازه ذخیره می‌کند.',
    en:
      `The cost of this chunk could not be written to the usage ledger (${detail}). The text, already paid for, ` +
      `is kept with its audio and its cost in the spool; free some space or fix the data folder's permissions, then ` +
      'retry to record the cost and save the text without paying again.',
  };
}

function spoolWriteMessage(error: unknown): BilingualMessage {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    fa: `ذخیرهٔ صدا روی دیسک ممکن نشد (${detail}). فضای دیسک و دسترسی پوشهٔ داده را بررسی کنید.`,
    en: `Could not save the audio to disk (${detail}). Check free disk space and that the data folder is writable.`,
  };
}
