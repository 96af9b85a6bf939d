import { FRAME_SAMPLES } from './voice-activity-detector';

/** 10 ms at 16 kHz: fine enough to land inside a gap between words. */
const BLOCK = 160;

/** What the cut search can see: the audio, indexed from the stream start. */
export interface CutSearchInput {
  sample(at: number): number;
  /** Frames [fromFrame, toFrame) to search. */
  fromFrame: number;
  toFrame: number;
}

/** Noise level = the quietest 50 ms of the window: long enough to average noise, short enough to fit between words. */
const NOISE_BLOCKS = 5;
/** A 30 ms stretch within this factor (3 dB) of the noise level is pause; a masked soft onset (/h/, /f/) rarely is. */
const PAUSE_FACTOR = 2;
/** Louder 10 ms blocks a pause may contain without being split. */
const BRIDGE_BLOCKS = 3;

/**
 * Where to cut a chunk that has run into the length cap: in the middle of the longest pause of the window (30 ms
 * stretches within 3 dB of the window's noise level; the latest wins a tie). So a breath between sentences beats
 * the gap between two words, which beats a stop closure inside a word, in silence and in steady noise alike. The
 * detector's probabilities are no help here: Silero rides through pauses shorter than ~200 ms and sometimes dips
 * inside a long fricative.
 */
export function findCutSample(input: CutSearchInput): number {
  const from = input.fromFrame * FRAME_SAMPLES;
  const blocks = Math.floor(((input.toFrame - input.fromFrame) * FRAME_SAMPLES) / BLOCK);
  if (blocks <= NOISE_BLOCKS) return from + Math.floor(blocks / 2) * BLOCK;
  const power = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) power[b] = blockPower(input, from + b * BLOCK);
  let sum = 0;
  for (let b = 0; b < NOISE_BLOCKS; b++) sum += power[b];
  let noise = sum;
  for (let b = NOISE_BLOCKS; b < blocks; b++) {
    sum += power[b] - power[b - NOISE_BLOCKS];
    noise = Math.min(noise, sum);
  }
  // a small absolute floor, so digital silence does not make every faint tail look loud
  const threshold = Math.max(noise / NOISE_BLOCKS, 1) * PAUSE_FACTOR;
  const quiet = (b: number): boolean =>
    (power[Math.max(0, b - 1)] + power[b] + power[Math.min(blocks - 1, b + 1)]) / 3 <= threshold;
  let best = { start: 0, end: 0 };
  let runStart = -1;
  let lastQuiet = -1;
  for (let b = 0; b <= blocks; b++) {
    const q = b < blocks && quiet(b);
    // a noise peak of up to BRIDGE_BLOCKS does not split a pause in two
    if (runStart >= 0 && (b === blocks || (!q && b - lastQuiet > BRIDGE_BLOCKS))) {
      if (lastQuiet + 1 - runStart >= best.end - best.start) best = { start: runStart, end: lastQuiet + 1 };
      runStart = -1;
    }
    if (q) {
      if (runStart < 0) runStart = b;
      lastQuiet = b;
    }
  }
  return from + Math.round(((best.start + best.end) / 2) * BLOCK);
}

/** Pre-emphasised, like the energy gate: rumble and brown noise swing too slowly to judge 10 ms by. */
function blockPower(input: CutSearchInput, at: number): number {
  let e = 0;
  let previous = input.sample(at - 1);
  for (let i = at; i < at + BLOCK; i++) {
    const s = input.sample(i);
    const d = s - 0.95 * previous;
    e += d * d;
    previous = s;
  }
  return e / BLOCK;
}
