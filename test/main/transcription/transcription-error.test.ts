import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { APIError } from 'openai';
import { createOpenAiTranscriber } from '../../../src-main/transcription/openai-transcriber';
import {
  TranscriptionError,
  classifyTranscriptionError,
  describeTranscriptionError,
  parseRetryAfterMs,
} from '../../../src-main/transcription/transcription-error';
import type { TranscriptionErrorCode } from '../../../src-main/transcription/types';
import {
  encodeTestWav,
  openAiErrorBody,
  openAiFailures,
  testRequest,
  useFakeOpenAiServers,
  type FakeServer,
} from '../../support/fake-openai-server';

let server: FakeServer | undefined;
const startServer = useFakeOpenAiServers();

async function failureOf(
  setup: (s: FakeServer) => void,
  options: {
    durationMs?: number;
    timeoutMs?: number;
    apiKey?: string;
    serverKey?: string;
    maxUploadBytes?: number;
  } = {},
): Promise<TranscriptionError> {
  server = await startServer({
    ...(options.serverKey !== undefined ? { apiKey: options.serverKey } : {}),
    ...(options.maxUploadBytes !== undefined ? { maxUploadBytes: options.maxUploadBytes } : {}),
  });
  setup(server);
  const transcriber = createOpenAiTranscriber({
    apiKey: options.apiKey ?? 'sk-test',
    baseUrl: server.baseUrl,
    model: 'whisper-1',
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const durationMs = options.durationMs ?? 1_000;
  const outcome = await transcriber.transcribe(testRequest(durationMs)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(TranscriptionError);
  return outcome as TranscriptionError;
}

describe('errors from real HTTP replies are classified for the person and the retry loop', () => {
  it('401 wrong key → bad_key, not retried, with the request id', async () => {
    const error = await failureOf(() => {}, { serverKey: 'sk-right', apiKey: 'sk-wrong' });
    expect(error).toMatchObject({ code: 'bad_key', retryable: false, status: 401 });
    expect(error.requestId).toBe(server!.requests[0].requestId);
    expect(error.detail).toContain('Incorrect API key');
  });

  it('403 country not supported → region_blocked, telling the person about a proxy or base URL', async () => {
    const error = await failureOf((s) => s.failNext(1, openAiFailures.regionBlocked()));
    expect(error).toMatchObject({ code: 'region_blocked', retryable: false, status: 403 });
    const text = describeTranscriptionError(error.code);
    expect(text.en).toMatch(/proxy/i);
    expect(text.en).toMatch(/baseUrl/);
    expect(text.en).toMatch(/proxyUrl|HTTPS_PROXY/);
    expect(text.fa).toContain('پراکسی');
  });

  it('403 region recognised from the message alone (relays that drop the code)', async () => {
    const error = await failureOf((s) =>
      s.failNext(1, {
        status: 403,
        body: openAiErrorBody('Country, region, or territory not supported', 'request_forbidden'),
      }),
    );
    expect(error.code).toBe('region_blocked');
  });

  it('other 403 → permission_denied', async () => {
    const error = await failureOf((s) => s.failNext(1, openAiFailures.permissionDenied()));
    expect(error).toMatchObject({ code: 'permission_denied', retryable: false });
  });

  it('429 insufficient_quota → quota_exhausted and NOT retryable, even with a retry-after header', async () => {
    const error = await failureOf((s) =>
      s.failNext(1, { ...openAiFailures.insufficientQuota(), headers: { 'retry-after': '1' } }),
    );
    expect(error).toMatchObject({ code: 'quota_exhausted', retryable: false, status: 429 });
  });

  it('429 credit_balance_exhausted in the type → quota_exhausted', async () => {
    const error = await failureOf((s) =>
      s.failNext(1, {
        status: 429,
        body: openAiErrorBody('Your credit balance is too low.', 'credit_balance_exhausted'),
      }),
    );
    expect(error.code).toBe('quota_exhausted');
  });

  it('429 rate limit → rate_limited, retryable, honouring retry-after in seconds', async () => {
    const error = await failureOf((s) => s.failNext(1, openAiFailures.rateLimited({ seconds: 7 })));
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, status: 429, retryAfterMs: 7_000 });
  });

  it('429 rate limit with retry-after-ms prefers the milliseconds header', async () => {
    const error = await failureOf((s) => s.failNext(1, openAiFailures.rateLimited({ ms: 1_250, seconds: 9 })));
    expect(error.retryAfterMs).toBe(1_250);
  });

  it('429 rate limit with an HTTP-date retry-after waits until that time', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const error = await failureOf((s) => s.failNext(1, openAiFailures.rateLimited({ date: at })));
    // HTTP dates have whole-second precision, so the wait lands within a second of 30 s.
    expect(error.retryAfterMs).toBeGreaterThan(28_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('429 rate limit without headers falls back to "try again in 1.5s" in the message', async () => {
    const error = await failureOf((s) =>
      s.failNext(1, {
        status: 429,
        body: openAiErrorBody(
          'Rate limit reached for requests. Please try again in 1.5s.',
          'requests',
          'rate_limit_exceeded',
        ),
      }),
    );
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 1_500 });
  });

  it('500 and 503 → server, retryable', async () => {
    const e500 = await failureOf((s) => s.failNext(1, openAiFailures.serverError()));
    expect(e500).toMatchObject({ code: 'server', retryable: true, status: 500 });
    await server!.close();
    const e503 = await failureOf((s) => s.failNext(1, { status: 503, body: 'upstream unavailable' }));
    expect(e503).toMatchObject({ code: 'server', retryable: true, status: 503 });
  });

  it('413 from an upload over the size limit → too_large, not retried', async () => {
    const error = await failureOf(() => {}, { maxUploadBytes: 20_000, durationMs: 1_000 });
    expect(error).toMatchObject({ code: 'too_large', retryable: false, status: 413 });
    expect(server!.requests[0].bodyBytes).toBeGreaterThan(32_000);
  });

  it('400 "Audio file is too short" for 50 ms of audio → too_short', async () => {
    const error = await failureOf(() => {}, { durationMs: 50 });
    expect(error).toMatchObject({ code: 'too_short', retryable: false, status: 400 });
    expect(error.detail).toContain('Minimum audio length is 0.1 seconds');
  });

  it('other 400 and 422 → bad_request', async () => {
    const e400 = await failureOf((s) =>
      s.failNext(1, { status: 400, body: openAiErrorBody("Invalid language 'xx'.", 'invalid_request_error') }),
    );
    expect(e400).toMatchObject({ code: 'bad_request', retryable: false });
    await server!.close();
    const e422 = await failureOf((s) =>
      s.failNext(1, { status: 422, body: openAiErrorBody('Unprocessable', 'invalid_request_error') }),
    );
    expect(e422).toMatchObject({ code: 'bad_request', retryable: false, status: 422 });
  });

  it('404 unknown model → model_not_found', async () => {
    server = await startServer({ models: ['whisper-1'] });
    const transcriber = createOpenAiTranscriber({ apiKey: 'k', baseUrl: server.baseUrl, model: 'whisper-9' });
    const error = (await transcriber.transcribe(testRequest(500)).catch((e: unknown) => e)) as TranscriptionError;
    expect(error).toMatchObject({ code: 'model_not_found', retryable: false, status: 404 });
  });

  it('connection reset by the server → network, retryable', async () => {
    const error = await failureOf((s) => s.destroyNext(1));
    expect(error).toMatchObject({ code: 'network', retryable: true });
    expect(error.status).toBeUndefined();
  });

  it('connection refused (nothing listening) → network, retryable', async () => {
    const port = await freePort();
    const transcriber = createOpenAiTranscriber({
      apiKey: 'k',
      baseUrl: `http://127.0.0.1:${port}/v1`,
      model: 'whisper-1',
    });
    const error = (await transcriber.transcribe(testRequest(500)).catch((e: unknown) => e)) as TranscriptionError;
    expect(error).toMatchObject({ code: 'network', retryable: true });
    expect(error.detail).toContain('ECONNREFUSED');
  });

  it('no reply within the timeout → timeout, retryable, after about the timeout', async () => {
    const started = Date.now();
    const error = await failureOf((s) => s.hangNext(1), { timeoutMs: 300 });
    const took = Date.now() - started;
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(5_000);
  });

  it('headers sent but the body stalls → still a timeout, not a hang forever', async () => {
    const error = await failureOf((s) => s.hangNext(1, { afterHeaders: true }), { timeoutMs: 300 });
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('the caller aborting mid-request → aborted, not retryable', async () => {
    server = await startServer();
    server.hangNext(1);
    const transcriber = createOpenAiTranscriber({
      apiKey: 'k',
      baseUrl: server.baseUrl,
      model: 'whisper-1',
      timeoutMs: 10_000,
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = (await transcriber
      .transcribe({ wav: encodeTestWav(500), audioMs: 500, language: 'fa', signal: controller.signal })
      .catch((e: unknown) => e)) as TranscriptionError;
    expect(error).toMatchObject({ code: 'aborted', retryable: false });
  });

  it('a 200 reply that is not a transcription (wrong base URL) is an error, not text', async () => {
    const { createServer: createHttpServer } = await import('node:http');
    const html = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>captive portal</html>');
    });
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    const port = (html.address() as { port: number }).port;
    try {
      const transcriber = createOpenAiTranscriber({
        apiKey: 'k',
        baseUrl: `http://127.0.0.1:${port}`,
        model: 'whisper-1',
      });
      const error = (await transcriber.transcribe(testRequest(500)).catch((e: unknown) => e)) as TranscriptionError;
      expect(error).toMatchObject({ code: 'bad_request', retryable: false });
      expect(error.detail).toMatch(/Base URL/);
    } finally {
      html.closeAllConnections();
      await new Promise((resolve) => html.close(resolve));
    }
  });
});

describe('classifyTranscriptionError on things that are not SDK errors', () => {
  it('keeps a TranscriptionError as it is and turns anything else into unknown', () => {
    const original = new TranscriptionError('rate_limited', { retryable: true, retryAfterMs: 10 });
    expect(classifyTranscriptionError(original)).toBe(original);
    expect(classifyTranscriptionError(new Error('boom'))).toMatchObject({
      code: 'unknown',
      retryable: false,
      detail: 'boom',
    });
    expect(classifyTranscriptionError('weird')).toMatchObject({ code: 'unknown', retryable: false });
    expect(classifyTranscriptionError(new DOMException('stop', 'AbortError')).code).toBe('aborted');
  });
});

describe('parseRetryAfterMs', () => {
  it('reads milliseconds, seconds and HTTP dates, and caps the wait at 60 s', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '250' }), now)).toBe(250);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '2.5' }), now)).toBe(2_500);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 10:00:12 GMT' }), now)).toBe(12_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 09:59:00 GMT' }), now)).toBe(0);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '3600' }), now)).toBe(60_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
  });
});

describe('describeTranscriptionError', () => {
  const codes: TranscriptionErrorCode[] = [
    'network',
    'timeout',
    'server',
    'rate_limited',
    'bad_key',
    'region_blocked',
    'permission_denied',
    'quota_exhausted',
    'too_large',
    'too_short',
    'bad_request',
    'model_not_found',
    'aborted',
    'unknown',
  ];

  it('gives every code its own Persian and English line', () => {
    const fa = new Set<string>();
    const en = new Set<string>();
    for (const code of codes) {
      const text = describeTranscriptionError(code);
      expect(text.fa).toMatch(/[\u0600-\u06FF]/);
      expect(text.en).toMatch(/^[\x20-\x7E]+$/);
      expect(text.fa).not.toContain('\n');
      fa.add(text.fa);
      en.add(text.en);
    }
    expect(fa.size).toBe(codes.length);
    expect(en.size).toBe(codes.length);
  });

  it('tells the person where the key lives when it is rejected, and that the audio is kept when out of credit', () => {
    expect(describeTranscriptionError('bad_key').en).toMatch(/Settings.*OPENAI_API_KEY/);
    expect(describeTranscriptionError('bad_key').fa).toContain('تنظیمات');
    expect(describeTranscriptionError('quota_exhausted').en).toMatch(/credit.*audio is kept/);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('waits and advice read from replies relays have mangled', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');

  it('falls back to retry-after when retry-after-ms is unusable, and ignores a negative or blank wait', () => {
    const headers = (init: Record<string, string>) => new Headers(init);
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '-5', 'retry-after': '2' }), now)).toBe(2_000);
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': 'soon', 'retry-after': '3' }), now)).toBe(3_000);
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': ' ', 'retry-after': '4' }), now)).toBe(4_000);
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '0' }), now)).toBe(0);
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '250.6' }), now)).toBe(251);
    expect(parseRetryAfterMs(headers({ 'retry-after-ms': '90000' }), now)).toBe(60_000);
    expect(parseRetryAfterMs(headers({ 'retry-after': '-1' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(headers({ 'retry-after': '0' }), now)).toBe(0);
    expect(parseRetryAfterMs(headers({ 'retry-after': '  ' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });

  it('reads "try again in 340ms" and "in 2s" from a 429 body that lost its headers', () => {
    const rateLimited = (message: string) =>
      classifyTranscriptionError(
        APIError.generate(
          429,
          { error: { message, type: 'requests', code: 'rate_limit_exceeded' } },
          undefined,
          new Headers(),
        ),
        now,
      );
    expect(rateLimited('Rate limit reached. Please try again in 340ms.')).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 340,
    });
    expect(rateLimited('Please TRY AGAIN IN 2s.').retryAfterMs).toBe(2_000);
    expect(rateLimited('Please try again in 90s.').retryAfterMs).toBe(60_000);
    expect(rateLimited('Rate limit reached, slow down.').retryAfterMs).toBeUndefined();
  });

  it('a 429 about money in the message alone is quota_exhausted, never retried', () => {
    const error = classifyTranscriptionError(
      APIError.generate(429, { error: { message: 'You exceeded your current quota.' } }, undefined, new Headers()),
      now,
    );
    expect(error).toMatchObject({ code: 'quota_exhausted', retryable: false, status: 429 });
  });

  it('a 4xx is retried only when the server says x-should-retry: true; a 5xx unless it says false', () => {
    const classify = (status: number, shouldRetry?: string) =>
      classifyTranscriptionError(
        APIError.generate(
          status,
          { error: { message: 'nope' } },
          undefined,
          new Headers(shouldRetry === undefined ? {} : { 'x-should-retry': shouldRetry }),
        ),
        now,
      );
    expect(classify(422)).toMatchObject({ code: 'bad_request', retryable: false });
    expect(classify(422, 'true')).toMatchObject({ code: 'bad_request', retryable: true });
    expect(classify(409)).toMatchObject({ code: 'server', retryable: true });
    expect(classify(500)).toMatchObject({ code: 'server', retryable: true });
    expect(classify(502, 'false')).toMatchObject({ code: 'server', retryable: false });
    expect(classify(408, 'false')).toMatchObject({ code: 'timeout', retryable: false });
    // A non-error status that still arrived as an error is not something to act on.
    expect(classify(302)).toMatchObject({ code: 'unknown', retryable: false, status: 302 });
  });

  it('names the low-level cause of a failed fetch, so the details view says ECONNRESET rather than "fetch failed"', () => {
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const fetchFailed = new TypeError('fetch failed', { cause: socket });
    expect(classifyTranscriptionError(fetchFailed)).toMatchObject({
      code: 'network',
      retryable: true,
      detail: 'fetch failed ← other side closed [UND_ERR_SOCKET]',
    });
    // Only four levels are followed: a cause chain is not a place to loop forever.
    let deep: Error = new Error('level 5');
    for (let level = 4; level >= 2; level--) deep = new Error(`level ${level}`, { cause: deep });
    expect(classifyTranscriptionError(new TypeError('fetch failed', { cause: deep })).detail).toBe(
      'fetch failed ← level 2 ← level 3 ← level 4',
    );
    // Another TypeError (a bug, not the network) is not retried as if the connection dropped.
    expect(classifyTranscriptionError(new TypeError('x is not a function'))).toMatchObject({
      code: 'unknown',
      retryable: false,
    });
  });

  it('treats any error named AbortError as a cancel, and keeps the message of anything unknown', () => {
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    expect(classifyTranscriptionError(abort)).toMatchObject({ code: 'aborted', retryable: false });
    expect(classifyTranscriptionError('weird').detail).toBe('weird');
    expect(classifyTranscriptionError(new Error('boom')).message).toBe(
      `${describeTranscriptionError('unknown').en} (boom)`,
    );
  });
});
