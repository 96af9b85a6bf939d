import * as nodeFs from 'node:fs';
import { isLedgerRecord, type LedgerRecord } from '../../src-shared/usage/ledger-record';
import { toStorageError } from './storage-error';

/** The ledger's file name inside the data folder. */
export const LEDGER_FILE_NAME = 'usage-ledger.jsonl';

/** The fs calls the ledger makes; injected so tests can make the disk fail. */
export type LedgerFs = Pick<
  typeof nodeFs,
  'openSync' | 'closeSync' | 'writeSync' | 'readSync' | 'fstatSync' | 'statSync' | 'mkdirSync' | 'unlinkSync'
>;

/** Complete lines read from the ledger. */
export interface LedgerChunk {
  records: LedgerRecord[];
  /** Bytes of complete lines consumed (a last line without its newline is left for later). */
  consumed: number;
  /** Lines that were not valid records (a torn line from a power cut, hand edits). */
  skipped: number;
}

const NEWLINE = 0x0a;
/** Each append is one write() of at most this many bytes, so the other process never sees half a line. */
const MAX_WRITE = 64 * 1024;

/** How many times, and how long apart, an unfinished last line is looked at before it is judged torn by a crash. */
const TORN_CHECKS = 5;
const TORN_PAUSE_MS = 3;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** The value of a JSON text, or undefined for a line that is not JSON (torn, blank, edited by hand). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Parses the complete lines of `buf`. */
export function parseLedgerLines(buf: Buffer): LedgerChunk {
  const records: LedgerRecord[] = [];
  let skipped = 0;
  let pos = 0;
  for (;;) {
    const end = buf.indexOf(NEWLINE, pos);
    if (end < 0) break;
    const line = buf.toString('utf8', pos, end);
    const value = parseJson(line);
    if (isLedgerRecord(value)) records.push(value);
    // A blank line (an editor's trailing newline) is nobody's lost usage.
    else if (line.trim() !== '') skipped++;
    pos = end + 1;
  }
  return { records, consumed: pos, skipped };
}

/** The append-only JSON Lines ledger. */
export class LedgerFile {
  constructor(
    readonly path: string,
    private readonly fs: LedgerFs = nodeFs,
  ) {}

  /** Current size in bytes (0 when there is no ledger yet). */
  size(): number {
    try {
      return this.fs.statSync(this.path).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw toStorageError(error, this.path, 'read');
    }
  }

  /**
   * Appends lines with O_APPEND, one write() per ≤64 KB of whole lines: concurrent appends from the app and the
   * CLI never interleave inside a line. If the file ends mid-line (a torn write), a newline goes first so the
   * torn fragment stays a line of its own and is skipped, never glued onto this record.
   */
  append(records: readonly LedgerRecord[]): void {
    if (records.length === 0) return;
    let fd: number | undefined;
    try {
      fd = this.fs.openSync(this.path, 'a+');
      const prefix = this.endsMidLine(fd) ? '\n' : '';
      let batch = prefix;
      for (const record of records) {
        const line = `${JSON.stringify(record)}\n`;
        if (batch.length > 0 && batch.length + line.length > MAX_WRITE) {
          this.writeAll(fd, batch);
          batch = '';
        }
        batch += line;
      }
      this.writeAll(fd, batch);
    } catch (error) {
      throw toStorageError(error, this.path, 'write');
    } finally {
      if (fd !== undefined) {
        try {
          this.fs.closeSync(fd);
        } catch {
          // The write already succeeded or already failed; a close error adds nothing the person can act on.
        }
      }
    }
  }

  /**
   * True when the file ends inside a line left by a crashed writer. A line another process is writing right now
   * also looks unfinished for a moment (a write spanning pages becomes visible page by page), so an unfinished end
   * only counts as torn if it stays the same for a few milliseconds; a live writer finishes its line long before.
   */
  private endsMidLine(fd: number): boolean {
    const last = Buffer.alloc(1);
    for (let look = 1; ; look++) {
      const { size } = this.fs.fstatSync(fd);
      if (size === 0) return false;
      this.fs.readSync(fd, last, 0, 1, size - 1);
      if (last[0] === NEWLINE) return false;
      if (look === TORN_CHECKS) return true;
      Atomics.wait(PAUSE, 0, 0, TORN_PAUSE_MS);
    }
  }

  private writeAll(fd: number, text: string): void {
    const buf = Buffer.from(text);
    const written = this.fs.writeSync(fd, buf, 0, buf.length);
    if (written !== buf.length) {
      const error = new Error(`short write to ledger (${written} of ${buf.length} bytes)`) as NodeJS.ErrnoException;
      error.code = 'ENOSPC';
      throw error;
    }
  }

  /** Reads complete lines from byte `start` to the end. */
  read(start = 0): LedgerChunk {
    let fd: number | undefined;
    try {
      fd = this.fs.openSync(this.path, 'r');
      const { size } = this.fs.fstatSync(fd);
      if (size <= start) return { records: [], consumed: 0, skipped: 0 };
      const buf = Buffer.allocUnsafe(size - start);
      let got = 0;
      while (got < buf.length) {
        const n = this.fs.readSync(fd, buf, got, buf.length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      // Fewer bytes than fstat said: the file was cut meanwhile (history deleted); parse what is there.
      return parseLedgerLines(buf.subarray(0, got));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], consumed: 0, skipped: 0 };
      throw toStorageError(error, this.path, 'read');
    } finally {
      if (fd !== undefined) this.fs.closeSync(fd);
    }
  }

  /** The id of the last complete line ending exactly at byte `end`, or null if there is none there. */
  lastIdBefore(end: number): string | null {
    let fd: number | undefined;
    try {
      fd = this.fs.openSync(this.path, 'r');
      const len = Math.min(end, 16 * 1024);
      const buf = Buffer.alloc(len);
      this.fs.readSync(fd, buf, 0, len, end - len);
      if (buf[len - 1] !== NEWLINE) return null;
      // From the last line back; the empty text after the final newline and torn lines are not records.
      for (const line of buf.toString('utf8').split('\n').reverse()) {
        const value = parseJson(line);
        if (isLedgerRecord(value)) return value.id;
      }
      return null;
    } catch {
      return null;
    } finally {
      if (fd !== undefined) this.fs.closeSync(fd);
    }
  }

  /** Deletes the ledger (the explicit "delete history" action). */
  remove(): void {
    try {
      this.fs.unlinkSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw toStorageError(error, this.path, 'write');
    }
  }
}
