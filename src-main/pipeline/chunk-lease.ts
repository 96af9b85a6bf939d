import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';

/** Who holds a chunk: written into its lease file. */
export interface LeaseHolder {
  pid: number;
  host: string;
  at: number;
}

/** A lease older than this is stale even if its pid looks alive (the pid may have been reused after a reboot). */
const MAX_LEASE_AGE_MS = 24 * 60 * 60 * 1000;
/** A lease from another machine (a shared data folder) cannot be checked by pid: it goes stale after this long. */
const FOREIGN_LEASE_AGE_MS = 10 * 60 * 1000;
/**
 * A lease that cannot be read is being written (an older version wrote leases in two steps) or was left half-written
 * by a kill: for this long it counts as held, so a live owner mid-write is never taken over.
 */
const UNREADABLE_GRACE_MS = 5_000;

export interface LeaseOptions {
  now?: () => number;
  /** True when a process with this id runs on this machine. */
  isAlive?: (pid: number) => boolean;
}

/**
 * One owner per chunk across processes: a lease file beside the chunk, created exclusively (O_EXCL) by the process
 * that sends it and removed when it is done. A crash leaves the file behind; the next process recognises it as
 * stale by its pid (no such process) or its age, so audio is never stuck and never sent twice at once.
 */
export class ChunkLeases {
  private readonly held = new Set<string>();
  private readonly now: () => number;
  private readonly isAlive: (pid: number) => boolean;

  constructor(options: LeaseOptions = {}) {
    this.now = options.now ?? Date.now;
    this.isAlive = options.isAlive ?? processIsAlive;
  }

  /** Takes the lease; false when another live owner (another process, or another spool in this one) holds it. */
  async claim(path: string): Promise<boolean> {
    if (this.held.has(path)) return true;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.create(path)) {
        this.held.add(path);
        return true;
      }
      const seen = await readFile(path, 'utf8').catch(() => null);
      if (seen === null) continue; // let go between our try and our read: try again
      if (await this.holder(path)) return false;
      // Stale: its owner is gone. Break it and try once more (another process may win that race; then we yield).
      await this.breakStale(path, seen);
    }
    return false;
  }

  /**
   * Creates the lease whole or not at all: the holder is written to a file of our own, then linked to the lease's
   * name, which fails if the name exists. Another process never reads a lease half-written by a live owner.
   */
  private async create(path: string): Promise<boolean> {
    const holder: LeaseHolder = { pid: process.pid, host: hostname(), at: this.now() };
    const draft = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.draft`;
    await writeFile(draft, JSON.stringify(holder));
    try {
      await link(draft, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await rm(draft, { force: true });
    }
  }

  /**
   * Moves a stale lease out of the way under a name of our own (a rename: only one breaker gets it). If what we
   * moved is not the stale lease we judged, another breaker already replaced it with a live one: give that back.
   */
  private async breakStale(path: string, judged: string): Promise<void> {
    const tomb = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.stale`;
    try {
      await rename(path, tomb);
    } catch {
      return; // someone else broke it first
    }
    const moved = await readFile(tomb, 'utf8').catch(() => null);
    if (moved !== judged) await link(tomb, path).catch(() => undefined);
    await rm(tomb, { force: true });
  }

  /** Gives the lease back (the chunk is done, or left in the spool for later). */
  async release(path: string): Promise<void> {
    if (!this.held.delete(path)) return;
    await rm(path, { force: true });
  }

  /** True when a live owner other than this object holds the lease. */
  async heldByOther(path: string): Promise<boolean> {
    return !this.held.has(path) && (await this.holder(path)) !== null;
  }

  /** The live owner of a lease, or null when nobody (alive) holds it. Leases this object holds count as live. */
  async holder(path: string): Promise<LeaseHolder | null> {
    let holder: LeaseHolder;
    try {
      holder = JSON.parse(await readFile(path, 'utf8')) as LeaseHolder;
    } catch {
      // Gone (stat fails too: nobody holds it), or unreadable: held while it is fresh (someone may be writing it),
      // stale once a kill is the only explanation.
      const written = await stat(path).catch(() => null);
      if (!written) return null;
      const age = this.now() - written.mtimeMs;
      return age < UNREADABLE_GRACE_MS ? { pid: -1, host: hostname(), at: written.mtimeMs } : null;
    }
    if (this.held.has(path)) return holder;
    const age = this.now() - holder.at;
    if (!(age >= 0 && age < MAX_LEASE_AGE_MS)) return null;
    if (holder.host !== hostname()) return age < FOREIGN_LEASE_AGE_MS ? holder : null;
    return this.isAlive(holder.pid) ? holder : null;
  }
}

function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
