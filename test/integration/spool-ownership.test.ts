import { describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav } from '../../src-main/audio/wav';
import { Spool, type SpoolEntry } from '../../src-main/pipeline/spool';
import { TranscriptStore } from '../../src-main/pipeline/transcript-store';
import { useFakeOpenAiServers } from '../support/fake-openai-server';
import { sokhan, tempDir, usageJson } from './cli-harness';

const KEY = 'sk-spool';
const startServer = useFakeOpenAiServers();

/** Puts `count` chunks of one recorded dictation in a data folder's spool, as a run that failed would leave them. */
async function spoolChunks(
  dataDir: string,
  count: number,
  meta: { model?: string; language?: string; status?: 'failed' | 'pending' } = {},
): Promise<SpoolEntry[]> {
  const spool = new Spool(join(dataDir, 'spool'));
  const entries: SpoolEntry[] = [];
  for (let index = 0; index < count; index++) {
    const entry = await spool.put(
      {
        sessionId: 's-recorded',
        index,
        startMs: index * 3000,
        endMs: index * 3000 + 2000,
        audioMs: 2000,
        speechMs: 1800,
        model: meta.model ?? 'whisper-1',
        ...(meta.language ? { language: meta.language } : {}),
        createdAt: 1000 + index,
      },
      encodeWav(new Int16Array(32_000).fill(900)),
    );
    await spool.mark(entry, { status: meta.status ?? 'failed', attempts: 1 });
    await spool.release(entry);
    entries.push(entry);
  }
  return entries;
}

describe('one owner per spooled chunk', () => {
  it('two `spool retry` at once send each chunk once: billed once, text once', async () => {
    const server = await startServer({ apiKey: KEY, delayMs: 150 });
    const dataDir = tempDir();
    await spoolChunks(dataDir, 4);
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl };
    const [a, b] = await Promise.all([
      sokhan(['spool', 'retry', '--data-dir', dataDir], env),
      sokhan(['spool', 'retry', '--data-dir', dataDir], env),
    ]);
    expect(server.requests).toHaveLength(4);
    const parts = await new TranscriptStore(join(dataDir, 'transcripts')).read('s-recorded');
    expect(parts.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect((await usageJson(dataDir)).total.requests).toBe(4);
    // The one that found chunks taken says so instead of sending them again.
    expect(`${a.stderr}${b.stderr}`).toMatch(/being sent by another process/);
    expect(JSON.parse((await sokhan(['spool', 'list', '--json', '--data-dir', dataDir])).stdout)).toEqual([]);
  });

  it('`spool discard` keeps a chunk another process is sending', async () => {
    const dataDir = tempDir();
    const [first] = await spoolChunks(dataDir, 2);
    const running = new Spool(join(dataDir, 'spool'));
    expect(await running.claim(first)).toBe(true);
    const discarded = await sokhan(['spool', 'discard', '--yes', '--data-dir', dataDir]);
    expect(discarded.stdout).toContain('discarded 1 chunk(s)');
    expect(discarded.stderr).toMatch(/being sent by another process and were kept/);
    const left = JSON.parse((await sokhan(['spool', 'list', '--json', '--data-dir', dataDir])).stdout) as Array<{
      index: number;
    }>;
    expect(left.map((e) => e.index)).toEqual([0]);
  });
});

describe('a retry goes where a new dictation would, as the chunk was recorded', () => {
  it(
    'uses OPENAI_BASE_URL and --base-url like `transcribe` (never api.openai.com behind the ' + "person's back)",
    async () => {
      const server = await startServer({ apiKey: KEY });
      const dataDir = tempDir();
      await spoolChunks(dataDir, 1);
      const viaEnv = await sokhan(['spool', 'retry', '--data-dir', dataDir], {
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: server.baseUrl,
      });
      expect(viaEnv.code).toBe(0);
      expect(server.requests).toHaveLength(1);

      const other = await startServer({ apiKey: KEY });
      await spoolChunks(dataDir, 1);
      const viaFlag = await sokhan(['spool', 'retry', '--base-url', other.baseUrl, '--data-dir', dataDir], {
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: server.baseUrl,
      });
      expect(viaFlag.code).toBe(0);
      expect(other.requests).toHaveLength(1);
      expect(server.requests).toHaveLength(1);
    },
  );

  it('keeps the model, language and prompt the chunk was recorded with, and `spool list` shows them', async () => {
    const server = await startServer({ apiKey: KEY, models: ['whisper-1', 'gpt-4o-mini-transcribe'] });
    const dataDir = tempDir();
    // Chunk 0 was transcribed when it was recorded; chunk 1 failed and waits. Then the person changed the settings.
    const transcripts = new TranscriptStore(join(dataDir, 'transcripts'));
    await transcripts.append('s-recorded', {
      index: 0,
      startMs: 0,
      endMs: 2000,
      text: 'جلسهٔ دوشنبه لغو شد',
      status: 'ok',
      at: 1,
    });
    const entries = await spoolChunks(dataDir, 2, { model: 'gpt-4o-mini-transcribe', language: 'fa' });
    await new Spool(join(dataDir, 'spool')).remove(entries[0]);
    await sokhan(['config', 'set', 'model', 'whisper-1', '--data-dir', dataDir]);
    await sokhan(['config', 'set', 'language', 'en', '--data-dir', dataDir]);

    const listed = await sokhan(['spool', 'list', '--data-dir', dataDir]);
    expect(listed.stdout).toContain('gpt-4o-mini-transcribe fa');
    await sokhan(['spool', 'retry', '--data-dir', dataDir], { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ model: 'gpt-4o-mini-transcribe', language: 'fa' });
    expect(server.requests[0].prompt).toContain('جلسهٔ دوشنبه لغو شد');
  });
});

describe('pay once, keep the text', () => {
  it(
    'an answer whose transcript cannot be written stays paid in the spool; the retry stores it ' +
      'without a new request',
    async () => {
      const server = await startServer({ apiKey: KEY });
      const dataDir = tempDir();
      await spoolChunks(dataDir, 1);
      // The transcripts folder is a file: the text cannot be stored.
      writeFileSync(join(dataDir, 'transcripts'), 'not a folder');
      const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseUrl };
      const broken = await sokhan(['spool', 'retry', '--data-dir', dataDir], env);
      expect(broken.code).not.toBe(0);
      expect(broken.stderr).toMatch(/without paying again/);
      expect(server.requests).toHaveLength(1);
      const waiting = JSON.parse((await sokhan(['spool', 'list', '--json', '--data-dir', dataDir])).stdout) as Array<{
        status: string;
        paid?: { text: string };
      }>;
      expect(waiting).toHaveLength(1);
      expect(waiting[0].status).toBe('paid');
      expect(waiting[0].paid?.text).toContain('آزمایشی');

      // Fixed: the retry writes the text it already paid for; the server is not asked again, the meter counts one.
      rmSync(join(dataDir, 'transcripts'));
      mkdirSync(join(dataDir, 'transcripts'));
      const fixed = await sokhan(['spool', 'retry', '--data-dir', dataDir], env);
      expect(fixed.code).toBe(0);
      expect(server.requests).toHaveLength(1);
      const parts = await new TranscriptStore(join(dataDir, 'transcripts')).read('s-recorded');
      expect(parts.map((p) => p.text)).toEqual([waiting[0].paid?.text]);
      expect((await usageJson(dataDir)).total.requests).toBe(1);
    },
  );
});
