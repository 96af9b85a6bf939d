import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeWav } from '../../../src-main/audio/wav';

/**
 * A process killed between the two files of a chunk: the spool writes and removes a chunk in two steps (its meta and
 * its WAV), and a SIGKILL can land between them. Stopping the file system after one step stands in for the kill.
 */
const fsState = vi.hoisted(() => ({ writesLeft: Number.POSITIVE_INFINITY, removesLeft: Number.POSITIVE_INFINITY }));

vi.mock('../../../src-main/fs/atomic-write', async (original) => {
  const real = await original<typeof import('../../../src-main/fs/atomic-write')>();
  return {
    ...real,
    writeFileAtomic: async (...args: Parameters<typeof real.writeFileAtomic>) => {
      if (fsState.writesLeft-- <= 0) throw new Error('killed');
      return real.writeFileAtomic(...args);
    },
  };
});

vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof import('node:fs/promises')>();
  return {
    ...real,
    rm: async (...args: Parameters<typeof real.rm>) => {
      if (String(args[0]).match(/\.(wav|json)$/) && fsState.removesLeft-- <= 0) throw new Error('killed');
      return real.rm(...args);
    },
  };
});

const { Spool } = await import('../../../src-main/pipeline/spool');

const chunk = (index: number) => ({
  sessionId: 'dictation-1',
  index,
  startMs: index * 6000,
  endMs: index * 6000 + 5000,
  audioMs: 5000,
  speechMs: 4200,
  model: 'gpt-4o-mini-transcribe',
  language: 'fa',
  createdAt: 1_000 + index,
});
const audio = encodeWav(new Int16Array(16_000).fill(900));

afterEach(() => {
  fsState.writesLeft = Number.POSITIVE_INFINITY;
  fsState.removesLeft = Number.POSITIVE_INFINITY;
});

describe('a kill between the two files of a chunk', () => {
  it('while spooling: every chunk the next run lists keeps its times, model and language', async () => {
    const spool = new Spool(mkdtempSync(join(tmpdir(), 'spool-kill-')));
    await spool.put(chunk(0), audio);
    await spool.put(chunk(1), audio);
    fsState.writesLeft = 1; // the third chunk's first file is written, then the process dies
    await expect(spool.put(chunk(2), audio)).rejects.toThrow('killed');
    fsState.writesLeft = Number.POSITIVE_INFINITY;

    const next = new Spool(spool.root);
    const listed = (await next.list()).map((e) => e.meta);
    expect(listed.map((m) => [m.index, m.startMs, m.endMs, m.model, m.language])).toEqual([
      [0, 0, 5000, 'gpt-4o-mini-transcribe', 'fa'],
      [1, 6000, 11_000, 'gpt-4o-mini-transcribe', 'fa'],
    ]);
  });

  it('while removing a transcribed chunk: the next run does not list it, never to send it again', async () => {
    const spool = new Spool(mkdtempSync(join(tmpdir(), 'spool-kill-')));
    const done = await spool.put(chunk(0), audio);
    await spool.put(chunk(1), audio);
    fsState.removesLeft = 1; // the transcript is stored; the first of its two files goes, then the process dies
    await expect(spool.remove(done)).rejects.toThrow('killed');
    fsState.removesLeft = Number.POSITIVE_INFINITY;

    const listed = await new Spool(spool.root).list();
    expect(listed.map((e) => e.meta.index)).toEqual([1]);
  });
});
