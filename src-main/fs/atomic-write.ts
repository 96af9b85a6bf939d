import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/**
 * Writes a file so that a crash leaves either the old content or the new one: write a temporary file beside it,
 * flush it to disk, then rename over the target (rename is atomic within one folder).
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  fs: AtomicWriteFs = NODE_FS,
): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temporary, 'w');
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, path);
  } catch (error) {
    // A full disk fails the write, not the open: the half-written temporary file must not stay behind.
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** The file operations writeFileAtomic uses; tests hand in one that fails like a full disk. */
export interface AtomicWriteFs {
  mkdir: typeof mkdir;
  open: (path: string, flags: string) => Promise<Pick<FileHandle, 'writeFile' | 'sync' | 'close'>>;
  rename: typeof rename;
  rm: typeof rm;
}

const NODE_FS: AtomicWriteFs = { mkdir, open, rename, rm };

/** The synchronous twin of writeFileAtomic, for small files written from synchronous APIs (settings). */
export function writeFileAtomicSync(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'w');
  try {
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
