import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redactSecrets } from '../../src-shared/redact';
import { buildSpeechFixture, PERSIAN_SENTENCES, writeWav } from '../support/speech-fixtures';
import { openAiErrorBody, useFakeOpenAiServers } from '../support/fake-openai-server';
import { sokhan, tempDir } from './cli-harness';

const startServer = useFakeOpenAiServers();

/** Every file under a folder, as text. */
function allFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? allFiles(path) : [readFileSync(path, 'latin1')];
  });
}

describe('the API key never leaves the process', () => {
  it(
    'a relay that echoes the key in its error body: not in stdout, stderr, the spool, the ' + 'ledger or transcripts',
    async () => {
      // A key in a relay's own format (not sk-…): only exact-key redaction can catch it.
      const key = 'gsk_relay_SECRET_0123456789abcdef';
      const server = await startServer({ apiKey: key });
      server.failNext(10, {
        status: 500,
        body: openAiErrorBody(
          `upstream refused key ${key} and sk-proj-ANOTHER0123456789 (Bearer ${key})`,
          'server_error',
        ),
      });
      const fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 1) });
      const dataDir = tempDir();
      const wav = join(dataDir, 'speech.wav');
      await writeWav(wav, fixture.pcm);
      const run = await sokhan(['transcribe', wav, '--json', '--base-url', server.baseUrl, '--data-dir', dataDir], {
        OPENAI_API_KEY: key,
      });
      expect(server.requests.length).toBeGreaterThan(0);
      const listed = await sokhan(['spool', 'list', '--json', '--data-dir', dataDir]);
      expect(JSON.parse(listed.stdout).length).toBeGreaterThan(0);
      const seen = [
        run.stdout,
        run.stderr,
        listed.stdout,
        ...allFiles(dataDir).filter((text) => !text.startsWith('RIFF')),
      ].join('\n');
      expect(seen).toContain('upstream refused key');
      expect(seen).not.toContain(key);
      expect(seen).not.toContain('sk-proj-ANOTHER0123456789');
    },
  );

  it('redaction removes the exact key, key-shaped strings and bearer tokens, and leaves other text alone', () => {
    expect(redactSecrets('key abcdefgh12345 here', ['abcdefgh12345'])).toBe('key [redacted] here');
    expect(redactSecrets('Incorrect API key provided: sk-proj-abc123DEF456.')).toBe(
      'Incorrect API key provided: [redacted].',
    );
    expect(redactSecrets('Authorization: Bearer eyJhbGciOi.x-y_z')).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets('متن فارسی sk-1 and task-force')).toBe('متن فارسی sk-1 and task-force');
  });
});
