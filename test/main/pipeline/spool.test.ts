import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from '../../../src-main/audio/wav';
import { Spool } from '../../../src-main/pipeline/spool';
import { TranscriptStore } from '../../../src-main/pipeline/transcript-store';

const root = () => mkdtempSync(join(tmpdir(), 'spool-'));
const meta = (sessionId: string, index: number) => ({
  sessionId,
  index,
  startMs: index * 5000,
  endMs: index * 5000 + 4000,
  audioMs: 4000,
  speechMs: 3500,
  model: 'whisper-1',
  createdAt: 1000 + index,
});

describe('the spool', () => {
  it('keeps every chunk with its audio until it is removed, and lists them in spoken order', async () => {
    const spool = new Spool(root());
    const audio = encodeWav(new Int16Array(16000).fill(1200));
    const second = await spool.put(meta('s1', 1), audio);
    const first = await spool.put(meta('s1', 0), audio);
    await spool.mark(second, { status: 'blocked', attempts: 1, lastError: { code: 'daily_limit', message: 'budget' } });

    const listed = await spool.list();
    expect(listed.map((e) => [e.meta.index, e.meta.status])).toEqual([
      [0, 'pending'],
      [1, 'blocked'],
    ]);
    expect(Array.from(await spool.readWav(listed[1]))).toEqual(Array.from(audio));

    await spool.remove(first);
    await spool.remove(second);
    expect(await spool.list()).toEqual([]);
  });

  it('still reports a chunk whose metadata file was lost, as failed, so it can be retried', async () => {
    const dir = root();
    const spool = new Spool(dir);
    const entry = await spool.put(meta('s2', 3), encodeWav(new Int16Array(32000)));
    rmSync(entry.metaPath);
    const [orphan] = await spool.list();
    expect(orphan.meta).toMatchObject({ sessionId: 's2', index: 3, status: 'failed', audioMs: 2000 });
    writeFileSync(entry.metaPath, '{ torn');
    expect((await spool.list())[0].meta.status).toBe('failed');
  });
});

describe('the transcript store', () => {
  it('reads parts back in order, the latest line of a retried chunk winning, skipping a torn last line', async () => {
    const dir = root();
    const store = new TranscriptStore(dir);
    await store.append('s1', { index: 1, startMs: 5000, endMs: 9000, text: '', status: 'failed', at: 1 });
    await store.append('s1', { index: 0, startMs: 0, endMs: 4000, text: 'سلام', status: 'ok', at: 2 });
    await store.append('s1', { index: 1, startMs: 5000, endMs: 9000, text: 'دوباره', status: 'ok', at: 3 });
    writeFileSync(join(dir, 's1.jsonl'), '{"index":2,"te', { flag: 'a' });
    const parts = await store.read('s1');
    expect(parts.map((p) => [p.index, p.text, p.status])).toEqual([
      [0, 'سلام', 'ok'],
      [1, 'دوباره', 'ok'],
    ]);
    expect(await store.sessions()).toEqual(['s1']);
  });
});
