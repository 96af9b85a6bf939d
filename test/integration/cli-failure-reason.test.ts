import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiTranscriber } from '../../src-main/transcription/openai-transcriber';
import { openAiFailures, useFakeOpenAiServers } from '../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, writeWav } from '../support/speech-fixtures';
import { sokhan, tempDir } from './cli-harness';

const startServer = useFakeOpenAiServers();
let wav: string;

beforeAll(async () => {
  const fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 1) });
  wav = join(tempDir(), 'one-sentence.wav');
  await writeWav(wav, fixture.pcm);
});

describe('sokhan transcribe says why a request failed, with the status and message', () => {
  it('a server error: the status and the server’s words, once, while it is still retrying', async () => {
    const server = await startServer();
    server.failNext(100, openAiFailures.serverError(503));
    const run = await sokhan(['transcribe', wav, '--data-dir', tempDir(), '--base-url', server.baseUrl], {
      OPENAI_API_KEY: 'k',
    });
    expect(run.code).toBe(4);
    const reasons = run.stderr.split('\n').filter((line) => line.includes('chunk 1 failed'));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(
      /chunk 1 failed \(server: 503 The server had an error while processing your request.*\); trying again/,
    );
  });

  it('a hung server: reported at its first time-out (not after every retry), naming the deadline', async () => {
    const server = await startServer();
    server.hangNext(100);
    const transcriber = createOpenAiTranscriber({
      apiKey: 'k',
      baseUrl: server.baseUrl,
      model: 'whisper-1',
      timeoutMs: 300,
    });
    const dataDir = tempDir();
    const run = await sokhan(
      ['transcribe', wav, '--data-dir', dataDir, '--base-url', server.baseUrl],
      { OPENAI_API_KEY: 'k' },
      { transcriber },
    );
    expect(run.code).toBe(4);
    expect(run.stderr.split('\n').filter((line) => line.includes('chunk 1 failed'))).toEqual([
      expect.stringMatching(/chunk 1 failed \(timeout: no complete reply within 300 ms\); trying again/),
    ]);
    // Each of those requests may have been billed: every one is in the meter as outcome unknown.
    const usage = JSON.parse((await sokhan(['usage', '--json', '--data-dir', dataDir])).stdout);
    expect(server.requests.length).toBeGreaterThan(1);
    expect(usage.total).toMatchObject({ requests: server.requests.length, unknownRequests: server.requests.length });
  });
});
