/**
 * The main-thread half of the microphone tap, free of any browser API so it can be tested under Node:
 * a pre-roll ring while idle, forwarding with a tail after stop, and the level / digital-silence watch.
 *
 * The one rule it keeps: every sample the worklet posts is either forwarded exactly once or still waiting in the
 * ring (or dropped from the ring's far end while idle) — never forwarded twice, never skipped while forwarding.
 */

/** Where forwarded audio goes. */
export interface ForwarderSink {
  onFrames(pcm: Int16Array): void;
  onListening(): void;
}

/** Sizes and the mute probe the forwarder needs. */
export interface ForwarderOptions {
  /** How much audio the ring keeps while not forwarding, in samples. */
  preRollSamples: number;
  /** The worklet's batch size; pieces cut from the ring are this long. */
  batchSamples: number;
  /** No forwarded piece is shorter than this (the contract says 20 ms), except none at all. */
  minPieceSamples: number;
  /** Whether the track is muted right now (a muted track delivers zeros that must not trigger "listening"). */
  isMuted(): boolean;
}

/** Pre-roll ring + forwarding gate with a tail; feed it every batch the worklet posts, in order. */
export class PcmForwarder {
  private ring: Int16Array[] = [];
  private ringLength = 0;
  private forwarding = false;
  /** Samples still to forward after stop(); −1 while not stopping. */
  private tailLeft = -1;
  private stopWaiters: Array<() => void> = [];
  private stopPromise: Promise<void> | null = null;
  private listeningPending = false;
  private forwarded = 0;
  /** Ring audio too short to be a piece on its own; it goes out in front of the next batch. */
  private carry: Int16Array | null = null;

  constructor(
    private readonly options: ForwarderOptions,
    private readonly sink: ForwarderSink,
  ) {}

  /** Samples forwarded since the last start(), ring included. */
  get forwardedSamples(): number {
    return this.forwarded;
  }

  /** True from start() until the tail of stop() went out. */
  get isForwarding(): boolean {
    return this.forwarding;
  }

  /** Audio waiting in the ring, in samples. */
  get ringSamples(): number {
    return this.ringLength;
  }

  /** One batch from the worklet. */
  push(pcm: Int16Array): void {
    if (!this.forwarding) {
      this.keep(pcm);
      return;
    }
    if (this.tailLeft < 0 || pcm.length <= this.tailLeft) {
      this.emit(pcm);
      if (this.tailLeft >= 0) {
        this.tailLeft -= pcm.length;
        if (this.tailLeft === 0) this.finishStop();
      }
      return;
    }
    // The tail ends inside this batch. A sliver shorter than a piece is sent whole rather than as a tiny call.
    if (this.tailLeft < this.options.minPieceSamples) {
      this.emit(pcm);
      this.finishStop();
      return;
    }
    // The rest was never forwarded, so it is pre-roll for the next start.
    const rest = pcm.slice(this.tailLeft);
    this.emit(pcm.subarray(0, this.tailLeft));
    this.finishStop();
    this.keep(rest);
  }

  /** Sends the ring, then every new batch; cancels a stop still in its tail (the audio just keeps flowing). */
  start(): void {
    if (this.forwarding && this.tailLeft >= 0) {
      this.tailLeft = -1;
      this.resolveStop();
    } else if (this.forwarding) {
      return;
    }
    this.forwarding = true;
    this.forwarded = 0;
    this.listeningPending = true;
    const ring = this.takeRing();
    const { batchSamples, minPieceSamples } = this.options;
    if (ring.length < minPieceSamples) {
      this.carry = ring.length > 0 ? ring : null;
      return;
    }
    // The odd remainder leads, merged into the first piece when it would be too short alone.
    const whole = Math.floor(ring.length / batchSamples);
    const remainder = ring.length - whole * batchSamples;
    let at = 0;
    if (remainder > 0) {
      const first = remainder >= minPieceSamples || whole === 0 ? remainder : remainder + batchSamples;
      this.emit(ring.subarray(0, first));
      at = first;
    }
    for (; at < ring.length; at += batchSamples) this.emit(ring.subarray(at, at + batchSamples));
  }

  /** Forwards `tailSamples` more, then stops; resolves once the last of them went out. */
  stop(tailSamples: number): Promise<void> {
    if (!this.forwarding) return Promise.resolve();
    if (this.stopPromise) return this.stopPromise;
    this.stopPromise = new Promise<void>((resolve) => this.stopWaiters.push(resolve));
    const promise = this.stopPromise;
    this.tailLeft = Math.max(0, Math.round(tailSamples));
    if (this.tailLeft === 0) this.finishStop();
    return promise;
  }

  /** Ends forwarding now (the track ended, the session closed, the tail never came). */
  finishStop(): void {
    if (this.carry) {
      // A sliver of ring audio that never got its batch: better a short call than lost audio.
      this.emit(new Int16Array(0));
    }
    this.forwarding = false;
    this.tailLeft = -1;
    this.listeningPending = false;
    this.resolveStop();
  }

  private resolveStop(): void {
    const waiters = this.stopWaiters;
    this.stopWaiters = [];
    this.stopPromise = null;
    for (const resolve of waiters) resolve();
  }

  private emit(pcm: Int16Array): void {
    let out = pcm;
    if (this.carry) {
      out = new Int16Array(this.carry.length + pcm.length);
      out.set(this.carry);
      out.set(pcm, this.carry.length);
      this.carry = null;
    }
    if (out.length === 0) return;
    // Each call gets an array that owns its whole buffer, so the receiver may transfer it to another thread.
    if (out.byteOffset !== 0 || out.byteLength !== out.buffer.byteLength) out = out.slice();
    this.forwarded += out.length;
    if (this.listeningPending && !this.options.isMuted() && !allZero(out)) {
      this.listeningPending = false;
      this.sink.onListening();
    }
    this.sink.onFrames(out);
  }

  private keep(pcm: Int16Array): void {
    const capacity = this.options.preRollSamples;
    if (capacity <= 0) return;
    this.ring.push(pcm);
    this.ringLength += pcm.length;
    while (this.ring.length > 1 && this.ringLength - this.ring[0].length >= capacity) {
      this.ringLength -= this.ring[0].length;
      this.ring.shift();
    }
    if (this.ringLength > capacity) {
      this.ring[0] = this.ring[0].subarray(this.ringLength - capacity);
      this.ringLength = capacity;
    }
  }

  private takeRing(): Int16Array {
    const all = new Int16Array(this.ringLength);
    let at = 0;
    for (const part of this.ring) {
      all.set(part, at);
      at += part.length;
    }
    this.ring = [];
    this.ringLength = 0;
    return all;
  }
}

/**
 * Level in dBFS every `intervalSamples`, and a flag when exact zeros lasted `silentSamples` (a dead or muted input).
 */
export class SignalWatch {
  private sumSquares = 0;
  private counted = 0;
  private zeroRun = 0;
  private silentReported = false;

  constructor(
    private readonly intervalSamples: number,
    private readonly silentSamples: number,
    private readonly onLevel: (dbfs: number) => void,
    private readonly onDigitalSilence: () => void,
  ) {}

  /** Feeds every batch, forwarded or not. */
  push(pcm: Int16Array): void {
    for (let i = 0; i < pcm.length; i++) {
      const v = pcm[i];
      this.sumSquares += v * v;
      if (++this.counted === this.intervalSamples) {
        this.onLevel(toDbfs(this.sumSquares, this.counted));
        this.sumSquares = 0;
        this.counted = 0;
      }
      if (v !== 0) {
        this.zeroRun = 0;
        this.silentReported = false;
      } else if (++this.zeroRun >= this.silentSamples && !this.silentReported) {
        // once per silent stretch; any real sample re-arms it
        this.silentReported = true;
        this.onDigitalSilence();
      }
    }
  }
}

/** RMS level in dBFS, −100 for digital silence. */
export function toDbfs(sumSquares: number, count: number): number {
  if (count === 0 || sumSquares === 0) return -100;
  return Math.max(-100, 20 * Math.log10(Math.sqrt(sumSquares / count) / 32768));
}

function allZero(pcm: Int16Array): boolean {
  for (let i = 0; i < pcm.length; i++) if (pcm[i] !== 0) return false;
  return true;
}
