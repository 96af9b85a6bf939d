/**
 * A streaming sample-rate converter for the rare context that refuses to run at 16 kHz.
 *
 * It is deliberately simple: a windowed-sinc low-pass (cut-off at 45 % of the lower rate, so 7.2 kHz for a 16 kHz
 * output) followed by linear interpolation. That is plenty for speech recognition, which ignores the top of the band,
 * and it keeps exact time: over any stretch, outputs = inputs × outRate / inRate (±1 sample), so nothing drifts.
 */
export class StreamResampler {
  /** Input samples per output sample. */
  private readonly step: number;
  private readonly taps: Float32Array;
  /** The last taps−1 raw input samples, the filter's memory across blocks. */
  private history: Float32Array;
  /** The last filtered sample of the previous block, so an output may fall between two blocks. */
  private previous = 0;
  /** Where the next output sample lies, in input samples from the start of the next block (≥ −1). */
  private position = 0;
  private out = new Float32Array(0);

  constructor(
    readonly inRate: number,
    readonly outRate: number,
    tapCount = 63,
  ) {
    if (!(inRate > 0 && outRate > 0)) throw new RangeError(`bad sample rates ${inRate} → ${outRate}`);
    this.step = inRate / outRate;
    this.taps = lowPassTaps((0.45 * Math.min(inRate, outRate)) / inRate, tapCount);
    this.history = new Float32Array(this.taps.length - 1);
  }

  /** Converts the next block; the returned array is reused by the next call, so copy what you keep. */
  push(input: Float32Array): Float32Array {
    const n = input.length;
    if (n === 0) return this.out.subarray(0, 0);
    const memory = this.taps.length - 1;
    const extended = new Float32Array(memory + n);
    extended.set(this.history);
    extended.set(input, memory);
    const filtered = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      // taps are symmetric, so convolution and correlation are the same
      for (let k = 0; k <= memory; k++) acc += this.taps[k] * extended[i + k];
      filtered[i] = acc;
    }
    this.history = extended.slice(n);
    const capacity = Math.ceil(n / this.step) + 2;
    if (this.out.length < capacity) this.out = new Float32Array(capacity);
    let count = 0;
    let t = this.position;
    while (t < n - 1) {
      const i = Math.floor(t);
      const frac = t - i;
      const a = i < 0 ? this.previous : filtered[i];
      const b = filtered[i + 1];
      this.out[count++] = a + (b - a) * frac;
      t += this.step;
    }
    this.position = t - n;
    this.previous = filtered[n - 1];
    return this.out.subarray(0, count);
  }
}

/** Hann-windowed sinc low-pass with unity gain at DC; `cutoff` is a fraction of the input rate. */
function lowPassTaps(cutoff: number, count: number): Float32Array {
  const taps = new Float32Array(count % 2 === 1 ? count : count + 1);
  const middle = (taps.length - 1) / 2;
  let sum = 0;
  for (let k = 0; k < taps.length; k++) {
    const x = k - middle;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const window = 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / (taps.length - 1));
    taps[k] = sinc * window;
    sum += taps[k];
  }
  for (let k = 0; k < taps.length; k++) taps[k] /= sum;
  return taps;
}

/** Float samples (−1..1) to Int16 with rounding and clipping, the way 16-bit WAV stores them. */
export function floatToInt16(input: Float32Array, output: Int16Array, outputOffset: number): void {
  for (let i = 0; i < input.length; i++) {
    const v = Math.round(input[i] * 32768);
    output[outputOffset + i] = v > 32767 ? 32767 : Math.max(v, -32768);
  }
}
