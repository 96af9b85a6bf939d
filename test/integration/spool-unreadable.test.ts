import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFolderReadProblem } from '../../src-main/fs/data-folder-check';
import { sokhan, tempDir } from './cli-harness';

describe('`sokhan spool` on a data folder it cannot read', () => {
  it.each([
    ['the data folder is a file', (dir: string) => writeFileSync(dir, 'not a folder')],
    [
      'its spool is a file',
      (dir: string) => {
        mkdirSync(dir);
        writeFileSync(join(dir, 'spool'), 'not a folder');
      },
    ],
  ])('%s: never "spool is empty", but what is wrong and what to do, in both languages', async (_case, make) => {
    const dataDir = join(tempDir(), 'data');
    make(dataDir);
    for (const action of ['list', 'retry', 'discard']) {
      const run = await sokhan(['spool', action, '--yes', '--data-dir', dataDir]);
      expect(run.code).toBe(1);
      expect(run.stdout).not.toMatch(/spool is empty|nothing to retry|discarded/);
      expect(run.stderr).toMatch(/is a file, not a folder, so the chunks waiting in the data folder .* cannot be read/);
      expect(run.stderr).toContain('خوانده نمی‌شوند');
    }
  });

  it('a data folder not made yet holds nothing: the spool is empty', async () => {
    const run = await sokhan(['spool', 'list', '--data-dir', join(tempDir(), 'not-yet')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/spool is empty/);
  });

  it('a spool the disk will not let us read is named with the reason', async () => {
    const denied = Object.assign(new Error('EACCES: simulated'), { code: 'EACCES' });
    const problem = await dataFolderReadProblem('/data', {
      stat: async (path) => {
        if (path === '/data') return { isDirectory: () => true };
        throw denied;
      },
    });
    expect(problem?.en).toMatch(/\/data\/spool cannot be read \(EACCES\) — check its permissions/);
    expect(problem?.fa).toContain('خوانده نمی‌شود');
  });
});
