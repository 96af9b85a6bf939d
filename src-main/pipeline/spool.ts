import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LedgerRequestRecord } from '../../src-shared/usage/ledger-record';
import { writeFileAtomic } from '../fs/atomic-write';
import { ChunkLeases, type LeaseOptions } from './chunk-lease';

/** Why a chunk is still in the spool: not sent yet, refused by a budget, or failed after its retries. */
export type SpoolStatus = 'pending' | 'blocked' | 'failed' | 'paid';

/**
 * A server's answer kept with its chunk when the transcript could not be stored: a retry writes it, never pays again.
 */
export interface PaidAnswer {
  text: string;
  status: 'ok' | 'dropped';
  costMicros: number;
  /** The answer's ledger line, when the ledger could not be written either: a retry writes it before the text. */
  unmetered?: LedgerRequestRecord;
}

/** What the spool knows about a chunk, kept beside its WAV so a later run can retry it. */
export interface SpoolEntryMeta {
  sessionId: string;
  index: number;
  startMs: number;
  endMs: number;
  audioMs: number;
  speechMs: number;
  model: string;
  /** The language it was recorded for (absent in chunks spooled by older versions: the settings' language then). */
  language?: string;
  status: SpoolStatus;
  createdAt: number;
  attempts: number;
  lastError?: { code: string; message: string };
  /** Set when the server answered (and billed) but the text could not be stored yet. */
  paid?: PaidAnswer;
  /**
   * Set while a request for the chunk is out (epoch ms when it was sent). Found on a chunk whose owner is gone, it
   * means the owner died waiting for the answer: that request may have been billed and is recorded as unknown.
   */
  sentAt?: number;
  /** Kept back because the network or the endpoint was down: the app's resender sends it when it answers again. */
  outage?: boolean;
}

/** A chunk on disk: its meta and where its audio is. */
export interface SpoolEntry {
  meta: SpoolEntryMeta;
  wavPath: string;
  metaPath: string;
}

/**
 * Audio is on disk before it is on the network: every chunk is written here first and removed only after its
 * transcript has been stored, so a crash, a cut connection or a spent budget never loses what someone said.
 * Layout: ROOT/SESSION/NNNNNN.wav with NNNNNN.json beside it.
 */
export class Spool {
  private readonly leases: ChunkLeases;

  constructor(
    readonly root: string,
    leaseOptions: LeaseOptions = {},
  ) {
    this.leases = new ChunkLeases(leaseOptions);
  }

  /**
   * Stores a chunk's meta (first) and then its WAV; returns the entry, leased to this spool: another process
   * running `spool retry` meanwhile sees it as owned and leaves it alone.
   */
  async put(meta: Omit<SpoolEntryMeta, 'status' | 'attempts'>, wav: Uint8Array): Promise<SpoolEntry> {
    const folder = join(this.root, safeName(meta.sessionId));
    await mkdir(folder, { recursive: true });
    const stem = String(meta.index).padStart(6, '0');
    const entry: SpoolEntry = {
      meta: { ...meta, status: 'pending', attempts: 0 },
      wavPath: join(folder, `${stem}.wav`),
      metaPath: join(folder, `${stem}.json`),
    };
    // The lease comes before the files, so no other process can pick the chunk up between its write and its send.
    if (!(await this.leases.claim(leasePath(entry))))
      throw new Error(`chunk ${stem} of ${meta.sessionId} is owned by another process`);
    // A listed chunk is a WAV, so the meta goes first: killed in between, the spool holds no chunk without its
    // times, model and language (a WAV without meta was once listed as starting at 0 and sent with no model).
    await this.saveMeta(entry);
    await writeFileAtomic(entry.wavPath, wav);
    return entry;
  }

  /** Updates an entry's status (and error) on disk. */
  async mark(
    entry: SpoolEntry,
    update: Partial<Pick<SpoolEntryMeta, 'status' | 'attempts' | 'lastError' | 'paid' | 'sentAt' | 'outage'>>,
  ): Promise<void> {
    entry.meta = { ...entry.meta, ...update };
    await this.saveMeta(entry);
  }

  /** Removes a chunk once its transcript is safely stored (and gives up its lease). */
  async remove(entry: SpoolEntry): Promise<void> {
    // WAV first: its transcript is stored, so a crash in between must not leave a listed chunk (a retry would send
    // it again and store its text twice); a meta without its WAV is never listed.
    await rm(entry.wavPath, { force: true });
    await rm(entry.metaPath, { force: true });
    await this.leases.release(leasePath(entry));
  }

  /**
   * Takes a waiting chunk to send it; false when another process (or another spool here) is sending it, or has
   * just finished it (its audio is gone: sending a stale listing's entry would pay twice).
   */
  async claim(entry: SpoolEntry): Promise<boolean> {
    const path = leasePath(entry);
    if (!(await this.leases.claim(path))) return false;
    if (await stat(entry.wavPath).catch(() => null)) return true;
    await this.leases.release(path);
    return false;
  }

  /** Gives a chunk back to the spool without sending it (it waits for a later retry). */
  release(entry: SpoolEntry): Promise<void> {
    return this.leases.release(leasePath(entry));
  }

  /** True when a live process other than this spool is working on the chunk (a read: nothing is claimed). */
  ownedElsewhere(entry: SpoolEntry): Promise<boolean> {
    return this.leases.heldByOther(leasePath(entry));
  }

  /** Deletes a chunk for good (`spool discard`), unless another process owns it; returns whether it was deleted. */
  async discard(entry: SpoolEntry): Promise<boolean> {
    if (!(await this.claim(entry))) return false;
    await this.remove(entry);
    await this.pruneSession(entry.meta.sessionId);
    return true;
  }

  /** Reads a spooled chunk's audio back for a retry. */
  async readWav(entry: SpoolEntry): Promise<Uint8Array> {
    return new Uint8Array(await readFile(entry.wavPath));
  }

  /**
   * The chunk a person asked to send again, when it waits for that: with their consent (past the budget) a
   * budget-blocked one; on a retry a failed, an interrupted (pending, never sent) or a paid one (its text only to be
   * stored). Undefined when it is gone or waits for something else.
   */
  async find(ref: { sessionId: string; index: number }, reason: 'consent' | 'retry'): Promise<SpoolEntry | undefined> {
    const wanted: SpoolStatus[] = reason === 'consent' ? ['blocked'] : ['failed', 'pending', 'paid'];
    return (await this.list(ref.sessionId)).find(
      ({ meta }) => meta.sessionId === ref.sessionId && meta.index === ref.index && wanted.includes(meta.status),
    );
  }

  /** Every chunk still waiting, oldest session first, in spoken order. */
  async list(sessionId?: string): Promise<SpoolEntry[]> {
    // A stray file in the root is no session folder: reading it as one finds no chunks.
    const sessions = sessionId ? [safeName(sessionId)] : (await readdir(this.root).catch(() => [] as string[])).sort();
    const entries: SpoolEntry[] = [];
    for (const session of sessions) {
      const folder = join(this.root, session);
      const names = await readdir(folder).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith('.wav'))) {
        const stem = name.slice(0, -4);
        const metaPath = join(folder, `${stem}.json`);
        const meta = await readMeta(metaPath, session, Number(stem));
        entries.push({ meta, wavPath: join(folder, name), metaPath });
      }
    }
    return entries.sort((a, b) => a.meta.createdAt - b.meta.createdAt || a.meta.index - b.meta.index);
  }

  /** Removes a session's folder when it has no chunks left. */
  async pruneSession(sessionId: string): Promise<void> {
    const folder = join(this.root, safeName(sessionId));
    const names = await readdir(folder).catch(() => null);
    if (names && names.length === 0) await rm(folder, { recursive: true, force: true });
  }

  private async saveMeta(entry: SpoolEntry): Promise<void> {
    await writeFileAtomic(entry.metaPath, JSON.stringify(entry.meta));
  }
}

function leasePath(entry: SpoolEntry): string {
  return entry.wavPath.replace(/\.wav$/, '.lease');
}

async function readMeta(path: string, session: string, index: number): Promise<SpoolEntryMeta> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as SpoolEntryMeta;
  } catch {
    // A WAV whose meta was lost (damaged by something else: put and remove never leave one) is still somebody's
    // words: report it as failed so it can be retried.
    const info = await stat(path.replace(/\.json$/, '.wav')).catch(() => null);
    const audioMs = info ? Math.max(0, Math.floor((info.size - 44) / 32)) : 0;
    return {
      sessionId: session,
      index,
      startMs: 0,
      endMs: audioMs,
      audioMs,
      speechMs: audioMs,
      model: '',
      status: 'failed',
      createdAt: info?.mtimeMs ?? 0,
      attempts: 0,
      lastError: { code: 'unknown', message: 'spool metadata missing' },
    };
  }
}

function safeName(sessionId: string): string {
  return sessionId.replace(/[^A-Za-z0-9_-]/g, '_');
}
