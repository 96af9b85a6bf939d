/** Every stage after input works on 16 kHz mono signed 16-bit PCM. */
export const SAMPLE_RATE = 16_000;

/** Converts a sample count at 16 kHz to whole milliseconds (rounded down, so nothing is over-counted). */
export function samplesToMs(samples: number): number {
  return Math.floor((samples * 1000) / SAMPLE_RATE);
}

/** Converts milliseconds to a sample count at 16 kHz. */
export function msToSamples(ms: number): number {
  return Math.round((ms * SAMPLE_RATE) / 1000);
}

/** One stretch of speech cut by the voice chunker, placed in the input by sample offsets. */
export interface VoiceChunk {
  /** 0-based, in spoken order. */
  index: number;
  /** First sample of the chunk in the input stream (pre-roll included). */
  startSample: number;
  /** One past the last sample (hang-over included). */
  endSample: number;
  /** The audio to send: samples [startSample, endSample). */
  pcm: Int16Array;
  /** How many samples inside the chunk the detector judged to be speech. */
  speechSamples: number;
}
