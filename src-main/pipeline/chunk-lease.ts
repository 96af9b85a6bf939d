import { hostname } from 'node:os';
import { readFile, rm, writeFile } from 'node:fs/promises';

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
      try {
        const holder: LeaseHolder = { pid: process.pid, host: hostname(), at: this.now() };
        await writeFile(path, JSON.stringify(holder), { flag: 'wx' });
        this.held.add(path);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (await this.holder(path)) return false;
        // Stale: its owner is gone. Remove it and try once more (another process may win that race; then we yield).
        await rm(path, { force: true });
      }
    }
    return false;
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
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      // Half-written by a process killed mid-write: nobody can be holding it.
      return null;
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
