import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { serveFolder } from '../support/static-server';
import { PERSIAN_SENTENCES, buildSpeechFixture, writeWav, type SpeechFixture } from '../support/speech-fixtures';
import { PcmForwarder, SignalWatch } from '../../src-renderer/src/audio/pcm-forwarder';
import { StreamResampler, floatToInt16 } from '../../src-renderer/src/audio/resample';
import type { HarnessRecord, OpenResult } from './mic-harness/harness';
import type { MicTuning } from '../../src-renderer/src/audio/mic-capture';
import type { MicDevice, MicOptions } from '../../src-renderer/src/audio/mic-types';

const RATE = 16_000;
const ms = (samples: number): number => (samples * 1000) / RATE;

// ───────────────────────── the forwarding rules, under Node ─────────────────────────

/** Batches whose samples count up 1, 2, 3… (mod 30000), so any drop, repeat or reorder is visible. */
function counter(): (n: number) => Int16Array {
  let next = 1;
  return (n) => {
    const out = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = next;
      next = next === 30_000 ? 1 : next + 1;
    }
    return out;
  };
}

function forwarder(preRollSamples = 8000, muted = () => false) {
  const calls: Int16Array[] = [];
  let listening = 0;
  const f = new PcmForwarder(
    { preRollSamples, batchSamples: 640, minPieceSamples: 320, isMuted: muted },
    { onFrames: (pcm) => calls.push(pcm), onListening: () => listening++ },
  );
  return { f, calls, listening: () => listening };
}

const flat = (calls: Int16Array[]): number[] => calls.flatMap((c) => Array.from(c));

describe('forwarding rules (pre-roll ring, tail, no drop, no repeat)', () => {
  it(
    'startForwarding sends exactly the last 500 ms from before the call, in 20–100 ms pieces, then ' + 'every batch',
    () => {
      const next = counter();
      const { f, calls } = forwarder();
      for (let i = 0; i < 30; i++) f.push(next(640)); // 1.2 s while idle
      f.start();
      const preRoll = flat(calls);
      expect(preRoll).toHaveLength(8000);
      expect(preRoll[0]).toBe(30 * 640 - 8000 + 1);
      expect(preRoll.at(-1)).toBe(30 * 640);
      for (const c of calls) expect(c.length).toBeGreaterThanOrEqual(320), expect(c.length).toBeLessThanOrEqual(1600);
      f.push(next(640));
      expect(flat(calls).at(-1)).toBe(31 * 640);
      expect(f.forwardedSamples).toBe(8640);
    },
  );

  it('a ring shorter than 20 ms is not sent alone but in front of the next batch', () => {
    const next = counter();
    const { f, calls } = forwarder();
    f.push(next(128));
    f.start();
    expect(calls).toHaveLength(0);
    f.push(next(640));
    expect(calls.map((c) => c.length)).toEqual([768]);
    expect(flat(calls)[0]).toBe(1);
  });

  it(
    'stopForwarding(tail) forwards the tail, resolves only then, and keeps the rest as ' + 'pre-roll for next time',
    async () => {
      const next = counter();
      const { f, calls } = forwarder();
      f.start();
      f.push(next(640));
      let done = false;
      const stopped = f.stop(4900).then(() => (done = true));
      for (let i = 0; i < 7; i++) f.push(next(640));
      await Promise.resolve();
      expect(done).toBe(false);
      f.push(next(640)); // the tail ends 420 samples into this batch
      await stopped;
      expect(f.forwardedSamples).toBe(640 + 4900);
      const firstTake = flat(calls);
      f.push(next(640));
      f.start();
      const secondTake = flat(calls).slice(firstTake.length);
      // nothing lost, nothing repeated across the boundary
      expect(secondTake[0]).toBe(firstTake.at(-1)! + 1);
      expect(secondTake).toHaveLength(220 + 640);
    },
  );

  it('a tail that would end in a sliver under 20 ms takes the whole batch instead', async () => {
    const next = counter();
    const { f, calls } = forwarder();
    f.start();
    const stopped = f.stop(100);
    f.push(next(640));
    await stopped;
    expect(calls.map((c) => c.length)).toEqual([640]);
  });

  it('across many random start/stop cycles every sample is forwarded at most once, each take gap-free', async () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const next = counter();
    const preRoll = 6400;
    const { f, calls } = forwarder(preRoll);
    let pushed = 0; // samples pushed so far; sample #k carries the value k % 30000 + 1
    const push = (): void => {
      f.push(next(640));
      pushed += 640;
    };
    /** The sample number in (newest − span, newest] whose value is v. */
    const locate = (v: number, newest: number): number => newest - ((newest - (v - 1) + 30_000) % 30_000);
    let lastForwarded = -1;
    const problems: string[] = [];
    for (let cycle = 0; cycle < 40; cycle++) {
      const idle = Math.floor(random() * 20);
      for (let i = 0; i < idle; i++) push();
      const before = calls.length;
      const pushedAtStart = pushed;
      f.start();
      const live = 1 + Math.floor(random() * 20);
      for (let i = 0; i < live; i++) push();
      const forwardedBeforeStop = f.forwardedSamples;
      const tail = Math.floor(random() * 8000);
      const stopped = f.stop(tail);
      while (f.isForwarding) push();
      await stopped;
      const take = flat(calls.slice(before));
      const first = locate(take[0], pushedAtStart + 640);
      // the ring holds exactly the newest pre-roll that was never forwarded
      const expectedFirst = Math.max(lastForwarded + 1, pushedAtStart - preRoll);
      if (first !== expectedFirst)
        problems.push(`cycle ${cycle}: take starts at #${first}, expected #${expectedFirst}`);
      for (let i = 1; i < take.length; i++) {
        if ((take[i] - take[i - 1] + 30_000) % 30_000 !== 1) {
          problems.push(`cycle ${cycle}: gap or repeat at ${i}`);
          break;
        }
      }
      lastForwarded = locate(take.at(-1)!, pushed);
      const tailSent = f.forwardedSamples - forwardedBeforeStop;
      if (tailSent < tail || tailSent >= tail + 640) problems.push(`cycle ${cycle}: tail ${tailSent} for ${tail}`);
    }
    expect(problems).toEqual([]);
  });

  it('onListening fires once per start, on the first batch that is not all zeros and not muted', () => {
    let muted = false;
    const { f, listening } = forwarder(8000, () => muted);
    f.push(new Int16Array(640)); // silent pre-roll
    f.start();
    f.push(new Int16Array(640)); // digital silence: a dead input, not a listening one
    expect(listening()).toBe(0);
    muted = true;
    f.push(new Int16Array(640).fill(5));
    expect(listening()).toBe(0);
    muted = false;
    f.push(new Int16Array(640).fill(5));
    f.push(new Int16Array(640).fill(5));
    expect(listening()).toBe(1);
    void f.stop(0);
    f.push(new Int16Array(640).fill(5)); // pre-roll with sound: the next start is heard at once
    f.start();
    expect(listening()).toBe(2);
  });

  it('the level comes every 100 ms of audio and exact zeros for 3 s are reported once', () => {
    const levels: number[] = [];
    let silent = 0;
    const w = new SignalWatch(
      1600,
      48_000,
      (db) => levels.push(db),
      () => silent++,
    );
    const tone = new Int16Array(1600);
    for (let i = 0; i < tone.length; i++) tone[i] = Math.round(16384 * Math.sin((2 * Math.PI * 440 * i) / RATE));
    w.push(tone);
    expect(levels[0]).toBeCloseTo(-9.03, 1); // a half-scale sine
    for (let i = 0; i < 74; i++) w.push(new Int16Array(640)); // 2.96 s of zeros
    expect(silent).toBe(0);
    w.push(new Int16Array(640));
    expect(silent).toBe(1);
    for (let i = 0; i < 100; i++) w.push(new Int16Array(640));
    expect(silent).toBe(1);
    w.push(new Int16Array([1]));
    for (let i = 0; i < 76; i++) w.push(new Int16Array(640));
    expect(silent).toBe(2);
    expect(levels.at(-1)).toBe(-100);
    expect(levels.length).toBe(Math.floor((1600 + 75 * 640 + 100 * 640 + 1 + 76 * 640) / 1600));
  });
});

describe('the resampler used when a context will not run at 16 kHz', () => {
  const sine = (rate: number, hz: number, n: number, offset = 0) =>
    Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * (i + offset)) / rate));
  const run = (r: StreamResampler, input: Float32Array, block = 128): Float32Array => {
    const out: number[] = [];
    for (let i = 0; i < input.length; i += block) out.push(...r.push(input.subarray(i, i + block)));
    return Float32Array.from(out);
  };
  const rmsOf = (x: Float32Array, from = 200) =>
    Math.sqrt(x.subarray(from).reduce((a, v) => a + v * v, 0) / (x.length - from));

  it('keeps time exactly: 48 kHz and 44.1 kHz in 128-sample blocks give 16000 samples per second', () => {
    expect(
      Math.abs(run(new StreamResampler(48_000, RATE), sine(48_000, 440, 48_000 * 3)).length - 48_000),
    ).toBeLessThanOrEqual(1);
    expect(
      Math.abs(run(new StreamResampler(44_100, RATE), sine(44_100, 440, 44_100 * 3)).length - 48_000),
    ).toBeLessThanOrEqual(1);
  });

  it('passes speech frequencies and removes what would alias', () => {
    const speech = run(new StreamResampler(48_000, RATE), sine(48_000, 1000, 48_000));
    expect(20 * Math.log10(rmsOf(speech) / (0.5 / Math.SQRT2))).toBeGreaterThan(-0.5);
    // 12 kHz would fold down to 4 kHz, right in the speech band
    const alias = run(new StreamResampler(48_000, RATE), sine(48_000, 12_000, 48_000));
    expect(20 * Math.log10(rmsOf(alias) / (0.5 / Math.SQRT2))).toBeLessThan(-40);
  });

  it('converts float to Int16 with rounding and clipping', () => {
    const out = new Int16Array(6);
    floatToInt16(Float32Array.from([0, 0.5, -1, 1.5, -2, 1 / 65536]), out, 0);
    expect(Array.from(out)).toEqual([0, 16384, -32768, 32767, -32768, 1]);
  });
});

// ───────────────────────── the real thing, in Chromium with a fake microphone ─────────────────────────

const HARNESS = path.resolve('test/renderer/mic-harness/harness.ts');

interface Harness {
  open(options?: Partial<MicOptions>, tuning?: MicTuning): Promise<OpenResult>;
  start(): { t: number; samples: number; calls: number };
  stop(tailMs?: number): Promise<{ t: number; doneAt: number; samplesAfter: number }>;
  close(): Promise<void>;
  list(): Promise<MicDevice[]>;
  read(): HarnessRecord;
}

/** Bundles the harness with the project's Vite into `outDir`, behind the app window's own CSP. */
async function buildHarness(outDir: string): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'mic-harness-src-'));
  const appHtml = await readFile('src-renderer/index.html', 'utf8');
  const csp = /<meta\s+http-equiv="Content-Security-Policy"[\s\S]*?\/>/.exec(appHtml)?.[0];
  if (!csp) throw new Error('src-renderer/index.html has no CSP meta tag');
  await writeFile(
    path.join(root, 'index.html'),
    `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="UTF-8" />${csp}<title>mic</title></head>` +
      `<body><script type="module" src="./entry.ts"></script></body></html>`,
  );
  await writeFile(
    path.join(root, 'entry.ts'),
    `import ${JSON.stringify(path.relative(root, HARNESS).split(path.sep).join('/'))};\n`,
  );
  try {
    // base './' as electron-vite uses for the renderer (the app loads from file:// or from the browser host)
    await build({
      root,
      base: './',
      configFile: false,
      publicDir: false,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Envelope (RMS per 10 ms) in dB, floored at −100. */
function envelope(pcm: Int16Array): number[] {
  const hop = RATE / 100;
  const out: number[] = [];
  for (let at = 0; at + hop <= pcm.length; at += hop) {
    let e = 0;
    for (let i = at; i < at + hop; i++) e += pcm[i] * pcm[i];
    out.push(Math.max(-100, 10 * Math.log10(e / hop / 32768 ** 2 + 1e-12)));
  }
  return out;
}

/** Pearson correlation of two equally long series (0 when one of them is flat). */
function pearson(xs: number[], ys: number[]): number {
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy || 1);
}

/** Best Pearson correlation of two envelopes over lags of ±maxLag frames (the fake device adds latency). */
function bestCorrelation(a: number[], b: number[], maxLag: number): { r: number; lag: number } {
  let best = { r: -1, lag: 0 };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < a.length; i++) {
      const j = i + lag;
      if (j >= 0 && j < b.length) xs.push(a[i]), ys.push(b[j]);
    }
    if (xs.length < 100) continue;
    const r = pearson(xs, ys);
    if (r > best.r) best = { r, lag };
  }
  return best;
}

/** Pearson correlation of two envelopes at a given lag, over frames [from, to) of `b` only. */
function correlationWithin(a: number[], b: number[], lag: number, from: number, to: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let j = from; j < to; j++) {
    const i = j - lag;
    if (i >= 0 && i < a.length && j < b.length) xs.push(a[i]), ys.push(b[j]);
  }
  return pearson(xs, ys);
}

/**
 * How well the captured audio follows the recording fed as the microphone: over the whole file (at the best lag, in
 * 10 ms frames) and inside its first sentence, syllable by syllable (not just "loud where the file is loud").
 */
function matchFixture(pcm: Int16Array, fixture: SpeechFixture): { r: number; lag: number; rSpeech: number } {
  const { r, lag } = bestCorrelation(envelope(pcm), envelope(fixture.pcm), 150);
  const speech = fixture.speech[0];
  const rSpeech = correlationWithin(envelope(pcm), envelope(fixture.pcm), lag, speech.startMs / 10, speech.endMs / 10);
  return { r, lag, rSpeech };
}

function decode(record: HarnessRecord): Int16Array {
  const bytes = Buffer.from(record.pcmBase64, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Int16Array(copy.buffer);
}

/** Least-squares slope of cumulative forwarded samples over arrival time: the tap's real rate in samples/s. */
function measuredRate(calls: HarnessRecord['calls']): number {
  let total = 0;
  const points = calls.map((c) => ({ x: c.t / 1000, y: (total += c.samples) }));
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxy / sxx;
}

interface Served {
  path: string;
  status: number;
  type: string;
  origin: string;
}

/** Puts a logging pass-through in front of a static site, so the test sees which files the page really fetched. */
async function logRequests(
  site: { url: string; close(): Promise<void> },
  log: Served[],
): Promise<{ url: string; close(): Promise<void> }> {
  const front = createServer((req, res) => {
    const upstream = httpGet(new URL(req.url ?? '/', site.url), (answer) => {
      log.push({
        path: req.url ?? '',
        status: answer.statusCode ?? 0,
        type: String(answer.headers['content-type'] ?? ''),
        origin: `http://${req.headers.host}/`,
      });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const { port } = front.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await site.close();
    },
  };
}

describe('the microphone tap in Chromium (fake microphone playing Persian speech)', () => {
  let browser: Browser;
  let site: { url: string; close(): Promise<void> };
  let work: string;
  let fixture: SpeechFixture;
  /** Every request the pages made to the site (worklet module fetches do not show in Playwright's request events). */
  const served: Served[] = [];

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'mic-capture-'));
    // one short sentence (3.4 s) between 1 s silences, so a ~5.6 s take holds silence, speech and silence
    fixture = await buildSpeechFixture({
      sentences: [PERSIAN_SENTENCES[29]],
      wordsPerMinute: 190,
      leadingSilenceMs: 1000,
      trailingSilenceMs: 1000,
    });
    await writeWav(path.join(work, 'speech.wav'), fixture.pcm);
    await buildHarness(path.join(work, 'site'));
    site = await logRequests(await serveFolder(path.join(work, 'site')), served);
    // No --use-fake-ui-for-media-stream: permission is granted per context, so one test can be refused.
    browser = await launchChromium([
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${path.join(work, 'speech.wav')}%noloop`,
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function newPage(grant: boolean): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
    const context = await browser.newContext(grant ? { permissions: ['microphone'] } : {});
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    served.length = 0;
    await page.goto(site.url);
    await page.waitForFunction(() => 'mic' in window);
    return { page, context, errors };
  }

  const mic = <T>(page: Page, call: (m: Harness) => T | Promise<T>): Promise<T> =>
    page.evaluate(`(${call.toString()})(window.mic)`) as Promise<T>;

  it(
    'records like a person hears it: pre-roll, 40 ms batches, wall-clock time, the speech, the ' + 'tail, the cues',
    async () => {
      const { page, context, errors } = await newPage(true);
      const opened = await mic(page, (m) => m.open());
      expect(opened).toMatchObject({ ok: true });
      await page.waitForTimeout(700); // the mic is warm, the person has not pressed yet
      const start = await mic(page, (m) => m.start());
      await page.waitForTimeout(4800);
      const stop = await mic(page, (m) => m.stop(300));
      // the fixture ends in digital silence; 3 s of it must raise the dead-microphone warning
      await expect
        .poll(() => mic(page, (m) => m.read().problems.length), { timeout: 8000, interval: 200 })
        .toBeGreaterThan(0);
      const rec = await mic(page, (m) => m.read());
      await mic(page, (m) => m.close());
      await context.close();
      const pcm = decode(rec);

      const preRollMs = ms(start.samples);
      const live = rec.calls.filter((c) => !c.duringStart);
      const liveBeforeStop = live.filter((c) => c.t <= stop.t);
      const rate = measuredRate(liveBeforeStop);
      const wallMs = preRollMs + (stop.t - start.t) + 300;
      const tailMs = ms(stop.samplesAfter);
      console.info(
        `[mic] pre-roll ${preRollMs} ms in ${start.calls} calls; live batches ` +
          `${[...new Set(live.map((c) => ms(c.samples)))].join('/')} ms; ` +
          `rate ${rate.toFixed(0)} samples/s; forwarded ${ms(pcm.length).toFixed(0)} ms vs wall clock ` +
          `${wallMs.toFixed(0)} ms ` +
          `(${(((ms(pcm.length) - wallMs) / wallMs) * 100).toFixed(2)} %); tail ${tailMs} ms, stop resolved ` +
          `after ${(stop.doneAt - stop.t).toFixed(0)} ms`,
      );

      // The pre-roll: what was said just before the press arrives at once, synchronously inside startForwarding().
      expect(preRollMs).toBeGreaterThanOrEqual(300);
      expect(preRollMs).toBeLessThanOrEqual(520);
      // Batches: 20–100 ms each, 40 ms while live.
      for (const c of rec.calls) {
        expect(ms(c.samples)).toBeGreaterThanOrEqual(20);
        expect(ms(c.samples)).toBeLessThanOrEqual(100);
      }
      expect(live.slice(0, 10).map((c) => ms(c.samples))).toEqual(Array(10).fill(40));
      // Nothing dropped or repeated: audio keeps pace with the clock, and the take is as long as the press.
      expect(Math.abs(rate - RATE) / RATE).toBeLessThan(0.01);
      expect(Math.abs(ms(pcm.length) - wallMs) / wallMs).toBeLessThan(0.01);
      expect(rec.forwardedSamples).toBe(pcm.length);
      // The tail keeps ~300 ms after the release, and stopForwarding waits for it.
      expect(tailMs).toBeGreaterThanOrEqual(300);
      expect(tailMs).toBeLessThan(320);
      expect(stop.doneAt - stop.t).toBeGreaterThanOrEqual(250);
      expect(stop.doneAt - stop.t).toBeLessThan(600);

      // The speech is in it, where the fixture has it.
      const { r, lag, rSpeech } = matchFixture(pcm, fixture);
      const speech = fixture.speech[0];
      console.info(
        `[mic] envelope correlation with the fixture ${r.toFixed(3)} (${rSpeech.toFixed(3)} within the speech) ` +
          `at ${lag * 10} ms into the file`,
      );
      expect(r).toBeGreaterThan(0.9);
      expect(rSpeech).toBeGreaterThan(0.8);
      const at = (fileMs: number): number => Math.round(((fileMs - lag * 10) * RATE) / 1000);
      const rmsDb = (from: number, to: number): number => {
        let e = 0;
        for (let i = Math.max(0, from); i < to; i++) e += pcm[i] ** 2;
        return 10 * Math.log10(e / Math.max(1, to - from) / 32768 ** 2 + 1e-12);
      };
      const speechDb = rmsDb(at(speech.startMs), at(speech.endMs));
      // the silences on either side of the sentence, as far as the take reaches
      const before = [at(lag * 10 + 50), at(speech.startMs - 150)];
      const after = [at(speech.endMs + 150), Math.min(pcm.length, at(speech.endMs + 900))];
      const silence = before[1] - before[0] > after[1] - after[0] ? before : after;
      expect(silence[1] - silence[0]).toBeGreaterThan(RATE / 5);
      const silenceDb = rmsDb(silence[0], silence[1]);
      console.info(`[mic] speech ${speechDb.toFixed(1)} dBFS, silence after it ${silenceDb.toFixed(1)} dBFS`);
      expect(speechDb).toBeGreaterThan(-35);
      expect(speechDb - silenceDb).toBeGreaterThan(40);

      // "Listening" shows with the first real sound, not with the silent pre-roll.
      const firstSound = pcm.findIndex((v) => v !== 0);
      let cumulative = 0;
      const carrier = rec.calls.find((c) => (cumulative += c.samples) > firstSound)!;
      expect(rec.listening).toHaveLength(1);
      expect(Math.abs(rec.listening[0] - carrier.t)).toBeLessThan(5);
      expect(carrier.duringStart).toBe(false);

      // The level meter moves about ten times a second and shows speech and silence.
      const span = (rec.levels.at(-1)!.t - rec.levels[0].t) / 1000;
      expect(rec.levels.length / span).toBeGreaterThan(8);
      expect(rec.levels.length / span).toBeLessThan(12);
      expect(Math.max(...rec.levels.map((l) => l.dbfs))).toBeGreaterThan(-30);
      expect(rec.levels[0].dbfs).toBe(-100);

      // Exact zeros for 3 s after the speech: one bilingual "no sound" warning, on time.
      let lastSoundAt = 0;
      cumulative = 0;
      const lastSound = pcm.length - 1 - [...pcm].reverse().findIndex((v) => v !== 0);
      for (const c of rec.calls) if ((cumulative += c.samples) > lastSound && !lastSoundAt) lastSoundAt = c.t;
      expect(rec.problems.map((p) => p.code)).toEqual(['track_silent']);
      expect(rec.problems[0].t - lastSoundAt).toBeGreaterThan(2800);
      expect(rec.problems[0].t - lastSoundAt).toBeLessThan(3400);
      expect(rec.problems[0].fa).toMatch(/میکروفون/);
      expect(rec.problems[0].en).toMatch(/microphone/i);

      // Loaded under the app's CSP from a real file on the page's origin, no blob:/data: and no refusal.
      expect(served.filter((r) => /pcm-tap\.worklet-[\w-]+\.js$/.test(r.path))).toEqual([
        expect.objectContaining({ status: 200, type: expect.stringMatching(/^text\/javascript\b/), origin: site.url }),
      ]);
      expect(errors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
    },
  );

  it(
    'opened on key-down in a 48 kHz context: resampled to 16 kHz in the worklet, still on time ' + 'and intelligible',
    async () => {
      const { page, context } = await newPage(true);
      expect(await mic(page, (m) => m.open({}, { contextSampleRate: 48_000 }))).toMatchObject({ ok: true });
      const start = await mic(page, (m) => m.start());
      await page.waitForTimeout(4500);
      const stop = await mic(page, (m) => m.stop(300));
      const rec = await mic(page, (m) => m.read());
      await mic(page, (m) => m.close());
      const levelsAtClose = (await mic(page, (m) => m.read())).levels.length;
      await page.waitForTimeout(300);
      expect((await mic(page, (m) => m.read())).levels.length).toBe(levelsAtClose);
      await context.close();
      const pcm = decode(rec);
      const live = rec.calls.filter((c) => !c.duringStart && c.t <= stop.t);
      const rate = measuredRate(live);
      const wallMs = ms(start.samples) + (stop.t - start.t) + 300;
      const { r, rSpeech } = matchFixture(pcm, fixture);
      console.info(
        `[mic 48k] rate ${rate.toFixed(0)} samples/s; forwarded ${ms(pcm.length).toFixed(0)} ms vs wall clock ` +
          `${wallMs.toFixed(0)} ms; ` +
          `envelope correlation ${r.toFixed(3)} (${rSpeech.toFixed(3)} within the speech)`,
      );
      expect(Math.abs(rate - RATE) / RATE).toBeLessThan(0.01);
      expect(Math.abs(ms(pcm.length) - wallMs) / wallMs).toBeLessThan(0.01);
      expect(live.slice(0, 10).map((c) => ms(c.samples))).toEqual(Array(10).fill(40));
      expect(r).toBeGreaterThan(0.85);
      expect(rSpeech).toBeGreaterThan(0.8);
    },
  );

  it('a refused permission is a MicError permission_denied that says what to do in Persian and English', async () => {
    const { page, context } = await newPage(false);
    const opened = await mic(page, (m) => m.open());
    await context.close();
    expect(opened).toMatchObject({ ok: false, micError: true, code: 'permission_denied' });
    if (opened.ok) return;
    expect(opened.fa).toMatch(/^[\u0600-\u06FF\u200C\s،؛.()A-Za-z]+$/);
    expect(opened.fa).toContain('اجازه');
    expect(opened.fa).toContain('میکروفون');
    expect(opened.en).toMatch(/permission was refused/i);
  });

  it('lists the microphones once allowed, and a device that is gone is no_microphone, not another mic', async () => {
    const { page, context } = await newPage(true);
    expect(await mic(page, (m) => m.open())).toMatchObject({ ok: true });
    const devices = await mic(page, (m) => m.list());
    await mic(page, (m) => m.close());
    const gone = await mic(page, (m) => m.open({ deviceId: 'unplugged-usb-mic' }));
    await context.close();
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.every((d) => d.deviceId !== '' && d.label !== '')).toBe(true);
    expect(gone).toMatchObject({ ok: false, micError: true, code: 'no_microphone' });
  });

  it('bundles the worklet as its own .js file, never inlined as a data: or blob: URL', async () => {
    const assets = await readdir(path.join(work, 'site', 'assets'));
    const worklet = assets.filter((f) => /^pcm-tap\.worklet-[\w-]+\.js$/.test(f));
    expect(worklet).toHaveLength(1);
    expect(await readFile(path.join(work, 'site', 'assets', worklet[0]), 'utf8')).toMatch(
      /registerProcessor\(.pcm-tap./,
    );
    const main = assets.filter((f) => f.endsWith('.js') && !worklet.includes(f));
    for (const f of main) {
      const code = await readFile(path.join(work, 'site', 'assets', f), 'utf8');
      expect(code).toContain(worklet[0]);
      expect(code).not.toContain('registerProcessor');
      expect(code).not.toMatch(/data:(text|application)\/javascript|blob:/);
    }
  });
});
