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
  const { detector: given, ...rest } = opts;
  const detector = given ?? (await createSileroVad());
  if (!isRecordingDetector(detector)) {
    const chunker = new VoiceChunker(detector, rest);
    return [...(await chunker.push(pcm)), ...(await chunker.flush())];
  }
  const cutter = new ChunkCutter(resolveChunkerOptions(rest));
  const probs = await detector.probabilitiesOfRecording(pcm);
  const chunks: VoiceChunk[] = [];
  // fed a slice at a time, so the cutter's buffer holds one chunk's audio, not the whole recording
  for (let at = 0; at < pcm.length; at += WHOLE_SLICE_SAMPLES) {
    cutter.appendAudio(pcm.subarray(at, at + WHOLE_SLICE_SAMPLES));
    const first = cutter.nextFrame;
    chunks.push(...cutter.addProbabilities(probs.subarray(first, first + cutter.pendingFrames)));
  }
  return [...chunks, ...cutter.finish()];
}

const WHOLE_SLICE_SAMPLES = FRAME_SAMPLES * 1024;

function toFloat(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i] / 32768;
  return out;
}
