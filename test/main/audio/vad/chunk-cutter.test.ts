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
    expect(chunk.pcm).toEqual(pcm.slice(chunk.startSample, chunk.endSample));
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
    p.fill(0.4, 10, 30); // 0.4 alone never starts speech
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

  it('refuses probabilities for audio that has not arrived', () => {
    const cutter = new ChunkCutter(resolveChunkerOptions());
    cutter.appendAudio(new Int16Array(FRAME * 2));
    expect(cutter.pendingFrames).toBe(2);
    expect(() => cutter.addProbabilities(new Float32Array(3))).toThrow(RangeError);
    expect(cutter.addProbabilities(new Float32Array(2))).toEqual([]);
    expect(cutter.nextFrame).toBe(2);
    expect(cutter.samplesReceived).toBe(FRAME * 2);
  });
});
