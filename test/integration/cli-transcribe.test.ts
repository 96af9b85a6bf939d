import { beforeAll, describe, expect, it } from 'vitest';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildSpeechFixture,
  noiseOnly,
  silenceSamples,
  writeWav,
  PERSIAN_SENTENCES,
  type SpeechFixture,
} from '../support/speech-fixtures';
import { openAiFailures, useFakeOpenAiServers, type FakeServer } from '../support/fake-openai-server';
import { createOpenAiTranscriber } from '../../src-main/transcription/openai-transcriber';
import { startConnectProxy } from '../support/connect-proxy';
import { sokhan, tempDir, usageJson } from './cli-harness';

interface TranscribeJson {
  text: string;
  audioMs: number;
  chunks: Array<{ startMs: number; endMs: number; text: string; status: string }>;
  usage: { requests: number; failedRequests: number; sentAudioMs: number; billedSeconds: number; costUsd: number };
}

const KEY = 'sk-test-key';
let fixture: SpeechFixture;
let speechWav: string;
let server: FakeServer | undefined;

beforeAll(async () => {
  // Five sentences with pauses of 0.3–2.5 s: several chunks, cut only at the long pauses.
  fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 5), gapsMs: [300, 1500, 600, 2500] });
  speechWav = join(tempDir(), 'speech.wav');
  await writeWav(speechWav, fixture.pcm);
});

const startServer = useFakeOpenAiServers();

async function start(options: Parameters<typeof startServer>[0] = {}): Promise<FakeServer> {
  server = await startServer({ apiKey: KEY, ...options });
  return server;
}

function transcribeArgs(file: string, dataDir: string, base: string, ...more: string[]): string[] {
  return ['transcribe', file, '--json', '--base-url', base, '--data-dir', dataDir, ...more];
}

describe('sokhan transcribe (against a local OpenAI-compatible server)', () => {
  it('prints normalised Persian text for every spoken sentence and meters each request exactly', async () => {
    const api = await start();
    const dataDir = tempDir();
    const run = await sokhan(transcribeArgs(speechWav, dataDir, api.baseUrl), { OPENAI_API_KEY: KEY });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as TranscribeJson;

    // Every true speech interval lies inside a sent chunk, and chunks are placed in the file.
    for (const span of fixture.speech) {
      expect(result.chunks.some((c) => c.startMs <= span.startMs && c.endMs >= span.endMs)).toBe(true);
    }
    expect(result.chunks.length).toBeGreaterThanOrEqual(2);
    expect(result.chunks.length).toBeLessThan(fixture.speech.length + 1);
    // The server answered with Arabic ي and ك; the person sees Persian ی and ک.
    expect(result.text).not.toMatch(/[يك]/);
    expect(result.text).toContain('آزمایشی');
    expect(result.text.split('آزمایشی').length - 1).toBe(result.chunks.length);

    // Every request carried what Persian dictation needs.
    expect(api.requests).toHaveLength(result.chunks.length);
    for (const request of api.requests) {
      expect(request.model).toBe('gpt-transcribe');
      expect(request.language).toBe('fa');
      expect(request.responseFormat).toBe('json');
    }
    // Continuity: the second chunk's prompt is the first chunk's text.
    expect(api.requests[0].prompt).toBeUndefined();
    expect(api.requests[1].prompt).toBe(result.chunks[0].text);

    // Billing from the reply's usage: whole seconds × $0.0045/min (the default gpt-transcribe) = $0.000075 a second.
    const billedSeconds = api.requests.reduce((sum, r) => sum + Math.ceil((r.durationMs ?? 0) / 1000), 0);
    expect(result.usage.billedSeconds).toBe(billedSeconds);
    expect(result.usage.costUsd).toBeCloseTo(billedSeconds * 0.000075, 10);
    expect(result.usage.sentAudioMs).toBe(api.requests.reduce((sum, r) => sum + (r.durationMs ?? 0), 0));
    // Less audio is sent than the file holds: the silences are not paid for.
    expect(result.usage.sentAudioMs).toBeLessThan(result.audioMs);

    // The shared meter shows the same numbers.
    const usage = await usageJson(dataDir);
    expect(usage.total).toEqual({
      requests: result.chunks.length,
      failedRequests: 0,
      audioMs: result.usage.sentAudioMs,
      billedSeconds,
      costUsd: result.usage.costUsd,
      unknownRequests: 0,
      unknownCostUsd: 0,
    });
  });

  it('keeps spoken order when replies come back out of order', async () => {
    const api = await start({ transcribe: (info) => `بخش ${info.durationMs}` });
    const real = createOpenAiTranscriber({ apiKey: KEY, baseUrl: api.baseUrl, model: 'whisper-1' });
    let call = 0;
    // Later requests answer sooner than earlier ones.
    const delays = [0, 400, 250, 100, 0, 0, 0];
    const slowFirst = {
      transcribe: async (request: Parameters<typeof real.transcribe>[0]) => {
        await new Promise((resolve) => setTimeout(resolve, delays[call++] ?? 0));
        return real.transcribe(request);
      },
    };
    const run = await sokhan(
      transcribeArgs(speechWav, tempDir(), api.baseUrl),
      { OPENAI_API_KEY: KEY },
      { transcriber: slowFirst },
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as TranscribeJson;
    const expected = result.chunks.map((c) => c.text).join(' ');
    expect(result.text).toBe(expected);
    const starts = result.chunks.map((c) => c.startMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('sends nothing for 20 s of silence or of noise alone', async () => {
    const api = await start();
    const dir = tempDir();
    const silent = join(dir, 'silence.wav');
    const noisy = join(dir, 'noise.wav');
    await writeWav(silent, silenceSamples(20_000));
    await writeWav(noisy, noiseOnly('pink', 20_000, -30));
    for (const file of [silent, noisy]) {
      const run = await sokhan(transcribeArgs(file, join(dir, 'data'), api.baseUrl), { OPENAI_API_KEY: KEY });
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as TranscribeJson;
      expect(result.text).toBe('');
      expect(result.usage).toEqual({
        requests: 0,
        failedRequests: 0,
        sentAudioMs: 0,
        billedSeconds: 0,
        costUsd: 0,
        unknownRequests: 0,
        unknownCostUsd: 0,
      });
    }
    expect(api.requests).toHaveLength(0);
  });

  it(
    'drops the subtitle credit Whisper invents for a chunk with little speech, but still ' + 'counts what it cost',
    async () => {
      const api = await start({ transcribe: () => 'زیرنویس توسط امیر' });
      const short = await buildSpeechFixture({ sentences: ['بله'], leadingSilenceMs: 3000, trailingSilenceMs: 3000 });
      const file = join(tempDir(), 'yes.wav');
      await writeWav(file, short.pcm);
      const dataDir = tempDir();
      const run = await sokhan(transcribeArgs(file, dataDir, api.baseUrl), { OPENAI_API_KEY: KEY });
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as TranscribeJson;
      // Dropped, never silently lost: the API's words are in --json and in the ledger line that billed them.
      expect(result.chunks).toEqual([
        expect.objectContaining({ status: 'dropped', text: '', droppedText: 'زیرنویس توسط امیر' }),
      ]);
      const ledger = (await readFile(join(dataDir, 'usage-ledger.jsonl'), 'utf8'))
        .split('\n')
        .filter((line) => line.includes('"request"'));
      expect(ledger.map((line) => (JSON.parse(line) as { droppedText?: string }).droppedText)).toEqual([
        'زیرنویس توسط امیر',
      ]);
      expect(result.text).toBe('');
      expect(result.usage.requests).toBe(1);
      expect(result.usage.costUsd).toBeGreaterThan(0);
    },
  );

  it('keeps chunks through an outage and sends them with `spool retry` later', async () => {
    const api = await start();
    const dataDir = tempDir();
    api.failNext(100, openAiFailures.serverError(503));
    // Two dictations during the outage: their chunks share numbers, and both must come back whole.
    for (let run = 0; run < 2; run++) {
      const failed = await sokhan(transcribeArgs(speechWav, dataDir, api.baseUrl), { OPENAI_API_KEY: KEY });
      expect(failed.code).toBe(4);
      expect(failed.stderr).toMatch(/spool retry/);
    }
    const waiting = JSON.parse((await sokhan(['spool', 'list', '--json', '--data-dir', dataDir])).stdout) as Array<{
      status: string;
    }>;
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(waiting.every((entry) => entry.status === 'failed')).toBe(true);
    expect((await usageJson(dataDir)).total.costUsd).toBe(0);

    // The outage ends: the same chunks go through and the spool empties.
    await api.close();
    server = await startServer({ apiKey: KEY });
    await sokhan(['config', 'set', 'baseUrl', server.baseUrl, '--data-dir', dataDir]);
    const retried = await sokhan(['spool', 'retry', '--data-dir', dataDir], { OPENAI_API_KEY: KEY });
    expect(retried.code).toBe(0);
    expect(retried.stdout.split('آزمایشی').length - 1).toBe(waiting.length);
    expect(retried.stdout.trim().split('\n')).toHaveLength(2);
    expect(JSON.parse((await sokhan(['spool', 'list', '--json', '--data-dir', dataDir])).stdout)).toEqual([]);
    expect((await usageJson(dataDir)).total.costUsd).toBeGreaterThan(0);
  });

  it('with block-at-limit, sends only what the daily budget allows and keeps the rest as blocked', async () => {
    const api = await start();
    const dataDir = tempDir();
    // $0.0015 pays for 20 billed seconds of gpt-transcribe: the first chunk, not all of them.
    for (const [key, value] of [
      ['budget.dailyUsd', '0.0015'],
      ['budget.blockAtLimit', 'true'],
    ]) {
      expect((await sokhan(['config', 'set', key, value, '--data-dir', dataDir])).code).toBe(0);
    }
    const run = await sokhan(transcribeArgs(speechWav, dataDir, api.baseUrl), { OPENAI_API_KEY: KEY });
    expect(run.code).toBe(4);
    const result = JSON.parse(run.stdout) as TranscribeJson;
    const statuses = result.chunks.map((c) => c.status);
    expect(statuses).toContain('ok');
    expect(statuses).toContain('blocked');
    expect(result.usage.costUsd).toBeLessThanOrEqual(0.0015);
    expect(api.requests.length).toBe(statuses.filter((s) => s === 'ok').length);
    expect(run.stderr).toMatch(/daily budget.*بودجه/);
    const usage = await usageJson(dataDir);
    expect(usage.today.costUsd).toBeLessThanOrEqual(0.0015);
    const spooled = JSON.parse((await sokhan(['spool', 'list', '--json', '--data-dir', dataDir])).stdout) as Array<{
      status: string;
    }>;
    expect(spooled.map((e) => e.status)).toEqual(statuses.filter((s) => s === 'blocked'));
  });

  it('sends every request through the proxy set with `config set proxyUrl`', async () => {
    const api = await start();
    const proxy = await startConnectProxy();
    try {
      const dataDir = tempDir();
      expect((await sokhan(['config', 'set', 'proxyUrl', proxy.url, '--data-dir', dataDir])).code).toBe(0);
      const refused = await sokhan(['config', 'set', 'proxyUrl', 'socks5://127.0.0.1:1080', '--data-dir', dataDir]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/SOCKS/);
      const run = await sokhan(transcribeArgs(speechWav, dataDir, api.baseUrl), { OPENAI_API_KEY: KEY });
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as TranscribeJson;
      expect(result.chunks.every((c) => c.status === 'ok')).toBe(true);
      const apiHost = new URL(api.baseUrl).host;
      expect(proxy.targets.length).toBeGreaterThanOrEqual(1);
      expect(proxy.targets.every((target) => target === apiHost)).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('refuses a missing file, a non-audio file and a missing key with a message and no request', async () => {
    const api = await start();
    const dir = tempDir();
    const notAudio = join(dir, 'notes.wav');
    await writeFile(notAudio, 'این فایل صوتی نیست');
    const missing = await sokhan(transcribeArgs(join(dir, 'nope.wav'), dir, api.baseUrl), { OPENAI_API_KEY: KEY });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/not found/);
    const bogus = await sokhan(transcribeArgs(notAudio, dir, api.baseUrl), { OPENAI_API_KEY: KEY });
    expect(bogus.code).toBe(1);
    expect(bogus.stderr).toMatch(/not a WAV/);
    const noKey = await sokhan(['transcribe', speechWav, '--data-dir', dir], {});
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/OPENAI_API_KEY/);
    expect(api.requests).toHaveLength(0);
  });

  it('refuses a file over 2 GiB and a header claiming 0 channels, in both languages, sending nothing', async () => {
    const api = await start();
    const dir = tempDir();
    const huge = join(dir, 'huge.wav');
    await writeFile(huge, (await readFile(speechWav)).subarray(0, 4096));
    await truncate(huge, 3 * 1024 ** 3); // sparse: a 3 GiB file that takes no disk space
    const big = await sokhan(transcribeArgs(huge, dir, api.baseUrl), { OPENAI_API_KEY: KEY });
    expect(big.code).toBe(1);
    expect(big.stderr).toMatch(/3\.0 GiB; files over 2 GiB are not read/);
    expect(big.stderr).toContain('۲ گیگابایت');
    const damaged = join(dir, 'damaged.wav');
    const header = new Uint8Array(await readFile(speechWav));
    new DataView(header.buffer).setUint16(22, 0, true); // channels
    await writeFile(damaged, header);
    const zero = await sokhan(transcribeArgs(damaged, dir, api.baseUrl), { OPENAI_API_KEY: KEY });
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/claims 0 channels/);
    expect(zero.stderr).toContain('0 کانال');
    expect(api.requests).toHaveLength(0);
  });

  it('refuses a data folder that is a file before sending anything, saying what to do in both languages', async () => {
    const api = await start();
    const notAFolder = join(tempDir(), 'data');
    await writeFile(notAFolder, 'a file where the data folder should be');
    const run = await sokhan(transcribeArgs(speechWav, notAFolder, api.baseUrl), { OPENAI_API_KEY: KEY });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is a file, or lies inside one — move that file away/);
    expect(run.stderr).toContain('یک فایل است');
    expect(api.requests).toHaveLength(0);
  });
});
