import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BilingualMessage } from '../../src-shared/bilingual';

/** The file operations the check uses; tests hand in ones that fail as a read-only folder or a full disk would. */
export interface DataFolderFs {
  stat: (path: string) => Promise<{ isDirectory(): boolean }>;
  mkdir: (path: string, options: { recursive: true }) => Promise<unknown>;
  writeFile: (path: string, data: string) => Promise<void>;
  rm: (path: string, options: { force: true }) => Promise<void>;
}

const NODE_FS: DataFolderFs = { stat, mkdir, writeFile, rm };

/**
 * Finds out, before any audio is sent, whether the data folder can keep what a dictation produces: it must be a
 * folder (not a file), writable, and not on a full disk. Sending first and failing to store the answer would spend
 * money for text that then waits in memory. Returns what to tell the person, or null when the folder is usable.
 */
export async function dataFolderProblem(dir: string, fs: DataFolderFs = NODE_FS): Promise<BilingualMessage | null> {
  const isFolder = await fs.stat(dir).then(
    (info) => info.isDirectory(),
    () => null, // missing: created below
  );
  if (isFolder === false) return notAFolder(dir);
  const probe = join(dir, `.sokhan-write-check-${process.pid}`);
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(probe, 'ok');
  } catch (error) {
    await fs.rm(probe, { force: true }).catch(() => undefined);
    return dataFolderWriteProblem(error, dir);
  }
  await fs.rm(probe, { force: true }).catch(() => undefined);
  return null;
}

/**
 * Finds out whether what the data folder holds can be read: a data folder that is a file (or a spool that is) must not
 * be reported as "nothing waiting" when words may wait elsewhere. A folder not made yet holds nothing: no problem.
 */
export async function dataFolderReadProblem(
  dir: string,
  fs: Pick<DataFolderFs, 'stat'> = NODE_FS,
): Promise<BilingualMessage | null> {
  for (const folder of [dir, join(dir, 'spool')]) {
    let isFolder: boolean;
    try {
      isFolder = (await fs.stat(folder)).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException)?.code;
      if (code === 'ENOENT') return null;
      if (code === 'ENOTDIR') return notReadable(dir, folder, 'ENOTDIR');
      return notReadable(dir, folder, code ?? 'EIO');
    }
    if (!isFolder) return notReadable(dir, folder, 'ENOTDIR');
  }
  return null;
}

function notReadable(dir: string, folder: string, code: string): BilingualMessage {
  if (code === 'ENOTDIR')
    return {
      en:
        `${folder} is a file, not a folder, so the chunks waiting in the data folder (${dir}) cannot be read — move ` +
        'that file away, or choose another folder with --data-dir or SOKHAN_DATA_DIR.',
      fa:
        `${folder} یک فایل است، نه پوشه، پس تکه‌های منتظر در پوشهٔ داده (${dir}) خوانده نمی‌شوند؛ آن فایل را ` +
        'جابه‌جا کنید یا با ‎--data-dir‎ یا SOKHAN_DATA_DIR پوشهٔ دیگری بدهید.',
    };
  return {
    en:
      `${folder} cannot be read (${code}) — check its permissions and the disk, or choose another folder ` +
      'with --data-dir.',
    fa: `${folder} خوانده نمی‌شود (${code})؛ دسترسی‌ها و دیسک را بررسی کنید یا با ‎--data-dir‎ پوشهٔ دیگری بدهید.`,
  };
}

/** What to say when writing into the data folder failed with this error. */
export function dataFolderWriteProblem(error: unknown, dir: string): BilingualMessage {
  const code = (error as NodeJS.ErrnoException)?.code ?? 'EIO';
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return {
      en:
        `the disk holding the data folder (${dir}) is full — free some space, or choose another folder with ` +
        '--data-dir; nothing was sent and nothing saved before was lost.',
      fa:
        `دیسکِ پوشهٔ داده (${dir}) پر است؛ کمی فضا آزاد کنید یا با ‎--data-dir‎ پوشهٔ دیگری بدهید. چیزی ` +
        'فرستاده نشد و چیزی از داده‌های قبلی از دست نرفت.',
    };
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return {
      en:
        `the data folder (${dir}) is not writable (${code}) — fix its permissions (e.g. \`chmod u+w\`), or ` +
        'choose another folder with --data-dir; nothing was sent.',
      fa:
        `پوشهٔ داده (${dir}) قابل نوشتن نیست (${code})؛ دسترسی آن را درست کنید (مثلاً ‎chmod u+w‎) یا با ` +
        '‎--data-dir‎ پوشهٔ دیگری بدهید. چیزی فرستاده نشد.',
    };
  if (code === 'ENOTDIR' || code === 'EEXIST') return notAFolder(dir);
  if (code === 'ENOENT')
    return {
      en:
        `the data folder (${dir}) cannot be created — check that the folder above it exists and is ` +
        'writable, or choose another folder with --data-dir; nothing was sent.',
      fa:
        `پوشهٔ داده (${dir}) ساخته نشد؛ بررسی کنید پوشهٔ بالاتر وجود دارد و قابل نوشتن است، یا با ` +
        '‎--data-dir‎ پوشهٔ دیگری بدهید. چیزی فرستاده نشد.',
    };
  return {
    en:
      `the data folder (${dir}) cannot be written (${code}) — check the disk, or choose another folder with ` +
      '--data-dir; nothing was sent.',
    fa:
      `در پوشهٔ داده (${dir}) نمی‌توان نوشت (${code})؛ دیسک را بررسی کنید یا با ‎--data-dir‎ پوشهٔ دیگری ` +
      'بدهید. چیزی فرستاده نشد.',
  };
}

function notAFolder(dir: string): BilingualMessage {
  return {
    en:
      `the data folder path (${dir}) is a file, or lies inside one — move that file away, or choose another ` +
      'folder with --data-dir or SOKHAN_DATA_DIR; nothing was sent.',
    fa:
      `مسیر پوشهٔ داده (${dir}) یک فایل است یا درون یک فایل قرار دارد؛ آن فایل را جابه‌جا کنید یا با ` +
      '‎--data-dir‎ یا SOKHAN_DATA_DIR پوشهٔ دیگری بدهید. چیزی فرستاده نشد.',
  };
}
