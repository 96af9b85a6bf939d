import { hostname } from 'node:os';
import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';

/** What a journal's header says: whose dictation it is, as it was recorded, and which process writes it (a lease). */
export interface JournalHeader {
  sessionId: string;
  model: string;
  language: string;
  /** Epoch ms when the dictation started; sample 0 of the journal is the session timeline's 0. */
  startedAt: number;
  /** The writing process: while it lives the journal is its own; once it is gone the audio is recovered. */
  pid: number;
  host: string;
  /** Same as startedAt, under the name the chunk leases use for their age check. */
  at: number;
  sampleRate: 16000;
}

/**
 * Where the live audio goes before it is chunked: ROOT/SESSION.json (the header) and the audio as raw Int16 LE in
 * segments, ROOT/SESSION.pcm from sample 0 and ROOT/SESSION@OFFSET.pcm from sample OFFSET on (see keepFrom).
 */
export function journalPaths(root: string, sessionId: string): { pcm: string; header: string } {
  const stem = journalStem(sessionId);
  return { pcm: join(root, `${stem}.pcm`), header: join(root, `${stem}.json`) };
}

/** One file of a journal's audio: samples [offset, offset + its length) of the dictation's timeline. */
export interface JournalSegment {
  offset: number;
  path: string;
}

/** The audio segments a journal has on disk, in timeline order. */
export async function journalSegments(root: string, sessionId: string): Promise<JournalSegment[]> {
  const stem = journalStem(sessionId);
  const names = await readdir(root).catch(() => [] as string[]);
  const segments: JournalSegment[] = [];
  for (const name of names) {
    if (name === `${stem}.pcm`) segments.push({ offset: 0, path: join(root, name) });
    const later = /^(.+)@(\d+)\.pcm$/.exec(name);
    if (later && later[1] === stem) segments.push({ offset: Number(later[2]), path: join(root, name) });
  }
  return segments.sort((a, b) => a.offset - b.offset);
}

function segmentPath(root: string, sessionId: string, offset: number): string {
  return offset === 0 ? journalPaths(root, sessionId).pcm : join(root, `${journalStem(sessionId)}@${offset}.pcm`);
}

function journalStem(sessionId: string): string {
  return sessionId.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Written data reaches the OS at least this often (a kill loses at most this much), and the disk once a second. */
const WRITE_EVERY_MS = 250;
const SYNC_EVERY_MS = 1000;
/** A new segment is started once the current one holds this much (10 s) and some of the journal can go. */
const SEGMENT_SAMPLES = 160_000;

/**
 * The live dictation's safety net: every frame the microphone delivers is appended here as it comes, so a crash
 * (kill, power cut) loses at most the last second of speech, not the whole chunk being spoken. When the dictation
 * ends with all its chunks spooled, the journal is deleted; one left behind by a dead process is recovered by
 * recoverJournals at the next start.
 */
export class AudioJournal {
  private handle: FileHandle | null = null;
  private readonly ready: Promise<void>;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private lastSync = 0;
  private broken = false;
  private closed = false;
  /** Samples appended so far: the timeline position of the next sample. */
  private appended = 0;
  /** Timeline offset of the segment being written, and the earlier segments still on disk. */
  private segmentOffset = 0;
  private closedSegments: Array<{ offset: number; end: number }> = [];

  constructor(
    private readonly root: string,
    private readonly header: Omit<JournalHeader, 'pid' | 'host' | 'at' | 'sampleRate'>,
  ) {
    this.ready = this.openFiles().catch(() => {
      // No journal (disk full, folder not writable): the dictation goes on; its chunks are still spooled.
      this.broken = true;
    });
  }

  /** Queues a piece of audio; it reaches the file within WRITE_EVERY_MS (or at once past a second's worth). */
  append(pcm: Int16Array): void {
    // Only saves work: a closed or broken journal has no file to write what it would queue.
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, nothing is written either way
    if (this.closed || this.broken || pcm.length === 0) return;
    this.pending.push(Buffer.from(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength)));
    this.pendingBytes += pcm.byteLength;
    this.appended += pcm.length;
    if (this.pendingBytes >= 32_000) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), WRITE_EVERY_MS);
  }

  /** Writes what is queued, and syncs the file when the last sync is a second old (or `sync` is asked). */
  flush(sync = false): Promise<void> {
    clearTimeout(this.timer ?? undefined);
    this.timer = null;
    const data = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.writing = this.writing.then(async () => {
      await this.ready;
      if (!this.handle || this.broken) return;
      try {
        await this.handle.write(Buffer.concat(data));
        const at = Date.now();
        if (sync || at - this.lastSync >= SYNC_EVERY_MS) {
          this.lastSync = at;
          await this.handle.sync();
        }
      } catch {
        this.broken = true;
      }
    });
    return this.writing;
  }

  /**
   * Audio before `sample` is spooled (or was silence the chunker dropped) and is not needed for a recovery: the
   * journal moves on to a new segment file once the current one holds 10 s, and deletes the segments wholly before
   * `sample`. An hour of dictation then keeps about a minute of audio on disk instead of 115 MB.
   */
  keepFrom(sample: number): Promise<void> {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, a closed or broken journal has no file
    if (this.closed || this.broken) return this.writing;
    const rotateAt = this.appended;
    const rotate = sample > this.segmentOffset && rotateAt - this.segmentOffset >= SEGMENT_SAMPLES;
    if (!rotate && !this.closedSegments.some((segment) => segment.end <= sample)) return this.writing;
    const from = this.segmentOffset;
    if (rotate) {
      this.segmentOffset = rotateAt;
      // Called on every microphone frame: only a rotation (every 10 s at most) writes out early.
      void this.flush();
    }
    this.writing = this.writing.then(async () => {
      if (!this.handle || this.broken) return;
      try {
        if (rotate) {
          // The next segment exists before the previous one is closed: no moment without an open journal file.
          const next = await open(segmentPath(this.root, this.header.sessionId, rotateAt), 'a');
          await this.handle.sync();
          await this.handle.close();
          this.handle = next;
          this.closedSegments.push({ offset: from, end: rotateAt });
        }
        const done = this.closedSegments.filter((segment) => segment.end <= sample);
        this.closedSegments = this.closedSegments.filter((segment) => segment.end > sample);
        for (const segment of done)
          await rm(segmentPath(this.root, this.header.sessionId, segment.offset), { force: true });
      } catch {
        this.broken = true;
      }
    });
    return this.writing;
  }

  /** The dictation ended with every chunk spooled: the journal is no longer needed. */
  async discard(): Promise<void> {
    await this.close();
    try {
      // Audio first: a header without audio is recovered as nothing and removed; audio without a header is never read.
      for (const segment of await journalSegments(this.root, this.header.sessionId))
        await rm(segment.path, { force: true });
      await rm(journalPaths(this.root, this.header.sessionId).header, { force: true });
    } catch {
      // A folder that cannot be written (it is a file, its rights were taken) must not fail the dictation's stop:
      // what is left is found at the next start, which chunks only audio its chunks did not already hold.
    }
  }

  /** Writes and syncs what is queued and closes the file; the journal stays on disk (to be recovered). */
  async close(): Promise<void> {
    if (this.closed) return this.writing;
    await this.flush(true);
    this.closed = true;
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
  }

  private async openFiles(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const paths = journalPaths(this.root, this.header.sessionId);
    const header: JournalHeader = {
      ...this.header,
      pid: process.pid,
      host: hostname(),
      at: this.header.startedAt,
      sampleRate: 16000,
    };
    // The header (the lease) is on disk before any audio, so no journal's audio is ever without its owner's name.
    await writeFileAtomic(paths.header, JSON.stringify(header));
    this.handle = await open(paths.pcm, 'a');
    this.lastSync = Date.now();
  }
}
