import type { VoiceChunk } from './pcm';
import { resolveChunkerOptions, type VoiceChunkerOptions } from './vad/chunker-options';
import { ChunkCutter } from './vad/chunk-cutter';
import { createSileroVad } from './vad/silero-vad';
import { FRAME_SAMPLES, isRecordingDetector, type VoiceActivityDetector } from './vad/voice-activity-detector';

export { DEFAULT_VOICE_CHUNKER_OPTIONS, type VoiceChunkerOptions } from './vad/chunker-options';

/**
 * Cuts a live 16 kHz mono Int16 stream into chunks of speech at pauses: pre-roll and hang-over keep first and last
 * syllables, short pauses stay inside a chunk, long ones end it, silence and noise produce nothing, and a chunk
 * never exceeds the cap. Offsets are samples from the first sample pushed.
 */
export class VoiceChunker {
  private readonly cutter: ChunkCutter;
  private queue: Promise<unknown> = Promise.resolve();
  private ended = false;

  constructor(
    private readonly detector: VoiceActivityDetector,
    options: Partial<VoiceChunkerOptions> = {},
  ) {
    if (detector.frameSamples !== FRAME_SAMPLES)
      throw new RangeError(`detector frames must be ${FRAME_SAMPLES} samples`);
    this.cutter = new ChunkCutter(resolveChunkerOptions(options));
  }

  /** Adds audio of any length; resolves with the chunks it completed (usually none). Calls are taken in order. */
  push(pcm: Int16Array): Promise<VoiceChunk[]> {
    return this.serialise(async () => {
      if (this.ended) throw new Error('VoiceChunker.push after flush: start a new chunker for a new stream');
      this.cutter.appendAudio(pcm);
      const count = this.cutter.pendingFrames;
      if (count === 0) return [];
      const probs = await this.detector.probabilities(toFloat(this.cutter.framesAudio(this.cutter.nextFrame, count)));
      return this.cutter.addProbabilities(probs);
    });
  }

  /** The first sample a chunk still to come can contain (what the live journal must keep); exact between pushes. */
  get neededFromSample(): number {
    return this.cutter.neededFromSample;
  }

  /** End of stream: returns the last chunk, if it holds speech. The chunker takes no more audio after this. */
  flush(): Promise<VoiceChunk[]> {
    return this.serialise(async () => {
      if (this.ended) return [];
      this.ended = true;
      return this.cutter.finish();
    });
  }

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

export interface WholeRecordingOptions extends Partial<VoiceChunkerOptions> {
  /** Default: a fresh Silero detector, which judges the whole recording in batches. */
  detector?: VoiceActivityDetector;
}

/** Chunks a complete recording in one go, by the same rules as VoiceChunker but several times faster. */
export async function chunkWholeRecording(pcm: Int16Array, opts: WholeRecordingOptions = {}): Promise<VoiceChunk[]> {
  const chunks: VoiceChunk[] = [];
  for await (const chunk of wholeRecordingChunks(pcm, opts)) chunks.push(chunk);
  return chunks;
}

/**
 * The chunks of a complete recording one at a time, as the cutter makes them: a caller that spools each before
 * asking for the next holds one chunk's copy of the audio, not a second copy of all the speech in a long file.
 */
export async function* wholeRecordingChunks(
  pcm: Int16Array,
  opts: WholeRecordingOptions = {},
): AsyncGenerator<VoiceChunk> {
  const { detector: given, ...rest } = opts;
  const detector = given ?? (await createSileroVad());
  if (!isRecordingDetector(detector)) {
    const chunker = new VoiceChunker(detector, rest);
    yield* await chunker.push(pcm);
    yield* await chunker.flush();
    return;
  }
  const cutter = new ChunkCutter(resolveChunkerOptions(rest));
  const probs = await detector.probabilitiesOfRecording(pcm);
  // fed a slice at a time, so the cutter's buffer holds one chunk's audio, not the whole recording
  for (let at = 0; at < pcm.length; at += WHOLE_SLICE_SAMPLES) {
    cutter.appendAudio(pcm.subarray(at, at + WHOLE_SLICE_SAMPLES));
    const first = cutter.nextFrame;
    yield* cutter.addProbabilities(probs.subarray(first, first + cutter.pendingFrames));
  }
  yield* cutter.finish();
}

/** Ten minutes: long enough that segment borders are rare, short enough that a 2-hour file is not held whole. */
export const SEGMENT_SAMPLES = FRAME_SAMPLES * 18_750;
/** Audio before a segment the detector runs over again, so its state has settled when the segment starts. */
const SEGMENT_OVERLAP_FRAMES = 64;

/**
 * The chunks of a recording that arrives as blocks (a file read as a stream), judged a segment at a time: memory
 * holds one segment, not the recording. The cutter runs across segment borders, so a chunk can span one; the
 * detector sees 2 s before each segment again so its judgement there matches the whole-recording path. A recording
 * shorter than a segment is chunked exactly as `chunkWholeRecording` chunks it.
 */
export async function* streamedRecordingChunks(
  blocks: AsyncIterable<Int16Array>,
  opts: WholeRecordingOptions & { segmentSamples?: number } = {},
): AsyncGenerator<VoiceChunk> {
  const { detector: given, segmentSamples = SEGMENT_SAMPLES, ...rest } = opts;
  const detector = given ?? (await createSileroVad());
  if (!isRecordingDetector(detector)) {
    const chunker = new VoiceChunker(detector, rest);
    for await (const block of blocks) yield* await chunker.push(block);
    yield* await chunker.flush();
    return;
  }
  const size = Math.max(FRAME_SAMPLES, segmentSamples - (segmentSamples % FRAME_SAMPLES));
  const overlap = SEGMENT_OVERLAP_FRAMES * FRAME_SAMPLES;
  const cutter = new ChunkCutter(resolveChunkerOptions(rest));
  // segment[0, carried) is the overlap already judged; segment[carried, filled) is new audio
  let segment = new Int16Array(size);
  let carried = 0;
  let filled = 0;
  const judge = async function* (): AsyncGenerator<VoiceChunk> {
    const probs = await detector.probabilitiesOfRecording(segment.subarray(0, filled));
    const firstFrame = cutter.nextFrame - carried / FRAME_SAMPLES; // absolute frame of segment[0]
    for (let at = carried; at < filled; at += WHOLE_SLICE_SAMPLES) {
      cutter.appendAudio(segment.subarray(at, Math.min(filled, at + WHOLE_SLICE_SAMPLES)));
      const first = cutter.nextFrame - firstFrame;
      yield* cutter.addProbabilities(probs.subarray(first, first + cutter.pendingFrames));
    }
    const keep = Math.min(overlap, filled - (filled % FRAME_SAMPLES));
    const next = new Int16Array(size + keep);
    next.set(segment.subarray(filled - (filled % FRAME_SAMPLES) - keep, filled));
    carried = keep + (filled % FRAME_SAMPLES);
    segment = next;
    filled = carried;
  };
  for await (const block of blocks) {
    for (let at = 0; at < block.length; ) {
      const take = Math.min(block.length - at, segment.length - filled);
      segment.set(block.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === segment.length) yield* judge();
    }
  }
  if (filled > carried) yield* judge();
  yield* cutter.finish();
}

const WHOLE_SLICE_SAMPLES = FRAME_SAMPLES * 1024;

function toFloat(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i] / 32768;
  return out;
}
