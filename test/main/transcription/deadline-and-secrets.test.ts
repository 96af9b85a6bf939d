import { createServer, type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createOpenAiTranscriber,
  DEFAULT_TIMEOUT_MS,
  requestTimeoutMs,
  toApiUsage,
} from '../../../src-main/transcription/openai-transcriber';
import { TranscriptionError, mayHaveBeenBilled } from '../../../src-main/transcription/transcription-error';
import { openAiErrorBody, openAiFailures, testRequest, useFakeOpenAiServers } from '../../support/fake-openai-server';

/**
 * What a person notices of the transcription client beyond the happy path: how long a hung server is waited for
 * (chosen by the chunk's length), whether a failed request is treated as possibly billed, which usage the meter is
 * given, and that an API key a relay echoes back never reaches a message, a log line or the details view.
 */
const startServer = useFakeOpenAiServers();

/** A port nothing listens on (taken, then given back). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function failureOf(promise: Promise<unknown>): Promise<TranscriptionError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(TranscriptionError);
  return outcome as TranscriptionError;
}

describe('how long a chunk may take before it counts as a timeout', () => {
  it('is 15 s plus the audio length, at most 90 s: 20 s for a 5 s chunk, 45 s for a 30 s one', () => {
    expect(requestTimeoutMs(0)).toBe(15_000);
    expect(requestTimeoutMs(5_000)).toBe(20_000);
    expect(requestTimeoutMs(30_000)).toBe(45_000);
    expect(requestTimeoutMs(75_000)).toBe(90_000);
    expect(requestTimeoutMs(75_001)).toBe(90_000);
    expect(requestTimeoutMs(10 * 60_000)).toBe(DEFAULT_TIMEOUT_MS);
    // A nonsensical negative length never shortens the 15 s floor; fractions round to whole milliseconds.
    expect(requestTimeoutMs(-5_000)).toBe(15_000);
    expect(requestTimeoutMs(1_234.6)).toBe(16_235);
  });

  it('gives up on a hung server after the deadline chosen for that chunk, and says how long it waited', async () => {
    const server = await startServer();
    server.hangNext(2);
    const asked: number[] = [];
    const transcriber = createOpenAiTranscriber({
      apiKey: 'k',
      baseUrl: server.baseUrl,
      model: 'whisper-1',
      timeoutMs: (audioMs) => {
        asked.push(audioMs);
        return audioMs / 4 + 0.4;
      },
    });

    const short = await failureOf(transcriber.transcribe(testRequest(800)));
    const long = await failureOf(transcriber.transcribe(testRequest(1_600)));

    expect(asked).toEqual([800, 1_600]);
    expect(short).toMatchObject({ code: 'timeout', retryable: true, detail: 'no complete reply within 200 ms' });
    expect(long).toMatchObject({ code: 'timeout', retryable: true, detail: 'no complete reply within 400 ms' });
    expect(short.message).toContain('did not answer in time');
    // A deadline that rounds to nothing still waits at least a millisecond rather than never starting.
    const instant = createOpenAiTranscriber({
      apiKey: 'k',
      baseUrl: server.baseUrl,
      model: 'whisper-1',
      timeoutMs: () => 0,
    });
    server.hangNext(1);
    expect((await failureOf(instant.transcribe(testRequest(500)))).detail).toBe('no complete reply within 1 ms');
  });

  it('refuses a fixed timeout that is not a positive whole number of milliseconds', () => {
    for (const timeoutMs of [0, -1, 1.5, Number.NaN]) {
      expect(() => createOpenAiTranscriber({ apiKey: 'k', model: 'whisper-1', timeoutMs })).toThrow(RangeError);
    }
    expect(() => createOpenAiTranscriber({ apiKey: 'k', model: 'whisper-1', timeoutMs: 1 })).not.toThrow();
  });
});

describe('an API key a relay echoes back', () => {
  // Not shaped like an OpenAI key or a bearer token, so only the exact-key removal can hide it.
  const key = 'relay-token-4f9a8b7c6d5e';

  it('is never in the error message, its detail, or anything a log would print of the error', async () => {
    const server = await startServer();
    server.failNext(1, {
      status: 400,
      body: openAiErrorBody(`Invalid credentials ${key} for this relay`, 'invalid_request_error'),
    });
    const transcriber = createOpenAiTranscriber({ apiKey: ` ${key} `, baseUrl: server.baseUrl, model: 'whisper-1' });

    const error = await failureOf(transcriber.transcribe(testRequest(500)));

    expect(error.code).toBe('bad_request');
    expect(error.status).toBe(400);
    expect(error.detail).toBe('400 Invalid credentials [redacted] for this relay');
    expect(error.message).not.toContain(key);
    expect(inspect(error, { depth: 10 })).not.toContain(key);
    expect(JSON.stringify(error)).not.toContain(key);
    // The key itself (trimmed) was what the server received.
    expect(server.requests[0]?.authorization).toBe(`Bearer ${key}`);
  });

  it('keeps everything else about the failure: status, request id, retry advice and wait', async () => {
    const server = await startServer();
    server.failNext(1, {
      status: 503,
      body: openAiErrorBody(`upstream refused ${key}`, 'server_error'),
      headers: { 'retry-after-ms': '1500', 'x-request-id': 'req_echo' },
    });
    const transcriber = createOpenAiTranscriber({ apiKey: key, baseUrl: server.baseUrl, model: 'whisper-1' });

    const error = await failureOf(transcriber.transcribe(testRequest(500)));

    expect(error).toMatchObject({
      code: 'server',
      retryable: true,
      status: 503,
      requestId: 'req_echo',
      retryAfterMs: 1_500,
      detail: '503 upstream refused [redacted]',
    });
    expect(inspect(error, { depth: 10 })).not.toContain(key);
  });

  it('leaves an error that does not mention the key as it was, cause included for the details view', async () => {
    const server = await startServer();
    server.failNext(1, openAiFailures.serverError(502));
    const transcriber = createOpenAiTranscriber({ apiKey: key, baseUrl: server.baseUrl, model: 'whisper-1' });

    const error = await failureOf(transcriber.transcribe(testRequest(500)));

    expect(error.code).toBe('server');
    expect(error.detail).toContain('502 The server had an error');
    expect(error.cause).toBeDefined();
  });
});

describe('whether a failed request may have been billed (the meter then keeps the chunk as "outcome unknown")', () => {
  it('is yes when the request went out and no answer came: our deadline, a cut connection, a cancel in flight', async () => {
    const server = await startServer();
    const transcriber = createOpenAiTranscriber({
      apiKey: 'k',
      baseUrl: server.baseUrl,
      model: 'whisper-1',
      timeoutMs: 150,
    });
    server.hangNext(1);
    const timedOut = await failureOf(transcriber.transcribe(testRequest(500)));
    server.destroyNext(1);
    const cut = await failureOf(transcriber.transcribe(testRequest(500)));
    const controller = new AbortController();
    server.hangNext(1);
    setTimeout(() => controller.abort(), 50);
    const cancelled = await failureOf(transcriber.transcribe(testRequest(500, { signal: controller.signal })));

    expect([timedOut.code, cut.code, cancelled.code]).toEqual(['timeout', 'network', 'aborted']);
    expect(mayHaveBeenBilled(timedOut)).toBe(true);
    expect(mayHaveBeenBilled(cut)).toBe(true);
    expect(mayHaveBeenBilled(cancelled)).toBe(true);
  });

  it('is no for any HTTP answer, even a retryable one, and for a connection that never opened', async () => {
    const server = await startServer();
    const transcriber = createOpenAiTranscriber({ apiKey: 'k', baseUrl: server.baseUrl, model: 'whisper-1' });
    server.failNext(1, openAiFailures.serverError(500));
    const serverError = await failureOf(transcriber.transcribe(testRequest(500)));
    server.failNext(1, { ...openAiFailures.serverError(408), status: 408 });
    const httpTimeout = await failureOf(transcriber.transcribe(testRequest(500)));
    const refused = await failureOf(
      createOpenAiTranscriber({
        apiKey: 'k',
        baseUrl: `http://127.0.0.1:${await freePort()}/v1`,
        model: 'whisper-1',
      }).transcribe(testRequest(500)),
    );

    expect(serverError.code).toBe('server');
    expect(httpTimeout.code).toBe('timeout');
    expect(refused.code).toBe('network');
    expect(refused.detail).toContain('ECONNREFUSED');
    expect(mayHaveBeenBilled(serverError)).toBe(false);
    expect(mayHaveBeenBilled(httpTimeout)).toBe(false);
    expect(mayHaveBeenBilled(refused)).toBe(false);
  });

  it('is no for a proxy or name lookup that failed, and for errors that are not about the network', () => {
    const network = (detail: string) => new TranscriptionError('network', { retryable: true, detail });
    expect(mayHaveBeenBilled(network('fetch failed getaddrinfo ENOTFOUND api.openai.com'))).toBe(false);
    expect(mayHaveBeenBilled(network('Proxy response (407) !== 200 when HTTP Tunneling'))).toBe(false);
    expect(mayHaveBeenBilled(network('other side closed [UND_ERR_SOCKET]'))).toBe(true);
    expect(mayHaveBeenBilled(new TranscriptionError('network', { retryable: true }))).toBe(true);
    expect(mayHaveBeenBilled(new TranscriptionError('bad_key', { retryable: false }))).toBe(false);
    expect(mayHaveBeenBilled(new TranscriptionError('unknown', { retryable: false }))).toBe(false);
  });
});

describe('the usage a reply reports, as the meter is given it', () => {
  it('keeps seconds billed by duration and tokens with their audio/text split', () => {
    expect(toApiUsage({ type: 'duration', seconds: 3 })).toEqual({ type: 'duration', seconds: 3 });
    expect(toApiUsage({ type: 'duration', seconds: 0 })).toEqual({ type: 'duration', seconds: 0 });
    expect(
      toApiUsage({
        type: 'tokens',
        input_tokens: 12,
        output_tokens: 5,
        total_tokens: 17,
        input_token_details: { audio_tokens: 10, text_tokens: 2 },
      }),
    ).toEqual({
      type: 'tokens',
      input_tokens: 12,
      output_tokens: 5,
      total_tokens: 17,
      input_token_details: { audio_tokens: 10, text_tokens: 2 },
    });
    expect(toApiUsage({ type: 'tokens', input_tokens: 0, output_tokens: 0, total_tokens: 0 })).toEqual({
      type: 'tokens',
      input_tokens: 0,
      output_tokens: 0,
      total_tokens: 0,
    });
  });

  it('drops usage it cannot bill exactly rather than guessing, and only the bad part of the details', () => {
    for (const bad of [
      null,
      'usage',
      3,
      {},
      { type: 'duration' },
      { type: 'duration', seconds: -1 },
      { type: 'duration', seconds: Number.POSITIVE_INFINITY },
      { type: 'duration', seconds: '3' },
      { type: 'seconds', seconds: 3 },
      { type: 'tokens', output_tokens: 1, total_tokens: 1 },
      { type: 'tokens', input_tokens: 1, total_tokens: 1 },
      { type: 'tokens', input_tokens: 1, output_tokens: 1 },
      { type: 'tokens', input_tokens: -1, output_tokens: 1, total_tokens: 0 },
      { type: 'tokens', input_tokens: 1, output_tokens: Number.NaN, total_tokens: 1 },
      { type: 'duration', input_tokens: 1, output_tokens: 1, total_tokens: 2 },
    ]) {
      expect(toApiUsage(bad)).toBeUndefined();
    }
    const tokens = { type: 'tokens', input_tokens: 4, output_tokens: 1, total_tokens: 5 };
    expect(toApiUsage({ ...tokens, input_token_details: { audio_tokens: -3, text_tokens: 4 } })).toEqual({
      ...tokens,
      input_token_details: { text_tokens: 4 },
    });
    expect(toApiUsage({ ...tokens, input_token_details: { audio_tokens: 4, text_tokens: 'x' } })).toEqual({
      ...tokens,
      input_token_details: { audio_tokens: 4 },
    });
    expect(toApiUsage({ ...tokens, input_token_details: 'none' })).toEqual(tokens);
  });
});

describe('requests that are never sent, and replies that are not transcriptions', () => {
  it('sends nothing for a chunk whose session was cancelled, and says it was cancelled, not failed', async () => {
    const server = await startServer();
    const transcriber = createOpenAiTranscriber({ apiKey: 'k', baseUrl: server.baseUrl, model: 'whisper-1' });
    const controller = new AbortController();
    controller.abort();
    const error = await failureOf(transcriber.transcribe(testRequest(500, { signal: controller.signal })));
    expect(error).toMatchObject({ code: 'aborted', retryable: false });
    expect(server.requests).toHaveLength(0);
  });

  it('without a key for OpenAI itself: not retried, and the details say no key is configured', async () => {
    const transcriber = createOpenAiTranscriber({ apiKey: '', model: 'whisper-1' });
    const error = await failureOf(transcriber.transcribe(testRequest(500)));
    expect(error).toMatchObject({ code: 'bad_key', retryable: false, detail: 'no API key configured' });
    expect(error.message).toContain('Settings');
  });

  it('a 200 whose body is plain text, a number or a text that is not a string is an error naming what came', async () => {
    const server = await startServer();
    const transcriber = createOpenAiTranscriber({ apiKey: 'k', baseUrl: server.baseUrl, model: 'whisper-1' });
    const page = `Welcome to the router admin page ${'x'.repeat(100)}`;
    server.failNext(1, { status: 200, body: page });
    const text = await failureOf(transcriber.transcribe(testRequest(500)));
    expect(text).toMatchObject({ code: 'bad_request', retryable: false });
    expect(text.detail).toBe(`the reply was not a transcription (text: ${page.slice(0, 60)}); check the Base URL`);
    expect(text.requestId).toBeDefined();
    for (const [body, shape] of [
      [{ text: 5 }, 'object'],
      [42, 'number'],
      [null, 'object'],
    ] as const) {
      server.failNext(1, { status: 200, body });
      const error = await failureOf(transcriber.transcribe(testRequest(500)));
      expect(error.code).toBe('bad_request');
      expect(error.detail).toBe(`the reply was not a transcription (${shape}); check the Base URL`);
    }
  });
});
