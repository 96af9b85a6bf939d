import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
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

describe('sending a waiting chunk again (the window\'s retry and "send anyway")', () => {
  it('a retry picks a failed, an interrupted (pending) or a paid chunk, never a budget-blocked one', async () => {
    const spool = new Spool(root());
    const audio = encodeWav(new Int16Array(1600));
    const statuses = ['pending', 'failed', 'paid', 'blocked'] as const;
    for (const [index, status] of statuses.entries())
      await spool.mark(await spool.put(meta('s1', index), audio), { status });

    const found = async (index: number, reason: 'consent' | 'retry') =>
      (await spool.find({ sessionId: 's1', index }, reason))?.meta.status ?? 'not found';
    expect(await found(0, 'retry')).toBe('pending');
    expect(await found(1, 'retry')).toBe('failed');
    expect(await found(2, 'retry')).toBe('paid');
    expect(await found(3, 'retry')).toBe('not found');
    // "Send anyway" is the consent to pass the budget: only for the chunk the budget kept back.
    expect(await found(3, 'consent')).toBe('blocked');
    for (const index of [0, 1, 2]) expect(await found(index, 'consent')).toBe('not found');
    expect(await found(7, 'retry')).toBe('not found');
  });

  it("finds the asked dictation's chunk, not one of another dictation with the same number", async () => {
    const spool = new Spool(root());
    const audio = encodeWav(new Int16Array(1600));
    // Both session ids land in one folder name ("a_b"); the chunk's own meta says whose it is.
    await spool.put(meta('a b', 0), audio);
    expect(readdirSync(spool.root)).toEqual(['a_b']); // a session id is only ever a plain folder name
    expect(await spool.find({ sessionId: 'a_b', index: 0 }, 'retry')).toBeUndefined();
    expect((await spool.find({ sessionId: 'a b', index: 0 }, 'retry'))?.meta.sessionId).toBe('a b');
    expect(await spool.find({ sessionId: 'other', index: 0 }, 'retry')).toBeUndefined();
  });
});

describe('who may send or delete a chunk', () => {
  it('discard deletes the audio for good and the emptied session folder with it', async () => {
    const dir = root();
    const spool = new Spool(dir);
    const audio = encodeWav(new Int16Array(1600));
    await spool.put(meta('s1', 0), audio);
    await spool.put(meta('s1', 1), audio);
    const [first, second] = await new Spool(dir).list();
    const other = new Spool(dir);
    expect(await other.discard(first)).toBe(false); // the recording spool still owns it
    await spool.release(first);
    await spool.release(second);
    expect(await other.discard(first)).toBe(true);
    expect(readdirSync(join(dir, 's1'))).toEqual(['000001.json', '000001.wav']);
    expect(await other.discard(second)).toBe(true);
    expect(existsSync(join(dir, 's1'))).toBe(false);
    expect(await other.list()).toEqual([]);
  });

  it('a chunk another spool is sending is neither taken nor written over; once done it can be reused', async () => {
    const dir = root();
    const sender = new Spool(dir);
    const entry = await sender.put(meta('s1', 0), encodeWav(new Int16Array(1600)));
    const other = new Spool(dir);
    const [listed] = await other.list();
    expect(await other.ownedElsewhere(listed)).toBe(true);
    expect(await sender.ownedElsewhere(entry)).toBe(false);
    expect(await other.claim(listed)).toBe(false);
    await expect(other.put(meta('s1', 0), encodeWav(new Int16Array(16)))).rejects.toThrow(/owned by another process/);
    // Sent and stored: the audio goes, and a stale listing of it is never sent again.
    await sender.remove(entry);
    expect(await other.claim(listed)).toBe(false);
    expect(await other.ownedElsewhere(listed)).toBe(false);
    // Its lease was given back with it: the number can be spooled again.
    expect((await other.put(meta('s1', 0), encodeWav(new Int16Array(16)))).meta.status).toBe('pending');
  });

  it('a chunk given back (release) waits for any later retry, which may take it', async () => {
    const dir = root();
    const first = new Spool(dir);
    const entry = await first.put(meta('s1', 0), encodeWav(new Int16Array(1600)));
    await first.mark(entry, { status: 'failed', attempts: 3, lastError: { code: 'server', message: '502' } });
    await first.release(entry);
    const retry = new Spool(dir);
    const [listed] = await retry.list();
    expect(listed.meta).toMatchObject({ status: 'failed', attempts: 3, lastError: { code: 'server' } });
    expect(await retry.claim(listed)).toBe(true);
    expect(await first.ownedElsewhere(listed)).toBe(true);
  });
});

describe('listing the spool', () => {
  it('lists one dictation or all, oldest dictation first and in spoken order within it, ignoring stray files', async () => {
    const dir = root();
    const spool = new Spool(dir);
    const audio = encodeWav(new Int16Array(160));
    await spool.put({ ...meta('late', 0), createdAt: 5000 }, audio);
    await spool.put({ ...meta('early', 1), createdAt: 10 }, audio);
    await spool.put({ ...meta('early', 0), createdAt: 10 }, audio);
    await spool.put({ ...meta('early', 2), createdAt: 9 }, audio);
    // two dictations' chunks made in the same millisecond: by dictation
    await spool.put({ ...meta('tie-b', 0), createdAt: 7000 }, audio);
    await spool.put({ ...meta('tie-a', 0), createdAt: 7000 }, audio);
    writeFileSync(join(dir, 'notes.txt'), 'not a session');
    writeFileSync(join(dir, 'early', 'readme.json'), '{}');
    const ids = (entries: Awaited<ReturnType<Spool['list']>>) =>
      entries.map((e) => `${e.meta.sessionId}#${e.meta.index}`);
    expect(ids(await spool.list())).toEqual(['early#2', 'early#0', 'early#1', 'late#0', 'tie-a#0', 'tie-b#0']);
    expect(ids(await spool.list('late'))).toEqual(['late#0']);
    expect(await spool.list('nobody')).toEqual([]);
    expect(await new Spool(join(dir, 'missing')).list()).toEqual([]);
  });

  it("a WAV without meta is reported with its length read from the file and its time from the file's date", async () => {
    const dir = root();
    const spool = new Spool(dir);
    const entry = await spool.put(meta('s2', 4), encodeWav(new Int16Array(8000)));
    rmSync(entry.metaPath);
    utimesSync(entry.wavPath, 1_700_000_000, 1_700_000_000);
    const [orphan] = await new Spool(dir).list();
    expect(orphan.meta).toEqual({
      sessionId: 's2',
      index: 4,
      startMs: 0,
      endMs: 500,
      audioMs: 500,
      speechMs: 500,
      model: '',
      status: 'failed',
      createdAt: 1_700_000_000_000,
      attempts: 0,
      lastError: { code: 'unknown', message: 'spool metadata missing' },
    });
    // a WAV cut short inside its header: no audio, not a negative length
    writeFileSync(entry.wavPath, new Uint8Array(10));
    expect((await new Spool(dir).list())[0].meta.audioMs).toBe(0);
    // once retried and stored, it goes like any chunk (its meta already gone), and a second removal is harmless
    await spool.remove(orphan);
    await spool.remove(orphan);
    expect(await spool.list()).toEqual([]);
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
