import { describe, expect, it } from 'vitest';
import { createOpenAiTranscriber, normalizeBaseUrl } from '../../../src-main/transcription/openai-transcriber';
import { TranscriptionError } from '../../../src-main/transcription/transcription-error';
import { encodeTestWav, testRequest, useFakeOpenAiServers, type FakeServer } from '../../support/fake-openai-server';

let server: FakeServer | undefined;
const startServer = useFakeOpenAiServers();

function request(durationMs: number, prompt?: string) {
  return testRequest(durationMs, prompt !== undefined ? { prompt } : {});
}

describe('createOpenAiTranscriber against a local OpenAI-compatible server', () => {
  it(
    'uploads the WAV with model, language=fa, response_format=json and the prompt, and returns ' + 'text and usage',
    async () => {
      server = await startServer({ apiKey: 'sk-test' });
      const transcriber = createOpenAiTranscriber({ apiKey: 'sk-test', baseUrl: server.baseUrl, model: 'whisper-1' });
      const sent = request(2_500, 'سلام، این متن قبلی است');

      const result = await transcriber.transcribe(sent);

      expect(server.requests).toHaveLength(1);
      const received = server.requests[0];
      expect(received.path).toBe('/v1/audio/transcriptions');
      expect(received.authorization).toBe('Bearer sk-test');
      expect(received.model).toBe('whisper-1');
      expect(received.language).toBe('fa');
      expect(received.responseFormat).toBe('json');
      expect(received.prompt).toBe('سلام، این متن قبلی است');
      expect(received.file?.filename).toBe('chunk.wav');
      expect(received.file?.contentType).toBe('audio/wav');
      expect(Buffer.from(received.file!.bytes).equals(Buffer.from(sent.wav))).toBe(true);
      expect(received.durationMs).toBe(2_500);

      expect(result.text).toBe('اين متن آزمايشي قطعه 0 است و 2.5 ثانيه طول كشيد.');
      expect(result.usage).toEqual({ type: 'duration', seconds: 3 });
      expect(result.requestId).toBe(received.requestId);
      expect(result.requestId).toMatch(/^req_[0-9a-f]{24}$/);
    },
  );

  it('leaves the prompt out entirely when it is empty or only spaces', async () => {
    server = await startServer();
    const transcriber = createOpenAiTranscriber({ apiKey: 'k', baseUrl: server.baseUrl, model: 'whisper-1' });
    await transcriber.transcribe(request(500, ''));
    await transcriber.transcribe(request(500, '   '));
    await transcriber.transcribe(request(500));
    expect(server.requests.map((r) => 'prompt' in r.fields)).toEqual([false, false, false]);
    expect(server.requests.map((r) => r.language)).toEqual(['fa', 'fa', 'fa']);
  });

  it('returns token usage for gpt-4o transcribe models, and no usage when the server sends none', async () => {
    server = await startServer({ transcribe: ({ durationMs }) => `${durationMs} میلی‌ثانیه` });
    const gpt = createOpenAiTranscriber({ apiKey: 'k', baseUrl: server.baseUrl, model: 'gpt-4o-mini-transcribe' });
    const result = await gpt.transcribe(request(1_000));
    expect(result.text).toBe('1000 میلی‌ثانیه');
    expect(result.usage).toEqual({
      type: 'tokens',
      input_tokens: 10,
      output_tokens: 8,
      total_tokens: 18,
      input_token_details: { audio_tokens: 10, text_tokens: 0 },
    });
    await server.close();

    server = await startServer({ omitUsage: true });
    const local = createOpenAiTranscriber({ apiKey: '', baseUrl: server.baseUrl, model: 'whisper-large-v3' });
    const bare = await local.transcribe(request(1_200));
    expect(bare.usage).toBeUndefined();
    expect(bare.text).toContain('1.2');
    // The SDK refuses an empty key, so a placeholder goes out to servers that ignore it.
    expect(server.requests[0].authorization).toMatch(/^Bearer \S+/);
  });

  it('accepts a pasted full endpoint URL as the base URL', async () => {
    server = await startServer();
    const transcriber = createOpenAiTranscriber({
      apiKey: 'k',
      baseUrl: `${server.baseUrl}/audio/transcriptions/`,
      model: 'whisper-1',
    });
    const result = await transcriber.transcribe(request(300));
    expect(result.text).toContain('0.3');
    expect(server.requests[0].path).toBe('/v1/audio/transcriptions');
  });

  it('refuses to call OpenAI itself without a key, without touching the network', async () => {
    const calls: string[] = [];
    const transcriber = createOpenAiTranscriber({
      apiKey: '  ',
      model: 'whisper-1',
      fetch: async (input) => {
        calls.push(String(input));
        throw new Error('network must not be used');
      },
    });
    const error = await transcriber.transcribe(request(500)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranscriptionError);
    expect((error as TranscriptionError).code).toBe('bad_key');
    expect(calls).toEqual([]);
  });

  it('uses an injected fetch for every request', async () => {
    server = await startServer();
    const urls: string[] = [];
    const transcriber = createOpenAiTranscriber({
      apiKey: 'k',
      baseUrl: server.baseUrl,
      model: 'whisper-1',
      fetch: (input, init) => {
        urls.push(String(input));
        return fetch(input, init);
      },
    });
    await transcriber.transcribe(request(400));
    // The SDK also probes FormData support with a `data:` URL; only real HTTP calls matter here.
    expect(urls.filter((url) => url.startsWith('http'))).toEqual([`${server.baseUrl}/audio/transcriptions`]);
    expect(server.requests).toHaveLength(1);
  });

  it('gets a 400 from the fake server for WAVs that are not 16 kHz mono', async () => {
    server = await startServer();
    const transcriber = createOpenAiTranscriber({ apiKey: 'k', baseUrl: server.baseUrl, model: 'whisper-1' });
    const stereo = { wav: encodeTestWav(1_000, { channels: 2 }), audioMs: 1_000, language: 'fa' };
    const error = (await transcriber.transcribe(stereo).catch((e: unknown) => e)) as TranscriptionError;
    expect(error.code).toBe('bad_request');
    expect(error.status).toBe(400);
    expect(error.detail).toContain('2 channel(s)');
  });
});

describe('the audio that leaves the machine', () => {
  it('is the whole chunk, to the millisecond, as a 16 kHz mono WAV the server bills by its length', async () => {
    server = await startServer();
    const transcriber = createOpenAiTranscriber({ apiKey: 'k', baseUrl: server.baseUrl, model: 'whisper-1' });
    const result = await transcriber.transcribe(testRequest(1_234));
    const [received] = server.requests;
    expect(Math.round(received.durationMs!)).toBe(1_234);
    expect(received.file?.filename).toMatch(/\.wav$/);
    expect(result.usage).toEqual({ type: 'duration', seconds: 2 });
  });
});

describe('normalizeBaseUrl', () => {
  it('turns what people paste into the base the SDK wants', () => {
    expect(normalizeBaseUrl('https://api.openai.com/v1/audio/transcriptions')).toBe('https://api.openai.com/v1');
    expect(normalizeBaseUrl('https://api.openai.com/v1/')).toBe('https://api.openai.com/v1');
    expect(normalizeBaseUrl('https://api.openai.com')).toBe('https://api.openai.com/v1');
    expect(normalizeBaseUrl('  https://api.openai.com/v1//  ')).toBe('https://api.openai.com/v1');
    expect(normalizeBaseUrl('')).toBe('https://api.openai.com/v1');
    expect(normalizeBaseUrl(undefined)).toBe('https://api.openai.com/v1');
    expect(normalizeBaseUrl('http://localhost:8000')).toBe('http://localhost:8000/v1');
    expect(normalizeBaseUrl('http://127.0.0.1:8080/v1/audio/transcriptions?x=1')).toBe('http://127.0.0.1:8080/v1');
    expect(normalizeBaseUrl('https://api.groq.com')).toBe('https://api.groq.com/openai/v1');
    expect(normalizeBaseUrl('https://api.groq.com/openai/v1/audio/transcriptions')).toBe(
      'https://api.groq.com/openai/v1',
    );
    expect(normalizeBaseUrl('https://relay.example.ir/openai-proxy/v1/')).toBe(
      'https://relay.example.ir/openai-proxy/v1',
    );
  });

  it('rejects text that is not an http(s) URL with a Persian and English message', () => {
    expect(() => normalizeBaseUrl('api.openai.com/v1')).toThrow(/معتبر نیست.*not valid/s);
    expect(() => normalizeBaseUrl('ftp://example.com/v1')).toThrow(/not valid/);
  });
});
