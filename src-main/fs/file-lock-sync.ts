import { mkdirSync, rmSync, statSync } from 'node:fs';

/** Longer than any settings write takes: a lock this old was left by a process that died holding it. */
const STALE_AFTER_MS = 10_000;
/** How long a writer waits for another before giving up with an error a person can read. */
const GIVE_UP_AFTER_MS = 5_000;
const POLL_MS = 5;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Runs `work` while holding `<file>.lock` (a folder: creating one is atomic on every OS and file system), so two
 * processes doing read-modify-write on one small file (the window and `sokhan config set`) never lose each other's
 * change. Synchronous because the settings API is: a write takes a millisecond, so waiting is short.
 */
export function withFileLockSync<T>(file: string, work: () => T, now: () => number = Date.now): T {
  const lock = `${file}.lock`;
  const started = now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockIsStale(lock, now())) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (now() - started > GIVE_UP_AFTER_MS) {
        throw new Error(`${file} is locked by another process (${lock}); if none is running, delete that folder.`);
      }
      sleepSync(POLL_MS);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockIsStale(lock: string, at: number): boolean {
  try {
    return at - statSync(lock).mtimeMs > STALE_AFTER_MS;
  } catch {
    // Gone between our mkdir and stat: the holder just let go; try again at once.
    return true;
  }
}
