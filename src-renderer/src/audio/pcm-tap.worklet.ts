/**
 * The AudioWorklet processor behind the microphone tap: mono float input → 16 kHz Int16, posted in fixed batches.
 *
 * It runs on the audio thread, so it only converts and batches; ring, forwarding and level live on the main thread.
 * Loaded with `?worker&url`, so Vite bundles it (and its imports) into a separate .js file: the window's CSP
 * (`script-src 'self'`) forbids blob: and data: modules.
 */
import { StreamResampler, floatToInt16 } from './resample';

/** Options the main thread passes as `processorOptions`. */
export interface PcmTapOptions {
  /** Samples per posted batch at 16 kHz (640 = 40 ms). */
  batchSamples: number;
}

/** What the processor posts: one batch of 16 kHz mono Int16 (its buffer is transferred). */
export interface PcmTapMessage {
  type: 'pcm';
  pcm: Int16Array;
}

// The AudioWorkletGlobalScope is not in TypeScript's DOM lib; these are the parts this file uses.
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: { processorOptions?: unknown });
}
declare function registerProcessor(
  name: string,
  processor: new (options: { processorOptions?: unknown }) => AudioWorkletProcessor,
): void;

const OUTPUT_RATE = 16_000;
/** Chromium's render quantum; used only when no input is connected yet. */
const QUANTUM = 128;

class PcmTapProcessor extends AudioWorkletProcessor {
  private readonly batchSamples: number;
  private batch: Int16Array;
  private filled = 0;
  private stopped = false;
  /** Only when the context refused 16 kHz (the main thread falls back to the device rate then). */
  private readonly resampler: StreamResampler | null;
  private readonly silence = new Float32Array(QUANTUM);

  constructor(options: { processorOptions?: unknown }) {
    super(options);
    const requested = (options.processorOptions as Partial<PcmTapOptions> | undefined)?.batchSamples;
    this.batchSamples = typeof requested === 'number' && requested > 0 ? Math.round(requested) : 640;
    this.batch = new Int16Array(this.batchSamples);
    this.resampler = sampleRate === OUTPUT_RATE ? null : new StreamResampler(sampleRate, OUTPUT_RATE);
    this.port.onmessage = (event: MessageEvent) => {
      if (event.data === 'stop') this.stopped = true;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.stopped) return false;
    // No channel means the source is not flowing yet; count it as silence so sample time stays wall-clock time.
    const input = inputs[0]?.[0] ?? this.silence;
    this.append(this.resampler ? this.resampler.push(input) : input);
    return true;
  }

  private append(samples: Float32Array): void {
    let from = 0;
    while (from < samples.length) {
      const take = Math.min(samples.length - from, this.batchSamples - this.filled);
      floatToInt16(samples.subarray(from, from + take), this.batch, this.filled);
      this.filled += take;
      from += take;
      if (this.filled === this.batchSamples) {
        const message: PcmTapMessage = { type: 'pcm', pcm: this.batch };
        this.port.postMessage(message, [this.batch.buffer]);
        this.batch = new Int16Array(this.batchSamples);
        this.filled = 0;
      }
    }
  }
}

registerProcessor('pcm-tap', PcmTapProcessor);
