import { mkdir, open, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What happened to one chunk, as shown to the person and kept on disk. */
export type ChunkOutcome = 'ok' | 'dropped' | 'failed' | 'blocked';

/** One chunk's transcript line. */
export interface TranscriptPart {
  index: number;
  startMs: number;
  endMs: number;
  text: string;
  status: ChunkOutcome;
  /** What the API answered for a chunk dropped as a silence hallucination (kept, never silently lost). */
  droppedText?: string;
  at: number;
}

/**
 * Keeps every chunk's text on disk (one JSON line per chunk, per session) before the chunk's audio leaves the spool,
 * so the words survive a crash between "transcribed" and "shown".
 */
export class TranscriptStore {
  constructor(readonly root: string) {}

  /** Appends and flushes one chunk's text. */
  async append(sessionId: string, part: TranscriptPart): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const handle = await open(this.pathFor(sessionId), 'a');
    try {
      await handle.write(`${JSON.stringify(part)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Reads a session's parts in spoken order; a torn last line (power cut mid-append) is skipped. */
  async read(sessionId: string): Promise<TranscriptPart[]> {
    const raw = await readFile(this.pathFor(sessionId), 'utf8').catch(() => '');
    const byIndex = new Map<number, TranscriptPart>();
    for (const line of raw.split('\n')) {
      // Blank and torn lines do not parse: skipped alike.
      try {
        const part = JSON.parse(line) as TranscriptPart;
        // A retried chunk appends again; the latest line for an index wins.
        byIndex.set(part.index, part);
      } catch {}
    }
    return [...byIndex.values()].sort((a, b) => a.index - b.index);
  }

  /** Session ids that have a transcript on disk. */
  async sessions(): Promise<string[]> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    return names
      .filter((n) => n.endsWith('.jsonl'))
      .map((n) => n.slice(0, -6))
      .sort();
  }

  /** Changes whenever the session's transcript does (size and modification time), null when it has none. */
  async version(sessionId: string): Promise<string | null> {
    const info = await stat(this.pathFor(sessionId)).catch(() => null);
    return info ? `${info.size}:${info.mtimeMs}` : null;
  }

  /** Deletes a session's transcript; true when there was one. Its cost stays in the usage ledger. */
  async remove(sessionId: string): Promise<boolean> {
    const path = this.pathFor(sessionId);
    const existed = await stat(path).then(
      () => true,
      () => false,
    );
    await rm(path, { force: true });
    return existed;
  }

  private pathFor(sessionId: string): string {
    return join(this.root, `${sessionId.replace(/[^A-Za-z0-9_-]/g, '_')}.jsonl`);
  }
}
