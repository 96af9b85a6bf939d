import type { AppEvent, ChunkEvent, RecordingState, StatsEvent } from '../../src-shared/app-contract/events';
import type { UsageSummaryView } from '../../src-shared/app-contract/views';
import type { BilingualMessage } from '../../src-shared/bilingual';

/** An error as the core reports it: a code and what to tell the person. */
export interface ErrorView {
  code: string;
  message: BilingualMessage;
}

/** One chunk of speech as the transcript shows it; replaced whole when a newer event for it arrives. */
export interface ChunkView {
  sessionId: string;
  index: number;
  status: ChunkEvent['status'];
  text: string;
  costMicros: number;
  startMs: number;
  endMs: number;
  attempt?: number;
  error?: ErrorView;
}

/** One dictation in the transcript, its chunks sorted by index (spoken order). */
export interface SessionView {
  sessionId: string;
  /** 1 for the first dictation this window showed, 2 for the next… */
  ordinal: number;
  startedAt: number | null;
  chunks: readonly ChunkView[];
}

/** A banner the person can dismiss; `key` keeps one banner per cause instead of a stack of copies. */
export interface Banner {
  key: string;
  tone: 'warn' | 'limit' | 'error';
  message: BilingualMessage;
  /** A budget stopped chunks: say how to go on. */
  budget: boolean;
}

/** Everything the dictation window draws that comes from the core. */
export interface DictationState {
  recording: RecordingState;
  recordingSessionId: string | null;
  recordingError: ErrorView | null;
  sessions: readonly SessionView[];
  /** The latest dictation's counters. */
  stats: StatsEvent | null;
  banners: readonly Banner[];
  /** Banner keys the person closed that the core would otherwise keep re-raising (state and chunk echoes). */
  dismissed: ReadonlySet<string>;
  /** Chunks up to this index were cleared from view, per session: later updates to them stay hidden. */
  clearedThrough: ReadonlyMap<string, number>;
  usage: UsageSummaryView | null;
  nextOrdinal: number;
}

/** What changes the view: a core event, or something the person did in the window. */
export type DictationAction =
  | { type: 'event'; event: AppEvent }
  | { type: 'usageLoaded'; summary: UsageSummaryView }
  | { type: 'clear' }
  | { type: 'dismiss'; key: string }
  /** A failure the window itself saw (a command refused, the clipboard refused). */
  | { type: 'notice'; key: string; message: BilingualMessage };

/** The view before any event. */
export const initialDictationState: DictationState = {
  recording: 'idle',
  recordingSessionId: null,
  recordingError: null,
  sessions: [],
  stats: null,
  banners: [],
  dismissed: new Set(),
  clearedThrough: new Map(),
  usage: null,
  nextOrdinal: 1,
};

/** Budget refusals carry these codes; they get one "send anyway" banner per dictation. */
export const BUDGET_CODES: ReadonlySet<string> = new Set(['daily_limit', 'monthly_limit']);

/** Binary search: where a chunk with `index` is or would go in a list sorted by index. */
function position(chunks: readonly ChunkView[], index: number): number {
  let low = 0;
  let high = chunks.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (chunks[mid].index < index) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Returns the chunks with `chunk` put in its place; O(n) copy, O(log n) search, so 1 000 chunks stay cheap. */
export function placeChunk(chunks: readonly ChunkView[], chunk: ChunkView): readonly ChunkView[] {
  const at = position(chunks, chunk.index);
  const copy = chunks.slice();
  if (at < chunks.length && chunks[at].index === chunk.index) copy[at] = chunk;
  else copy.splice(at, 0, chunk);
  return copy;
}

function upsertBanner(
  state: DictationState,
  banner: Banner,
  { respectDismissed }: { respectDismissed: boolean },
): DictationState {
  if (respectDismissed && state.dismissed.has(banner.key)) return state;
  const at = state.banners.findIndex((existing) => existing.key === banner.key);
  let banners: Banner[];
  if (at >= 0) {
    const existing = state.banners[at];
    if (
      existing.tone === banner.tone &&
      existing.message.fa === banner.message.fa &&
      existing.message.en === banner.message.en
    ) {
      return state;
    }
    banners = state.banners.slice();
    banners[at] = banner;
  } else {
    banners = [...state.banners, banner];
  }
  let dismissed = state.dismissed;
  if (!respectDismissed && dismissed.has(banner.key)) {
    const copy = new Set(dismissed);
    copy.delete(banner.key);
    dismissed = copy;
  }
  return { ...state, banners, dismissed };
}

function budgetBanner(sessionId: string | null, error: ErrorView): Banner {
  return { key: `budget:${sessionId ?? '-'}`, tone: 'limit', message: error.message, budget: true };
}

function withSession(
  state: DictationState,
  sessionId: string,
  change: (session: SessionView) => SessionView,
): DictationState {
  const at = state.sessions.findIndex((session) => session.sessionId === sessionId);
  if (at >= 0) {
    const sessions = state.sessions.slice();
    sessions[at] = change(state.sessions[at]);
    return { ...state, sessions };
  }
  const fresh: SessionView = { sessionId, ordinal: state.nextOrdinal, startedAt: null, chunks: [] };
  return { ...state, sessions: [...state.sessions, change(fresh)], nextOrdinal: state.nextOrdinal + 1 };
}

function onChunk(state: DictationState, event: ChunkEvent): DictationState {
  const cleared = state.clearedThrough.get(event.sessionId);
  let next = state;
  if (cleared === undefined || event.index > cleared) {
    const chunk: ChunkView = {
      sessionId: event.sessionId,
      index: event.index,
      status: event.status,
      text: event.text,
      costMicros: event.costMicros,
      startMs: event.startMs,
      endMs: event.endMs,
      ...(event.attempt !== undefined ? { attempt: event.attempt } : {}),
      ...(event.error ? { error: { code: event.error.code, message: event.error.message } } : {}),
    };
    next = withSession(state, event.sessionId, (session) => ({
      ...session,
      chunks: placeChunk(session.chunks, chunk),
    }));
  }
  if ((event.status === 'blocked' || event.status === 'failed') && event.error && BUDGET_CODES.has(event.error.code)) {
    next = upsertBanner(next, budgetBanner(event.sessionId, event.error), { respectDismissed: true });
  }
  return next;
}

function onStats(state: DictationState, event: StatsEvent): DictationState {
  // Stats of an older dictation arriving late must not replace the one running now.
  const current = state.stats;
  const latest = !current || current.sessionId === event.sessionId || event.startedAt >= current.startedAt;
  let next = latest ? { ...state, stats: event } : state;
  const known = next.sessions.find((session) => session.sessionId === event.sessionId);
  if (known ? known.startedAt !== event.startedAt : !state.clearedThrough.has(event.sessionId)) {
    next = withSession(next, event.sessionId, (session) => ({ ...session, startedAt: event.startedAt }));
  }
  return next;
}

/** Folds one core event or window action into the view state; pure, so it is tested under Node. */
export function dictationReducer(state: DictationState, action: DictationAction): DictationState {
  switch (action.type) {
    case 'usageLoaded':
      // A pushed `usage` event may have beaten the first load; keep it rather than go back in time.
      return state.usage ? state : { ...state, usage: action.summary };
    case 'clear':
      return {
        ...state,
        sessions: [],
        clearedThrough: new Map([
          ...state.clearedThrough,
          ...state.sessions.map((session): [string, number] => [
            session.sessionId,
            Math.max(session.chunks.at(-1)?.index ?? -1, state.clearedThrough.get(session.sessionId) ?? -1),
          ]),
        ]),
      };
    case 'dismiss': {
      const banners = state.banners.filter((banner) => banner.key !== action.key);
      if (banners.length === state.banners.length) return state;
      return { ...state, banners, dismissed: new Set(state.dismissed).add(action.key) };
    }
    case 'notice':
      return upsertBanner(
        state,
        { key: `local:${action.key}`, tone: 'error', message: action.message, budget: false },
        { respectDismissed: false },
      );
    case 'event':
      return onEvent(state, action.event);
  }
}

function onEvent(state: DictationState, event: AppEvent): DictationState {
  switch (event.type) {
    case 'state': {
      let next: DictationState = {
        ...state,
        recording: event.state,
        recordingSessionId: event.sessionId,
        recordingError: event.error ?? null,
      };
      if (
        event.sessionId &&
        !state.sessions.some((session) => session.sessionId === event.sessionId) &&
        !state.clearedThrough.has(event.sessionId)
      ) {
        // A new dictation gets its group in the transcript right away, before its first chunk.
        next = withSession(next, event.sessionId, (session) => session);
      }
      if (event.error && (event.state === 'blocked' || event.state === 'error')) {
        const banner: Banner = BUDGET_CODES.has(event.error.code)
          ? budgetBanner(event.sessionId, event.error)
          : { key: `error:${event.error.code}`, tone: 'error', message: event.error.message, budget: false };
        next = upsertBanner(next, banner, { respectDismissed: true });
      }
      return next;
    }
    case 'chunk':
      return onChunk(state, event);
    case 'stats':
      return onStats(state, event);
    case 'warning':
      return upsertBanner(
        state,
        { key: `warning:${event.scope}:${event.level}`, tone: event.level, message: event.message, budget: false },
        { respectDismissed: false },
      );
    case 'error':
      return upsertBanner(
        state,
        BUDGET_CODES.has(event.code)
          ? budgetBanner(event.sessionId, { code: event.code, message: event.message })
          : { key: `error:${event.code}`, tone: 'error', message: event.message, budget: false },
        { respectDismissed: BUDGET_CODES.has(event.code) },
      );
    case 'usage':
      return { ...state, usage: event.summary };
    case 'request':
    case 'transcript':
    case 'level':
    case 'spool':
      // Requests are acted on by the microphone flow; the transcript and level are for the host and the overlay;
      // the spool's changes are drawn by the waiting-audio view.
      return state;
  }
}

/** All transcribed text in spoken order: chunks joined by spaces, dictations by a blank line. */
export function transcriptText(sessions: readonly SessionView[]): string {
  return sessions
    .map((session) =>
      session.chunks
        .filter((chunk) => chunk.status === 'ok' && chunk.text.trim() !== '')
        .map((chunk) => chunk.text.trim())
        .join(' '),
    )
    .filter((text) => text !== '')
    .join('\n\n');
}

/** What the microphone flow in the window is doing (the core has its own state; both feed the status line). */
export type MicPhase = 'idle' | 'opening' | 'recording' | 'stopping';

/** The status line's meaning, from the window's phase, the listening cue and the core's state. */
export type RecordStatus = 'idle' | 'opening' | 'starting' | 'listening' | 'stopping' | 'sending' | 'blocked' | 'error';

/** Decides the status line; "listening" only once audio really flows (the mic's cue or the core says so). */
export function recordStatus(phase: MicPhase, heard: boolean, core: RecordingState): RecordStatus {
  if (core === 'blocked' || core === 'error') return core;
  switch (phase) {
    case 'opening':
      return core === 'starting' ? 'starting' : 'opening';
    case 'recording':
      return heard || core === 'listening' ? 'listening' : 'starting';
    case 'stopping':
      return core === 'sending' ? 'sending' : 'stopping';
    case 'idle':
      return core;
  }
}
