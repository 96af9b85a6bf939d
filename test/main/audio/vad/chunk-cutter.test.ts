import { describe, expect, it } from 'vitest';
import type { VoiceChunk } from '../../../../src-main/audio/pcm';
import { ChunkCutter } from '../../../../src-main/audio/vad/chunk-cutter';
import { resolveChunkerOptions, type VoiceChunkerOptions } from '../../../../src-main/audio/vad/chunker-options';

const FRAME = 512;
/** 32 ms per 512-sample frame at 16 kHz. */
const framesFor = (ms: number) => Math.round((ms * 16) / FRAME);

/** A loud 200 Hz tone (a voice, to the cut search) with silent stretches where asked. */
function audio(frames: number, silent: Array<[number, number]> = []): Int16Array {
  const pcm = Int16Array.from({ length: frames * FRAME }, (_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * 200 * i) / 16_000)),
  );
  for (const [from, to] of silent) pcm.fill(0, from, to);
  return pcm;
}

/** Runs the cutter over audio with the detector's probabilities given per frame, as both chunker paths do. */
function cut(pcm: Int16Array, probs: number[], options: Partial<VoiceChunkerOptions> = {}): VoiceChunk[] {
  const cutter = new ChunkCutter(resolveChunkerOptions(options));
  cutter.appendAudio(pcm);
  return [...cutter.addProbabilities(Float32Array.from(probs)), ...cutter.finish()];
}

/** True when two stretches of audio are the same samples (quick: toEqual walks typed arrays element by element). */
const same = (a: Int16Array, b: Int16Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Probabilities: `speech` frames at 0.9 starting at `at`, 0.05 elsewhere, `total` frames. */
function speechAt(total: number, spans: Array<[at: number, frames: number]>): number[] {
  const p = new Array<number>(total).fill(0.05);
  for (const [at, frames] of spans) p.fill(0.9, at, at + frames);
  return p;
}

describe('the chunk cutter (detector decisions in, chunks to send out)', () => {
  it('drops a click or a cough (less speech than minSpeechMs: 250 ms), and sends a short word', () => {
    const total = framesFor(3000);
    expect(cut(audio(total), speechAt(total, [[20, framesFor(160)]]))).toEqual([]);
    const word = cut(audio(total), speechAt(total, [[20, framesFor(300)]]));
    expect(word).toHaveLength(1);
    expect(word[0].speechSamples).toBe(framesFor(300) * FRAME);
  });

  it('keeps 416 ms before the first speech frame and 256 ms after the last, and the audio is the input’s', () => {
    const total = framesFor(4000);
    const pcm = audio(total);
    const [chunk] = cut(pcm, speechAt(total, [[40, 30]]));
    expect(chunk.startSample).toBe(40 * FRAME - 416 * 16);
    expect(chunk.endSample).toBe(70 * FRAME + 256 * 16);
    expect(same(chunk.pcm, pcm.subarray(chunk.startSample, chunk.endSample))).toBe(true);
    expect(chunk.index).toBe(0);
  });

  it('a pause shorter than endPauseMs stays inside one chunk; a longer one starts the next, in order', () => {
    const total = framesFor(8000);
    const short = cut(
      audio(total),
      speechAt(total, [
        [20, 20],
        [40 + framesFor(500), 20],
      ]),
    );
    expect(short).toHaveLength(1);
    const long = cut(
      audio(total),
      speechAt(total, [
        [20, 20],
        [40 + framesFor(1200), 20],
      ]),
    );
    expect(long.map((c) => c.index)).toEqual([0, 1]);
    expect(long[1].startSample).toBeGreaterThanOrEqual(long[0].endSample);
  });

  it('needs 0.5 to start speech but keeps it down to 0.35 (hysteresis), so a soft syllable is not cut off', () => {
    const total = framesFor(4000);
    const p = new Array<number>(total).fill(0.05);
    p.fill(0.4, 0, 30); // 0.4 alone never starts speech, not even at the start of the stream
    expect(cut(audio(total), p)).toEqual([]);
    p.fill(0.9, 30, 40);
    p.fill(0.4, 40, 60); // after speech began, 0.4 is still speech
    p.fill(0.3, 60, 62); // and 0.3 is not
    const [chunk] = cut(audio(total), p);
    expect(chunk.speechSamples).toBe(30 * FRAME);
    expect(chunk.endSample).toBe(60 * FRAME + 256 * 16);
  });

  it('cuts speech that runs into the cap in its pause, never mid-word, losing no sample', () => {
    // 12 s of continuous "speech" (Silero rides through short pauses) with a 200 ms silence at 8.0–8.2 s.
    const total = framesFor(12_000);
    const gap: [number, number] = [8000 * 16, 8200 * 16];
    const chunks = cut(audio(total, [gap]), new Array<number>(total).fill(0.9), {
      maxChunkMs: 10_000,
      cutSearchMs: 4_000,
    });
    expect(chunks.length).toBe(2);
    const [first, second] = chunks;
    expect(first.endSample).toBeGreaterThan(gap[0]);
    expect(first.endSample).toBeLessThan(gap[1]);
    expect(second.startSample).toBe(first.endSample);
    expect(first.endSample - first.startSample).toBeLessThanOrEqual(10_000 * 16);
    expect(second.speechSamples).toBeGreaterThan(0);
  });

  it('a probability exactly at a threshold counts: 0.5 starts speech, and the lower one keeps it', () => {
    const total = framesFor(3000);
    const p = new Array<number>(total).fill(0.05);
    p.fill(0.5, 10, 20);
    p.fill(0.25, 20, 30);
    const [chunk] = cut(audio(total), p, { negativeThreshold: 0.25 });
    expect(chunk.speechSamples).toBe(20 * FRAME);
  });

  it('drops a chunk with one frame less speech than minSpeechMs (8 frames for 250 ms), sends one with exactly 8', () => {
    const total = framesFor(3000);
    expect(cut(audio(total), speechAt(total, [[20, 7]]))).toEqual([]);
    expect(cut(audio(total), speechAt(total, [[20, 8]]))).toHaveLength(1);
  });

  it('seeks the cut only in the last cutSearchMs before the cap, and splits the speech between the two chunks', () => {
    // Speech from 1 s on, a long 600 ms pause at 3 s (outside the last 4 s), a short 100 ms one at 8 s (inside).
    const total = framesFor(14_000);
    const pcm = audio(total, [
      [3000 * 16, 3600 * 16],
      [8000 * 16, 8100 * 16],
    ]);
    const speech = speechAt(total, [[framesFor(1000), framesFor(12_000)]]);
    const chunks = cut(pcm, speech, { maxChunkMs: 10_000, cutSearchMs: 4_000 });
    expect(chunks).toHaveLength(2);
    expect(chunks[0].endSample).toBeGreaterThan(8000 * 16);
    expect(chunks[0].endSample).toBeLessThan(8100 * 16);
    expect(chunks[1].startSample).toBe(chunks[0].endSample);
    // every speech frame counted once: those before the cut in the first chunk, the rest in the second
    const cutFrame = Math.ceil(chunks[0].endSample / FRAME);
    expect(chunks[0].speechSamples).toBe((cutFrame - framesFor(1000)) * FRAME);
    expect(chunks[0].speechSamples + chunks[1].speechSamples).toBe(framesFor(12_000) * FRAME);
  });

  it('at the end of the stream, the open chunk keeps its 256 ms after the last speech, or what there is of it', () => {
    const [ended] = cut(audio(40), speechAt(40, [[10, 10]]));
    expect(ended.endSample).toBe(20 * FRAME + 256 * 16);
    const [cutShort] = cut(audio(24), speechAt(24, [[10, 10]]));
    expect(cutShort.endSample).toBe(24 * FRAME);
  });

  it('refuses probabilities for audio that has not arrived', () => {
    const cutter = new ChunkCutter(resolveChunkerOptions());
    cutter.appendAudio(new Int16Array(FRAME * 2));
    expect(cutter.pendingFrames).toBe(2);
    expect(() => cutter.addProbabilities(new Float32Array(3))).toThrow(/audio has not arrived/);
    expect(cutter.addProbabilities(new Float32Array(2))).toEqual([]);
    expect(cutter.nextFrame).toBe(2);
    expect(cutter.samplesReceived).toBe(FRAME * 2);
  });
});

describe('the chunk cutter over a live stream', () => {
  it('five minutes of speech fed in small pieces come out cut exactly as fed whole, with the same audio', () => {
    const total = framesFor(300_000);
    const pcm = audio(total, [[20_000 * 16, 20_400 * 16]]);
    const probs = speechAt(total, [
      [30, framesFor(4000)],
      [300, framesFor(9000)],
      [700, framesFor(1000)],
      [900, framesFor(40_000)],
      [framesFor(128_000), framesFor(8000)],
      [framesFor(258_000), framesFor(42_000)],
    ]);
    const whole = cut(pcm, probs, { maxChunkMs: 12_000, cutSearchMs: 3000 });
    const cutter = new ChunkCutter(resolveChunkerOptions({ maxChunkMs: 12_000, cutSearchMs: 3000 }));
    const streamed: VoiceChunk[] = [];
    const needed: number[] = [];
    for (let at = 0; at < pcm.length; at += 3000) {
      cutter.appendAudio(pcm.subarray(at, at + 3000));
      const first = cutter.nextFrame;
      const frames = cutter.pendingFrames;
      // the detector is shown exactly the audio of the frames it judges
      expect(same(cutter.framesAudio(first, frames), pcm.subarray(first * FRAME, (first + frames) * FRAME))).toBe(true);
      streamed.push(...cutter.addProbabilities(Float32Array.from(probs.slice(first, first + frames))));
      needed.push(cutter.neededFromSample);
    }
    streamed.push(...cutter.finish());
    expect(streamed.map((c) => [c.index, c.startSample, c.endSample, c.speechSamples])).toEqual(
      whole.map((c) => [c.index, c.startSample, c.endSample, c.speechSamples]),
    );
    for (const chunk of streamed) expect(same(chunk.pcm, pcm.subarray(chunk.startSample, chunk.endSample))).toBe(true);
    expect(streamed.length).toBeGreaterThan(5);
    // the speech ran to the end of the stream: the last chunk ends there, not in a hang-over past it
    expect(streamed.at(-1)?.endSample).toBe(total * FRAME);
    // what a journal must keep never goes backwards, and never drops audio a chunk still to come holds
    expect(needed).toEqual([...needed].sort((a, b) => a - b));
    for (const chunk of streamed) {
      const handedAt = needed.findIndex((_, i) => (i + 1) * 3000 >= chunk.endSample);
      if (handedAt > 0) expect(needed[handedAt - 1]).toBeLessThanOrEqual(chunk.startSample);
    }
  });

  it('in silence, only the pre-roll before the next frame is still needed', () => {
    const cutter = new ChunkCutter(resolveChunkerOptions());
    cutter.appendAudio(new Int16Array(FRAME * 100));
    expect(cutter.neededFromSample).toBe(0);
    cutter.addProbabilities(new Float32Array(100).fill(0.05));
    expect(cutter.neededFromSample).toBe(100 * FRAME - 416 * 16);
    cutter.appendAudio(audio(20));
    cutter.addProbabilities(new Float32Array(20).fill(0.9));
    // a chunk is open: from its start
    expect(cutter.neededFromSample).toBe(100 * FRAME - 416 * 16);
  });

  it('a pre-roll never reaches back into the chunk before (chunks never overlap)', () => {
    const total = framesFor(4000);
    const [first, second] = cut(
      audio(total),
      speechAt(total, [
        [20, 20],
        [40 + framesFor(400), 20],
      ]),
      { endPauseMs: 300 },
    );
    expect(first.endSample).toBe(40 * FRAME + 256 * 16);
    expect(second.startSample).toBe(first.endSample);
  });

  it('a pause of zero ms still needs one silent frame to end a chunk', () => {
    const total = 100;
    const chunks = cut(
      audio(total),
      speechAt(total, [
        [10, 10],
        [21, 10],
      ]),
      { endPauseMs: 0, minSpeechMs: 0, hangOverMs: 0, preRollMs: 0 },
    );
    expect(chunks.map((c) => [c.startSample / FRAME, c.endSample / FRAME])).toEqual([
      [10, 20],
      [21, 31],
    ]);
  });

  it('cut at the cap where the rest is silence: the next chunk starts with the next speech', () => {
    // 10 s of speech, the cap at 10 s: the cut lands in the trailing pause; nothing of it is carried over
    const total = framesFor(14_000);
    const pcm = audio(total, [[9000 * 16, total * FRAME]]);
    const chunks = cut(
      pcm,
      speechAt(total, [
        [0, framesFor(9000)],
        [framesFor(12_000), framesFor(1000)],
      ]),
      {
        maxChunkMs: 10_000,
        cutSearchMs: 2_000,
        endPauseMs: 5_000,
      },
    );
    expect(chunks).toHaveLength(2);
    expect(chunks[0].endSample).toBeGreaterThan(9000 * 16);
    expect(chunks[0].speechSamples).toBe(framesFor(9000) * FRAME);
    expect(chunks[1].startSample).toBe(framesFor(12_000) * FRAME - 416 * 16);
  });
});

describe('chunker options', () => {
  it('fills in the defaults and refuses settings that cannot work, saying which', () => {
    expect(resolveChunkerOptions({ endPauseMs: 500 })).toMatchObject({ endPauseMs: 500, maxChunkMs: 30_000 });
    const refused = (o: Partial<VoiceChunkerOptions>) => () => resolveChunkerOptions(o);
    expect(refused({ negativeThreshold: 0.6 })).toThrow('negativeThreshold must not exceed positiveThreshold');
    expect(resolveChunkerOptions({ negativeThreshold: 0.5 }).negativeThreshold).toBe(0.5);
    expect(refused({ cutSearchMs: 0 })).toThrow('cutSearchMs must be between 0 and maxChunkMs');
    expect(refused({ cutSearchMs: 30_000 })).toThrow('cutSearchMs must be between 0 and maxChunkMs');
    expect(refused({ maxChunkMs: 999, cutSearchMs: 500 })).toThrow('maxChunkMs must be at least 1000');
    expect(resolveChunkerOptions({ maxChunkMs: 1000, cutSearchMs: 500 }).maxChunkMs).toBe(1000);
    for (const key of ['preRollMs', 'hangOverMs', 'endPauseMs', 'minSpeechMs'] as const) {
      expect(refused({ [key]: -1 })).toThrow(`${key} must be zero or more`);
      expect(refused({ [key]: Number.NaN })).toThrow(`${key} must be zero or more`);
      expect(resolveChunkerOptions({ [key]: 0 })[key]).toBe(0);
    }
  });
});
