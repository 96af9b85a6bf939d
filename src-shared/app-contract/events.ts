import { z } from 'zod';
import { bilingualSchema, usageSummarySchema } from './views';
import { spoolEventSchema } from './waiting-audio';

/**
 * The recording state machine one coordinator owns; the window, tray and overlay all draw from it.
 * idle → starting (mic opening) → listening (first frame arrived) → sending (stopped, text still coming) → idle;
 * blocked: a budget refused a chunk (it waits in the spool); error: something stopped the dictation.
 */
export const RECORDING_STATES = ['idle', 'starting', 'listening', 'sending', 'blocked', 'error'] as const;
export const recordingStateSchema = z.enum(RECORDING_STATES);
export type RecordingState = z.infer<typeof recordingStateSchema>;

/** Where a chunk is on its way from the microphone to text. */
export const CHUNK_STATUSES = ['queued', 'sending', 'ok', 'dropped', 'failed', 'blocked'] as const;
export type ChunkStatus = (typeof CHUNK_STATUSES)[number];

const errorView = z.object({ code: z.string(), message: bilingualSchema });

export const stateEventSchema = z.object({
  type: z.literal('state'),
  state: recordingStateSchema,
  sessionId: z.string().nullable(),
  /** Why the state is blocked or error. */
  error: errorView.optional(),
});

export const chunkEventSchema = z.object({
  type: z.literal('chunk'),
  sessionId: z.string(),
  index: z.number().int(),
  status: z.enum(CHUNK_STATUSES),
  startMs: z.number(),
  endMs: z.number(),
  text: z.string(),
  costMicros: z.number().int(),
  attempt: z.number().int().optional(),
  error: errorView.optional(),
});

export const statsEventSchema = z.object({
  type: z.literal('stats'),
  sessionId: z.string(),
  startedAt: z.number(),
  /** Wall-clock time since the dictation started. */
  elapsedMs: z.number(),
  /** Audio the core has received from the microphone (silence included). */
  recordedMs: z.number(),
  /** Audio sent for transcription (speech chunks only). */
  sentAudioMs: z.number(),
  requests: z.number().int(),
  failedRequests: z.number().int(),
  words: z.number().int(),
  costMicros: z.number().int(),
  /** Upload to answer of the latest request, ms; null before the first. */
  lastLatencyMs: z.number().nullable(),
});

export const warningEventSchema = z.object({
  type: z.literal('warning'),
  scope: z.enum(['daily', 'monthly', 'session']),
  level: z.enum(['warn', 'limit']),
  spentMicros: z.number().int(),
  limitMicros: z.number().int(),
  message: bilingualSchema,
});

export const errorEventSchema = z.object({
  type: z.literal('error'),
  code: z.string(),
  message: bilingualSchema,
  sessionId: z.string().nullable(),
});

export const usageEventSchema = z.object({ type: z.literal('usage'), summary: usageSummarySchema });

/**
 * What a hotkey, the tray, the overlay or `--toggle` asks for. The microphone lives in the window, so a request to
 * start or stop is carried to the window, which runs the same flow as its Record button (pre-roll, tail, cue).
 */
export const REQUEST_ACTIONS = [
  'toggle',
  'start',
  'stop',
  'cancel',
  'copyLast',
  'showWindow',
  // The window turns to its usage or settings tab, or opens the "reset today" confirmation (tray items).
  'showUsage',
  'showSettings',
  'resetToday',
  // The second hotkey and its tray item: the last dictation's text pasted where the cursor is, once more.
  'pasteLast',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];
export const requestEventSchema = z.object({ type: z.literal('request'), action: z.enum(REQUEST_ACTIONS) });

/** A dictation the person stopped has all its text in (what the host copies or pastes where the cursor is). */
export const transcriptEventSchema = z.object({
  type: z.literal('transcript'),
  sessionId: z.string(),
  text: z.string(),
});

/** The microphone's loudness as the core receives it, about ten times a second while listening (for the overlay). */
export const levelEventSchema = z.object({ type: z.literal('level'), sessionId: z.string(), dbfs: z.number() });

export const appEventSchema = z.discriminatedUnion('type', [
  stateEventSchema,
  chunkEventSchema,
  statsEventSchema,
  warningEventSchema,
  errorEventSchema,
  usageEventSchema,
  requestEventSchema,
  transcriptEventSchema,
  levelEventSchema,
  spoolEventSchema,
]);

/** Everything the core tells its hosts, pushed as it happens. */
export type AppEvent = z.infer<typeof appEventSchema>;
export type ChunkEvent = z.infer<typeof chunkEventSchema>;
export type StatsEvent = z.infer<typeof statsEventSchema>;
