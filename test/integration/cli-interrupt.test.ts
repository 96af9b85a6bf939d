import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeServer } from '../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, writeWav } from '../support/speech-fixtures';
import { until } from '../support/until';
import { sokhan, tempDir, usageJson } from './cli-harness';

let shared: FakeServer;
let wavFile: string;

beforeAll(async () => {
  const fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 4), gapsMs: [1500] });
  wavFile = join(tempDir(), 'four-sentences.wav');
  await writeWav(wavFile, fixture.pcm);
  // Slow enough that the signal arrives while the first request is on its way.
  shared = await startFakeOpenAiServer({ delayMs: 3000 });
});

afterAll(async () => {
  await shared?.close();
});

/** Runs the real `sokhan` executable and sends it `signal` once the server has received its first request. */
async function interruptedTranscribe(
  signal: NodeJS.Signals,
  api: FakeServer = shared,
): Promise<{ code: number | null; stdout: string; stderr: string; dataDir: string; tookMs: number }> {
  const dataDir = tempDir();
  const server = api;
  const before = server.requests.length;
  const child = spawn(process.execPath, ['bin/sokhan.mjs', 'transcribe', wavFile, '--data-dir', dataDir], {
    env: { ...process.env, OPENAI_API_KEY: 'sk-int', OPENAI_BASE_URL: server.baseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await until(() => server.requests.length > before, 60_000);
  const signalledAt = Date.now();
  child.kill(signal);
  const code = await exited;
  return { code, stdout, stderr, dataDir, tookMs: Date.now() - signalledAt };
}

describe('sokhan transcribe stopped by SIGINT / SIGTERM', () => {
  for (const [signal, exitCode] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: the request in flight is answered and metered, the other chunks wait in the spool`, async () => {
      const before = shared.requests.length;
      const run = await interruptedTranscribe(signal);
      expect(run.code, run.stderr).toBe(exitCode);
      expect(run.stderr).toMatch(/waiting up to 20 s for 1 request\(s\) already sent/);
      expect(run.stderr).toMatch(/منتظر پاسخ/);
      // Nothing new went out after the signal.
      expect(shared.requests.length - before).toBe(1);
      const waiting = JSON.parse(
        (await sokhan(['spool', 'list', '--json', '--data-dir', run.dataDir])).stdout,
      ) as Array<{
        index: number;
        status: string;
      }>;
      expect(waiting.map((w) => [w.index, w.status])).toEqual([
        [1, 'pending'],
        [2, 'pending'],
        [3, 'pending'],
      ]);
      expect(run.stderr).toMatch(/stopped: 3 chunk\(s\) wait in the spool/);
      // The answer that came after the signal was paid for, so it is metered and its text printed.
      const usage = await usageJson(run.dataDir);
      expect(usage.total.requests).toBe(1);
      expect(usage.total.costUsd).toBeGreaterThan(0);
      expect(run.stdout).toContain('آزمایشی');
    }, 90_000);
  }

  it('a server that never answers: the wait is bounded (20 s), and the request is metered as ' +
    'outcome unknown', async () => {
    const hung = await startFakeOpenAiServer();
    try {
      hung.hangNext(1);
      const run = await interruptedTranscribe('SIGINT', hung);
      expect(run.code, run.stderr).toBe(130);
      expect(run.tookMs).toBeGreaterThanOrEqual(19_500);
      expect(run.tookMs).toBeLessThan(30_000);
      expect(hung.requests).toHaveLength(1);
      const usage = JSON.parse((await sokhan(['usage', '--json', '--data-dir', run.dataDir])).stdout);
      // It may have been billed: never counted free, never silently sent again.
      expect(usage.total).toMatchObject({ requests: 1, unknownRequests: 1 });
      expect(usage.total.unknownCostUsd).toBeGreaterThan(0);
      const waiting = JSON.parse(
        (await sokhan(['spool', 'list', '--json', '--data-dir', run.dataDir])).stdout,
      ) as unknown[];
      expect(waiting).toHaveLength(4);
      expect(run.stderr).toMatch(/stopped: 4 chunk\(s\) wait in the spool/);
    } finally {
      await hung.close();
    }
  }, 90_000);
});
