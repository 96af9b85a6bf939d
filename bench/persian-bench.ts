// Persian editor benchmark: what normalizePersian adds to one chunk of 100 transcribed words (issue 11: < 1 ms).
import { normalizePersian } from '../src-shared/persian/normalize-persian';
import { isSilenceHallucination } from '../src-shared/persian/silence-hallucinations';

// A transcript the way an API returns it: spaced prefixes and suffixes, Arabic letters, Latin quotes, digits, a URL.
const SENTENCES = [
  'من امروز صبح می خواستم به دفتر بروم ولی باران می آمد و خیابان ها شلوغ بود.',
  'او گفت "فردا ساعت 10:30 جلسه داریم" و بعد رفت...',
  'كتاب هاي جديد را از سایت https://example.com/books?id=12 سفارش دادیم , ارزان تر بود.',
  'نمیدانم چرا این برنامه با Node.js 20 کار نمی کند؟؟',
  'خانه ی ما نزدیک میدان است و 5دقیقه راه است ؛ قیمتش ٣٫٥ میلیارد است.',
  'بچه ها خسته اند اما هنوز می خندند و بازی می کنند!!!',
];

function chunkOf(words: number): string {
  const out: string[] = [];
  for (let i = 0; out.join(' ').split(/\s+/).length < words; i += 1) out.push(SENTENCES[i % SENTENCES.length] ?? '');
  return out.join(' ').split(/\s+/).slice(0, words).join(' ');
}

function measure(run: () => void, iterations: number): { meanMs: number; p99Ms: number } {
  for (let i = 0; i < 300; i += 1) run();
  const times: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
  const round = (ms: number): number => Math.round(ms * 1000) / 1000;
  return { meanMs: round(mean), p99Ms: round(times[Math.floor(times.length * 0.99)] ?? 0) };
}

/** Milliseconds the editor and the silence filter take per 100-word chunk, in each digits mode. */
export async function runPersianBench(): Promise<Record<string, unknown>> {
  const chunk = chunkOf(100);
  const keep = measure(() => normalizePersian(chunk, { digits: 'keep' }), 3000);
  const persian = measure(() => normalizePersian(chunk, { digits: 'persian' }), 3000);
  const edited = normalizePersian(chunk, { digits: 'keep' });
  const silence = measure(() => isSilenceHallucination(edited, { speechMs: 20_000, audioMs: 25_000 }), 3000);
  return {
    wordsPerChunk: chunk.split(/\s+/).length,
    editorMsPerChunk: keep.meanMs,
    editorP99MsPerChunk: keep.p99Ms,
    editorPersianDigitsMsPerChunk: persian.meanMs,
    silenceFilterMsPerChunk: silence.meanMs,
  };
}

if (process.argv[1]?.endsWith('persian-bench.ts')) console.log(await runPersianBench());
