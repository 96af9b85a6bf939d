import type { ChunkRef } from '../../src-shared/app-contract/commands';
import type { AppEvent, RecordingState } from '../../src-shared/app-contract/events';
import type { LastTranscriptView } from '../../src-shared/app-contract/views';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { samplesToMs } from '../audio/pcm';
import type { VoiceChunkerOptions } from '../audio/voice-chunker';
import type { VoiceActivityDetector } from '../audio/vad/voice-activity-detector';
import type { DictationServices, NewSessionOptions } from '../pipeline/dictation-services';
import type { OutagePort } from '../pipeline/network-outage';
import type { SessionResult } from '../pipeline/dictation-session';
import { LiveDictation } from '../pipeline/live-dictation';
import type { SpoolEntry } from '../pipeline/spool';
import { ALREADY_RECORDING, AppError, NOT_IN_SPOOL } from './app-error';
import { DictationTracker } from './dictation-tracker';

/** Stats while recording go out at most this often (elapsed time and audio received). */
const STATS_EVERY_MS = 250;
/** The microphone level goes out this often while listening (the overlay's meter). */
const LEVEL_EVERY_MS = 100;
/** Trackers of finished dictations kept for later "send anyway"/retry of their chunks. */
const KEEP_TRACKERS = 50;

export interface CoordinatorDeps {
  /** Services built from the settings as they are now (a settings change applies to the next dictation). */
  openServices(): Promise<DictationServices>;
  /** A fresh detector for one live stream. */
  createDetector(): Promise<VoiceActivityDetector>;
  emit(event: AppEvent): void;
  /** A request was metered: the usage cards should move. */
  onMetered(): void;
  now(): number;
  chunker?: Partial<VoiceChunkerOptions>;
  /** The resender: while the endpoint is down, a live dictation's chunks wait in the spool for it. */
  outage?: OutagePort;
}

/** How waiting chunks are sent: with budget consent, a retry rule of their own, and an outage port. */
export type SendSpooledOptions = { consent: boolean } & Pick<NewSessionOptions, 'retry' | 'outage'>;

interface Recording {
  live: LiveDictation;
  services: DictationServices;
  tracker: DictationTracker;
  heardFirstFrame: boolean;
  receivedSamples: number;
  lastStatsAt: number;
  lastLevelAt: number;
  peakSquare: number;
}

/**
 * Owns the recording state machine that the window, tray and overlay all follow:
 * idle → starting → listening (first frame) → sending (stopped, text still coming) → idle,
 * or blocked (a budget kept chunks in the spool) / error (a dictation-stopping failure) until the next action.
 */
export class DictationCoordinator {
  private state: RecordingState = 'idle';
  private stateSessionId: string | null = null;
  private recording: Recording | null = null;
  private starting = false;
  private pushing: Promise<void> = Promise.resolve();
  /** Dictations and re-sends still finishing in the background. */
  private readonly finishing = new Set<Promise<unknown>>();
  private readonly trackers = new Map<string, DictationTracker>();
  private spareDetector: Promise<VoiceActivityDetector> | null = null;
  private last: LastTranscriptView | null = null;

  constructor(private readonly deps: CoordinatorDeps) {}

  /** Loads the voice detector ahead of the first press, so Record answers at once. */
  warmUp(): void {
    this.spareDetector ??= this.deps.createDetector();
    this.spareDetector.catch(() => {
      this.spareDetector = null;
    });
  }

  /** The current state, for a host that attaches late (a new window, the tray). */
  currentState(): { state: RecordingState; sessionId: string | null } {
    return { state: this.state, sessionId: this.stateSessionId };
  }

  /** The last dictation the person stopped, with all its text (for "copy last transcript" and paste). */
  lastTranscript(): LastTranscriptView | null {
    return this.last;
  }

  /** Opens a dictation; audio arriving through pushAudio goes to it. */
  async start(): Promise<{ sessionId: string }> {
    if (this.recording || this.starting) throw new AppError('already_recording', ALREADY_RECORDING);
    this.starting = true;
    this.setState('starting', null);
    try {
      const services = await this.deps.openServices();
      const detector = await this.takeDetector();
      // The session names itself; its first event comes only after the first chunk, so the tracker is there by then.
      let tracker: DictationTracker | null = null;
      const session = services.newSession((event) => tracker?.onSessionEvent(event), { outage: this.deps.outage });
      tracker = this.remember(this.trackerFor(session.sessionId));
      this.recording = {
        live: new LiveDictation(session, detector, this.deps.chunker, {
          root: services.journalRoot,
          model: services.settings.model,
          language: services.settings.language,
          now: () => this.deps.now(),
        }),
        services,
        tracker,
        heardFirstFrame: false,
        receivedSamples: 0,
        lastStatsAt: 0,
        lastLevelAt: 0,
        peakSquare: 0,
      };
      this.pushing = Promise.resolve();
      this.setState('starting', session.sessionId);
      tracker.emitStats();
      return { sessionId: session.sessionId };
    } catch (error) {
      this.setState('idle', null);
      throw error;
    } finally {
      this.starting = false;
    }
  }

  /** Microphone audio for the open dictation; audio with no dictation open is not kept. */
  pushAudio(pcm: Int16Array): void {
    const recording = this.recording;
    if (!recording || pcm.length === 0) return;
    recording.receivedSamples += pcm.length;
    if (!recording.heardFirstFrame) {
      recording.heardFirstFrame = true;
      this.setState('listening', recording.tracker.sessionId);
    }
    this.pushing = this.pushing.then(() => recording.live.push(pcm)).catch(() => undefined);
    const at = this.deps.now();
    recording.peakSquare = Math.max(recording.peakSquare, meanSquare(pcm));
    if (at - recording.lastLevelAt >= LEVEL_EVERY_MS) {
      recording.lastLevelAt = at;
      const dbfs = recording.peakSquare > 0 ? Math.max(-100, 10 * Math.log10(recording.peakSquare)) : -100;
      recording.peakSquare = 0;
      this.deps.emit({ type: 'level', sessionId: recording.tracker.sessionId, dbfs: Math.round(dbfs * 10) / 10 });
    }
    if (at - recording.lastStatsAt >= STATS_EVERY_MS) {
      recording.lastStatsAt = at;
      recording.tracker.setRecordedMs(samplesToMs(recording.receivedSamples));
      recording.tracker.emitStats();
    }
  }

  /** The person stopped: the last words are cut and sent in the background; the state says when all text is in. */
  stop(): { sessionId: string | null } {
    return this.end('stop');
  }

  /** Stops without sending the rest; unsent chunks stay in the spool. */
  cancel(): { sessionId: string | null } {
    return this.end('cancel');
  }

  /** Sends one chunk that waits in the spool: a budget-blocked one with the person's consent, or a failed one. */
  async resend(ref: ChunkRef, reason: 'consent' | 'retry'): Promise<{ queued: number }> {
    const services = await this.deps.openServices();
    let entry: SpoolEntry | undefined;
    try {
      entry = await services.spool.find(ref, reason);
    } catch (error) {
      await services.close();
      throw error;
    }
    if (!entry) {
      await services.close();
      throw new AppError('not_in_spool', NOT_IN_SPOOL);
    }
    const tracker = this.trackers.get(ref.sessionId) ?? this.remember(this.trackerFor(ref.sessionId));
    tracker.expect(entry.meta.index, {
      startMs: entry.meta.startMs,
      endMs: entry.meta.endMs,
      audioMs: entry.meta.audioMs,
    });
    const session = services.newSession(tracker.onSessionEvent, { budgetOverride: reason === 'consent' });
    session.addSpooled([entry]);
    if (!this.recording) this.setState('sending', ref.sessionId);
    this.track(services, tracker, session.finish());
    return { queued: 1 };
  }

  /**
   * Sends chunks waiting in the spool, one recorded dictation after another, each into its own dictation's
   * transcript (its tracker, so the window shows the text where it was spoken). Resolves when all have settled.
   */
  async sendSpooled(entries: SpoolEntry[], options: SendSpooledOptions): Promise<SessionResult[]> {
    const results: Array<SessionResult | null> = [];
    for (const group of bySession(entries)) {
      const services = await this.deps.openServices();
      const sessionId = group[0].meta.sessionId;
      const tracker = this.trackers.get(sessionId) ?? this.remember(this.trackerFor(sessionId));
      for (const { meta } of group)
        tracker.expect(meta.index, { startMs: meta.startMs, endMs: meta.endMs, audioMs: meta.audioMs });
      const session = services.newSession(tracker.onSessionEvent, {
        budgetOverride: options.consent,
        retry: options.retry,
        outage: options.outage,
      });
      session.addSpooled(group);
      if (!this.recording) this.setState('sending', sessionId);
      const done = session.finish();
      await this.track(services, tracker, done);
      results.push(await done.catch(() => null));
    }
    return results.filter((r): r is SessionResult => r !== null);
  }

  /** Ends the open dictation and waits for everything in flight (used when the app quits). */
  async close(): Promise<void> {
    this.end('stop');
    while (this.finishing.size > 0) await Promise.allSettled([...this.finishing]);
  }

  private end(how: 'stop' | 'cancel'): { sessionId: string | null } {
    const recording = this.recording;
    if (!recording) return { sessionId: null };
    this.recording = null;
    const { live, tracker } = recording;
    this.setState('sending', tracker.sessionId);
    // Frames already received are chunked first: the last words are never cut off by the stop.
    const done = this.pushing
      .then(() => {
        tracker.setRecordedMs(live.recordedMs);
        return how === 'stop' ? live.stop() : live.cancel();
      })
      .then((result) => {
        // A stopped dictation's text is what the host copies or pastes; a cancelled one is not pasted anywhere.
        if (how === 'stop') this.finished(tracker);
        return result;
      });
    this.track(recording.services, tracker, done);
    return { sessionId: tracker.sessionId };
  }

  private finished(tracker: DictationTracker): void {
    const text = tracker.text().trim();
    if (text === '') return;
    this.last = { sessionId: tracker.sessionId, text, endedAt: this.deps.now() };
    this.deps.emit({ type: 'transcript', sessionId: tracker.sessionId, text });
  }

  private track(services: DictationServices, tracker: DictationTracker, done: Promise<SessionResult>): Promise<void> {
    const settled = done
      .then((result) => this.settleAfter(tracker, result.stoppedBy))
      .catch((error: unknown) => this.settleAfter(tracker, { code: 'internal', message: internalMessage(error) }))
      .finally(async () => {
        tracker.emitStats();
        await services.close();
        this.finishing.delete(settled);
      });
    this.finishing.add(settled);
    return settled;
  }

  private settleAfter(tracker: DictationTracker, stoppedBy?: { code: string; message: BilingualMessage }): void {
    // A newer dictation owns the state; a background one finishing must not flip it.
    if (this.recording || this.starting) return;
    if (this.finishing.size > 1) return;
    if (stoppedBy && stoppedBy.code !== 'aborted') this.setState('error', tracker.sessionId, stoppedBy);
    else if (tracker.blockedCount() > 0) this.setState('blocked', tracker.sessionId);
    else this.setState('idle', tracker.sessionId);
  }

  private setState(
    state: RecordingState,
    sessionId: string | null,
    error?: { code: string; message: BilingualMessage },
  ): void {
    this.state = state;
    this.stateSessionId = sessionId;
    this.deps.emit({ type: 'state', state, sessionId, ...(error ? { error } : {}) });
  }

  private trackerFor(sessionId: string): DictationTracker {
    return new DictationTracker(
      sessionId,
      this.deps.now(),
      (event) => {
        this.deps.emit(event);
        if (
          event.type === 'chunk' &&
          (event.status === 'ok' || event.status === 'dropped' || event.status === 'failed')
        )
          this.deps.onMetered();
      },
      this.deps.now,
    );
  }

  private remember(tracker: DictationTracker): DictationTracker {
    this.trackers.set(tracker.sessionId, tracker);
    while (this.trackers.size > KEEP_TRACKERS) this.trackers.delete(this.trackers.keys().next().value as string);
    return tracker;
  }

  private async takeDetector(): Promise<VoiceActivityDetector> {
    const ready = this.spareDetector ?? this.deps.createDetector();
    this.spareDetector = null;
    const detector = await ready;
    this.warmUp();
    return detector;
  }
}

/** Waiting chunks grouped by the dictation they were recorded in, in the order the groups first appear. */
function bySession(entries: SpoolEntry[]): SpoolEntry[][] {
  const groups = new Map<string, SpoolEntry[]>();
  for (const entry of entries) groups.set(entry.meta.sessionId, [...(groups.get(entry.meta.sessionId) ?? []), entry]);
  return [...groups.values()];
}

/** Mean square of Int16 samples on a 0..1 scale (full-scale square wave = 1). */
function meanSquare(pcm: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < pcm.length; i += 1) sum += pcm[i] * pcm[i];
  return pcm.length === 0 ? 0 : sum / pcm.length / (32768 * 32768);
}

function internalMessage(error: unknown): BilingualMessage {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    fa: `دیکته با خطا تمام شد (${detail}). صدای ضبط‌شده در صف مانده است؛ دوباره امتحان کنید.`,
    en: `The dictation ended with an error (${detail}). The recorded audio is kept in the spool; try again.`,
  };
}
