/**
 * The window as a person meets it: `sokhan ui` serving the built renderer to headless Chromium, a Persian espeak-ng
 * recording as the fake microphone, and a local OpenAI-compatible server. Measures, with timestamps taken in the page:
 *
 * 1. speech → text on screen: a chunk's last sample sent → its text painted; end of speech (the fixture's truth mapped
 *    onto the recording) → text painted; stop pressed right after the last sentence → its text painted; at 0 ms and
 *    300 ms of API latency;
 * 2. Record pressed → first audio frame sent, with the microphone closed (cold) and kept open (warm);
 * 3. audio delivered to the core vs wall-clock time while recording;
 * 4. a 60-minute dictation streamed into `sokhan ui` from a Node WebSocket client while a window shows every chunk:
 *    renderer JS heap, core RSS per chunk, chunks and words;
 * 5. the same window once it holds ≥ 1 000 chunks: input → next paint, and chunk event → painted.
 *
 * Run one part: `npx tsx bench/window-bench.ts [--parts speech,record,hour]` (after `npm run build:cli`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { WebSocket as NodeWebSocket } from 'ws';
import { launchChromium } from '../test/support/chromium';
import { startFakeOpenAiServer } from '../test/support/fake-openai-server';
import {
  buildSpeechFixture,
  noiseOnly,
  PERSIAN_SENTENCES,
  writeWav,
  type SpeechFixture,
} from '../test/support/speech-fixtures';
import { ensureAppBuilt } from '../test/support/app-build';

const RATE = 16_000;
const CLI = join('out', 'cli', 'sokhan.mjs');
/**
 * The chunker's defaults (src-main/audio/vad/chunker-options.ts): a chunk is cut this long after its last speech frame.
 */
const FRAME_SAMPLES = 512;
const HANG_OVER_SAMPLES = 4096; // 256 ms
const END_PAUSE_FRAMES = Math.ceil((800 * RATE) / 1000 / FRAME_SAMPLES); // 25 frames = 800 ms

// ───────────────────────────── helpers ─────────────────────────────

const round = (v: number, digits = 0) => Math.round(v * 10 ** digits) / 10 ** digits;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** p50 and max (and the values themselves when there are few), in whole ms. */
function summary(values: readonly number[], listed = true): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (listed) out.perChunk = values.map((v) => round(v));
  out.p50 = round(median(values));
  out.max = round(Math.max(...values));
  return out;
}

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<[number, number]>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return num / den;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`window-bench: timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The window is measured as shipped: the built renderer (rebuilt when older than its sources) and the bundled CLI. */
function ensureBuilt(): void {
  ensureAppBuilt();
  if (!existsSync(CLI)) throw new Error(`window-bench: ${CLI} is missing — run \`npm run build:cli\` first`);
}

/** A running `sokhan ui` child with its pid (for /proc), its address and a stop. */
interface Host {
  url: string;
  origin: string;
  port: number;
  pid: number;
  dataDir: string;
  /** The core's V8 inspector, when the host was started with one. */
  inspector?: string;
  stop(): Promise<void>;
}

/**
 * Starts `sokhan ui --no-open` (the bundled CLI) on a fresh data folder; `inspect` opens the V8 inspector on 127.0.0.1.
 */
async function startHost(settings: Record<string, unknown>, inspect = false): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sokhan-window-bench-'));
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings));
  const node = inspect ? ['--inspect=127.0.0.1:0'] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...node, CLI, 'ui', '--no-open', '--port', '0', '--data-dir', dataDir],
    {
      env: { ...process.env, OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (data) => (stderr += String(data)));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`sokhan ui exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const parsed = new URL(url);
  const inspector = /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
  if (inspect && !inspector) throw new Error(`window-bench: no inspector address from sokhan ui: ${stderr}`);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    pid: child.pid!,
    dataDir,
    inspector,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Just enough of the V8 inspector protocol to force a full GC in the core and read its JS heap. */
async function connectInspector(
  address: string,
): Promise<{ gc(): Promise<void>; heapUsedKb(): Promise<number>; close(): void }> {
  const ws = new NodeWebSocket(address);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: Record<string, unknown>) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown> };
    if (typeof message.id === 'number') {
      pending.get(message.id)?.(message.result ?? {});
      pending.delete(message.id);
    }
  });
  const call = (method: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method }));
    });
  return {
    gc: async () => {
      await call('HeapProfiler.collectGarbage');
    },
    heapUsedKb: async () => Number((await call('Runtime.getHeapUsage')).usedSize) / 1024,
    close: () => ws.close(),
  };
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

// ───────────────────────────── the probe in the page ─────────────────────────────

interface ChunkMsg {
  t: number;
  sid: string;
  i: number;
  s: string;
  a: number;
  e: number;
  x?: string;
}
interface DomMark {
  t: number;
  s: string;
  x?: string;
  raf?: number;
  paint?: number;
  added: boolean;
}
interface InputMark {
  type: string;
  ts: number;
  t: number;
  name: string;
  raf?: number;
  paint?: number;
}
interface StatsMsg {
  sessionId: string;
  recordedMs: number;
  words: number;
  requests: number;
  sentAudioMs: number;
  elapsedMs: number;
}
interface Probe {
  /** Flat [time, cumulative samples after the frame, …] of every binary frame sent. */
  frames: number[];
  audio: ArrayBuffer[];
  keepAudio: boolean;
  total: number;
  firstLoud: number;
  firstLoudT: number;
  msgs: ChunkMsg[];
  states: Array<{ t: number; state: string; sid: string | null }>;
  lastStats: StatsMsg | null;
  dom: DomMark[];
  /** The element of each DOM mark (not serialised), to find its place in the transcript afterwards. */
  els: Element[];
  inputs: InputMark[];
  longTasks: number[];
}

/**
 * Runs in the page before its own scripts (addInitScript). Every timestamp is the page's performance.now().
 * "Painted" = the first task after the requestAnimationFrame callback that follows the change, i.e. after the
 * rendering update (style, layout, paint) that includes it.
 */
function installProbe(): void {
  const B: Probe = {
    frames: [],
    audio: [],
    keepAudio: true,
    total: 0,
    firstLoud: -1,
    firstLoudT: 0,
    msgs: [],
    states: [],
    lastStats: null,
    dom: [],
    els: [],
    inputs: [],
    longTasks: [],
  };
  (window as unknown as { __bench: Probe }).__bench = B;
  const afterPaint = (mark: { raf?: number; paint?: number }) =>
    requestAnimationFrame(() => {
      mark.raf = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        mark.paint = performance.now();
      };
      channel.port2.postMessage(0);
    });

  const PageSocket = window.WebSocket;
  const send = PageSocket.prototype.send;
  PageSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    if (typeof data !== 'string' && data instanceof ArrayBuffer) {
      const t = performance.now();
      const pcm = new Int16Array(data);
      if (B.firstLoud < 0) {
        for (let i = 0; i < pcm.length; i++) {
          if (Math.abs(pcm[i]) > 1000) {
            B.firstLoud = B.total + i;
            B.firstLoudT = t;
            break;
          }
        }
      }
      B.total += pcm.length;
      B.frames.push(t, B.total);
      if (B.keepAudio) B.audio.push(data);
    }
    return send.call(this, data as string);
  };

  class Probed extends PageSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // Registered before the app's onmessage, so it runs first: the time the event reached the page.
      this.addEventListener('message', (event: MessageEvent) => {
        if (typeof event.data !== 'string') return;
        const t = performance.now();
        const text = event.data;
        if (!text.includes('"type":"chunk"') && !text.includes('"type":"stats"') && !text.includes('"type":"state"'))
          return;
        const message = JSON.parse(text) as { event?: Record<string, unknown> };
        const e = message.event;
        if (!e) return;
        if (e.type === 'chunk') {
          B.msgs.push({
            t,
            sid: String(e.sessionId),
            i: Number(e.index),
            s: String(e.status),
            a: Number(e.startMs),
            e: Number(e.endMs),
            ...(e.status === 'ok' ? { x: String(e.text).trim() } : {}),
          });
        } else if (e.type === 'stats') {
          B.lastStats = e as unknown as StatsMsg;
        } else {
          B.states.push({ t, state: String(e.state), sid: (e.sessionId as string | null) ?? null });
        }
      });
    }
  }
  window.WebSocket = Probed as unknown as typeof window.WebSocket;

  const seen = new WeakMap<Element, string>();
  new MutationObserver((records) => {
    const t = performance.now();
    for (const record of records) {
      const candidates: Node[] = [record.target];
      if (record.type === 'childList') record.addedNodes.forEach((node) => candidates.push(node));
      for (const node of candidates) {
        const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
        const chunk = element?.closest('[data-status]');
        if (!chunk) continue;
        const status = chunk.getAttribute('data-status') ?? '';
        const before = seen.get(chunk);
        if (before === status) continue;
        seen.set(chunk, status);
        const mark: DomMark = {
          t,
          s: status,
          added: before === undefined,
          ...(status === 'ok' ? { x: (chunk.textContent ?? '').trim() } : {}),
        };
        B.dom.push(mark);
        B.els.push(chunk);
        afterPaint(mark);
      }
    }
  }).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-status'],
    characterData: true,
  });

  const onInput = (event: Event) => {
    const target = event.target as Element | null;
    const mark: InputMark = {
      type: event.type,
      ts: event.timeStamp,
      t: performance.now(),
      name: (
        target?.closest?.('button')?.textContent ??
        target?.getAttribute?.('role') ??
        target?.tagName ??
        ''
      ).trim(),
    };
    B.inputs.push(mark);
    afterPaint(mark);
  };
  window.addEventListener('click', onInput, true);
  window.addEventListener('keydown', onInput, true);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) B.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no Long Tasks API: the figures simply go without it
  }
}

async function openWindow(browser: Browser, host: Host): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 860 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
  const page = await context.newPage();
  // tsx keeps function names with an `__name` helper that does not exist in the page: give the page one.
  await page.addInitScript({ content: `globalThis.__name = (target) => target;\n(${installProbe.toString()})();` });
  await page.goto(host.url);
  await page.getByRole('button', { name: /^(ضبط|Record)$/ }).waitFor();
  return page;
}

const probe = <T>(page: Page, read: (b: Probe) => T): Promise<T> =>
  page.evaluate(`(${read.toString()})(window.__bench)`) as Promise<T>;

/** Clicks the record toggle with a real (CDP) mouse click at its centre, without Playwright's actionability waits. */
async function pressRecord(page: Page): Promise<void> {
  const box = await page.locator('button[aria-pressed]').first().boundingBox();
  if (!box) throw new Error('window-bench: the record button is not on screen');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

const recordButton = (page: Page) => page.locator('button[aria-pressed]').first();

async function waitIdle(page: Page, timeoutMs = 20_000): Promise<void> {
  await waitUntil(
    'the window to be ready again',
    async () => {
      const button = recordButton(page);
      return (await button.getAttribute('aria-pressed')) === 'false' && !(await button.isDisabled());
    },
    timeoutMs,
  );
}

// ───────────────────────────── 1 + 3: speech → text on screen ─────────────────────────────

/**
 * Index (into frames/2) of the first frame whose cumulative count passes sample `k` (0-based): the frame carrying it.
 */
function frameCarrying(frames: readonly number[], k: number): number {
  let low = 0;
  let high = frames.length / 2 - 1;
  if (k >= frames[frames.length - 1]) return -1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (frames[mid * 2 + 1] > k) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * Where the fixture's sample `f` sits in the recording: recording index = f - lag; lag found by normalised
 * cross-correlation.
 */
function bestLag(
  fixture: Int16Array,
  recording: Int16Array,
  recordingFrom: number,
  guess: number,
  search = 480,
  window = RATE,
): number {
  let best = guess;
  let bestScore = -Infinity;
  for (let lag = guess - search; lag <= guess + search; lag++) {
    let dot = 0;
    let ef = 0;
    let er = 0;
    for (let k = recordingFrom; k < recordingFrom + window && k < recording.length; k++) {
      const f = k + lag;
      if (f < 0 || f >= fixture.length) continue;
      dot += fixture[f] * recording[k];
      ef += fixture[f] * fixture[f];
      er += recording[k] * recording[k];
    }
    const score = ef > 0 && er > 0 ? dot / Math.sqrt(ef * er) : -Infinity;
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return best;
}

interface SpeechRun {
  figures: Record<string, unknown>;
  /** (a) per pause-cut chunk, ms. */
  chunkEndToScreen: number[];
  /** (a) minus the part spent waiting for the pause: cutting frame sent → text on screen, ms. */
  cutToScreen: number[];
  deliveredPct: number;
  deliveredRawPct: number;
  coreMatchesSent: boolean;
  delivered: { rawMs: number; preRollMs: number };
}

async function speechToScreen(browser: Browser, fixture: SpeechFixture, delayMs: number): Promise<SpeechRun> {
  const server = await startFakeOpenAiServer({ apiKey: 'sk-bench', delayMs });
  const host = await startHost({ baseUrl: server.baseUrl });
  try {
    const page = await openWindow(browser, host);
    await pressRecord(page);
    await waitUntil('the first loud sample to be sent', () => probe(page, (b) => b.firstLoud >= 0), 20_000, 20);
    // Where the last sentence ends, in page time: from the first loud sample, at the recording's rate.
    const fixtureFirstLoud = fixture.pcm.findIndex((v) => Math.abs(v) > 1000);
    const { firstLoud, firstLoudT } = await probe(page, (b) => ({ firstLoud: b.firstLoud, firstLoudT: b.firstLoudT }));
    const last = fixture.speech[fixture.speech.length - 1];
    const lastEndPredicted = firstLoudT + ((last.endMs * RATE) / 1000 - fixtureFirstLoud) / (RATE / 1000);
    // "Right after speaking": the person presses stop 100 ms after the last syllable.
    await page.evaluate(
      (at) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now()))),
      lastEndPredicted + 100,
    );
    await pressRecord(page);
    await waitIdle(page, 30_000);
    await waitUntil(
      'every sentence on screen',
      () =>
        probe(
          page,
          (b) =>
            b.dom.filter((d) => d.s === 'ok').every((d) => d.paint !== undefined) &&
            b.dom.filter((d) => d.s === 'ok').length > 0,
        ),
      10_000,
    );
    await sleep(300);
    const data = await probe(page, (b) => ({
      frames: b.frames,
      msgs: b.msgs,
      dom: b.dom,
      inputs: b.inputs,
      lastStats: b.lastStats,
      total: b.total,
    }));
    const audioB64 = await probe(page, (b) => {
      const bytes = new Uint8Array(b.audio.reduce((n, a) => n + a.byteLength, 0));
      let at = 0;
      for (const a of b.audio) {
        bytes.set(new Uint8Array(a), at);
        at += a.byteLength;
      }
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(text);
    });
    await page.context().close();
    const raw = Buffer.from(audioB64, 'base64');
    const recording = new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2);

    const okMsgs = data.msgs.filter((m) => m.s === 'ok').sort((p, q) => p.i - q.i);
    const okDom = data.dom.filter((d) => d.s === 'ok');
    const screenOf = (text: string) => okDom.find((d) => d.x === text)?.paint ?? NaN;
    const frameTime = (k: number) => {
      const at = frameCarrying(data.frames, k);
      return at < 0 ? NaN : data.frames[at * 2];
    };
    const stopClick = data.inputs.filter((i) => i.type === 'click').at(-1)!;

    // Fixture truth → recording: one lag per sentence (from its onset), which also shows any drift.
    const lag0 = bestLag(fixture.pcm, recording, Math.max(0, firstLoud - 800), fixtureFirstLoud - firstLoud);
    const sentenceLags = fixture.speech.map((span) => {
      const onsetInRecording = Math.round((span.startMs * RATE) / 1000) - lag0;
      return bestLag(fixture.pcm, recording, Math.max(0, onsetInRecording - 800), lag0, 160);
    });

    const endToScreen: number[] = [];
    const pauseWait: number[] = [];
    const cutToScreen: number[] = [];
    const cutToQueued: number[] = [];
    const speechEndToScreen: number[] = [];
    let stopFigures: Record<string, unknown> = {};
    // Each chunk's sentence: the one whose end (in the recording) the chunk holds.
    const sentenceEnds = fixture.speech.map((span, i) => Math.round((span.endMs * RATE) / 1000) - sentenceLags[i]);
    okMsgs.forEach((chunk, n) => {
      const painted = screenOf(chunk.x ?? '');
      const endSample = Math.round(chunk.e * (RATE / 1000));
      const chunkEndSent = frameTime(endSample - 1);
      const sentenceEnd = sentenceEnds.find((end) => end > chunk.a * (RATE / 1000) && end <= endSample);
      const speechEnd = sentenceEnd === undefined ? NaN : frameTime(sentenceEnd - 1);
      const isLast = n === okMsgs.length - 1;
      if (!isLast) {
        const cutSent = frameTime(endSample - HANG_OVER_SAMPLES + END_PAUSE_FRAMES * FRAME_SAMPLES - 1);
        const queued = data.msgs.find((m) => m.i === chunk.i && m.s === 'queued')?.t ?? NaN;
        endToScreen.push(painted - chunkEndSent);
        pauseWait.push(cutSent - chunkEndSent);
        cutToScreen.push(painted - cutSent);
        cutToQueued.push(queued - cutSent);
        if (Number.isFinite(speechEnd)) speechEndToScreen.push(painted - speechEnd);
      } else {
        stopFigures = {
          'end of speech → stop click, ms': round(stopClick.t - speechEnd),
          'stop click → text on screen, ms': round(painted - stopClick.t),
          'end of speech → text on screen, ms': round(painted - speechEnd),
          'chunk end sent → text on screen, ms': round(painted - chunkEndSent),
        };
      }
    });

    // 3: audio delivered vs wall clock. The first frame carries the pre-roll ring (audio captured before it was sent),
    // sent at once; from the last frame of that burst on, samples should arrive at exactly the wall-clock rate.
    const frames = data.frames;
    const times = frames.filter((_, i) => i % 2 === 0);
    let burstEnd = 0;
    while (burstEnd + 1 < times.length && times[burstEnd + 1] - times[0] <= 2) burstEnd++;
    const lastAt = times.length - 1;
    const deliveredMs = ((frames[lastAt * 2 + 1] - frames[burstEnd * 2 + 1]) * 1000) / RATE;
    const wallMs = times[lastAt] - times[burstEnd];
    const rawMs = (data.total * 1000) / RATE;
    const rawWall = times[lastAt] - times[0];
    const coreMs = data.lastStats?.recordedMs ?? NaN;
    const driftMs = ((Math.max(...sentenceLags) - Math.min(...sentenceLags)) * 1000) / RATE;

    const figures: Record<string, unknown> = {
      'chunks (sentences)': `${okMsgs.length} (${fixture.speech.length})`,
      'chunk end sent → text on screen, ms (a)': summary(endToScreen),
      '… of which waiting for the 800 ms pause: chunk end sent → cutting frame sent, ms': summary(pauseWait),
      '… cutting frame sent → queued event in page, ms': summary(cutToQueued),
      '… cutting frame sent → text on screen, ms': summary(cutToScreen),
      'end of speech → text on screen, ms (b)': summary(speechEndToScreen),
      'stop right after the last sentence (c)': stopFigures,
      'recording ↔ fixture alignment drift, ms': round(driftMs, 1),
    };
    return {
      figures,
      chunkEndToScreen: endToScreen,
      cutToScreen,
      deliveredPct: ((deliveredMs - wallMs) / wallMs) * 100,
      deliveredRawPct: ((coreMs - rawWall) / rawWall) * 100,
      coreMatchesSent: Math.abs(coreMs - Math.floor(rawMs)) <= 1,
      delivered: { rawMs, preRollMs: (frames[burstEnd * 2 + 1] * 1000) / RATE },
    };
  } finally {
    await host.stop();
    await server.close();
  }
}

// ───────────────────────────── 2: Record → first frame ─────────────────────────────

async function recordToFirstFrame(browser: Browser, keepWarm: boolean, runs: number): Promise<number[]> {
  const server = await startFakeOpenAiServer({ apiKey: 'sk-bench' });
  const host = await startHost({ baseUrl: server.baseUrl, mic: { keepWarm } });
  try {
    const page = await openWindow(browser, host);
    const results: number[] = [];
    for (let run = 0; run < runs; run++) {
      const before = await probe(page, (b) => ({ frames: b.frames.length, clicks: b.inputs.length }));
      await pressRecord(page);
      await waitUntil(
        'the first frame',
        async () => (await probe(page, (b) => b.frames.length)) > before.frames,
        15_000,
        10,
      );
      const { click, first } = await page.evaluate(
        ([frames, clicks]) => {
          const b = (window as unknown as { __bench: Probe }).__bench;
          return { click: b.inputs[clicks].t, first: b.frames[frames] };
        },
        [before.frames, before.clicks] as const,
      );
      results.push(first - click);
      await sleep(700);
      await pressRecord(page);
      await waitIdle(page);
      await sleep(300);
    }
    await page.context().close();
    return results;
  } finally {
    await host.stop();
    await server.close();
  }
}

// ───────────────────────────── 4 + 5: an hour, then 1 000 chunks ─────────────────────────────

interface CoreClient {
  invoke(name: string, payload?: unknown): Promise<{ ok: boolean }>;
  sendAudio(pcm: Int16Array): void;
  onEvent(listener: (event: Record<string, unknown>) => void): void;
  close(): void;
}

/** A second client of `sokhan ui` over its own WebSocket (cookie from the token, our own Origin), like the window. */
async function connectClient(host: Host): Promise<CoreClient> {
  const url = new URL(host.url);
  const cookie = await new Promise<string>((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port: host.port, path: `${url.pathname}${url.search}` }, (res) => {
      res.resume();
      resolve(String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]);
    }).on('error', reject);
  });
  const ws = new NodeWebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers: { cookie, origin: host.origin } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: { ok: boolean }) => void>();
  const listeners: Array<(event: Record<string, unknown>) => void> = [];
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const message = JSON.parse(String(data)) as {
      id?: number;
      result?: { ok: boolean };
      event?: Record<string, unknown>;
    };
    if (typeof message.id === 'number' && message.result) {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (message.event) {
      for (const listener of listeners) listener(message.event);
    }
  });
  return {
    invoke: (name, payload = {}) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, name, payload }));
      }),
    sendAudio: (pcm) => ws.send(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength), { binary: true }),
    onEvent: (listener) => listeners.push(listener),
    close: () => ws.close(),
  };
}

/** Persian phrases of two or three words: each its own chunk when separated by a pause longer than 800 ms. */
function shortPhrases(): string[] {
  const phrases: string[] = [];
  for (const sentence of PERSIAN_SENTENCES) {
    const words = sentence.replace(/[.،,]/g, '').split(/\s+/).filter(Boolean);
    for (let at = 0; at < words.length; at += 3) {
      const group = words.slice(at, at + 3);
      if (group.length >= 2) phrases.push(group.join(' '));
    }
  }
  return phrases;
}

interface CoreSample {
  chunks: number;
  /** VmRSS as it was, then right after a forced full GC; the core's JS heap in use after that GC. */
  rssKb: number;
  rssAfterGcKb: number;
  heapKb: number;
}

async function hourAndThousand(
  browser: Browser,
): Promise<{ hour: Record<string, unknown>; thousand: Record<string, unknown> }> {
  const FRAME = 640; // 40 ms, as the window's microphone tap sends
  const HOUR_SAMPLES = 60 * 60 * RATE;
  const THOUSAND = 1000;
  const SAMPLE_EVERY = 50;
  const WARM_UP = 100;
  const dictation = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES });
  const phrases = await buildSpeechFixture({
    sentences: shortPhrases(),
    gapsMs: [1300],
    leadingSilenceMs: 700,
    trailingSilenceMs: 700,
  });
  const server = await startFakeOpenAiServer({ apiKey: 'sk-bench' });
  const host = await startHost({ baseUrl: server.baseUrl }, true);
  const inspector = await connectInspector(host.inspector!);
  try {
    const page = await openWindow(browser, host);
    const cdp = await page.context().newCDPSession(page);
    const heapMb = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const usage = await cdp.send('Runtime.getHeapUsage');
      return round(usage.usedSize / 2 ** 20, 1);
    };
    const heapAtStart = await heapMb();
    const client = await connectClient(host);
    let queuedEnd = 0;
    let okChunks = 0;
    let textChars = 0;
    let lastStats: StatsMsg | null = null;
    let idleSeen = false;
    client.onEvent((event) => {
      if (event.type === 'chunk' && event.status === 'queued')
        queuedEnd = Math.max(queuedEnd, Number(event.endMs) * (RATE / 1000));
      if (event.type === 'chunk' && event.status === 'ok') {
        okChunks++;
        textChars += String(event.text).length;
        // The fake server keeps every upload; the bench process need not.
        server.requests.splice(0);
      }
      if (event.type === 'stats') lastStats = event as unknown as StatsMsg;
      if (event.type === 'state' && event.state === 'idle') idleSeen = true;
    });

    const samples: CoreSample[] = [];
    let nextSampleAt = SAMPLE_EVERY;
    const sampleCore = async () => {
      const rss = rssKb(host.pid);
      await inspector.gc();
      samples.push({
        chunks: okChunks,
        rssKb: rss,
        rssAfterGcKb: rssKb(host.pid),
        heapKb: await inspector.heapUsedKb(),
      });
      if (process.env.WINDOW_BENCH_VERBOSE) {
        const s = samples.at(-1)!;
        console.error(
          `window-bench: ${okChunks} chunks, ${round(sent / RATE / 60, 1)} min sent, core RSS ` +
            `${round(s.rssKb / 1024)} → ${round(s.rssAfterGcKb / 1024)} MB, heap ${round(s.heapKb / 1024, 1)} MB`,
        );
      }
    };

    const started = await client.invoke('dictation.start');
    if (!started.ok) throw new Error('window-bench: dictation.start was refused');
    let sent = 0;
    /** Streams `source` in 40 ms frames, looping, until `until(passDone)` says stop; paced to the core's chunking. */
    const stream = async (source: Int16Array, until: (passDone: boolean) => boolean) => {
      const began = performance.now();
      const first = sent;
      let pausedMs = 0;
      // The core may lag behind by at most one chunk (its cap is 30 s) plus its pause: it is keeping up.
      const LEAD = 32 * RATE;
      let at = 0;
      for (;;) {
        if (okChunks >= nextSampleAt) {
          nextSampleAt += SAMPLE_EVERY;
          const pause = performance.now();
          await sampleCore();
          pausedMs += performance.now() - pause;
        }
        if (sent - queuedEnd > LEAD) {
          await sleep(5);
          continue;
        }
        const end = Math.min(at + FRAME, source.length);
        client.sendAudio(source.subarray(at, end));
        sent += end - at;
        at = end;
        const passDone = at >= source.length;
        if (passDone) at = 0;
        if (until(passDone)) break;
        if ((sent / FRAME) % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      // Time spent sampling the core (forced GCs) is not streaming time.
      return { audioMs: ((sent - first) * 1000) / RATE, wallMs: performance.now() - began - pausedMs };
    };
    const settle = () =>
      waitUntil(
        'every chunk sent so far to come back',
        async () => {
          const counts = await probe(page, (b) => ({
            queued: b.msgs.filter((m) => m.s === 'queued').length,
            shown: b.dom.filter((d) => d.s === 'ok').length,
          }));
          return counts.queued === okChunks && counts.shown === okChunks;
        },
        60_000,
        100,
      );

    // 4: an hour of dictation (whole passes of the fixture, ending in its trailing silence, so the last chunk is cut).
    const hourRun = await stream(dictation.pcm, (passDone) => passDone && sent >= HOUR_SAMPLES);
    await sleep(1500);
    await settle();
    const hourChunks = okChunks;
    const hourWords = (lastStats as StatsMsg | null)?.words ?? NaN;
    const heapAtHour = await heapMb();
    const domAtHour = await page.evaluate(() => document.getElementsByTagName('*').length);
    await sampleCore();
    const hourSamples = samples.filter((s) => s.chunks >= WARM_UP);
    const slopeOf = (list: CoreSample[], key: 'rssKb' | 'rssAfterGcKb' | 'heapKb') =>
      round(slope(list.map((s) => [s.chunks, s[key]])), 2);

    // 5: the same dictation goes on in short phrases until the window holds ≥ 1 000 chunks; then input is timed while
    // more chunks keep arriving.
    const phraseRun = await stream(phrases.pcm, () => okChunks >= THOUSAND);
    const before = await probe(page, (b) => ({
      dom: b.dom.length,
      inputs: b.inputs.length,
      msgs: b.msgs.length,
      longTasks: b.longTasks.length,
    }));
    const chunksShownAtStart = await page.locator('[data-status]').count();
    let stopStreaming = false;
    const background = stream(phrases.pcm, () => stopStreaming);
    const log = page.getByRole('log');
    await log.focus();
    const copyAll = page.getByRole('button', { name: /^(رونوشت همه|Copy all)$/ });
    let copiedShown = 0;
    const ROUNDS = 15;
    for (let i = 0; i < ROUNDS; i++) {
      await copyAll.click();
      await sleep(120);
      if (((await page.locator('.copied').textContent()) ?? '').trim() !== '') copiedShown++;
      await sleep(60 + (i % 3) * 50);
      await page.keyboard.press(i % 2 ? 'ArrowDown' : 'ArrowUp');
      await sleep(180 + (i % 3) * 50);
    }
    await sleep(500);
    stopStreaming = true;
    await background;
    const clipboardChars = await page.evaluate(() =>
      navigator.clipboard.readText().then(
        (text) => text.length,
        () => -1,
      ),
    );
    await client.invoke('dictation.stop');
    await waitUntil('the dictation to end', () => idleSeen, 120_000, 100);
    await sleep(500);
    await sampleCore();
    const chunksShown = await page.locator('[data-status]').count();
    const heapAtEnd = await heapMb();
    const data = await probe(page, (b) => ({
      msgs: b.msgs,
      dom: b.dom.map((d, k) => {
        const element = b.els[k];
        const siblings = element.parentElement
          ? Array.from(element.parentElement.querySelectorAll(':scope > [data-status]'))
          : [];
        return { ...d, pos: d.added ? siblings.indexOf(element) : -1 };
      }),
      inputs: b.inputs,
      longTasks: b.longTasks,
    }));
    const finalStats = lastStats as StatsMsg | null;
    await page.context().close();
    client.close();

    // Input → next paint, from the event's own timestamp.
    const inputs = data.inputs.slice(before.inputs);
    const paintAfter = (type: string) =>
      inputs.filter((i) => i.type === type && i.paint !== undefined).map((i) => (i.paint as number) - i.ts);
    // Chunk event reaching the page → painted, for chunks arriving once ≥ 1 000 are shown: a new chunk (its
    // placeholder, placed by its position in the transcript) and its text (matched by the text itself).
    const msgs = data.msgs.slice(before.msgs);
    const dom = data.dom.slice(before.dom);
    const firstMsgAt = new Map<number, number>();
    for (const m of data.msgs) if (!firstMsgAt.has(m.i)) firstMsgAt.set(m.i, m.t);
    const appendMs = dom
      .filter((d) => d.added && d.pos >= 0 && firstMsgAt.has(d.pos) && d.paint !== undefined)
      .map((d) => (d.paint as number) - (firstMsgAt.get(d.pos) as number));
    const okDom = new Map(dom.filter((d) => d.s === 'ok').map((d) => [d.x, d]));
    const okMsgs = msgs.filter((m) => m.s === 'ok' && okDom.has(m.x));
    const textPainted = okMsgs.map((m) => (okDom.get(m.x)!.paint ?? NaN) - m.t).filter(Number.isFinite);
    const textCommitted = okMsgs.map((m) => okDom.get(m.x)!.t - m.t);
    const longTasks = data.longTasks.slice(before.longTasks);
    const allSamples = samples.filter((s) => s.chunks >= WARM_UP);
    const mb = (kb: number) => round(kb / 1024, 1);

    const hour = {
      'audio streamed, min': round(hourRun.audioMs / 60_000, 1),
      'streaming speed, × real time': round(hourRun.audioMs / hourRun.wallMs, 1),
      'chunks on screen': hourChunks,
      words: hourWords,
      'renderer JS heap of the empty window, MB': heapAtStart,
      'renderer JS heap after forced GC, MB': heapAtHour,
      'DOM elements in the window': domAtHour,
      'core RSS every 50 chunks, MB': hourSamples.map((s) => mb(s.rssKb)),
      'core RSS slope after 100 chunks, KB per chunk': slopeOf(hourSamples, 'rssKb'),
      'core RSS after a forced GC, slope after 100 chunks, KB per chunk': slopeOf(hourSamples, 'rssAfterGcKb'),
      'core JS heap after a forced GC, slope after 100 chunks, KB per chunk': slopeOf(hourSamples, 'heapKb'),
      'core RSS / JS heap after GC at the end of the hour, MB':
        `${mb(samples.at(-2)?.rssAfterGcKb ?? NaN)} / ` + `${mb(samples.at(-2)?.heapKb ?? NaN)}`,
      'transcript text per chunk, bytes (UTF-16)': round((textChars * 2) / Math.max(1, okChunks)),
    };
    const thousand = {
      'chunks on screen when timing began → at the end': `${chunksShownAtStart} → ${chunksShown}`,
      'phrase audio streamed to get there, min': round(phraseRun.audioMs / 60_000, 1),
      'phrase streaming speed, × real time': round(phraseRun.audioMs / phraseRun.wallMs, 1),
      'click "Copy all" → next paint, ms': summary(paintAfter('click'), false),
      '"copied" shown 120 ms after the click / clipboard characters': `${copiedShown} of ${ROUNDS} / ${clipboardChars}`,
      'arrow key in the focused transcript → next paint, ms': summary(paintAfter('keydown'), false),
      'new chunk: event in page → its placeholder painted, ms': { n: appendMs.length, ...summary(appendMs, false) },
      'chunk text: event in page → DOM updated, ms': { n: textCommitted.length, ...summary(textCommitted, false) },
      'chunk text: event in page → painted, ms': { n: textPainted.length, ...summary(textPainted, false) },
      'long tasks (> 50 ms) while timing: count / max ms':
        `${longTasks.length} / ` + `${longTasks.length ? round(Math.max(...longTasks)) : 0}`,
      'renderer JS heap after forced GC, MB': heapAtEnd,
      'core RSS every 50 chunks after the hour, MB': samples
        .filter((s) => s.chunks > hourChunks)
        .map((s) => mb(s.rssKb)),
      'core RSS slope, all chunks after 100, KB per chunk (as sampled / after GC)':
        `${slopeOf(allSamples, 'rssKb')} / ` + `${slopeOf(allSamples, 'rssAfterGcKb')}`,
      'core JS heap after GC, slope over all chunks after 100, KB per chunk': slopeOf(allSamples, 'heapKb'),
      'final stats: words / requests': `${finalStats?.words ?? NaN} / ${finalStats?.requests ?? NaN}`,
      'core received every sample (final recordedMs = samples sent)':
        finalStats && Math.abs(finalStats.recordedMs - Math.floor((sent * 1000) / RATE)) <= 1
          ? 'yes'
          : `no (${finalStats?.recordedMs} vs ${Math.floor((sent * 1000) / RATE)})`,
    };
    return { hour, thousand };
  } finally {
    inspector.close();
    await host.stop();
    await server.close();
  }
}

// ───────────────────────────── the whole bench ─────────────────────────────

export type WindowBenchPart = 'speech' | 'record' | 'hour';

/** Runs the window benchmark and returns its figures (nested; bench/run.ts flattens them into bench/RESULTS.md). */
export async function runWindowBench(
  parts: readonly WindowBenchPart[] = ['speech', 'record', 'hour'],
): Promise<Record<string, unknown>> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'sokhan-window-mic-'));
  const figures: Record<string, unknown> = {};
  // Every figure here is a latency or a speed on 2 shared cores: say how busy the machine was.
  const load: string[] = [];
  const loadNow = () => round(loadavg()[0], 1);
  try {
    if (parts.includes('speech')) {
      const loadBefore = loadNow();
      // Six sentences with the pauses of someone dictating sentence by sentence (1.6 s: each one its own chunk).
      const fixture = await buildSpeechFixture({
        sentences: [10, 12, 19, 23, 24, 29].map((i) => PERSIAN_SENTENCES[i]),
        gapsMs: [1600],
        leadingSilenceMs: 1500,
        trailingSilenceMs: 2000,
      });
      const micFile = join(dir, 'speech.wav');
      await writeWav(micFile, fixture.pcm);
      const browser = await launchChromium([
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${micFile}%noloop`,
        '--autoplay-policy=no-user-gesture-required',
      ]);
      try {
        const fast = await speechToScreen(browser, fixture, 0);
        const slow = await speechToScreen(browser, fixture, 300);
        const { delivered } = fast;
        figures['speech → screen, server 0 ms'] = fast.figures;
        figures['speech → screen, server 300 ms'] = slow.figures;
        figures['300 ms of API latency adds, difference of p50s, ms'] = {
          '(a) chunk end sent → text on screen': round(median(slow.chunkEndToScreen) - median(fast.chunkEndToScreen)),
          'cutting frame sent → text on screen': round(median(slow.cutToScreen) - median(fast.cutToScreen)),
        };
        figures['(a) beyond API latency, max ms'] = {
          'server 0 ms': round(Math.max(...fast.chunkEndToScreen)),
          'server 300 ms': round(Math.max(...slow.chunkEndToScreen) - 300),
        };
        figures['audio delivered while recording (server-0 run)'] = {
          'recorded, s': round(delivered.rawMs / 1000, 1),
          'core recordedMs equals samples sent': fast.coreMatchesSent ? 'yes' : 'no',
          'pre-roll sent in the first burst, ms': round(delivered.preRollMs),
          'after the pre-roll burst: audio vs wall clock, %': round(fast.deliveredPct, 2),
          'whole dictation incl. pre-roll: core recordedMs vs first→last frame, %': round(fast.deliveredRawPct, 2),
          'server-300 run, after the pre-roll burst, %': round(slow.deliveredPct, 2),
        };
      } finally {
        await browser.close();
        load.push(`speech ${loadBefore} → ${loadNow()}`);
      }
    }
    if (parts.includes('record') || parts.includes('hour')) {
      const loadBefore = loadNow();
      const micFile = join(dir, 'room.wav');
      // A quiet room: faint noise (never digital silence, which the window reports as a dead microphone; never speech).
      await writeWav(micFile, noiseOnly('pink', 120_000, -60));
      const browser = await launchChromium([
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${micFile}%noloop`,
        '--autoplay-policy=no-user-gesture-required',
      ]);
      try {
        if (parts.includes('record')) {
          const cold = await recordToFirstFrame(browser, false, 5);
          const warm = await recordToFirstFrame(browser, true, 6);
          figures['Record pressed → first audio frame sent'] = {
            'cold (microphone closed), ms': { runs: cold.map((v) => round(v)), median: round(median(cold)) },
            'warm (mic.keepWarm), ms': {
              'first press (opens the mic)': round(warm[0]),
              runs: warm.slice(1).map((v) => round(v)),
              median: round(median(warm.slice(1))),
            },
          };
        }
        if (parts.includes('hour')) {
          const { hour, thousand } = await hourAndThousand(browser);
          figures['60-minute dictation into `sokhan ui` (Node client streaming, window showing every chunk)'] = hour;
          figures['window with ≥ 1 000 chunks (same dictation, then short phrases)'] = thousand;
        }
      } finally {
        await browser.close();
        load.push(`${parts.filter((p) => p !== 'speech').join(' + ')} ${loadBefore} → ${loadNow()}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  figures['machine load (1-min load average, start → end of each part)'] = load.join('; ');
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const index = process.argv.indexOf('--parts');
  const parts = (index === -1 ? 'speech,record,hour' : process.argv[index + 1]).split(',') as WindowBenchPart[];
  const started = performance.now();
  console.log(JSON.stringify(await runWindowBench(parts), null, 2));
  console.log(`window bench: ${round((performance.now() - started) / 1000, 1)} s`);
}
