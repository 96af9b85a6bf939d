/**
 * Persian speech with KNOWN speech intervals, for tests and benchmarks of anything that listens.
 *
 * Sentences are synthesised with espeak-ng (`-v fa`), converted to 16 kHz mono Int16 with sox, trimmed to their true
 * speech extent by the energy of the clean clip, and concatenated with known silences; noise is mixed in TypeScript
 * at an exact SNR. Synthesised clips are cached under `test/.cache/speech/` (git-ignored), so only the first run
 * pays for espeak-ng and sox (both are installed on CI: `apt-get install -y espeak-ng sox`).
 *
 * Typical use:
 * ```ts
 * const fx = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 5), gapsMs: [800, 1500], noise: { kind:
 * 'pink', snrDb: 10 } });
 * await writeWav('/tmp/x.wav', fx.pcm);   // fx.speech / fx.wordGaps are in ms from the start of fx.pcm
 * ```
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** All fixtures are 16 kHz mono, like everything after the microphone tap. */
export const FIXTURE_SAMPLE_RATE = 16_000;

/** A stretch of the fixture in milliseconds from its first sample; end is exclusive. */
export interface TimeSpan {
  startMs: number;
  endMs: number;
}

/** A synthesised recording and the ground truth about it. */
export interface SpeechFixture {
  /** 16 kHz mono signed 16-bit samples. */
  pcm: Int16Array;
  /** True extent of each spoken sentence (first to last audible sample of the clean clip), in order. */
  speech: TimeSpan[];
  /** Silences of at least `minWordGapMs` inside the sentences (between words, at commas, in stop closures). */
  wordGaps: TimeSpan[];
  /** Length of `pcm` in ms. */
  durationMs: number;
}

export type NoiseKind = 'pink' | 'brown' | 'white';

export interface NoiseOptions {
  kind: NoiseKind;
  /** Active speech level over noise level, in dB (speech power is measured over the true speech spans only). */
  snrDb: number;
  /** Seed for the noise generator, so a fixture is the same on every run. Default 1. */
  seed?: number;
}

export interface SpeechFixtureOptions {
  /** Sentences to speak, in order. Default: all of PERSIAN_SENTENCES. */
  sentences?: readonly string[];
  /**
   * Silence before each sentence after the first, in ms, cycled through in order.
   * Default [300, 1500, 600, 2500, 900, 1200, 450, 2000] (0.3–2.5 s, the range pauses take while dictating).
   */
  gapsMs?: readonly number[];
  /** Silence before the first sentence. Default 1000 ms. */
  leadingSilenceMs?: number;
  /** Silence after the last sentence. Default 1000 ms. */
  trailingSilenceMs?: number;
  /** Mixed over the whole recording, silences included. Default: none (digital silence between sentences). */
  noise?: NoiseOptions;
  /** espeak-ng speed in words per minute. Default 150. */
  wordsPerMinute?: number;
  /** Shortest internal silence reported in `wordGaps`. Default 60 ms. */
  minWordGapMs?: number;
}

/** Dictation-like Persian sentences (3–8 s each at 150 wpm). */
export const PERSIAN_SENTENCES: readonly string[] = [
  'سلام، امروز می‌خواهم درباره برنامه کاری هفته آینده با شما صحبت کنم.',
  'جلسه دوشنبه ساعت ده صبح در دفتر مرکزی برگزار می‌شود و همه باید حضور داشته باشند.',
  'لطفاً گزارش فروش ماه گذشته را تا پایان روز چهارشنبه برای من بفرستید.',
  'من فکر می‌کنم باید قیمت محصولات جدید را دوباره بررسی کنیم.',
  'دیروز با مدیر بخش فنی صحبت کردم و او گفت که سرور جدید هفته بعد نصب می‌شود.',
  'هوای تهران این روزها خیلی آلوده است و بهتر است کمتر بیرون برویم.',
  'کتابی که هفته پیش خریدم درباره تاریخ ایران باستان است و خیلی خواندنی است.',
  'برای سفر تابستان به شیراز و اصفهان، باید بلیط قطار را زودتر رزرو کنیم.',
  'فرزندم امسال به کلاس سوم دبستان می‌رود و خیلی به ریاضی علاقه دارد.',
  'لطفاً شماره تلفن جدید دفتر را در فهرست تماس‌ها ثبت کنید.',
  'بعد از ظهر باید به بانک بروم و چند قبض را پرداخت کنم.',
  'در این نامه می‌خواهم از همکاری صمیمانه شما در پروژه اخیر تشکر کنم.',
  'اگر امکان دارد، جلسه فردا را یک ساعت عقب بیندازیم.',
  'نتیجه آزمایش‌ها نشان می‌دهد که روش جدید سریع‌تر و ارزان‌تر است.',
  'مادربزرگم همیشه می‌گفت که صبر و حوصله کلید موفقیت است.',
  'برای شام امشب برنج، خورش قورمه‌سبزی و سالاد شیرازی درست می‌کنیم.',
  'قرارداد جدید باید پیش از امضا توسط بخش حقوقی بررسی شود.',
  'در پایان، از همه دوستانی که در این برنامه شرکت کردند سپاسگزارم.',
  'کارگاه آموزشی هفته آینده درباره امنیت اطلاعات و حفاظت از رمزهای عبور است.',
  'قطار ساعت هشت و نیم صبح از ایستگاه راه‌آهن حرکت می‌کند.',
  'لطفاً پیش از ارسال، متن را یک بار دیگر با دقت بخوانید و غلط‌ها را اصلاح کنید.',
  'باران دیشب باعث شد که خیابان‌های شهر تا صبح پر از آب باشد.',
  'دانشجویان باید پروژه پایانی خود را تا پانزدهم خرداد تحویل دهند.',
  'من معمولاً صبح‌ها یک فنجان چای می‌نوشم و اخبار را می‌خوانم.',
  'شرکت ما در سال گذشته بیش از سی درصد رشد داشته است.',
  'لطفاً به همه اعضای تیم اطلاع دهید که ساختمان پنجشنبه تعطیل است.',
  'پزشک گفت که باید هر روز دست کم نیم ساعت پیاده‌روی کنم.',
  'این نرم‌افزار گفتار فارسی را به متن تبدیل می‌کند و هزینه هر درخواست را نشان می‌دهد.',
  'در کتابخانه مرکزی شهر بیش از صد هزار جلد کتاب نگهداری می‌شود.',
  'امیدوارم که این پیام را در سلامت کامل دریافت کنید.',
];

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE_DIR = path.join(REPO_ROOT, 'test', '.cache', 'speech');

/** Silence threshold for trimming a clean clip: this far below the clip's loudest 10 ms, or -55 dBFS if higher. */
const TRIM_BELOW_PEAK_DB = 40;
const TRIM_FLOOR_DBFS = -55;
const ANALYSIS_MS = 10;

/** Synthesises one Persian sentence to 16 kHz mono Int16, untrimmed (espeak-ng + sox, cached on disk). */
export async function synthesizePersian(text: string, wordsPerMinute = 150): Promise<Int16Array> {
  const key = createHash('sha256').update(`fa|${wordsPerMinute}|${text}`).digest('hex').slice(0, 24);
  const file = path.join(CACHE_DIR, `${key}.s16`);
  try {
    return bytesToInt16(await readFile(file));
  } catch {
    // not cached yet
  }
  await mkdir(CACHE_DIR, { recursive: true });
  const unique = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const wav = path.join(CACHE_DIR, `${key}.${unique}.wav`);
  const tmp = path.join(CACHE_DIR, `${key}.${unique}.s16`);
  await run('espeak-ng', ['-v', 'fa', '-s', String(wordsPerMinute), '-w', wav, text]);
  await run('sox', [
    wav,
    '-r',
    String(FIXTURE_SAMPLE_RATE),
    '-c',
    '1',
    '-b',
    '16',
    '-e',
    'signed-integer',
    '-t',
    'raw',
    tmp,
  ]);
  // rename is atomic, so parallel test workers never read a half-written cache file
  await rename(tmp, file);
  await rm(wav, { force: true });
  return bytesToInt16(await readFile(file));
}

/** Trims a clean clip to its audible extent and finds its internal silences (sample offsets into the trimmed clip). */
export function analyseCleanClip(
  pcm: Int16Array,
  minWordGapMs = 60,
): { trimmed: Int16Array; gaps: Array<{ start: number; end: number }> } {
  const hop = (FIXTURE_SAMPLE_RATE * ANALYSIS_MS) / 1000;
  const frames = Math.floor(pcm.length / hop);
  const db = new Float64Array(frames);
  let peak = -Infinity;
  for (let f = 0; f < frames; f++) {
    db[f] = rmsDbfs(pcm, f * hop, (f + 1) * hop);
    peak = Math.max(peak, db[f]);
  }
  const threshold = Math.max(TRIM_FLOOR_DBFS, peak - TRIM_BELOW_PEAK_DB);
  let first = 0;
  while (first < frames && db[first] < threshold) first++;
  let last = frames - 1;
  while (last > first && db[last] < threshold) last--;
  if (first >= frames) return { trimmed: new Int16Array(0), gaps: [] };
  const start = first * hop;
  const end = Math.min(pcm.length, (last + 1) * hop);
  const gaps: Array<{ start: number; end: number }> = [];
  const minFrames = Math.ceil(minWordGapMs / ANALYSIS_MS);
  let runStart = -1;
  for (let f = first; f <= last + 1; f++) {
    const quiet = f <= last && db[f] < threshold;
    if (quiet && runStart < 0) runStart = f;
    if (!quiet && runStart >= 0) {
      if (f - runStart >= minFrames) gaps.push({ start: runStart * hop - start, end: f * hop - start });
      runStart = -1;
    }
  }
  return { trimmed: pcm.slice(start, end), gaps };
}

/** Builds a recording of Persian sentences separated by known silences, optionally over noise at a given SNR. */
export async function buildSpeechFixture(options: SpeechFixtureOptions = {}): Promise<SpeechFixture> {
  const sentences = options.sentences ?? PERSIAN_SENTENCES;
  const gapsMs = options.gapsMs ?? [300, 1500, 600, 2500, 900, 1200, 450, 2000];
  const wpm = options.wordsPerMinute ?? 150;
  const clips = await Promise.all(sentences.map((s) => synthesizePersian(s, wpm)));
  const parts: Int16Array[] = [];
  const speechSamples: Array<{ start: number; end: number }> = [];
  const gapSamples: Array<{ start: number; end: number }> = [];
  let cursor = 0;
  const push = (part: Int16Array): void => {
    parts.push(part);
    cursor += part.length;
  };
  push(silenceSamples(options.leadingSilenceMs ?? 1000));
  clips.forEach((clip, i) => {
    if (i > 0) push(silenceSamples(gapsMs.length > 0 ? gapsMs[(i - 1) % gapsMs.length] : 0));
    const { trimmed, gaps } = analyseCleanClip(clip, options.minWordGapMs ?? 60);
    if (trimmed.length === 0) return;
    speechSamples.push({ start: cursor, end: cursor + trimmed.length });
    for (const g of gaps) gapSamples.push({ start: cursor + g.start, end: cursor + g.end });
    push(trimmed);
  });
  push(silenceSamples(options.trailingSilenceMs ?? 1000));
  const clean = concatPcm(parts);
  const pcm = options.noise ? mixNoiseAtSnr(clean, speechSamples, options.noise) : clean;
  return {
    pcm,
    speech: speechSamples.map(toSpan),
    wordGaps: gapSamples.map(toSpan),
    durationMs: (pcm.length * 1000) / FIXTURE_SAMPLE_RATE,
  };
}

/** Noise alone (no speech) at a given level in dBFS, e.g. for "20 s of pink noise must give no chunk". */
export function noiseOnly(kind: NoiseKind, durationMs: number, levelDbfs: number, seed = 1): Int16Array {
  const noise = generateNoise(kind, msToSamples(durationMs), seed);
  const gain = (32768 * 10 ** (levelDbfs / 20)) / rms(noise, 0, noise.length);
  return toInt16(noise, gain);
}

/** Mixes seeded noise into `pcm` so that speech (measured over `speechSpans`, in samples) sits `snrDb` above it. */
export function mixNoiseAtSnr(
  pcm: Int16Array,
  speechSpans: ReadonlyArray<{ start: number; end: number }>,
  noise: NoiseOptions,
): Int16Array {
  let energy = 0;
  let count = 0;
  for (const s of speechSpans) {
    for (let i = s.start; i < s.end; i++) energy += pcm[i] * pcm[i];
    count += s.end - s.start;
  }
  const speechRms = Math.sqrt(energy / Math.max(1, count));
  const n = generateNoise(noise.kind, pcm.length, noise.seed ?? 1);
  const gain = speechRms / 10 ** (noise.snrDb / 20) / rms(n, 0, n.length);
  const out = new Int16Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = clampInt16(pcm[i] + n[i] * gain);
  return out;
}

/** Digital silence of the given length. */
export function silenceSamples(ms: number): Int16Array {
  return new Int16Array(msToSamples(ms));
}

/** Joins PCM pieces end to end. */
export function concatPcm(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Writes 16 kHz mono 16-bit PCM as a canonical WAV file (e.g. to feed Chromium's fake microphone). */
export async function writeWav(file: string, pcm: Int16Array, sampleRate = FIXTURE_SAMPLE_RATE): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const header = Buffer.alloc(44);
  const dataBytes = pcm.length * 2;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  const body = Buffer.from(pcm.buffer, pcm.byteOffset, dataBytes);
  await writeFile(file, Buffer.concat([header, body]));
}

function generateNoise(kind: NoiseKind, length: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const out = new Float32Array(length);
  if (kind === 'white') {
    for (let i = 0; i < length; i++) out[i] = random() * 2 - 1;
  } else if (kind === 'pink') {
    // Paul Kellet's economy filter: -3 dB/octave within ~1 dB across the audio band
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    for (let i = 0; i < length; i++) {
      const w = random() * 2 - 1;
      b0 = 0.99765 * b0 + w * 0.099046;
      b1 = 0.963 * b1 + w * 0.2965164;
      b2 = 0.57 * b2 + w * 1.0526913;
      out[i] = b0 + b1 + b2 + w * 0.1848;
    }
  } else {
    // leaky integrator: -6 dB/octave, the leak keeps it from drifting off to a DC offset
    let y = 0;
    for (let i = 0; i < length; i++) {
      y = 0.998 * y + (random() * 2 - 1) * 0.05;
      out[i] = y;
    }
  }
  return out;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rms(x: ArrayLike<number>, from: number, to: number): number {
  let e = 0;
  for (let i = from; i < to; i++) e += x[i] * x[i];
  return Math.sqrt(e / Math.max(1, to - from));
}

function rmsDbfs(pcm: Int16Array, from: number, to: number): number {
  return 20 * Math.log10(rms(pcm, from, to) / 32768 + 1e-9);
}

function toInt16(x: Float32Array, gain: number): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = clampInt16(x[i] * gain);
  return out;
}

function clampInt16(v: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(v)));
}

function msToSamples(ms: number): number {
  return Math.round((ms * FIXTURE_SAMPLE_RATE) / 1000);
}

function toSpan(s: { start: number; end: number }): TimeSpan {
  return { startMs: (s.start * 1000) / FIXTURE_SAMPLE_RATE, endMs: (s.end * 1000) / FIXTURE_SAMPLE_RATE };
}

function bytesToInt16(bytes: Uint8Array): Int16Array {
  // copy: a Buffer from readFile may sit at an odd offset in Node's shared pool
  const copy = new Uint8Array(bytes.length - (bytes.length % 2));
  copy.set(bytes.subarray(0, copy.length));
  return new Int16Array(copy.buffer);
}

/** A chunk as the scorer needs it: sample offsets into the fixture, end exclusive. */
export interface ChunkSpan {
  startSample: number;
  endSample: number;
}

/** How well chunks cover a fixture's known speech; the figures bench/vad-bench.ts reports. */
export interface ChunkScore {
  chunks: number;
  /** Share of true speech (ms) that lies inside some chunk, 0..1. */
  speechKept: number;
  /** Audio in chunks per unit of true speech. */
  sentPerSpeech: number;
  /** Chunk edges inside a sentence but not inside one of its word gaps (each such edge splits a word). */
  midWordBoundaries: number;
  /** Pauses between sentences of at least `longPauseMs` that some chunk spans instead of ending at. */
  longPausesBridged: number;
  /** Longest chunk in ms. */
  longestChunkMs: number;
}

/** Scores chunks against the fixture's truth; `longPauseMs` is the pause that should always end a chunk. */
export function scoreChunks(chunks: readonly ChunkSpan[], fixture: SpeechFixture, longPauseMs = 1200): ChunkScore {
  const toMs = (s: number): number => (s * 1000) / FIXTURE_SAMPLE_RATE;
  let speechMs = 0;
  let keptMs = 0;
  for (const s of fixture.speech) {
    speechMs += s.endMs - s.startMs;
    for (const c of chunks) {
      keptMs += Math.max(0, Math.min(s.endMs, toMs(c.endSample)) - Math.max(s.startMs, toMs(c.startSample)));
    }
  }
  const sentMs = chunks.reduce((n, c) => n + toMs(c.endSample - c.startSample), 0);
  let midWord = 0;
  for (const c of chunks) {
    for (const edge of [toMs(c.startSample), toMs(c.endSample)]) {
      const inSpeech = fixture.speech.some((s) => edge > s.startMs && edge < s.endMs);
      const inGap = fixture.wordGaps.some((g) => edge >= g.startMs && edge <= g.endMs);
      if (inSpeech && !inGap) midWord++;
    }
  }
  let bridged = 0;
  for (let i = 1; i < fixture.speech.length; i++) {
    const before = fixture.speech[i - 1].endMs;
    const after = fixture.speech[i].startMs;
    if (after - before < longPauseMs) continue;
    if (chunks.some((c) => toMs(c.startSample) < before && toMs(c.endSample) > after)) bridged++;
  }
  return {
    chunks: chunks.length,
    speechKept: speechMs > 0 ? keptMs / speechMs : 1,
    sentPerSpeech: speechMs > 0 ? sentMs / speechMs : 0,
    midWordBoundaries: midWord,
    longPausesBridged: bridged,
    longestChunkMs: chunks.reduce((m, c) => Math.max(m, toMs(c.endSample - c.startSample)), 0),
  };
}
