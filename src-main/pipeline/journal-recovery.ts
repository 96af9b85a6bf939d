import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { msToSamples, samplesToMs } from '../audio/pcm';
import { chunkWholeRecording } from '../audio/voice-chunker';
import type { VoiceActivityDetector } from '../audio/vad/voice-activity-detector';
import { encodeWav } from '../audio/wav';
import { ChunkLeases, type LeaseOptions } from './chunk-lease';
import { journalPaths, journalSegments, type JournalHeader } from './audio-journal';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { Spool } from './spool';
import { TranscriptStore } from './transcript-store';

export interface JournalRecoveryOptions {
  journalRoot: string;
  spool: Spool;
  transcripts: TranscriptStore;
  /** Made only when a journal needs chunking (the detector costs a model load). */
  createDetector?: () => Promise<VoiceActivityDetector>;
  now?: () => number;
  leases?: LeaseOptions;
}

/** What recovery found: per dictation, how many chunks of speech it put back in the spool. */
export interface RecoveredJournal {
  sessionId: string;
  chunks: number;
  audioMs: number;
}

/**
 * Finds journals whose writer is gone (a crash, a kill) and turns the audio they hold into pending spool chunks of
 * their dictation, cut by the same chunker. Only the audio after what the dictation already spooled or transcribed
 * is chunked (its chunks are spooled in spoken order, so what it kept is a prefix of its timeline): nothing is sent
 * twice, and an hour-long journal is not chunked again. Journals of live processes are left alone.
 */
export async function recoverJournals(options: JournalRecoveryOptions): Promise<RecoveredJournal[]> {
  const names = await readdir(options.journalRoot).catch(() => [] as string[]);
  const leases = new ChunkLeases(options.leases);
  const recovered: RecoveredJournal[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const headerPath = join(options.journalRoot, name);
    if (await leases.holder(headerPath)) continue;
    const header = await readHeader(headerPath);
    if (!header) continue;
    // One recoverer per journal: the app starting and `spool list` at the same moment must not spool it twice.
    const lock = headerPath.replace(/\.json$/, '.recovering');
    if (!(await leases.claim(lock))) continue;
    try {
      const result = await recoverOne(header, options);
      if (result) recovered.push(result);
    } finally {
      await leases.release(lock);
    }
  }
  return recovered;
}

async function recoverOne(header: JournalHeader, options: JournalRecoveryOptions): Promise<RecoveredJournal | null> {
  const paths = journalPaths(options.journalRoot, header.sessionId);
  // Re-read under the lock: another recoverer may have finished it a moment ago.
  if (!(await readHeader(paths.header))) return null;
  // The journal keeps only what was not yet spooled: segments from `first` on (the earlier ones were deleted).
  const segments = await journalSegments(options.journalRoot, header.sessionId);
  const parts = await Promise.all(segments.map((s) => readFile(s.path).catch(() => Buffer.alloc(0))));
  const first = segments[0]?.offset ?? 0;
  const samples = segments.reduce((end, s, i) => Math.max(end, s.offset + Math.floor(parts[i].byteLength / 2)), first);
  const pcm = new Int16Array(samples - first);
  segments.forEach((segment, i) => {
    const count = Math.floor(parts[i].byteLength / 2);
    for (let k = 0; k < count; k++) pcm[segment.offset - first + k] = parts[i].readInt16LE(k * 2);
  });

  const spooled = await options.spool.list(header.sessionId);
  const stored = await options.transcripts.read(header.sessionId);
  const kept = [...spooled.map((e) => e.meta), ...stored];
  const keptUntilMs = kept.reduce((end, part) => Math.max(end, part.endMs), 0);
  let nextIndex = kept.reduce((top, part) => Math.max(top, part.index + 1), 0);

  let count = 0;
  // Its chunks start at or after tailStart, so none overlaps what the dictation kept (all of that ends before it).
  const tailStart = Math.max(first, msToSamples(keptUntilMs));
  if (tailStart < samples) {
    const detector = options.createDetector ? await options.createDetector() : undefined;
    detector?.reset();
    const chunks = await chunkWholeRecording(pcm.subarray(tailStart - first), detector ? { detector } : {});
    for (const chunk of chunks) {
      const startMs = samplesToMs(tailStart + chunk.startSample);
      const endMs = samplesToMs(tailStart + chunk.endSample);
      const entry = await options.spool.put(
        {
          sessionId: header.sessionId,
          index: nextIndex++,
          startMs,
          endMs,
          audioMs: samplesToMs(chunk.pcm.length),
          speechMs: samplesToMs(chunk.speechSamples),
          model: header.model,
          language: header.language,
          createdAt: options.now?.() ?? Date.now(),
        },
        encodeWav(chunk.pcm),
      );
      await options.spool.mark(entry, {
        lastError: { code: 'recovered', message: 'recovered from the audio journal after a crash' },
      });
      await options.spool.release(entry);
      count += 1;
    }
  }
  // Audio first, then the header (see AudioJournal.discard).
  for (const segment of segments) await rm(segment.path, { force: true });
  await rm(paths.header, { force: true });
  return { sessionId: header.sessionId, chunks: count, audioMs: samplesToMs(samples) };
}

async function readHeader(path: string): Promise<JournalHeader | null> {
  try {
    const header = JSON.parse(await readFile(path, 'utf8')) as JournalHeader;
    return typeof header.sessionId === 'string' && header.sessionId !== '' ? header : null;
  } catch {
    return null;
  }
}

/**
 * Recovery as a program starts (the app, `sokhan spool …`): the data folder's journals of dead dictations become
 * pending chunks; returns what to tell the person, or null when there was nothing (or recovery itself failed).
 */
export async function recoverDataFolderJournals(
  dataDir: string,
  options: Pick<JournalRecoveryOptions, 'createDetector' | 'now'> = {},
): Promise<BilingualMessage | null> {
  try {
    const recovered = await recoverJournals({
      journalRoot: join(dataDir, 'journal'),
      spool: new Spool(join(dataDir, 'spool')),
      transcripts: new TranscriptStore(join(dataDir, 'transcripts')),
      ...options,
    });
    const chunks = recovered.reduce((sum, r) => sum + r.chunks, 0);
    return chunks > 0 ? recoveredMessage(chunks, recovered.length) : null;
  } catch (error) {
    // The journal stays where it is; the next start tries again.
    const detail = error instanceof Error ? error.message : String(error);
    return {
      fa:
        `صدای ذخیره‌شدهٔ یک دیکتهٔ نیمه‌تمام هنوز بازیابی نشد (${detail}). پرونده‌اش در پوشهٔ journal مانده ` +
        'و در اجرای بعدی دوباره امتحان می‌شود.',
      en:
        `The saved audio of an interrupted dictation could not be recovered yet (${detail}). It stays in ` +
        'the journal folder and is tried again at the next start.',
    };
  }
}

function recoveredMessage(chunks: number, dictations: number): BilingualMessage {
  return {
    fa:
      `${chunks} تکه صدا از ${dictations} دیکتهٔ نیمه‌تمام (برنامه ناگهان بسته شده بود) بازیابی شد و در صف ` +
      'منتظر ارسال است؛ «ارسال دوباره» یا ‎sokhan spool retry‎ آن‌ها را رونویسی می‌کند.',
    en:
      `${chunks} chunk(s) of speech from ${dictations} interrupted dictation(s) (the program was closed ` +
      `abruptly) were recovered and wait in the spool; retry (or \`sokhan spool retry\`) transcribes them.`,
  };
}
