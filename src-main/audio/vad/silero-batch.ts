import { EnergyGate, frameDbfs, type EnergyGateOptions } from './energy-gate';
import { CONTEXT_SAMPLES, STATE_PER_STREAM, WINDOW_SAMPLES, type SileroModel } from './silero-model';
import { FRAME_SAMPLES } from './voice-activity-detector';

/** A stretch of frames Silero runs through from a fresh state; outputs before `keepFrom` only settle the state. */
interface Piece {
  runFrom: number;
  keepFrom: number;
  end: number;
}

/** Frames of overlap when a long stretch is split across streams, so each piece's state has settled. */
const SPLIT_OVERLAP_FRAMES = 16;
/** Pieces shorter than this are not worth a stream of their own. */
const MIN_PIECE_FRAMES = 96;

/**
 * Whole-recording speech probabilities: the energy gate picks the frames to look at (same rule as streaming),
 * then up to `maxBatch` independent stretches run side by side in each inference call, which amortises the
 * per-call overhead of onnxruntime-web (one call costs about as much as five frames of work).
 */
export async function recordingProbabilities(
  model: SileroModel,
  samples: RecordingSamples,
  gateOptions: EnergyGateOptions,
  maxBatch: number,
): Promise<Float32Array> {
  const frames = Math.floor(samples.length / FRAME_SAMPLES);
  const mask = gateMask(samples, frames, gateOptions);
  const stretches = planStretches(mask, gateOptions.warmUpFrames);
  const total = stretches.reduce((n, s) => n + s.end - s.runFrom, 0);
  const pieceFrames = Math.max(MIN_PIECE_FRAMES, Math.ceil(total / Math.max(1, maxBatch)));
  const pieces = stretches.flatMap((s) => splitStretch(s, pieceFrames));
  const out = new Float32Array(frames);
  await runLanes(model, samples, assignLanes(pieces, maxBatch), (frame, p) => {
    if (mask[frame]) out[frame] = p;
  });
  return out;
}

/**
 * A whole recording as float in [-1, 1], or as the Int16 PCM it came as: Int16 is read a window at a time, so a
 * long file is not copied to float first (that copy was twice the file's size in memory: 115 MB for 30 minutes).
 */
export type RecordingSamples = Float32Array | Int16Array;

/** Copies `count` samples starting at `from` (which may be negative: zeros before the start) as float. */
function readWindow(samples: RecordingSamples, from: number, count: number, target: Float32Array, at: number): void {
  const skip = Math.max(0, -from);
  const start = from + skip;
  const end = Math.min(samples.length, from + count);
  if (samples instanceof Float32Array) {
    target.set(samples.subarray(start, end), at + skip);
    return;
  }
  for (let i = start; i < end; i++) target[at + i - from] = samples[i] / 32768;
}

function gateMask(samples: RecordingSamples, frames: number, opts: EnergyGateOptions): Uint8Array {
  const gate = new EnergyGate(opts);
  const mask = new Uint8Array(frames);
  const frame = new Float32Array(FRAME_SAMPLES);
  for (let f = 0; f < frames; f++) {
    readWindow(samples, f * FRAME_SAMPLES, FRAME_SAMPLES, frame, 0);
    mask[f] = gate.next(frameDbfs(frame, 0)) ? 1 : 0;
  }
  return mask;
}

/** Mirrors the streaming detector: short skips are filled in, long ones restart with a warm-up. */
function planStretches(mask: Uint8Array, warmUp: number): Piece[] {
  const out: Piece[] = [];
  let current: Piece | undefined;
  for (let f = 0; f < mask.length; f++) {
    if (!mask[f]) continue;
    if (current && f - current.end <= warmUp) {
      current.end = f + 1;
    } else {
      if (current) out.push(current);
      const runFrom = Math.max(0, f - warmUp);
      current = { runFrom, keepFrom: runFrom, end: f + 1 };
    }
  }
  if (current) out.push(current);
  return out;
}

function splitStretch(s: Piece, pieceFrames: number): Piece[] {
  const out: Piece[] = [];
  for (let start = s.runFrom; start < s.end; start += pieceFrames) {
    const runFrom = start === s.runFrom ? start : Math.max(s.runFrom, start - SPLIT_OVERLAP_FRAMES);
    out.push({ runFrom, keepFrom: start, end: Math.min(s.end, start + pieceFrames) });
  }
  return out;
}

/** Longest piece first to the least loaded lane, so the lanes finish close together. */
function assignLanes(pieces: Piece[], maxBatch: number): Piece[][] {
  const laneCount = Math.max(1, Math.min(maxBatch, pieces.length));
  const lanes: Piece[][] = Array.from({ length: laneCount }, () => []);
  const load = new Array<number>(laneCount).fill(0);
  for (const p of [...pieces].sort((a, b) => b.end - b.runFrom - (a.end - a.runFrom))) {
    let best = 0;
    for (let l = 1; l < laneCount; l++) if (load[l] < load[best]) best = l;
    lanes[best].push(p);
    load[best] += p.end - p.runFrom;
  }
  return lanes.filter((l) => l.length > 0);
}

interface Cursor {
  pieces: Piece[];
  piece: number;
  frame: number;
  state: Float32Array;
}

async function runLanes(
  model: SileroModel,
  samples: RecordingSamples,
  lanes: Piece[][],
  emit: (frame: number, probability: number) => void,
): Promise<void> {
  let active: Cursor[] = lanes.map((pieces) => ({
    pieces,
    piece: 0,
    frame: pieces[0].runFrom,
    state: new Float32Array(STATE_PER_STREAM),
  }));
  while (active.length > 0) {
    const b = active.length;
    const input = new Float32Array(b * WINDOW_SAMPLES);
    const state = new Float32Array(2 * b * 128);
    active.forEach((c, lane) => {
      readWindow(samples, c.frame * FRAME_SAMPLES - CONTEXT_SAMPLES, WINDOW_SAMPLES, input, lane * WINDOW_SAMPLES);
      // state is [2, batch, 128]: each lane owns one 128-row in each of the two layers
      state.set(c.state.subarray(0, 128), lane * 128);
      state.set(c.state.subarray(128, 256), (b + lane) * 128);
    });
    const result = await model.step(input, state, b);
    active.forEach((c, lane) => {
      const piece = c.pieces[c.piece];
      if (c.frame >= piece.keepFrom) emit(c.frame, result.probs[lane]);
      c.state.set(result.state.subarray(lane * 128, lane * 128 + 128), 0);
      c.state.set(result.state.subarray((b + lane) * 128, (b + lane) * 128 + 128), 128);
      c.frame++;
      if (c.frame >= piece.end) {
        c.piece++;
        if (c.piece < c.pieces.length) {
          c.frame = c.pieces[c.piece].runFrom;
          c.state.fill(0);
        }
      }
    });
    active = active.filter((c) => c.piece < c.pieces.length);
  }
}
