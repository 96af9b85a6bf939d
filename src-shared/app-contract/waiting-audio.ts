import { z } from 'zod';

/**
 * The code a chunk's error carries while it waits for the network or the endpoint to come back: the window shows
 * "waiting for the network" for it, and the app's resender sends it by itself when the endpoint answers again.
 */
export const WAITING_FOR_NETWORK = 'waiting_for_network';

/** Why a chunk waits in the spool, as the waiting-audio view names it. */
export type WaitingReason = 'network' | 'budget' | 'failed' | 'interrupted' | 'paid';

/** One chunk of audio waiting in the spool, as the window's waiting-audio view shows it. */
export interface WaitingChunkView {
  sessionId: string;
  index: number;
  /** When it was recorded (epoch ms). */
  createdAt: number;
  audioMs: number;
  startMs: number;
  endMs: number;
  model: string;
  reason: WaitingReason;
  /** The last error's code, when there was one (e.g. 'daily_limit', 'network', 'server'). */
  errorCode: string | null;
  /** What sending it would cost, priced as the meter prices an answer of this length (0 for an already paid one). */
  costMicros: number;
  priceKnown: boolean;
  /** Another process (a running `sokhan transcribe`, `spool retry`) or a dictation here is sending it right now. */
  busy: boolean;
  /** Sending it would pass a hard budget (counting the items listed before it): it needs "send anyway". */
  crossesBudget: boolean;
}

/** Everything waiting in the spool, oldest first, with what the resender is doing. */
export interface WaitingAudioView {
  items: WaitingChunkView[];
  totalAudioMs: number;
  totalCostMicros: number;
  network: NetworkStateView;
}

/** The resender's state: 'online', or 'waiting' for the endpoint (next probe at an epoch ms), or 'probing'. */
export interface NetworkStateView {
  state: 'online' | 'waiting' | 'probing';
  /** Chunks waiting for the network. */
  waiting: number;
  nextProbeAt: number | null;
}

// The same shape as commands.ts's chunkRefSchema, written here so the two files do not import each other.
const ref = z.object({ sessionId: z.string().min(1).max(200), index: z.number().int().min(0) }).strict();
const refs = z.array(ref).min(1).max(10_000);

/** The waiting-audio commands (registered in COMMAND_SCHEMAS). */
export const SPOOL_COMMAND_SCHEMAS = {
  /** Audio waiting in the spool, with its duration, reason and price. */
  'spool.list': z.object({}).strict(),
  /**
   * Sends these chunks now, each into its own dictation's transcript, in spoken order. `sendAnyway: true` is the
   * person's consent to pass a spent budget (asked in a dialog); without it a budget still refuses.
   */
  'spool.send': z.object({ ids: refs, sendAnyway: z.boolean().optional() }).strict(),
  /** Deletes these chunks' audio for good (the window confirms first); chunks another process owns are kept. */
  'spool.discard': z.object({ ids: refs }).strict(),
} as const;

/** What the waiting-audio commands answer with. */
export interface SpoolCommandResults {
  'spool.list': WaitingAudioView;
  /** queued: chunks handed to a sender; busy: left to the process that owns them. */
  'spool.send': { queued: number; busy: number };
  'spool.discard': { discarded: number; busy: number };
}

/** The spool changed (a chunk was spooled, sent or discarded) or the resender's state changed. */
export const spoolEventSchema = z.object({
  type: z.literal('spool'),
  network: z.object({
    state: z.enum(['online', 'waiting', 'probing']),
    waiting: z.number().int(),
    nextProbeAt: z.number().nullable(),
  }),
});
