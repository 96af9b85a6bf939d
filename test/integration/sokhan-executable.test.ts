import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFakeOpenAiServer, type FakeServer } from '../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, writeWav } from '../support/speech-fixtures';
import { tempDir } from './cli-harness';

const run = promisify(execFile);
let server: FakeServer;
let wav: string;

beforeAll(async () => {
  server = await startFakeOpenAiServer({ apiKey: 'sk-exec' });
  const fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(8, 10), gapsMs: [1800] });
  wav = join(tempDir(), 'two-sentences.wav');
  await writeWav(wav, fixture.pcm);
});

afterAll(async () => {
  await server?.close();
});

describe('the sokhan executable', () => {
  it('transcribes a file and shares its meter through the data folder given in the environment', async () => {
    const dataDir = tempDir();
    const env = { ...process.env, OPENAI_API_KEY: 'sk-exec', OPENAI_BASE_URL: server.baseUrl, SOKHAN_DATA_DIR: dataDir };
    const transcribed = await run(process.execPath, ['bin/sokhan.mjs', 'transcribe', wav], { env });
    const lines = transcribed.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].split('آزمایشی').length - 1).toBe(2);
    const usage = JSON.parse((await run(process.execPath, ['bin/sokhan.mjs', 'usage', '--json'], { env })).stdout);
    expect(usage.total.requests).toBe(2);
    expect(usage.total.costUsd).toBeGreaterThan(0);
  });

  it('exits non-zero with a one-line bilingual error for a missing file', async () => {
    const failure = await run(process.execPath, ['bin/sokhan.mjs', 'transcribe', '/nonexistent/recording.wav'], {
      env: { ...process.env, OPENAI_API_KEY: 'sk-exec', SOKHAN_DATA_DIR: tempDir() },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const errorLines = failure!.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.includes('warning'));
    expect(errorLines).toEqual([expect.stringMatching(/^sokhan: file not found: \/nonexistent\/recording\.wav.*\| .*پیدا نشد/)]);
  });
});
