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
    const env = {
      ...process.env,
      OPENAI_API_KEY: 'sk-exec',
      OPENAI_BASE_URL: server.baseUrl,
      SOKHAN_DATA_DIR: dataDir,
    };
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
    expect(errorLines).toEqual([
      expect.stringMatching(/^sokhan: file not found: \/nonexistent\/recording\.wav.*\| .*پیدا نشد/),
    ]);
  });
});

describe('the sokhan executable in a pipe', () => {
  it('exits quietly when the reader stops early (`sokhan usage export | head -1`)', async () => {
    const dataDir = tempDir();
    // A ledger long enough that the export outlives `head`.
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({
        kind: 'request',
        id: `r${i}`,
        at: Date.UTC(2026, 10, 1, 9) + i * 1000,
        sessionId: 's',
        model: 'whisper-1',
        provider: 'openai',
        audioMs: 1000,
        billed: { type: 'duration', seconds: 1 },
        billedSeconds: 1,
        costMicros: 100,
        outcome: 'ok',
        source: 'cli',
      }),
    );
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dataDir, 'usage-ledger.jsonl'), `${lines.join('\n')}\n`);
    const piped = await run('bash', [
      '-c',
      `node bin/sokhan.mjs usage export --format csv --data-dir ${dataDir} | head -1; echo ` +
        `"exit=\${PIPESTATUS[0]}" >&2`,
    ]);
    expect(piped.stdout.trim().split('\n')).toHaveLength(1);
    expect(piped.stderr).not.toMatch(/EPIPE|Error|at .*:\d+/);
    expect(piped.stderr).toContain('exit=0');
  });
});
