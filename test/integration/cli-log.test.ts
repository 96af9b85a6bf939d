import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAiErrorBody, startFakeOpenAiServer, type FakeServer } from '../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, writeWav } from '../support/speech-fixtures';
import { tempDir } from './cli-harness';

const run = promisify(execFile);
const KEY = 'sk-log-test-0123456789abcdef';
let server: FakeServer;
let wav: string;

beforeAll(async () => {
  server = await startFakeOpenAiServer({ apiKey: KEY });
  const fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 3), gapsMs: [1800, 1800] });
  wav = join(tempDir(), 'three-sentences.wav');
  await writeWav(wav, fixture.pcm);
});

afterAll(async () => {
  await server?.close();
});

describe('sokhan --verbose: a log to attach to a bug report', () => {
  it(
    'logs ids, durations, statuses and costs to stderr and logs/cli.log — never the key or ' + 'what was said',
    async () => {
      const dataDir = tempDir();
      // The first request fails with a body that echoes the key and some Persian, as a careless relay might.
      server.failNext(1, {
        status: 500,
        body: openAiErrorBody(`upstream refused key ${KEY} for «سلام دنیا»`, 'server_error'),
      });
      const env = { ...process.env, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl, SOKHAN_DATA_DIR: dataDir };
      const result = await run(process.execPath, ['bin/sokhan.mjs', 'transcribe', wav, '--verbose'], { env });
      const transcript = result.stdout.trim();
      expect(transcript.split('آزمایشی').length - 1).toBe(3);

      expect(readdirSync(join(dataDir, 'logs'))).toEqual(['cli.log']);
      const file = readFileSync(join(dataDir, 'logs', 'cli.log'), 'utf8');
      const lines = file.trimEnd().split('\n');
      // What a developer needs: the run, the chunks, the failed attempt and its retry, what each chunk cost.
      expect(lines[0]).toMatch(/ INFO {2}cli command\.start command=transcribe version=\S+ node=v\d+/);
      expect(lines.some((line) => / cli transcribe\.chunked audioMs=\d+ fileBytes=\d+ chunks=3 /.test(line))).toBe(
        true,
      );
      expect(
        lines.some((line) => / WARN {2}cli chunk\.sending session=\S+ index=\d attempt=2 after=\w+/.test(line)),
      ).toBe(true);
      expect(lines.filter((line) => / cli chunk\.done .*status=ok costUsd=0\.\d+ chars=\d+$/.test(line))).toHaveLength(
        3,
      );
      expect(lines.some((line) => / cli transcribe\.done .*requests=4 failedRequests=1 /.test(line))).toBe(true);
      expect(lines.at(-1)).toMatch(/ cli command\.end command=transcribe exitCode=0 ms=\d+$/);

      // What must never be there: the key (sent in every request, echoed by the server) and any of the text. (The
      // CLI's own messages on stderr may quote the server's words to the person; its log lines may not.)
      expect(result.stderr).not.toContain(KEY);
      const loggedOnStderr = result.stderr
        .split('\n')
        .filter((line) => /^\d{4}-\d\d-\d\dT\S+Z /.test(line))
        .join('\n');
      expect(loggedOnStderr.split('\n')).toHaveLength(lines.length);
      for (const output of [file, loggedOnStderr]) {
        expect(output).not.toContain(KEY);
        expect(output).not.toContain('0123456789abcdef');
        const words = transcript.split(/\s+/).filter((word) => [...word].length >= 3 && /\p{L}/u.test(word));
        expect(words.length).toBeGreaterThan(10);
        for (const word of words) expect(output, word).not.toContain(word);
        expect(output).not.toContain('سلام');
        expect(output).not.toMatch(/[\u0600-\u06FF]/);
      }
      // stderr shows the same lines (with the CLI's own messages around them).
      for (const line of lines) expect(result.stderr).toContain(line);
    },
  );

  it('without --verbose writes no log', async () => {
    const dataDir = tempDir();
    const env = { ...process.env, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl, SOKHAN_DATA_DIR: dataDir };
    const result = await run(process.execPath, ['bin/sokhan.mjs', 'usage', '--json'], { env });
    expect(result.stderr).not.toMatch(/ INFO {2}cli /);
    expect(readdirSync(dataDir)).not.toContain('logs');
  });
});
