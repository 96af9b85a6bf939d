import { beforeAll, describe, expect, it } from 'vitest';
import type { VoiceChunk } from '../../../src-main/audio/pcm';
import type { RecordingVoiceActivityDetector } from '../../../src-main/audio/vad/voice-activity-detector';
import { createSileroVad } from '../../../src-main/audio/vad/silero-vad';
import {
  chunkWholeRecording,
  DEFAULT_VOICE_CHUNKER_OPTIONS,
  streamedRecordingChunks,
  VoiceChunker,
} from '../../../src-main/audio/voice-chunker';
import {
  buildSpeechFixture,
  noiseOnly,
  PERSIAN_SENTENCES,
  scoreChunks,
  silenceSamples,
  type SpeechFixture,
} from '../../support/speech-fixtures';

const RATE = 16_000;
const ms = (samples: number): number => (samples * 1000) / RATE;

let detector: RecordingVoiceActivityDetector;
let clean: SpeechFixture;

beforeAll(async () => {
  detector = await createSileroVad();
  // 12 sentences; pauses cycle through 0.3, 1.5, 0.6, 2.5, 0.9, 1.2, 0.45, 2.0 s
  clean = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 12) });
});

async function stream(pcm: Int16Array, seed: number, options = {}): Promise<VoiceChunk[]> {
  detector.reset();
  const chunker = new VoiceChunker(detector, options);
  const out: VoiceChunk[] = [];
  let s = seed;
  for (let at = 0; at < pcm.length; ) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const n = 1 + (s % 4000); // 1 sample to 250 ms: sizes a MessagePort may deliver
    out.push(...(await chunker.push(pcm.subarray(at, at + n))));
    at += n;
  }
  return [...out, ...(await chunker.flush())];
}

describe('chunkWholeRecording on clean Persian speech', () => {
  let chunks: VoiceChunk[];
  beforeAll(async () => {
    chunks = await chunkWholeRecording(clean.pcm, { detector });
  });

  it('keeps every spoken sentence, with room before and after it', () => {
    for (const s of clean.speech) {
      const holder = chunks.find((c) => ms(c.startSample) <= s.startMs - 150 && ms(c.endSample) >= s.endMs + 150);
      expect(holder, `sentence at ${s.startMs} ms`).toBeDefined();
    }
  });

  it('ends a chunk at every pause of 1.2 s or more and merges the short ones', () => {
    const score = scoreChunks(chunks, clean);
    expect(score.longPausesBridged).toBe(0);
    // 11 pauses, 6 of them shorter than 1.2 s: merging them gives 6 chunks, not 12
    expect(chunks.length).toBeLessThan(clean.speech.length);
    expect(chunks.length).toBeGreaterThanOrEqual(6);
    expect(score.midWordBoundaries).toBe(0);
  });

  it('sends little beyond the speech itself', () => {
    expect(scoreChunks(chunks, clean).sentPerSpeech).toBeLessThan(1.15);
  });

  it('hands over exactly the input samples, in order, without overlap', () => {
    chunks.forEach((c, i) => {
      expect(c.index).toBe(i);
      expect(c.pcm).toEqual(clean.pcm.subarray(c.startSample, c.endSample));
      expect(c.speechSamples).toBeGreaterThan(0.25 * RATE);
      expect(c.speechSamples).toBeLessThanOrEqual(c.endSample - c.startSample);
      if (i > 0) expect(c.startSample).toBeGreaterThanOrEqual(chunks[i - 1].endSample);
    });
  });
});

describe('chunking in noise', () => {
  it('keeps at least 95 % of the speech at 10 dB SNR pink noise, still splitting at long pauses', async () => {
    const fx = await buildSpeechFixture({
      sentences: PERSIAN_SENTENCES.slice(0, 12),
      noise: { kind: 'pink', snrDb: 10 },
    });
    const score = scoreChunks(await chunkWholeRecording(fx.pcm, { detector }), fx);
    expect(score.speechKept).toBeGreaterThanOrEqual(0.95);
    expect(score.longPausesBridged).toBe(0);
    expect(score.sentPerSpeech).toBeLessThan(1.3);
  });

  it.each([
    ['20 s of digital silence', () => silenceSamples(20_000)],
    ['20 s of pink noise', () => noiseOnly('pink', 20_000, -25)],
    ['20 s of loud brown noise', () => noiseOnly('brown', 20_000, -15, 4)],
    [
      'a lone click',
      () => {
        const pcm = silenceSamples(5_000);
        for (let i = 0; i < 48; i++) pcm[40_000 + i] = i % 2 ? 30_000 : -30_000;
        return pcm;
      },
    ],
  ])('sends nothing for %s, on either path', async (_name, make) => {
    const pcm = make();
    expect(await chunkWholeRecording(pcm, { detector })).toEqual([]);
    expect(await stream(pcm, 3)).toEqual([]);
  });
});

describe('speech that runs on past the cap', () => {
  it('cuts into chunks of at most 30 s, in a pause, losing nothing', async () => {
    // 14 sentences with only a breath between them: about 88 s that never pauses long enough to end a chunk
    const fx = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 14), gapsMs: [200, 300, 250, 350] });
    const chunks = await chunkWholeRecording(fx.pcm, { detector });
    const score = scoreChunks(chunks, fx);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(score.longestChunkMs).toBeLessThanOrEqual(DEFAULT_VOICE_CHUNKER_OPTIONS.maxChunkMs);
    expect(score.midWordBoundaries).toBe(0);
    expect(score.speechKept).toBeGreaterThanOrEqual(0.999);
    // the cap cuts back-to-back: each chunk starts where the previous one ended
    for (let i = 1; i < chunks.length; i++) expect(chunks[i].startSample).toBe(chunks[i - 1].endSample);
  });

  it('honours a shorter cap from the options', async () => {
    const fx = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 4), gapsMs: [250] });
    const chunks = await chunkWholeRecording(fx.pcm, { detector, maxChunkMs: 10_000, cutSearchMs: 4_000 });
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const c of chunks) expect(ms(c.endSample - c.startSample)).toBeLessThanOrEqual(10_000);
    expect(scoreChunks(chunks, fx).midWordBoundaries).toBe(0);
  });
});

async function* blocksOf(pcm: Int16Array, size: number): AsyncGenerator<Int16Array> {
  for (let at = 0; at < pcm.length; at += size) yield pcm.slice(at, at + size);
}

async function collect(chunks: AsyncIterable<VoiceChunk>): Promise<VoiceChunk[]> {
  const out: VoiceChunk[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

describe('a recording read as a stream (long files)', () => {
  it('cuts exactly as the whole-recording path when the recording fits in one segment', async () => {
    const whole = await chunkWholeRecording(clean.pcm, { detector });
    const streamed = await collect(streamedRecordingChunks(blocksOf(clean.pcm, 44_100), { detector }));
    expect(streamed).toEqual(whole);
  });

  it('judged in 7-second segments, keeps every sentence and the same cuts within 3 frames', async () => {
    const whole = await chunkWholeRecording(clean.pcm, { detector });
    const streamed = await collect(
      streamedRecordingChunks(blocksOf(clean.pcm, 30_000), { detector, segmentSamples: 7 * RATE }),
    );
    expect(streamed.length).toBe(whole.length);
    streamed.forEach((c, i) => {
      expect(c.index).toBe(i);
      expect(c.pcm).toEqual(clean.pcm.subarray(c.startSample, c.endSample));
      expect(Math.abs(c.startSample - whole[i].startSample)).toBeLessThanOrEqual(3 * 512);
      expect(Math.abs(c.endSample - whole[i].endSample)).toBeLessThanOrEqual(3 * 512);
    });
    for (const s of clean.speech) {
      const holder = streamed.find((c) => ms(c.startSample) <= s.startMs - 150 && ms(c.endSample) >= s.endMs + 150);
      expect(holder, `sentence at ${s.startMs} ms`).toBeDefined();
    }
  });
});

describe('streaming (live microphone)', () => {
  it('gives the same chunks from random-size pieces as the whole-recording path, within 3 frames', async () => {
    const whole = await chunkWholeRecording(clean.pcm, { detector });
    const live = await stream(clean.pcm, 42);
    expect(live.length).toBe(whole.length);
    live.forEach((c, i) => {
      expect(Math.abs(c.startSample - whole[i].startSample)).toBeLessThanOrEqual(3 * 512);
      expect(Math.abs(c.endSample - whole[i].endSample)).toBeLessThanOrEqual(3 * 512);
    });
  });

  it('hands a chunk over within about a second of the speaker pausing', async () => {
    detector.reset();
    const chunker = new VoiceChunker(detector);
    const firstPauseEnd = clean.speech[1].endMs; // the first two sentences are 0.3 s apart, then 1.5 s of silence
    let pushedMs = 0;
    let firstAt: number | undefined;
    for (let at = 0; at < clean.pcm.length && firstAt === undefined; at += 320) {
      const out = await chunker.push(clean.pcm.subarray(at, at + 320)); // 20 ms, as a worklet posts them
      pushedMs = ms(Math.min(clean.pcm.length, at + 320));
      if (out.length > 0) firstAt = pushedMs;
    }
    expect(firstAt).toBeDefined();
    expect((firstAt as number) - firstPauseEnd).toBeLessThan(1_200);
  });

  it('refuses audio after flush, so a finished stream is not silently extended', async () => {
    const chunker = new VoiceChunker(detector);
    await chunker.flush();
    await expect(chunker.push(new Int16Array(512))).rejects.toThrow(/after flush/);
  });
});

describe('options', () => {
  it('rejects settings that cannot work', () => {
    expect(() => new VoiceChunker(detector, { negativeThreshold: 0.8, positiveThreshold: 0.5 })).toThrow(RangeError);
    expect(() => new VoiceChunker(detector, { maxChunkMs: 20_000, cutSearchMs: 25_000 })).toThrow(RangeError);
  });
});
