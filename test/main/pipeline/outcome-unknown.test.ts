import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../src-shared/settings/settings-schema';
import { estimateCostMicros } from '../../../src-shared/pricing/catalogue';
import { upperBoundMicros } from '../../../src-shared/usage/estimate';
import type { LedgerRequestRecord } from '../../../src-shared/usage/ledger-record';
import { openDictationServices } from '../../../src-main/pipeline/dictation-services';
import type { SessionEvent } from '../../../src-main/pipeline/dictation-session';
import { createOpenAiTranscriber, requestTimeoutMs } from '../../../src-main/transcription/openai-transcriber';
import { transcribeWithRetry } from '../../../src-main/transcription/retry';
import { TranscriptionError } from '../../../src-main/transcription/transcription-error';
import { createAggregateStore } from '../../../src-main/usage/aggregate-store';
import { openUsageMeter } from '../../../src-main/usage/usage-meter';
import { mostExpensiveSessions } from '../../../src-shared/usage/views';
import type { FakeServer } from '../../support/fake-openai-server';
import { useFakeOpenAiServers } from '../../support/fake-openai-server';
import { sokhan, tempDir } from '../../integration/cli-harness';

const startServer = useFakeOpenAiServers();
const AUDIO_MS = 2000;

/** One 2-second chunk through a real session against the fake server, with a 400 ms deadline per request. */
async function sendOneChunk(server: FakeServer, settings: Settings = { ...DEFAULT_SETTINGS, baseUrl: server.baseUrl }) {
  const dataDir = tempDir();
  const transcriber = createOpenAiTranscriber({
    apiKey: 'k',
    baseUrl: server.baseUrl,
    model: settings.model,
    timeoutMs: 400,
  });
  const services = await openDictationServices({
    dataDir,
    settings,
    apiKey: 'k',
    source: 'cli',
    transcriber,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
  const events: SessionEvent[] = [];
  const session = services.newSession((event) => events.push(event));
  const pcm = new Int16Array((AUDIO_MS * 16_000) / 1000).fill(1200);
  await session.addChunk({ index: 0, startSample: 0, endSample: pcm.length, pcm, speechSamples: pcm.length });
  const result = await session.finish();
  const requests = (await services.meter.records()).filter((r): r is LedgerRequestRecord => r.kind === 'request');
  const spooled = await services.spool.list();
  await services.close();
  return { dataDir, result, requests, spooled, events };
}

describe('a request whose answer never came is "outcome unknown": maybe billed, never free', () => {
  // The session uses the default model (gpt-transcribe).
  const estimate = estimateCostMicros(DEFAULT_SETTINGS.model, AUDIO_MS);

  for (const [what, script] of [
    ['the server hangs (our deadline passes)', (s: FakeServer) => s.hangNext(1)],
    ['the connection is cut after the upload', (s: FakeServer) => s.destroyNext(1)],
  ] as const) {
    it(`${what}: recorded as unknown with its estimated cost, the retry is recorded too`, async () => {
      const server = await startServer();
      script(server);
      const { dataDir, result, requests } = await sendOneChunk(server);
      expect(server.requests).toHaveLength(2);
      expect(requests.map((r) => [r.outcome, r.costMicros])).toEqual([
        ['unknown', estimate],
        ['ok', expect.any(Number)],
      ]);
      expect(result.chunks.map((c) => c.status)).toEqual(['ok']);
      expect(result.usage).toMatchObject({
        requests: 2,
        unknownRequests: 1,
        unknownCostMicros: estimate,
        failedRequests: 0,
      });
      // Shown apart in `sokhan usage` (and --json), and part of the spend budgets see.
      const json = JSON.parse((await sokhan(['usage', '--json', '--data-dir', dataDir])).stdout);
      expect(json.total).toMatchObject({ requests: 2, unknownRequests: 1, unknownCostUsd: estimate / 1e6 });
      expect(json.total.costUsd).toBeCloseTo((estimate + requests[1].costMicros) / 1e6, 9);
      // The session's cost in the history view counts it as the counters do.
      const [summary] = mostExpensiveSessions(requests, 1);
      expect(summary).toMatchObject({ requests: 2, failedRequests: 0, costMicros: estimate + requests[1].costMicros });
      const text = (await sokhan(['usage', '--data-dir', dataDir])).stdout;
      expect(text).toMatch(/Outcome unknown: 1 request\(s\) sent with no answer/);
    });
  }

  it('a connection refused before anything was sent stays a plain failure (never billed)', async () => {
    const server = await startServer();
    const settings = { ...DEFAULT_SETTINGS, baseUrl: server.baseUrl };
    await server.close();
    const { requests } = await sendOneChunk(server, settings);
    expect(requests.length).toBeGreaterThan(0);
    expect(new Set(requests.map((r) => r.outcome))).toEqual(new Set(['failed']));
  });

  it(
    'with a hard budget, the retry after an unknown attempt must pass the gate again: no ' +
      'second upload past the limit',
    async () => {
      const server = await startServer();
      // Room for one request's worst case, not for a second on top of the first one's estimate.
      const limitMicros = upperBoundMicros(DEFAULT_SETTINGS.model, AUDIO_MS) + Math.floor(estimate / 2);
      const settings: Settings = {
        ...DEFAULT_SETTINGS,
        baseUrl: server.baseUrl,
        budget: { ...DEFAULT_SETTINGS.budget, dailyUsd: limitMicros / 1e6, blockAtLimit: true },
      };
      server.hangNext(1);
      const { requests, spooled, events } = await sendOneChunk(server, settings);
      expect(server.requests).toHaveLength(1);
      expect(requests.map((r) => r.outcome)).toEqual(['unknown']);
      expect(spooled.map((e) => e.meta.status)).toEqual(['blocked']);
      expect(events.some((e) => e.type === 'error' && e.code === 'daily_limit')).toBe(true);
    },
  );
});

describe('time-outs scale with the chunk', () => {
  it('a short chunk is given up on sooner than a long one, and a hung server is reported within a minute', () => {
    expect(requestTimeoutMs(5_000)).toBe(20_000);
    expect(requestTimeoutMs(30_000)).toBe(45_000);
    expect(requestTimeoutMs(30_000)).toBeLessThan(60_000);
    expect(requestTimeoutMs(10 * 60_000)).toBe(90_000);
  });

  it('the deadline is taken per request from its audio length', async () => {
    const server = await startServer();
    server.hangNext(2);
    const transcriber = createOpenAiTranscriber({
      apiKey: 'k',
      baseUrl: server.baseUrl,
      model: 'whisper-1',
      timeoutMs: (ms) => ms / 4,
    });
    const wav = new Uint8Array(44);
    const timed = async (audioMs: number) => {
      const started = Date.now();
      await expect(transcriber.transcribe({ wav, audioMs, language: 'fa' })).rejects.toMatchObject({ code: 'timeout' });
      return Date.now() - started;
    };
    expect(await timed(400)).toBeLessThan(400);
    expect(await timed(2400)).toBeGreaterThanOrEqual(590);
  });
});

describe('the aggregates store from before unknown outcomes', () => {
  it(
    'is rebuilt from the ledger quietly (no "damaged" notice), and the rebuilt counters know ' + 'the unknown request',
    async () => {
      const dataDir = tempDir();
      const settings = {
        budget: DEFAULT_SETTINGS.budget,
        weekStartsOn: DEFAULT_SETTINGS.weekStartsOn,
        calendar: DEFAULT_SETTINGS.calendar,
      };
      const meter = await openUsageMeter({ dataDir, settings, source: 'cli', storeWriteDelayMs: 0 });
      await meter.record({
        kind: 'request',
        id: 'u1',
        at: Date.now(),
        sessionId: 's',
        model: 'whisper-1',
        provider: 'openai',
        audioMs: 2000,
        billed: { type: 'none' },
        billedSeconds: 0,
        costMicros: 200,
        outcome: 'unknown',
      });
      await meter.close();
      // As version 1 wrote it: five counter fields, version 1.
      const file = createAggregateStore(dataDir).path;
      const old = JSON.parse(readFileSync(file, 'utf8'));
      const five = (p: number[]) => p.slice(0, 5);
      old.version = 1;
      old.total = five(old.total);
      for (const day of Object.values(old.days) as Array<Record<string, number[]>>)
        for (const model of Object.keys(day)) day[model] = five(day[model]);
      writeFileSync(file, JSON.stringify(old));

      const reopened = await openUsageMeter({ dataDir, settings, source: 'cli', storeWriteDelayMs: 0 });
      expect(reopened.notices()).toEqual([]);
      expect((await reopened.counters()).total).toMatchObject({
        requests: 1,
        unknownRequests: 1,
        unknownCostMicros: 200,
        costMicros: 200,
      });
      await reopened.close();
    },
  );
});

describe('the retry loop asks before each new attempt', () => {
  it('stops when told (Ctrl-C, or a budget the failed attempt spent): no further request', async () => {
    let calls = 0;
    const failing = {
      transcribe: async () => {
        calls += 1;
        throw new TranscriptionError('timeout', { retryable: true, detail: 'no complete reply within 10 ms' });
      },
    };
    const asked: number[] = [];
    const outcome = transcribeWithRetry(
      failing,
      { wav: new Uint8Array(44), audioMs: 1000, language: 'fa' },
      { sleep: async () => {}, beforeRetry: (_error, attempt) => (asked.push(attempt), attempt < 2) },
    );
    await expect(outcome).rejects.toMatchObject({ code: 'timeout', attempts: 2 });
    expect(calls).toBe(2);
    expect(asked).toEqual([1, 2]);
  });
});
