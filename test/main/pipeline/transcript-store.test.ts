import { appendFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TranscriptStore, type TranscriptPart } from '../../../src-main/pipeline/transcript-store';

const root = () => join(mkdtempSync(join(tmpdir(), 'sokhan-transcripts-')), 'transcripts');
const part = (index: number, text: string): TranscriptPart => ({
  index,
  startMs: index * 1000,
  endMs: index * 1000 + 900,
  text,
  status: 'ok',
  at: 1_700_000_000_000 + index,
});

afterEach(() => vi.restoreAllMocks());

describe('the transcript store', () => {
  it(
    'has each chunk’s text on the disk itself (fsync) before append returns, so a power cut ' + 'cannot take it',
    async () => {
      const dir = root();
      const store = new TranscriptStore(dir);
      // FileHandle is not exported: take its prototype from a handle, and watch what reaches the disk.
      const probe = await open(join(dir, '..', 'probe'), 'w');
      const FileHandle = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
      await probe.close();
      const steps: string[] = [];
      const sync = FileHandle.sync;
      vi.spyOn(FileHandle, 'sync').mockImplementation(async function (this: unknown) {
        await sync.call(this);
        steps.push('synced');
      });
      await store.append('s1', part(0, 'سلام'));
      steps.push('append returned');
      await store.append('s1', part(1, 'دنیا'));
      steps.push('append returned');
      expect(steps).toEqual(['synced', 'append returned', 'synced', 'append returned']);
      expect((await store.read('s1')).map((p) => p.text)).toEqual(['سلام', 'دنیا']);
    },
  );

  it('reads a session in spoken order; a retried chunk’s latest text wins; a torn last line is skipped', async () => {
    const dir = root();
    const store = new TranscriptStore(dir);
    await store.append('s1', part(2, 'سوم'));
    await store.append('s1', part(0, 'اول'));
    await store.append('s1', part(1, 'دوم؟'));
    await store.append('s1', part(1, 'دوم'));
    appendFileSync(join(dir, 's1.jsonl'), '{"index":3,"text":"چه');
    expect((await store.read('s1')).map((p) => [p.index, p.text])).toEqual([
      [0, 'اول'],
      [1, 'دوم'],
      [2, 'سوم'],
    ]);
    expect(await store.read('never-recorded')).toEqual([]);
  });

  it('lists the sessions that have text, and keeps a strange session id inside its folder', async () => {
    const dir = root();
    const store = new TranscriptStore(dir);
    expect(await store.sessions()).toEqual([]);
    await store.append('b-2', part(0, 'دو'));
    await store.append('a-1', part(0, 'یک'));
    await store.append('../../escape', part(0, 'بیرون'));
    expect(readdirSync(join(dir, '..'))).not.toContain('escape.jsonl');
    expect(await store.sessions()).toEqual(['______escape', 'a-1', 'b-2']);
    expect((await store.read('../../escape')).map((p) => p.text)).toEqual(['بیرون']);
  });
});

describe('what the history view asks of the store', () => {
  it('lists only transcripts, and none when nothing was ever stored', async () => {
    const dir = root();
    const store = new TranscriptStore(dir);
    await store.append('s1', part(0, 'سلام'));
    writeFileSync(join(dir, 'notes.txt'), 'not a transcript');
    expect(await store.sessions()).toEqual(['s1']);
    expect(await new TranscriptStore(join(dir, 'missing')).sessions()).toEqual([]);
  });

  it('a version that changes with each chunk stored, and none for a session without text', async () => {
    const store = new TranscriptStore(root());
    expect(await store.version('s1')).toBeNull();
    await store.append('s1', part(0, 'سلام'));
    const first = await store.version('s1');
    expect(first).toMatch(/^\d+:[\d.]+$/);
    await store.append('s1', part(1, 'دنیا'));
    const second = await store.version('s1');
    expect(second).not.toBe(first);
    expect(Number(second?.split(':')[0])).toBeGreaterThan(Number(first?.split(':')[0]));
  });

  it('deletes a session’s text, and says whether there was any', async () => {
    const store = new TranscriptStore(root());
    await store.append('s1', part(0, 'سلام'));
    await store.append('s2', part(0, 'بمان'));
    expect(await store.remove('s1')).toBe(true);
    expect(await store.read('s1')).toEqual([]);
    expect(await store.sessions()).toEqual(['s2']);
    expect(await store.remove('s1')).toBe(false);
    expect((await store.read('s2')).map((p) => p.text)).toEqual(['بمان']);
  });

  it('blank lines in a transcript are skipped', async () => {
    const dir = root();
    const store = new TranscriptStore(dir);
    await store.append('s1', part(0, 'سلام'));
    appendFileSync(join(dir, 's1.jsonl'), '\n   \n');
    await store.append('s1', part(1, 'دنیا'));
    expect((await store.read('s1')).map((p) => p.text)).toEqual(['سلام', 'دنیا']);
  });
});
