import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiTranscriber } from '../../src-main/transcription/openai-transcriber';
import { checkBooks, seededRandom } from '../support/fault-books';
import {
  type FakeFailure,
  type FakeServer,
  openAiFailures,
  type ReceivedRequest,
  useFakeOpenAiServers,
} from '../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, writeWav } from '../support/speech-fixtures';
import { until } from '../support/until';
import { sokhan, tempDir } from './cli-harness';

/**
 * The fault-injection suite: each case breaks the server, the network, the process or the disk in one way, then
 * checks the same books (test/support/fault-books.ts): every chunk transcribed or pending, once, in order; every
 * answer the server billed metered once with the seconds it billed (or covered by an "outcome unknown" record);
 * failed requests free. `npm run faults -- --runs N` runs the kill case N times with fresh seeds.
 */

const KEY = 'sk-faults';
const startServer = useFakeOpenAiServers();
let speechWav: string;
/** Chunks the recording makes on a healthy server. */
let chunkCount: number;

beforeAll(async () => {
  const fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 4), gapsMs: [1600, 1500, 1700] });
  speechWav = join(tempDir(), 'speech.wav');
  await writeWav(speechWav, fixture.pcm);
  const server = await startServer({ apiKey: KEY });
  const run = await sokhan(transcribeArgs(tempDir(), server.baseUrl), { OPENAI_API_KEY: KEY });
  chunkCount = JSON.parse(run.stdout).chunks.length;
  expect(chunkCount).toBeGreaterThanOrEqual(3);
});

function transcribeArgs(dataDir: string, baseUrl: string): string[] {
  return ['transcribe', speechWav, '--json', '--data-dir', dataDir, '--base-url', baseUrl];
}

async function expectBooksBalance(
  dataDir: string,
  served: ReceivedRequest[],
  pending = 0,
  chunks = chunkCount,
): Promise<void> {
  const books = await checkBooks(dataDir, served);
  expect(books.problems).toEqual([]);
  expect(books.transcribed + books.pending).toBe(chunks);
  expect(books.pending).toBe(pending);
}

/** Sends what waits in the spool, to the same server. */
function retry(dataDir: string, server: FakeServer) {
  return sokhan(['spool', 'retry', '--data-dir', dataDir], { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl });
}

describe('server and network faults during `sokhan transcribe`', () => {
  it.each<[string, (s: FakeServer) => void]>([
    ['500', (s) => s.failNext(2, openAiFailures.serverError(500))],
    ['502', (s) => s.failNext(2, openAiFailures.serverError(502))],
    ['503', (s) => s.failNext(3, openAiFailures.serverError(503))],
    ['429 with retry-after', (s) => s.failNext(2, openAiFailures.rateLimited({ seconds: 0 }))],
    ['a connection reset after the upload', (s) => s.destroyNext(2)],
  ])('%s: retried, all text in order, every billed answer metered once', async (_name, fault) => {
    const server = await startServer({ apiKey: KEY });
    fault(server);
    const dataDir = tempDir();
    const run = await sokhan(transcribeArgs(dataDir, server.baseUrl), { OPENAI_API_KEY: KEY });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).chunks.map((c: { status: string }) => c.status)).toEqual(
      Array(chunkCount).fill('ok'),
    );
    await expectBooksBalance(dataDir, server.requests);
  });

  it(
    'a server that stops answering: given up on at the deadline, recorded as outcome unknown, ' + 'then sent again',
    async () => {
      const server = await startServer({ apiKey: KEY });
      server.hangNext(1);
      const dataDir = tempDir();
      const transcriber = createOpenAiTranscriber({
        apiKey: KEY,
        baseUrl: server.baseUrl,
        model: 'whisper-1',
        timeoutMs: 800,
      });
      const run = await sokhan(transcribeArgs(dataDir, server.baseUrl), { OPENAI_API_KEY: KEY }, { transcriber });
      expect(run.stderr).toMatch(/timeout/);
      await retry(dataDir, server);
      await expectBooksBalance(dataDir, server.requests);
      expect((await checkBooks(dataDir, server.requests)).unknownRecords).toBe(1);
    },
  );

  it.each<[string, FakeFailure, RegExp]>([
    ['401 bad key', openAiFailures.badKey(), /API key/i],
    ['403 region', openAiFailures.regionBlocked(), /proxy|base URL/i],
    ['429 quota', openAiFailures.insufficientQuota(), /quota|billing|credit/i],
  ])(
    '%s: one request, one bilingual line, nothing charged, every chunk pending; a later retry completes it',
    async (_name, failure, said) => {
      const server = await startServer({ apiKey: KEY });
      server.failNext(1, failure);
      const dataDir = tempDir();
      const run = await sokhan(transcribeArgs(dataDir, server.baseUrl), { OPENAI_API_KEY: KEY });
      expect(run.code).toBe(3);
      const errorLines = run.stderr
        .split('\n')
        .filter((line) => line.startsWith('sokhan: ') && !line.startsWith('sokhan: warning'));
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]).toMatch(said);
      expect(errorLines[0]).toMatch(/[\u0600-\u06FF]/);
      // The first request goes alone, so a fatal answer costs one request, not one per chunk.
      expect(server.requests).toHaveLength(1);
      await expectBooksBalance(dataDir, server.requests, chunkCount);
      expect((await retry(dataDir, server)).code).toBe(0);
      await expectBooksBalance(dataDir, server.requests);
    },
  );

  it('the network gone, then back on the same address: everything kept, then sent once', async () => {
    const server = await startServer({ apiKey: KEY });
    const port = Number(new URL(server.baseUrl).port);
    await server.close();
    const dataDir = tempDir();
    const offline = await sokhan(transcribeArgs(dataDir, server.baseUrl), { OPENAI_API_KEY: KEY });
    expect(offline.code).toBe(4);
    await expectBooksBalance(dataDir, [], chunkCount);
    const back = await startServer({ apiKey: KEY, port });
    expect((await retry(dataDir, back)).code).toBe(0);
    await expectBooksBalance(dataDir, back.requests);
    expect(back.requests.filter((r) => r.status === 200)).toHaveLength(chunkCount);
  });
});

/** Runs the real executable in a process of its own. */
function child(args: string[], env: Record<string, string>) {
  const process_ = spawn(process.execPath, ['bin/sokhan.mjs', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  process_.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    process_.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { process: process_, exited };
}

/**
 * One seeded kill: a slow server, SIGKILL at a random moment — usually while requests are out (0–2.5 s after the
 * first reaches the server), sometimes while starting or chunking — then the next run's retry completes the dictation.
 */
async function killAndRecover(seed: number, server: FakeServer): Promise<void> {
  const random = seededRandom(seed);
  server.setDelayMs(200 + Math.floor(random() * 900));
  const early = random() < 0.25;
  const waitMs = early ? 300 + Math.floor(random() * 2700) : Math.floor(random() * 2500);
  const dataDir = tempDir();
  const run = child(transcribeArgs(dataDir, server.baseUrl), { OPENAI_API_KEY: KEY });
  const sent = server.requests.length;
  const finished = run.exited.then(() => true);
  if (!early) await Promise.race([until(() => server.requests.length > sent, 60_000), finished]);
  await Promise.race([new Promise((resolve) => setTimeout(resolve, waitMs)), finished]);
  run.process.kill('SIGKILL');
  await run.exited;
  server.setDelayMs(0);
  // What the killed run kept is completed by a retry, never paid twice; the retry also meters what the kill left
  // unanswered as outcome unknown.
  expect((await retry(dataDir, server)).code).toBe(0);
  const books = await checkBooks(dataDir, server.requests);
  expect(books.problems).toEqual([]);
  expect(books.pending).toBe(0);
}

describe('processes killed and run side by side', () => {
  // Seed 37 once found a kill between a chunk's WAV and its meta: the WAV was listed as starting at 0 (test/main/
  // pipeline/spool-crash-order.test.ts now holds that moment still).
  it.each([11, 23, 37])(
    'SIGKILL at a seeded random moment (seed %i): the retry completes it, each answer metered once',
    async (seed) => {
      const server = await startServer({ apiKey: KEY });
      await killAndRecover(seed, server);
    },
  );

  it.each([2, 5])('%i `spool retry` processes at once: each chunk sent once, billed once', async (processes) => {
    const down = await startServer({ apiKey: KEY });
    const dataDir = tempDir();
    down.failNext(1, openAiFailures.badKey()); // the run stops at the first chunk: all of them wait in the spool
    await sokhan(transcribeArgs(dataDir, down.baseUrl), { OPENAI_API_KEY: KEY });
    const server = await startServer({ apiKey: KEY, delayMs: 200 });
    const runs = Array.from({ length: processes }, () =>
      child(['spool', 'retry', '--data-dir', dataDir], { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl }),
    );
    const results = await Promise.all(runs.map((r) => r.exited));
    expect(results.every((r) => r.signal === null)).toBe(true);
    // whatever one process found taken by another, a last retry finishes
    await retry(dataDir, server);
    expect(server.requests.filter((r) => r.status === 200)).toHaveLength(chunkCount);
    await expectBooksBalance(dataDir, [...down.requests, ...server.requests]);
  });
});

/** A 64 KB tmpfs, when this machine lets the test mount one (root, and not in every CI container); else null. */
function smallDisk(): string | null {
  if (process.getuid?.() !== 0) return null;
  const mountPoint = tempDir('fault-disk-');
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]).status === 0 ? mountPoint : null;
}
const disk = smallDisk();
afterAll(() => {
  if (disk) spawnSync('umount', [disk]);
});

describe('disk faults', () => {
  it.skipIf(!disk)('a full disk (a real tmpfs filled up): told what to do before anything is sent', async () => {
    const server = await startServer({ apiKey: KEY });
    const dataDir = join(disk as string, 'full');
    mkdirSync(dataDir);
    spawnSync('dd', ['if=/dev/zero', `of=${join(disk as string, 'filler')}`, 'bs=4096']); // until ENOSPC
    const run = await sokhan(transcribeArgs(dataDir, server.baseUrl), { OPENAI_API_KEY: KEY });
    rmSync(join(disk as string, 'filler'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is full — free some space/);
    expect(run.stderr).toContain('پر است');
    expect(server.requests).toHaveLength(0);
    await expectBooksBalance(dataDir, server.requests, 0, 0);
  });

  it(
    'a transcripts folder that cannot be written: the paid text waits in the spool and is ' +
      'stored without paying again',
    async () => {
      const server = await startServer({ apiKey: KEY });
      const dataDir = tempDir();
      await writeFile(join(dataDir, 'transcripts'), 'a file where the folder should be');
      const run = await sokhan(transcribeArgs(dataDir, server.baseUrl), { OPENAI_API_KEY: KEY });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/without paying again/);
      const paid = server.requests.length;
      const { rm, mkdir } = await import('node:fs/promises');
      await rm(join(dataDir, 'transcripts'));
      await mkdir(join(dataDir, 'transcripts'));
      expect((await retry(dataDir, server)).code).toBe(0);
      // only the chunks never sent went out now; the paid one was stored from the spool
      expect(server.requests.length - paid).toBe(chunkCount - paid);
      await expectBooksBalance(dataDir, server.requests);
    },
  );
});
