import { describe, expect, it } from 'vitest';
import { createOpenAiTranscriber } from '../../../src-main/transcription/openai-transcriber';
import { abortableSleep, retryDelayMs, transcribeWithRetry } from '../../../src-main/transcription/retry';
import { TranscriptionError } from '../../../src-main/transcription/transcription-error';
import type { Transcriber, TranscriptionRequest } from '../../../src-main/transcription/types';
import {
  openAiErrorBody,
  openAiFailures,
  testRequest,
  useFakeOpenAiServers,
  type FakeServer,
} from '../../support/fake-openai-server';

let server: FakeServer | undefined;
const startServer = useFakeOpenAiServers();

function chunk(durationMs = 1_000, signal?: AbortSignal): TranscriptionRequest {
  return testRequest(durationMs, signal ? { signal } : {});
}

/** Records the waits the retry loop asks for instead of sitting through them. */
function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

async function setup(): Promise<{ server: FakeServer; transcriber: Transcriber }> {
  server = await startServer();
  return {
    server,
    transcriber: createOpenAiTranscriber({
      apiKey: 'k',
      baseUrl: server.baseUrl,
      model: 'whisper-1',
      timeoutMs: 2_000,
    }),
  };
}

describe('transcribeWithRetry against the local server', () => {
  it('retries 500s and a reset connection, then returns the transcript and how many requests it took', async () => {
    const { server, transcriber } = await setup();
    server.failNext(2, openAiFailures.serverError());
    server.destroyNext(1);
    const { waits, sleep } = recordingSleep();
    const failed: Array<[string, number, boolean]> = [];

    const { result, attempts } = await transcribeWithRetry(transcriber, chunk(1_500), {
      sleep,
      random: () => 0,
      onFailedAttempt: (error, attempt, willRetry) => void failed.push([error.code, attempt, willRetry]),
    });

    expect(result.text).toContain('1.5');
    expect(result.usage).toEqual({ type: 'duration', seconds: 2 });
    expect(attempts).toBe(4);
    expect(server.requests).toHaveLength(4);
    expect(server.requests.map((r) => r.outcome)).toEqual(['replied', 'replied', 'destroyed', 'replied']);
    expect(failed).toEqual([
      ['server', 1, true],
      ['server', 2, true],
      ['network', 3, true],
    ]);
    // Exponential backoff from 500 ms with no jitter.
    expect(waits).toEqual([500, 1_000, 2_000]);
  });

  it('never retries an exhausted quota: one request, one failure recorded, error thrown at once', async () => {
    const { server, transcriber } = await setup();
    server.failNext(3, openAiFailures.insufficientQuota());
    const { waits, sleep } = recordingSleep();
    const failed: Array<[string, boolean]> = [];

    const error = (await transcribeWithRetry(transcriber, chunk(), {
      sleep,
      onFailedAttempt: (e, _attempt, willRetry) => void failed.push([e.code, willRetry]),
    }).catch((e: unknown) => e)) as TranscriptionError;

    expect(error).toBeInstanceOf(TranscriptionError);
    expect(error.code).toBe('quota_exhausted');
    expect(error.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(failed).toEqual([['quota_exhausted', false]]);
    expect(waits).toEqual([]);
  });

  it.each([
    ['bad key', openAiFailures.badKey(), 'bad_key'],
    ['region blocked', openAiFailures.regionBlocked(), 'region_blocked'],
  ] as const)('does not retry %s', async (_name, failure, code) => {
    const { server, transcriber } = await setup();
    server.failNext(5, failure);
    const error = (await transcribeWithRetry(transcriber, chunk(), { sleep: async () => {} }).catch(
      (e: unknown) => e,
    )) as TranscriptionError;
    expect(error.code).toBe(code);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 409 conflict and a 408 from the server, and the transcript arrives', async () => {
    const { server, transcriber } = await setup();
    server.failNext(1, { status: 409, body: openAiErrorBody('Conflict, try again', 'server_error') });
    server.failNext(1, { status: 408, body: openAiErrorBody('Request timeout', 'server_error') });
    const codes: string[] = [];
    const { result, attempts } = await transcribeWithRetry(transcriber, chunk(1_500), {
      sleep: async () => {},
      onFailedAttempt: (e) => void codes.push(e.code),
    });
    expect(result.text).toContain('1.5');
    expect(attempts).toBe(3);
    expect(server.requests.map((r) => r.status)).toEqual([409, 408, 200]);
    expect(codes).toEqual(['server', 'timeout']);
  });

  it(
    'asks once more when the server says x-should-retry: true, even for a 4xx, and never when ' + 'it says false',
    async () => {
      const { server, transcriber } = await setup();
      server.failNext(1, {
        status: 400,
        body: openAiErrorBody('Temporary glitch', 'invalid_request_error'),
        headers: { 'x-should-retry': 'true' },
      });
      const { result } = await transcribeWithRetry(transcriber, chunk(1_000), { sleep: async () => {} });
      expect(result.text).toContain('1.0');
      expect(server.requests).toHaveLength(2);

      server.failNext(5, { status: 503, body: 'overloaded', headers: { 'x-should-retry': 'false' } });
      const error = (await transcribeWithRetry(transcriber, chunk(1_000), { sleep: async () => {} }).catch(
        (e: unknown) => e,
      )) as TranscriptionError;
      expect(error).toMatchObject({ code: 'server', status: 503, attempts: 1 });
      expect(server.requests).toHaveLength(3);
    },
  );

  it('does not retry audio that is too short', async () => {
    const { server, transcriber } = await setup();
    const error = (await transcribeWithRetry(transcriber, chunk(60), { sleep: async () => {} }).catch(
      (e: unknown) => e,
    )) as TranscriptionError;
    expect(error.code).toBe('too_short');
    expect(server.requests).toHaveLength(1);
  });

  it('stops at maxAttempts and throws the last error, every attempt recorded', async () => {
    const { server, transcriber } = await setup();
    server.failNext(10, openAiFailures.serverError(502));
    const { waits, sleep } = recordingSleep();
    const attemptsSeen: number[] = [];

    const error = (await transcribeWithRetry(transcriber, chunk(), {
      maxAttempts: 3,
      sleep,
      random: () => 0,
      onFailedAttempt: (_e, attempt) => void attemptsSeen.push(attempt),
    }).catch((e: unknown) => e)) as TranscriptionError;

    expect(error).toMatchObject({ code: 'server', status: 502, attempts: 3 });
    expect(server.requests).toHaveLength(3);
    expect(attemptsSeen).toEqual([1, 2, 3]);
    expect(waits).toHaveLength(2);
  });

  it('defaults to 5 attempts', async () => {
    const { server, transcriber } = await setup();
    server.failNext(10, openAiFailures.serverError());
    const error = (await transcribeWithRetry(transcriber, chunk(), { sleep: async () => {} }).catch(
      (e: unknown) => e,
    )) as TranscriptionError;
    expect(error.attempts).toBe(5);
    expect(server.requests).toHaveLength(5);
  });

  it('waits as long as the rate-limit retry-after says, capped at 60 s', async () => {
    const { server, transcriber } = await setup();
    server.failNext(1, openAiFailures.rateLimited({ seconds: 3 }));
    server.failNext(1, openAiFailures.rateLimited({ ms: 750 }));
    server.failNext(1, openAiFailures.rateLimited({ seconds: 600 }));
    const { waits, sleep } = recordingSleep();

    const { attempts } = await transcribeWithRetry(transcriber, chunk(), { sleep, random: () => 0.99 });

    expect(attempts).toBe(4);
    expect(waits).toEqual([3_000, 750, 60_000]);
  });

  it('really waits with the default sleep (short retry-after-ms)', async () => {
    const { server, transcriber } = await setup();
    server.failNext(1, openAiFailures.rateLimited({ ms: 200 }));
    const started = Date.now();
    const { attempts } = await transcribeWithRetry(transcriber, chunk());
    expect(attempts).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('retries a timed-out request and gets the transcript on the next try', async () => {
    server = await startServer();
    server.hangNext(1);
    const transcriber = createOpenAiTranscriber({
      apiKey: 'k',
      baseUrl: server.baseUrl,
      model: 'whisper-1',
      timeoutMs: 250,
    });
    const failed: string[] = [];
    const { result, attempts } = await transcribeWithRetry(transcriber, chunk(800), {
      sleep: async () => {},
      onFailedAttempt: (e) => void failed.push(e.code),
    });
    expect(attempts).toBe(2);
    expect(failed).toEqual(['timeout']);
    expect(result.text).toContain('0.8');
  });

  it('an abort during the wait stops the loop without another request', async () => {
    const { server, transcriber } = await setup();
    server.failNext(5, openAiFailures.serverError());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();

    const error = (await transcribeWithRetry(transcriber, chunk(500, controller.signal), {
      baseDelayMs: 5_000,
    }).catch((e: unknown) => e)) as TranscriptionError;

    expect(error.code).toBe('aborted');
    expect(error.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('retry delays', () => {
  const serverError = new TranscriptionError('server', { retryable: true });

  it('doubles from the base delay up to the maximum, and jitter only shortens it by up to a quarter', () => {
    const noJitter = [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(serverError, n, 500, 8_000, () => 0));
    expect(noJitter).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000]);
    const fullJitter = [1, 2, 3].map((n) => retryDelayMs(serverError, n, 500, 8_000, () => 0.999_999));
    expect(fullJitter).toEqual([375, 750, 1_500]);
  });

  it('passes the base and max delay options through', async () => {
    const waits: number[] = [];
    let calls = 0;
    const flaky: Transcriber = {
      async transcribe() {
        calls++;
        if (calls < 4) throw new TranscriptionError('network', { retryable: true });
        return { text: 'سلام' };
      },
    };
    const outcome = await transcribeWithRetry(flaky, chunk(), {
      baseDelayMs: 100,
      maxDelayMs: 250,
      random: () => 0,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(outcome).toEqual({ result: { text: 'سلام' }, attempts: 4 });
    expect(waits).toEqual([100, 200, 250]);
  });

  it('abortableSleep rejects with aborted as soon as the signal fires', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const error = (await abortableSleep(10_000, controller.signal).catch((e: unknown) => e)) as TranscriptionError;
    expect(error).toMatchObject({ code: 'aborted', retryable: false });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('rejects a maxAttempts below 1', async () => {
    const never: Transcriber = { transcribe: async () => ({ text: 'x' }) };
    await expect(transcribeWithRetry(never, chunk(), { maxAttempts: 0 })).rejects.toThrow(RangeError);
  });
});

describe('when the retry loop stops', () => {
  const failing = (codes: Array<TranscriptionError | { text: string }>) => {
    const requests: number[] = [];
    const transcriber: Transcriber = {
      async transcribe() {
        requests.push(requests.length + 1);
        const next = codes.shift() ?? { text: 'done' };
        if (next instanceof TranscriptionError) throw next;
        return next;
      },
    };
    return { transcriber, requests };
  };
  const serverError = () => new TranscriptionError('server', { retryable: true, status: 500 });

  it('sends nothing at all for a chunk whose session was already cancelled', async () => {
    const { transcriber, requests } = failing([]);
    const controller = new AbortController();
    controller.abort();
    const error = (await transcribeWithRetry(transcriber, chunk(500, controller.signal)).catch(
      (e: unknown) => e,
    )) as TranscriptionError;
    expect(error).toMatchObject({ code: 'aborted', retryable: false, attempts: 0 });
    expect(requests).toEqual([]);
  });

  it('asks before each retry, after the wait, and stops with the last error when told no (Ctrl-C, budget)', async () => {
    const { transcriber, requests } = failing([serverError(), serverError(), serverError()]);
    const events: string[] = [];
    const error = (await transcribeWithRetry(transcriber, chunk(), {
      random: () => 0,
      sleep: async (ms) => void events.push(`wait ${ms}`),
      onFailedAttempt: (e, attempt, willRetry) => void events.push(`failed ${attempt} ${e.code} ${willRetry}`),
      beforeRetry: (e, attempt) => {
        events.push(`ask ${attempt} ${e.code}`);
        return attempt < 2;
      },
    }).catch((e: unknown) => e)) as TranscriptionError;

    expect(error).toMatchObject({ code: 'server', status: 500, attempts: 2 });
    expect(requests).toHaveLength(2);
    expect(events).toEqual([
      'failed 1 server true',
      'wait 500',
      'ask 1 server',
      'failed 2 server true',
      'wait 1000',
      'ask 2 server',
    ]);
  });

  it('with a yes before each retry, the transcript still arrives', async () => {
    const { transcriber, requests } = failing([serverError(), serverError()]);
    const outcome = await transcribeWithRetry(transcriber, chunk(), {
      sleep: async () => {},
      beforeRetry: async () => true,
    });
    expect(outcome).toEqual({ result: { text: 'done' }, attempts: 3 });
    expect(requests).toHaveLength(3);
  });

  it('tells the caller no retry follows on the last allowed attempt and for an error not worth retrying', async () => {
    const once = failing([serverError()]);
    const seen: boolean[] = [];
    const error = (await transcribeWithRetry(once.transcriber, chunk(), {
      maxAttempts: 1,
      sleep: async () => {},
      onFailedAttempt: (_e, _attempt, willRetry) => void seen.push(willRetry),
    }).catch((e: unknown) => e)) as TranscriptionError;
    expect(error).toMatchObject({ code: 'server', attempts: 1 });
    expect(once.requests).toHaveLength(1);

    const badKey = failing([new TranscriptionError('bad_key', { retryable: false, status: 401 })]);
    await transcribeWithRetry(badKey.transcriber, chunk(), {
      sleep: async () => {},
      onFailedAttempt: (_e, _attempt, willRetry) => void seen.push(willRetry),
    }).catch(() => undefined);
    expect(badKey.requests).toHaveLength(1);
    expect(seen).toEqual([false, false]);
  });

  it('refuses a maxAttempts that is not a whole number', async () => {
    const { transcriber, requests } = failing([]);
    await expect(transcribeWithRetry(transcriber, chunk(), { maxAttempts: 2.5 })).rejects.toThrow(RangeError);
    expect(requests).toEqual([]);
  });

  it("follows the server's retry-after over the backoff, never waiting less than nothing", () => {
    const asked = (retryAfterMs: number) => new TranscriptionError('rate_limited', { retryable: true, retryAfterMs });
    expect(retryDelayMs(asked(1_200), 3, 500, 8_000, () => 0.5)).toBe(1_200);
    expect(retryDelayMs(asked(0), 1, 500, 8_000, () => 0)).toBe(0);
    expect(retryDelayMs(asked(-300), 1, 500, 8_000, () => 0)).toBe(0);
    expect(retryDelayMs(asked(600_000), 1, 500, 8_000, () => 0)).toBe(60_000);
  });

  it('abortableSleep refuses at once when the signal has already fired, and otherwise resolves after the wait', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(abortableSleep(60_000, controller.signal)).rejects.toMatchObject({ code: 'aborted' });
    const live = new AbortController();
    await expect(abortableSleep(5, live.signal)).resolves.toBeUndefined();
    // Cancelling after the wait is over changes nothing.
    live.abort();
    await expect(abortableSleep(5)).resolves.toBeUndefined();
  });
});
