/**
 * Voice chunker benchmark: how much true speech the chunks keep, how much audio they send, whether any edge splits
 * a word, whether silence or noise alone produce chunks, and how fast the detector runs on both paths.
 * Run: `npx tsx bench/vad-bench.ts` (prints a table; `--quick` skips the 30-minute speed run).
 */
import { pathToFileURL } from 'node:url';
import type { VoiceChunk } from '../src-main/audio/pcm';
import { createSileroVad } from '../src-main/audio/vad/silero-vad';
import { chunkWholeRecording, VoiceChunker } from '../src-main/audio/voice-chunker';
import { DEFAULT_ENERGY_GATE, EnergyGate, frameDbfs } from '../src-main/audio/vad/energy-gate';
import { FRAME_SAMPLES, type VoiceActivityDetector } from '../src-main/audio/vad/voice-activity-detector';
import {
  buildSpeechFixture,
  concatPcm,
  noiseOnly,
  PERSIAN_SENTENCES,
  scoreChunks,
  silenceSamples,
  type NoiseOptions,
  type SpeechFixture,
} from '../test/support/speech-fixtures';

const RATE = 16_000;

export interface VadBenchOptions {
  /** Also time the whole-recording path on 30 minutes of audio (about 20–40 s). Default true. */
  thirtyMinutes?: boolean;
}

/** Runs every scenario and returns the figures keyed by scenario; also what the CLI prints. */
export async function runVadBench(options: VadBenchOptions = {}): Promise<Record<string, unknown>> {
  const detector = await createSileroVad();
  const results: Record<string, unknown> = {};
  const conditions: Array<[string, NoiseOptions | undefined]> = [
    ['clean', undefined],
    ['pink 20 dB', { kind: 'pink', snrDb: 20 }],
    ['pink 10 dB', { kind: 'pink', snrDb: 10 }],
  ];
  for (const [name, noise] of conditions) {
    const fx = await buildSpeechFixture({ noise });
    const whole = await timed(fx.pcm.length, () => chunkWholeRecording(fx.pcm, { detector }));
    const stream = await timed(fx.pcm.length, () => streamInPieces(fx.pcm, 7));
    results[`speech, ${name}`] = {
      speechSeconds: round(speechMs(fx) / 1000, 1),
      whole: { ...summarise(whole.value, fx), xRealTime: whole.xRealTime, xRealTimeCpu: whole.xRealTimeCpu },
      streaming: { ...summarise(stream.value, fx), xRealTime: stream.xRealTime, xRealTimeCpu: stream.xRealTimeCpu },
    };
  }
  for (const [name, noise] of [
    ['clean', undefined],
    ['pink 10 dB', { kind: 'pink', snrDb: 10 }],
  ] as const) {
    // dictation that never pauses long: 14 sentences with only a breath between them, so the 30 s cap must cut
    const fx = await buildSpeechFixture({
      sentences: PERSIAN_SENTENCES.slice(0, 14),
      gapsMs: [200, 300, 250, 350],
      noise,
    });
    const whole = await chunkWholeRecording(fx.pcm, { detector });
    const stream = await streamInPieces(fx.pcm, 11);
    results[`continuous ${round(fx.durationMs / 1000, 0)} s, ${name}`] = {
      whole: summarise(whole, fx),
      streaming: summarise(stream, fx),
    };
  }
  const alone: Array<[string, Int16Array]> = [
    ['20 s silence', silenceSamples(20_000)],
    ['20 s pink noise -30 dBFS', noiseOnly('pink', 20_000, -30)],
    ['20 s pink noise -15 dBFS', noiseOnly('pink', 20_000, -15, 2)],
    ['20 s brown noise -20 dBFS', noiseOnly('brown', 20_000, -20, 3)],
    ['lone click in 10 s silence', withClick(silenceSamples(10_000))],
  ];
  for (const [name, pcm] of alone) {
    results[name] = {
      wholeChunks: (await chunkWholeRecording(pcm, { detector })).length,
      streamingChunks: (await streamInPieces(pcm, 5)).length,
    };
  }
  // Why Silero: the same chunker driven by loudness alone, on the same audio (issue: "choose by measurement").
  const baselines: Array<[string, () => VoiceActivityDetector]> = [
    ['fixed -40 dBFS threshold', () => new LoudnessDetector((dbfs) => dbfs > -40)],
    [
      'adaptive energy gate alone',
      () => {
        const gate = new EnergyGate(DEFAULT_ENERGY_GATE);
        return new LoudnessDetector((dbfs) => gate.next(dbfs));
      },
    ],
  ];
  for (const [name, make] of baselines) {
    const figures: Record<string, unknown> = {};
    for (const [condition, noise] of [
      ['clean', undefined],
      ['pink 10 dB', { kind: 'pink', snrDb: 10 }],
    ] as const) {
      const fx = await buildSpeechFixture({ noise });
      figures[condition] = summarise(await chunkWholeRecording(fx.pcm, { detector: make() }), fx);
    }
    figures['chunks for 20 s pink noise -15 dBFS'] = (
      await chunkWholeRecording(noiseOnly('pink', 20_000, -15, 2), { detector: make() })
    ).length;
    figures['chunks for 20 s brown noise -20 dBFS'] = (
      await chunkWholeRecording(noiseOnly('brown', 20_000, -20, 3), { detector: make() })
    ).length;
    results[`baseline without Silero: ${name}`] = figures;
  }
  if (options.thirtyMinutes ?? true) {
    const fx = await buildSpeechFixture();
    const parts: Int16Array[] = [];
    for (let ms = 0; ms < 30 * 60_000; ms += fx.durationMs) parts.push(fx.pcm);
    const pcm = concatPcm(parts).subarray(0, 30 * 60 * RATE);
    const whole = await timed(pcm.length, () => chunkWholeRecording(pcm, { detector }));
    results['30 min, whole-recording path'] = {
      seconds: round(whole.seconds, 1),
      xRealTime: whole.xRealTime,
      xRealTimeCpu: whole.xRealTimeCpu,
      chunks: whole.value.length,
    };
  }
  return results;

  async function streamInPieces(pcm: Int16Array, seed: number): Promise<VoiceChunk[]> {
    detector.reset();
    const chunker = new VoiceChunker(detector);
    const out: VoiceChunk[] = [];
    const random = lcg(seed);
    // 20–180 ms pieces of random size, like an AudioWorklet posting over a MessagePort
    for (let at = 0; at < pcm.length; ) {
      const n = 320 + Math.floor(random() * 2560);
      out.push(...(await chunker.push(pcm.subarray(at, at + n))));
      at += n;
    }
    out.push(...(await chunker.flush()));
    return out;
  }
}

/** A detector that calls a frame speech when its loudness passes a test: the baseline Silero is measured against. */
class LoudnessDetector implements VoiceActivityDetector {
  readonly frameSamples = FRAME_SAMPLES;
  constructor(private readonly isSpeech: (dbfs: number) => boolean) {}
  async probabilities(frames: Float32Array): Promise<Float32Array> {
    const out = new Float32Array(frames.length / FRAME_SAMPLES);
    for (let f = 0; f < out.length; f++) out[f] = this.isSpeech(frameDbfs(frames, f * FRAME_SAMPLES)) ? 1 : 0;
    return out;
  }
  reset(): void {}
}

function summarise(chunks: VoiceChunk[], fx: SpeechFixture): Record<string, number> {
  const s = scoreChunks(chunks, fx);
  const lead: number[] = [];
  const tail: number[] = [];
  for (const c of chunks) {
    const startMs = (c.startSample * 1000) / RATE;
    const endMs = (c.endSample * 1000) / RATE;
    const inside = fx.speech.filter((sp) => sp.endMs > startMs && sp.startMs < endMs);
    if (inside.length === 0) continue;
    if (inside[0].startMs >= startMs) lead.push(inside[0].startMs - startMs);
    if (inside[inside.length - 1].endMs <= endMs) tail.push(endMs - inside[inside.length - 1].endMs);
  }
  return {
    chunks: s.chunks,
    speechKeptPct: round(s.speechKept * 100, 2),
    sentPerSpeechSecond: round(s.sentPerSpeech, 3),
    midWordBoundaries: s.midWordBoundaries,
    longPausesBridged: s.longPausesBridged,
    longestChunkS: round(s.longestChunkMs / 1000, 1),
    minPreRollMs: lead.length ? Math.round(Math.min(...lead)) : NaN,
    minHangOverMs: tail.length ? Math.round(Math.min(...tail)) : NaN,
  };
}

async function timed<T>(
  samples: number,
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; xRealTime: number; xRealTimeCpu: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = await work();
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const audioSeconds = samples / RATE;
  return {
    value,
    seconds,
    xRealTime: round(audioSeconds / seconds, 1),
    xRealTimeCpu: round(audioSeconds / cpuSeconds, 1),
  };
}

function speechMs(fx: SpeechFixture): number {
  return fx.speech.reduce((n, s) => n + s.endMs - s.startMs, 0);
}

function withClick(pcm: Int16Array): Int16Array {
  const at = Math.floor(pcm.length / 2);
  for (let i = 0; i < 48; i++) pcm[at + i] = Math.round(30_000 * Math.exp(-i / 8) * (i % 2 ? 1 : -1));
  return pcm;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function printTable(results: Record<string, unknown>): void {
  for (const [scenario, figures] of Object.entries(results)) {
    process.stdout.write(`\n${scenario}\n`);
    for (const [key, value] of Object.entries(figures as Record<string, unknown>)) {
      process.stdout.write(
        `  ${key.padEnd(14)} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}\n`,
      );
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runVadBench({ thirtyMinutes: !process.argv.includes('--quick') });
  printTable(results);
}
