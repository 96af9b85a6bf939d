import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, type VoiceActivityDetector } from '../../../src-main/audio/vad/voice-activity-detector';
import { decodeWav, encodeWav } from '../../../src-main/audio/wav';
import { AudioJournal, journalPaths } from '../../../src-main/pipeline/audio-journal';
import { ChunkLeases } from '../../../src-main/pipeline/chunk-lease';
import { recoverDataFolderJournals, recoverJournals } from '../../../src-main/pipeline/journal-recovery';
import { Spool } from '../../../src-main/pipeline/spool';
import { TranscriptStore } from '../../../src-main/pipeline/transcript-store';

const RATE = 16_000;
const NOW = 1_750_000_000_000;

/** Loud frames are speech, as Silero would judge a clean tone. */
function loudnessDetector(): VoiceActivityDetector {
  return {
    frameSamples: FRAME_SAMPLES,
    reset: () => undefined,
    probabilities: async (frames) => {
      const out = new Float32Array(frames.length / FRAME_SAMPLES);
      for (let f = 0; f < out.length; f++) {
        let energy = 0;
        for (let i = f * FRAME_SAMPLES; i < (f + 1) * FRAME_SAMPLES; i++) energy += frames[i] * frames[i];
        out[f] = energy / FRAME_SAMPLES > 0.001 ? 0.9 : 0.05;
      }
      return out;
    },
  };
}

/** Silence and 2-second "sentences" (a tone) at the given seconds, `seconds` long in all. */
function dictation(seconds: number, sentencesAt: number[]): Int16Array {
  const pcm = new Int16Array(seconds * RATE);
  for (const at of sentencesAt)
    for (let i = at * RATE; i < (at + 2) * RATE; i++) pcm[i] = Math.round(Math.sin(i / 9) * 8000);
  return pcm;
}

interface Folder {
  dataDir: string;
  journalRoot: string;
  spool: Spool;
  transcripts: TranscriptStore;
}

function folder(): Folder {
  const dataDir = mkdtempSync(join(tmpdir(), 'journal-recovery-'));
  const journalRoot = join(dataDir, 'journal');
  mkdirSync(journalRoot);
  return {
    dataDir,
    journalRoot,
    spool: new Spool(join(dataDir, 'spool')),
    transcripts: new TranscriptStore(join(dataDir, 'transcripts')),
  };
}

/** A journal as a dictation left it: header naming its writer, audio in segments from the given offsets. */
function writeJournal(root: string, sessionId: string, segments: Array<[offset: number, pcm: Int16Array]>, pid = 0) {
  // Written a minute ago: whether its writer still runs is what decides.
  const header = { sessionId, model: 'gpt-4o-transcribe', language: 'fa', startedAt: NOW, at: Date.now() - 60_000 };
  writeFileSync(journalPaths(root, sessionId).header, JSON.stringify({ ...header, pid, host: hostname() }));
  for (const [offset, pcm] of segments) {
    const name = offset === 0 ? `${sessionId}.pcm` : `${sessionId}@${offset}.pcm`;
    writeFileSync(join(root, name), Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  }
}

let detectorsMade = 0;
const recover = (f: Folder, alive = false) =>
  recoverJournals({
    journalRoot: f.journalRoot,
    spool: f.spool,
    transcripts: f.transcripts,
    createDetector: async () => {
      detectorsMade += 1;
      return loudnessDetector();
    },
    now: () => NOW + 5_000,
    // pid 0 (the journals' writer below) is gone; this test process is alive
    leases: { isAlive: (pid) => alive || pid === process.pid },
  });

describe('recovering the audio of a dictation whose program died', () => {
  it('turns its journal into pending chunks of that dictation, as recorded, and removes the journal', async () => {
    const f = folder();
    const pcm = dictation(9, [1, 5]);
    // started long ago by this very process id: a pid reused after a reboot, not the writer
    const journal = new AudioJournal(f.journalRoot, {
      sessionId: 'crashed',
      model: 'gpt-4o-transcribe',
      language: 'fa',
      startedAt: NOW,
    });
    journal.append(pcm);
    await journal.close();

    expect(await recover(f)).toEqual([{ sessionId: 'crashed', chunks: 2, audioMs: 9000 }]);
    const chunks = await f.spool.list('crashed');
    expect(chunks.map((c) => c.meta.index)).toEqual([0, 1]);
    for (const [i, { meta }] of chunks.entries()) {
      // each sentence whole, with its pre-roll and hang-over, on the dictation's timeline
      expect(meta.startMs).toBeLessThanOrEqual([1000, 5000][i]);
      expect(meta.startMs).toBeGreaterThan([1000, 5000][i] - 600);
      expect(meta.endMs).toBeGreaterThanOrEqual([3000, 7000][i]);
      expect(meta.endMs).toBeLessThan([3000, 7000][i] + 600);
      expect(meta).toMatchObject({
        sessionId: 'crashed',
        status: 'pending',
        model: 'gpt-4o-transcribe',
        language: 'fa',
        createdAt: NOW + 5_000,
        audioMs: meta.endMs - meta.startMs,
        lastError: { code: 'recovered', message: 'recovered from the audio journal after a crash' },
      });
      expect(Math.abs(meta.speechMs - 2000)).toBeLessThanOrEqual(32); // whole 32 ms frames of speech
    }
    // the spooled audio is what was said there
    const first = decodeWav(await f.spool.readWav(chunks[0])).pcm;
    expect(Array.from(first.slice(0, 100))).toEqual(Array.from(pcm.slice(chunks[0].meta.startMs * 16).slice(0, 100)));
    // left for a retry: not leased to the recovery
    expect(await new Spool(join(f.dataDir, 'spool')).claim(chunks[1])).toBe(true);
    expect(readdirSync(f.journalRoot)).toEqual([]);
  });

  it('leaves the journal of a dictation that is still running alone', async () => {
    const f = folder();
    writeJournal(f.journalRoot, 'live', [[0, dictation(4, [1])]], 4242);
    expect(await recover(f, true)).toEqual([]);
    expect(await f.spool.list()).toEqual([]);
    expect(readdirSync(f.journalRoot).sort()).toEqual(['live.json', 'live.pcm']);
  });

  it('chunks only the audio after what the dictation already spooled or transcribed, numbering on', async () => {
    const f = folder();
    writeJournal(f.journalRoot, 's1', [[0, dictation(14, [1, 5, 10])]]);
    // chunk 0 (the first sentence) was transcribed, chunk 1 (the second) is in the spool
    await f.transcripts.append('s1', { index: 0, startMs: 600, endMs: 3300, text: 'سلام', status: 'ok', at: NOW });
    const held = await f.spool.put(
      {
        sessionId: 's1',
        index: 1,
        startMs: 4600,
        endMs: 7300,
        audioMs: 2700,
        speechMs: 2000,
        model: 'm',
        createdAt: 1,
      },
      encodeWav(new Int16Array(16)),
    );
    await f.spool.release(held);

    expect(await recover(f)).toEqual([{ sessionId: 's1', chunks: 1, audioMs: 14_000 }]);
    const pending = (await f.spool.list('s1')).filter((c) => c.meta.lastError?.code === 'recovered');
    expect(pending.map((c) => c.meta.index)).toEqual([2]);
    expect(pending[0].meta.startMs).toBeGreaterThanOrEqual(7300);
    expect(pending[0].meta.endMs).toBeGreaterThanOrEqual(12_000);
  });

  it('puts audio of a trimmed journal (its first segments already deleted) at its place on the timeline', async () => {
    const f = folder();
    const pcm = dictation(30, [22, 26]);
    const from = 20 * RATE;
    writeJournal(f.journalRoot, 's2', [
      [from + 4 * RATE, pcm.subarray(from + 4 * RATE)],
      [from, pcm.subarray(from, from + 4 * RATE)],
    ]);
    expect(await recover(f)).toEqual([{ sessionId: 's2', chunks: 2, audioMs: 30_000 }]);
    const starts = (await f.spool.list('s2')).map((c) => c.meta.startMs);
    expect(starts[0]).toBeGreaterThan(21_400);
    expect(starts[0]).toBeLessThanOrEqual(22_000);
    expect(starts[1]).toBeGreaterThan(25_400);
    expect(starts[1]).toBeLessThanOrEqual(26_000);
  });

  it('a journal that holds only silence, or nothing after what was kept, is removed without loading a detector', async () => {
    const f = folder();
    writeJournal(f.journalRoot, 'quiet', [[0, new Int16Array(3 * RATE)]]);
    writeJournal(f.journalRoot, 'done', [[0, dictation(4, [1])]]);
    await f.transcripts.append('done', { index: 0, startMs: 500, endMs: 4000, text: 'تمام', status: 'ok', at: NOW });
    detectorsMade = 0;
    expect(await recover(f)).toEqual([
      { sessionId: 'done', chunks: 0, audioMs: 4000 },
      { sessionId: 'quiet', chunks: 0, audioMs: 3000 },
    ]);
    expect(detectorsMade).toBe(1);
    expect(await f.spool.list()).toEqual([]);
    expect(readdirSync(f.journalRoot)).toEqual([]);
  });

  it('skips a header that is torn or names no dictation, and a journal another recoverer holds', async () => {
    const f = folder();
    writeFileSync(join(f.journalRoot, 'torn.json'), '{"sessionId": "to');
    writeFileSync(join(f.journalRoot, 'nameless.json'), JSON.stringify({ sessionId: '', pid: 0, at: NOW }));
    writeFileSync(join(f.journalRoot, 'numbered.json'), JSON.stringify({ sessionId: 42, pid: 0, at: NOW }));
    // even where the files of a session with no name would be: no dictation to put its chunks in
    writeJournal(f.journalRoot, '', [[0, dictation(4, [1])]]);
    writeJournal(f.journalRoot, 'taken', [[0, dictation(4, [1])]]);
    const other = new ChunkLeases();
    expect(await other.claim(join(f.journalRoot, 'taken.recovering'))).toBe(true);
    expect(await recover(f)).toEqual([]);
    expect(existsSync(join(f.journalRoot, 'taken.pcm'))).toBe(true);
    await other.release(join(f.journalRoot, 'taken.recovering'));
    expect(await recover(f)).toEqual([{ sessionId: 'taken', chunks: 1, audioMs: 4000 }]);
    expect(readdirSync(f.journalRoot).sort()).toEqual(['.json', '.pcm', 'nameless.json', 'numbered.json', 'torn.json']);
  });

  it('a header whose audio never reached the disk (killed in between) is recovered as nothing and removed', async () => {
    const f = folder();
    writeJournal(f.journalRoot, 'empty', []);
    expect(await recover(f)).toEqual([{ sessionId: 'empty', chunks: 0, audioMs: 0 }]);
    expect(readdirSync(f.journalRoot)).toEqual([]);
  });
});

describe('what the person is told at start', () => {
  const options = { createDetector: async () => loudnessDetector(), now: () => NOW };

  it('counts the chunks and the dictations recovered, in both languages', async () => {
    const f = folder();
    writeJournal(f.journalRoot, 'a', [[0, dictation(9, [1, 5])]]);
    writeJournal(f.journalRoot, 'b', [[0, dictation(4, [1])]]);
    const before = Date.now();
    const message = await recoverDataFolderJournals(f.dataDir, { createDetector: options.createDetector });
    expect(message?.en).toMatch(/^3 chunk\(s\) of speech from 2 interrupted dictation\(s\)/);
    expect(message?.en).toMatch(/wait in the spool; retry \(or `sokhan spool retry`\) transcribes them\.$/);
    expect(message?.fa).toMatch(/^3 تکه صدا از 2 دیکتهٔ نیمه‌تمام/);
    expect(message?.fa).toMatch(/آن‌ها را رونویسی می‌کند\.$/);
    const spooled = await new Spool(join(f.dataDir, 'spool')).list();
    expect(spooled).toHaveLength(3);
    // queued now, by the clock, when no other is given
    for (const { meta } of spooled) expect(meta.createdAt).toBeGreaterThanOrEqual(before);
  });

  it('says nothing when nothing was recovered', async () => {
    const f = folder();
    expect(await recoverDataFolderJournals(f.dataDir, options)).toBeNull();
    writeJournal(f.journalRoot, 'quiet', [[0, new Int16Array(RATE)]]);
    expect(await recoverDataFolderJournals(f.dataDir, options)).toBeNull();
    // a data folder that never had a journal
    expect(await recoverDataFolderJournals(mkdtempSync(join(tmpdir(), 'no-journal-')), options)).toBeNull();
  });

  it("recovers nothing its dictation had already transcribed (read from the data folder's transcripts)", async () => {
    const f = folder();
    writeJournal(f.journalRoot, 'done', [[0, dictation(4, [1])]]);
    await f.transcripts.append('done', { index: 0, startMs: 500, endMs: 4000, text: 'تمام', status: 'ok', at: NOW });
    expect(await recoverDataFolderJournals(f.dataDir, options)).toBeNull();
    expect(readdirSync(f.journalRoot)).toEqual([]);
  });

  it('says why when the audio cannot be spooled, and keeps the journal for the next start', async () => {
    const f = folder();
    writeJournal(f.journalRoot, 'a', [[0, dictation(4, [1])]]);
    writeFileSync(join(f.dataDir, 'spool'), 'a file where the spool folder should be');
    const message = await recoverDataFolderJournals(f.dataDir, options);
    expect(message?.en).toMatch(/^The saved audio of an interrupted dictation could not be recovered yet \(E[A-Z]+: /);
    expect(message?.en).toMatch(/It stays in the journal folder and is tried again at the next start\.$/);
    expect(message?.fa).toMatch(/در پوشهٔ journal مانده و در اجرای بعدی دوباره امتحان می‌شود\.$/);
    expect(readdirSync(f.journalRoot).sort()).toEqual(['a.json', 'a.pcm']);
  });
});
