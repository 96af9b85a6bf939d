import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { AudioJournal, journalPaths, journalSegments } from '../../../src-main/pipeline/audio-journal';

const RATE = 16_000;
const started = { model: 'gpt-4o-transcribe', language: 'fa', startedAt: 1_750_000_000_000 };

/** A recognisable stretch of audio: sample i of the dictation is (i mod 30 000) - 15 000. */
const audio = (from: number, count: number) =>
  Int16Array.from({ length: count }, (_, k) => ((from + k) % 30_000) - 15_000);

/** What is on disk for a dictation: each segment's first sample and its length in samples. */
async function onDisk(
  root: string,
  sessionId: string,
): Promise<Array<[offset: number, samples: number, first: number]>> {
  return (await journalSegments(root, sessionId)).map((s) => {
    const bytes = readFileSync(s.path);
    return [s.offset, bytes.byteLength / 2, bytes.byteLength > 0 ? bytes.readInt16LE(0) : Number.NaN];
  });
}

const root = () => mkdtempSync(join(tmpdir(), 'audio-journal-'));

describe('the live audio journal', () => {
  it('names its writer in a header before any audio, and holds every sample appended once flushed', async () => {
    const dir = root();
    const journal = new AudioJournal(dir, { sessionId: 'd/1', ...started });
    journal.append(audio(0, 1000));
    journal.append(new Int16Array(0));
    journal.append(audio(1000, 600).subarray(100)); // a view into a bigger buffer: only its own samples
    await journal.flush();
    const paths = journalPaths(dir, 'd/1');
    expect(paths.pcm).toBe(join(dir, 'd_1.pcm'));
    expect(JSON.parse(readFileSync(paths.header, 'utf8'))).toEqual({
      sessionId: 'd/1',
      ...started,
      pid: process.pid,
      host: hostname(),
      at: started.startedAt,
      sampleRate: 16000,
    });
    const bytes = readFileSync(paths.pcm);
    expect(Array.from(new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2))).toEqual([
      ...audio(0, 1000),
      ...audio(1100, 500),
    ]);
    await journal.close();
  });

  it('writes a second of audio at once, and a little within a quarter second without being asked', async () => {
    const dir = root();
    const journal = new AudioJournal(dir, { sessionId: 's', ...started });
    journal.append(audio(0, RATE));
    await journal.keepFrom(0); // waits for what is being written, asks for nothing
    expect(await onDisk(dir, 's')).toEqual([[0, RATE, -15_000]]);
    journal.append(audio(RATE, 320));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await onDisk(dir, 's')).toEqual([[0, RATE + 320, -15_000]]);
    await journal.close();
  });

  it('forces the audio to the disk at most once a second while writing, and always when closing', async () => {
    const probe = await open(join(root(), 'probe'), 'w');
    const syncs = vi.spyOn(Object.getPrototypeOf(probe), 'sync');
    await probe.close();
    try {
      const journal = new AudioJournal(root(), { sessionId: 's', ...started });
      await journal.flush(); // opened (its header written and synced)
      syncs.mockClear();
      journal.append(audio(0, 320));
      await journal.flush(); // just opened: written, not forced
      expect(syncs).toHaveBeenCalledTimes(0);
      await journal.flush(true);
      expect(syncs).toHaveBeenCalledTimes(1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      journal.append(audio(320, 320));
      await journal.flush(); // a second since the last: forced
      expect(syncs).toHaveBeenCalledTimes(2);
      await journal.close();
      expect(syncs).toHaveBeenCalledTimes(3);
    } finally {
      syncs.mockRestore();
    }
  });

  it('closing keeps the audio on disk (to recover); discarding removes the audio and the header', async () => {
    const dir = root();
    const kept = new AudioJournal(dir, { sessionId: 'kept', ...started });
    kept.append(audio(0, 320));
    await kept.close();
    kept.append(audio(320, 320)); // after close: nothing more
    await kept.close();
    expect(await onDisk(dir, 'kept')).toEqual([[0, 320, -15_000]]);

    const done = new AudioJournal(dir, { sessionId: 'done', ...started });
    done.append(audio(0, 11 * RATE));
    await done.keepFrom(100); // a second segment exists
    done.append(audio(11 * RATE, 320));
    await done.discard();
    expect(readdirSync(dir).sort()).toEqual(['kept.json', 'kept.pcm']);
  });

  it('over a long dictation keeps only the audio not yet spooled, in 10-second segments, on the timeline', async () => {
    const dir = root();
    const journal = new AudioJournal(dir, { sessionId: 's', ...started });
    journal.append(audio(0, 9 * RATE));
    await journal.keepFrom(5 * RATE); // less than 10 s in the segment: nothing moves
    expect(await onDisk(dir, 's')).toEqual([[0, 9 * RATE, audio(0, 1)[0]]]);

    journal.append(audio(9 * RATE, 2 * RATE));
    await journal.keepFrom(8 * RATE); // 11 s: a new segment starts; the first still holds unspooled audio
    journal.append(audio(11 * RATE, 3 * RATE));
    await journal.flush();
    expect(await onDisk(dir, 's')).toEqual([
      [0, 11 * RATE, audio(0, 1)[0]],
      [11 * RATE, 3 * RATE, audio(11 * RATE, 1)[0]],
    ]);

    await journal.keepFrom(11 * RATE - 1); // one sample of the first segment is still needed
    expect((await onDisk(dir, 's')).map(([offset]) => offset)).toEqual([0, 11 * RATE]);
    await journal.keepFrom(11 * RATE); // all spooled up to the second segment: the first goes
    expect(await onDisk(dir, 's')).toEqual([[11 * RATE, 3 * RATE, audio(11 * RATE, 1)[0]]]);

    // Spooled up to where the current segment starts, and it is not 10 s long yet: nothing to rotate or delete.
    journal.append(audio(14 * RATE, 6 * RATE));
    await journal.keepFrom(11 * RATE);
    journal.append(audio(20 * RATE, 2 * RATE));
    await journal.keepFrom(11 * RATE); // 11 s in it, but nothing of it spooled: no new segment
    await journal.flush();
    expect(await onDisk(dir, 's')).toEqual([[11 * RATE, 11 * RATE, audio(11 * RATE, 1)[0]]]);
    // once some of it is spooled it rotates; a second later the new segment is far from 10 s: no third one
    await journal.keepFrom(12 * RATE);
    journal.append(audio(22 * RATE, RATE));
    await journal.keepFrom(22 * RATE + 1);
    await journal.flush();
    expect(await onDisk(dir, 's')).toEqual([[22 * RATE, RATE, audio(22 * RATE, 1)[0]]]);
    await journal.close();
  });

  it('only its own segments: another dictation whose name starts the same is not listed', async () => {
    const dir = root();
    for (const name of [
      'a.pcm',
      'a@32000.pcm',
      'a@160000.pcm',
      'ab.pcm',
      'ab@16.pcm',
      'a@x.pcm',
      'a@5.pcm.tmp',
      'a.json',
    ])
      writeFileSync(join(dir, name), '');
    expect((await journalSegments(dir, 'a')).map((s) => [s.offset, s.path])).toEqual([
      [0, join(dir, 'a.pcm')],
      [32_000, join(dir, 'a@32000.pcm')],
      [160_000, join(dir, 'a@160000.pcm')],
    ]);
    expect(await journalSegments(join(dir, 'missing'), 'a')).toEqual([]);
  });

  it('a journal that cannot be written (the folder is a file) never stops the dictation', async () => {
    const dir = root();
    writeFileSync(join(dir, 'journal'), 'not a folder');
    const journal = new AudioJournal(join(dir, 'journal'), { sessionId: 's', ...started });
    journal.append(audio(0, RATE));
    await journal.flush(true);
    await journal.keepFrom(RATE);
    await journal.discard();
    expect(readdirSync(dir)).toEqual(['journal']);
  });
});
