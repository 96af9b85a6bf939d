/** How the voice chunker turns speech probabilities into chunks; all durations in ms. */
export interface VoiceChunkerOptions {
  /** A frame at or above this probability starts speech. Default 0.5. */
  positiveThreshold: number;
  /** Once in speech, frames stay speech down to this probability (hysteresis). Default 0.35. */
  negativeThreshold: number;
  /** Audio kept before the first speech frame, since onset detection lags and soft onsets are quiet. Default 416. */
  preRollMs: number;
  /** Audio kept after the last speech frame, so trailing syllables are not clipped. Default 256. */
  hangOverMs: number;
  /**
   * A pause at least this long ends the chunk; shorter pauses stay inside it, so a chunk is a phrase or several.
   * Measured on the detector's frames, which run on past the audible end, so a 1.2 s silence splits. Default 800.
   */
  endPauseMs: number;
  /**
   * Chunks with less detected speech than this are dropped (clicks, coughs: what makes Whisper invent). Default 250.
   */
  minSpeechMs: number;
  /** No chunk is longer than this. Default 30 000. */
  maxChunkMs: number;
  /** When speech runs into the cap, the cut is sought in this last stretch before it. Default 8 000. */
  cutSearchMs: number;
}

/** The defaults, tuned on the benchmark in bench/vad-bench.ts. */
export const DEFAULT_VOICE_CHUNKER_OPTIONS: Readonly<VoiceChunkerOptions> = Object.freeze({
  positiveThreshold: 0.5,
  negativeThreshold: 0.35,
  preRollMs: 416,
  hangOverMs: 256,
  endPauseMs: 800,
  minSpeechMs: 250,
  maxChunkMs: 30_000,
  cutSearchMs: 8_000,
});

/** Fills in defaults and rejects settings that cannot work, with a message a developer can act on. */
export function resolveChunkerOptions(partial: Partial<VoiceChunkerOptions> = {}): VoiceChunkerOptions {
  const o = { ...DEFAULT_VOICE_CHUNKER_OPTIONS, ...partial };
  if (!(o.negativeThreshold <= o.positiveThreshold))
    throw new RangeError('negativeThreshold must not exceed positiveThreshold');
  if (!(o.cutSearchMs > 0 && o.cutSearchMs < o.maxChunkMs))
    throw new RangeError('cutSearchMs must be between 0 and maxChunkMs');
  if (!(o.maxChunkMs >= 1_000)) throw new RangeError('maxChunkMs must be at least 1000');
  for (const k of ['preRollMs', 'hangOverMs', 'endPauseMs', 'minSpeechMs'] as const) {
    if (!(o[k] >= 0)) throw new RangeError(`${k} must be zero or more`);
  }
  return o;
}
