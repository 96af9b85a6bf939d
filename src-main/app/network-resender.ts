import type { NetworkStateView } from '../../src-shared/app-contract/waiting-audio';
import type { OutagePort } from '../pipeline/network-outage';
import type { SpoolEntry } from '../pipeline/spool';

/** Time as the resender sees it; tests give it a fake one, so backoff is checked without real waiting. */
export interface ResenderClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What one send of waiting chunks found: the endpoint answered, or it is still (or again) down. */
export type SendOutcome = 'answered' | 'down';

export interface NetworkResenderDeps {
  clock: ResenderClock;
  /** A number in [0, 1): the jitter; injected so tests are deterministic. */
  random?: () => number;
  /** Chunks waiting for the network, oldest first and in spoken order, not owned by another process. */
  waiting(): Promise<SpoolEntry[]>;
  /**
   * Sends these chunks, each into its own dictation, and resolves once all have settled. `probe`: a single request,
   * no retries — only to learn whether the endpoint answers again.
   */
  send(entries: SpoolEntry[], options: { probe: boolean }): Promise<SendOutcome>;
  /** The state changed (the window's banner and the waiting-audio view follow it). */
  onChange?(state: NetworkStateView): void;
  /** First wait after the network went down; doubles after each failed probe up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** A real clock for the app. */
export const SYSTEM_CLOCK: ResenderClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => {
    const timer = setTimeout(run, ms);
    // A pending probe never keeps the process alive by itself.
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const DEFAULT_BASE_DELAY_MS = 2_000;
const DEFAULT_MAX_DELAY_MS = 120_000;

/**
 * Sends audio that waits for the network by itself once the endpoint answers again. While the endpoint is down it
 * makes one probe at a time — the oldest waiting chunk, one request — after an exponential backoff with jitter and a
 * cap, so a dead endpoint sees a trickle, never a storm. When a probe is answered, the other waiting chunks follow
 * in order, each into its own dictation, through the ordinary budget gate: a chunk a hard limit refuses leaves the
 * queue and waits for the person's "send anyway". Also the outage port live dictations ask before sending.
 */
export class NetworkResender implements OutagePort {
  private state: NetworkStateView['state'] = 'online';
  private failedProbes = 0;
  private timer: unknown = null;
  private nextProbeAt: number | null = null;
  private waitingCount = 0;
  /** A chunk was kept back while a probe or a send was running: look at the spool again before going online. */
  private heldMeanwhile = false;
  private closed = false;
  private readonly random: () => number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly deps: NetworkResenderDeps) {
    this.random = deps.random ?? Math.random;
    this.baseDelayMs = deps.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.maxDelayMs = deps.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  }

  /** True while the endpoint is not known to answer: live chunks then wait in the spool instead of each retrying. */
  isDown(): boolean {
    return this.state !== 'online';
  }

  /** A chunk was kept back by the network (after it is in the spool): start probing, or look again after this run. */
  reportDown(): void {
    if (this.closed) return;
    if (this.state === 'probing') {
      this.heldMeanwhile = true;
      return;
    }
    if (this.state === 'online') {
      this.failedProbes = 0;
      this.schedule();
    }
  }

  /** At start: chunks an earlier run left waiting for the network are probed for, as if the network just went down. */
  async start(): Promise<void> {
    const waiting = await this.deps.waiting();
    this.waitingCount = waiting.length;
    if (waiting.length > 0) this.reportDown();
  }

  /** What the window shows: online, waiting (and until when), or probing. */
  view(): NetworkStateView {
    return { state: this.state, waiting: this.waitingCount, nextProbeAt: this.nextProbeAt };
  }

  /** Stops probing (the app quits); chunks stay in the spool for the next run. */
  close(): void {
    this.closed = true;
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** The wait before the next probe: base × 2^failures, capped, minus up to half at random (so clients spread out). */
  delayMs(): number {
    const backoff = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** this.failedProbes);
    return Math.round(backoff * (1 - 0.5 * this.random()));
  }

  private schedule(): void {
    if (this.closed || this.timer !== null) return;
    const delay = this.delayMs();
    this.state = 'waiting';
    this.nextProbeAt = this.deps.clock.now() + delay;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.probe();
    }, delay);
    this.changed();
  }

  private async probe(): Promise<void> {
    if (this.closed) return;
    this.state = 'probing';
    this.nextProbeAt = null;
    this.heldMeanwhile = false;
    this.changed();
    try {
      let waiting = await this.deps.waiting();
      this.waitingCount = waiting.length;
      if (waiting.length > 0) {
        // One request decides whether the endpoint is back; nothing else is sent until it answers.
        if ((await this.deps.send([waiting[0]], { probe: true })) === 'down') return this.probeFailed();
        // Back: the rest, in order, until nothing waits (chunks a live dictation kept back meanwhile included).
        for (;;) {
          this.heldMeanwhile = false;
          waiting = await this.deps.waiting();
          this.waitingCount = waiting.length;
          this.changed();
          if (waiting.length === 0 && !this.heldMeanwhile) break;
          if (waiting.length > 0 && (await this.deps.send(waiting, { probe: false })) === 'down')
            return this.probeFailed();
        }
      }
      this.failedProbes = 0;
      this.state = 'online';
      this.waitingCount = 0;
      this.changed();
    } catch {
      // The services could not even be opened (settings, key): the same backoff, the chunks stay in the spool.
      this.probeFailed();
    }
  }

  private probeFailed(): void {
    this.failedProbes += 1;
    this.state = 'waiting';
    this.schedule();
    // schedule() is a no-op when closed; the state still says the network was down.
    this.changed();
  }

  private changed(): void {
    this.deps.onChange?.(this.view());
  }
}
