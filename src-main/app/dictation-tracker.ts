import type { AppEvent, ChunkEvent, ChunkStatus, StatsEvent } from '../../src-shared/app-contract/events';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { countWords } from '../pipeline/count-words';
import type { SessionEvent } from '../pipeline/dictation-session';

interface ChunkPlace {
  startMs: number;
  endMs: number;
  audioMs: number;
}

/**
 * Turns one dictation's session events into what the window shows: each chunk's state and text, and the live
 * session stats (requests, speech sent, words, cost, latency). Chunks re-sent later ("send anyway", retry) report
 * through the same tracker, so the dictation's numbers stay whole.
 */
export class DictationTracker {
  private readonly places = new Map<number, ChunkPlace>();
  private readonly lastStatus = new Map<number, ChunkEvent>();
  private readonly sentAt = new Map<number, number>();
  private readonly wordsByChunk = new Map<number, number>();
  private recordedMs = 0;
  private requests = 0;
  private failedRequests = 0;
  private sentAudioMs = 0;
  private costMicros = 0;
  private lastLatencyMs: number | null = null;
  private shownText = '';

  constructor(
    readonly sessionId: string,
    readonly startedAt: number,
    private readonly emit: (event: AppEvent) => void,
    private readonly now: () => number,
  ) {}

  /** A chunk taken from the spool (not announced by a chunk-queued event) is about to be sent again. */
  expect(index: number, place: ChunkPlace): void {
    this.places.set(index, place);
  }

  /** Audio received so far for this dictation. */
  setRecordedMs(ms: number): void {
    this.recordedMs = ms;
  }

  /** The dictation's text so far, as the session assembled it. */
  text(): string {
    return this.shownText;
  }

  /** Chunks that ended blocked by a budget and were not sent since. */
  blockedCount(): number {
    return [...this.lastStatus.values()].filter((c) => c.status === 'blocked').length;
  }

  /** Maps one session event to the window's events. */
  readonly onSessionEvent = (event: SessionEvent): void => {
    switch (event.type) {
      case 'chunk-queued':
        this.places.set(event.index, { startMs: event.startMs, endMs: event.endMs, audioMs: event.audioMs });
        this.chunk(event.index, 'queued', '', 0);
        break;
      case 'chunk-sending':
        // Each sending event is one request on the wire; a second attempt means the first one failed.
        if (event.attempt > 1) this.failedRequests += 1;
        this.requests += 1;
        this.sentAt.set(event.index, this.now());
        this.chunk(event.index, 'sending', '', 0, { attempt: event.attempt });
        this.emitStats();
        break;
      case 'chunk-done': {
        const sent = this.sentAt.get(event.index);
        this.sentAt.delete(event.index);
        if (event.status === 'ok' || event.status === 'dropped') {
          if (sent !== undefined) this.lastLatencyMs = this.now() - sent;
          this.sentAudioMs += this.places.get(event.index)?.audioMs ?? 0;
          this.costMicros += event.costMicros;
          this.wordsByChunk.set(event.index, countWords(event.text));
        } else if (event.status === 'failed' && sent !== undefined) {
          this.failedRequests += 1;
        }
        this.chunk(event.index, event.status, event.text, event.costMicros);
        this.emitStats();
        break;
      }
      case 'warning':
        this.emit({ type: 'warning', ...event.warning });
        break;
      case 'error':
        if (event.index !== undefined) this.attachError(event.index, event.code, event.message);
        if (event.stopsSession)
          this.emit({ type: 'error', code: event.code, message: event.message, sessionId: this.sessionId });
        break;
      case 'transcript':
        // The window assembles text from the chunk events itself (it shows every chunk's state, not only done text);
        // the session's own assembly is kept for copy and paste.
        this.shownText = event.text;
        break;
    }
  };

  /** The stats as they stand now. */
  stats(): StatsEvent {
    let words = 0;
    for (const count of this.wordsByChunk.values()) words += count;
    return {
      type: 'stats',
      sessionId: this.sessionId,
      startedAt: this.startedAt,
      elapsedMs: this.now() - this.startedAt,
      recordedMs: this.recordedMs,
      sentAudioMs: this.sentAudioMs,
      requests: this.requests,
      failedRequests: this.failedRequests,
      words,
      costMicros: this.costMicros,
      lastLatencyMs: this.lastLatencyMs,
    };
  }

  /** Sends the stats to the window. */
  emitStats(): void {
    this.emit(this.stats());
  }

  private chunk(
    index: number,
    status: ChunkStatus,
    text: string,
    costMicros: number,
    extra: Partial<ChunkEvent> = {},
  ): void {
    const place = this.places.get(index) ?? { startMs: 0, endMs: 0, audioMs: 0 };
    const event: ChunkEvent = {
      type: 'chunk',
      sessionId: this.sessionId,
      index,
      status,
      startMs: place.startMs,
      endMs: place.endMs,
      text,
      costMicros,
      ...extra,
    };
    this.lastStatus.set(index, event);
    this.emit(event);
  }

  private attachError(index: number, code: string, message: BilingualMessage): void {
    const last = this.lastStatus.get(index);
    if (!last) return;
    const event: ChunkEvent = { ...last, error: { code, message } };
    this.lastStatus.set(index, event);
    this.emit(event);
  }
}
