import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AtomicWriteFs, writeFileAtomic } from '../../../src-main/fs/atomic-write';
import { type DataFolderFs, dataFolderProblem } from '../../../src-main/fs/data-folder-check';

const fsError = (code: string): Error => Object.assign(new Error(`${code}: simulated`), { code });
const base = mkdtempSync(join(tmpdir(), 'disk-trouble-'));
const isRoot = process.getuid?.() === 0;

/** The real file system, except that writing file contents fails with `code` (a full disk, a read-only mount). */
function failingWrites(code: string): DataFolderFs {
  return {
    stat: (path) => import('node:fs/promises').then((fs) => fs.stat(path)),
    mkdir: (path, options) => mkdir(path, options),
    writeFile: async () => {
      throw fsError(code);
    },
    rm: (path, options) => rm(path, options),
  };
}

describe('the data folder is checked before anything is sent', () => {
  it('a usable folder (created if missing) passes and keeps no trace of the check', async () => {
    const dir = join(base, 'fresh', 'SokhanNegar');
    expect(await dataFolderProblem(dir)).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a path that is a file, or inside one, is named as such, in both languages', async () => {
    const file = join(base, 'a-file');
    writeFileSync(file, 'x');
    for (const dir of [file, join(file, 'inside')]) {
      const problem = await dataFolderProblem(dir);
      expect(problem?.en).toMatch(/is a file, or lies inside one — move that file away, or choose another folder/);
      expect(problem?.fa).toContain('یک فایل است');
    }
  });

  it.each([
    ['EACCES', /not writable \(EACCES\) — fix its permissions/, 'قابل نوشتن نیست'],
    ['EROFS', /not writable \(EROFS\)/, 'قابل نوشتن نیست'],
    ['ENOSPC', /is full — free some space/, 'پر است'],
  ])('a folder where writing fails with %s says what to do and leaves nothing behind', async (code, en, fa) => {
    const dir = mkdtempSync(join(base, 'inject-'));
    const problem = await dataFolderProblem(dir, failingWrites(code));
    expect(problem?.en).toMatch(en);
    expect(problem?.fa).toContain(fa);
    expect(readdirSync(dir)).toEqual([]);
  });

  // As root chmod does not stop writes (the injected EACCES above stands in there); as a user it is the real thing.
  it.skipIf(isRoot)('a real read-only folder is reported as not writable', async () => {
    const dir = mkdtempSync(join(base, 'readonly-'));
    chmodSync(dir, 0o500);
    try {
      expect((await dataFolderProblem(dir))?.en).toMatch(/not writable \(EACCES\)/);
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});

/** A 64 KB tmpfs filled to the last byte, when this machine lets the test mount one (root, not in every CI). */
function fullDisk(): string | null {
  if (!isRoot) return null;
  const mountPoint = mkdtempSync(join(base, 'tmpfs-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]).status !== 0) return null;
  spawnSync('dd', ['if=/dev/zero', `of=${join(mountPoint, 'filler')}`, 'bs=4096']); // stops at ENOSPC
  return mountPoint;
}
const mounted = fullDisk();
afterAll(() => {
  if (mounted) execFileSync('umount', [mounted]);
});

describe('a full disk', () => {
  it('an atomic write that runs out of space fails with ENOSPC and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(base, 'atomic-'));
    writeFileSync(join(dir, 'meta.json'), '{"old":true}');
    const full: AtomicWriteFs = {
      mkdir,
      rename,
      rm,
      open: async (path, flags) => {
        const handle = await open(path, flags);
        return {
          writeFile: async () => {
            await handle.writeFile('{"ne'); // part of it made it to disk before the space ran out
            throw fsError('ENOSPC');
          },
          sync: () => handle.sync(),
          close: () => handle.close(),
        };
      },
    };
    await expect(writeFileAtomic(join(dir, 'meta.json'), '{"new":true}', full)).rejects.toMatchObject({
      code: 'ENOSPC',
    });
    expect(readdirSync(dir)).toEqual(['meta.json']);
  });

  it.skipIf(!mounted)(
    'on a real full tmpfs: the folder check says so, and an atomic write leaves nothing',
    async () => {
      const dir = join(mounted as string, 'data');
      mkdirSync(dir);
      expect((await dataFolderProblem(dir))?.en).toMatch(/is full — free some space/);
      await expect(writeFileAtomic(join(dir, 'chunk.wav'), new Uint8Array(200_000))).rejects.toMatchObject({
        code: 'ENOSPC',
      });
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});
