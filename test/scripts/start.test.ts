import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../integration/cli-harness';

const run = promisify(execFile);

/** Runs `scripts/start.mjs --check` in a project folder whose node_modules/electron is what the test made it. */
async function check(project: string): Promise<{ code: number; stderr: string }> {
  const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '' };
  return run(process.execPath, [join(project, 'scripts', 'start.mjs'), '--check'], { cwd: project, env }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

function projectWithElectron(binary: boolean): string {
  const project = tempDir('sokhan-start-');
  mkdirSync(join(project, 'scripts'));
  copyFileSync(resolve('scripts', 'start.mjs'), join(project, 'scripts', 'start.mjs'));
  const electron = join(project, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  writeFileSync(join(electron, 'package.json'), JSON.stringify({ name: 'electron', version: '41.7.1' }));
  if (binary) {
    writeFileSync(join(electron, 'path.txt'), 'electron');
    mkdirSync(join(electron, 'dist'));
    writeFileSync(join(electron, 'dist', 'electron'), '');
  }
  return project;
}

describe('npm start', () => {
  it('without the Electron binary says so and what to do, in English and Persian', async () => {
    const { code, stderr } = await check(projectWithElectron(false));
    expect(code).toBe(1);
    expect(stderr).toContain("Electron's program is not installed");
    expect(stderr).toContain('without ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(stderr).toContain('npx sokhan ui');
    expect(stderr).toContain('برنامهٔ Electron نصب نشده است');
    expect(stderr).not.toContain('failed to install correctly');
  });

  it('goes ahead when the binary is there', async () => {
    expect(await check(projectWithElectron(true))).toEqual({ code: 0, stderr: '' });
  });

  it('in this checkout tells the truth about node_modules/electron', async () => {
    // Here (CI and the helpers' machines) the binary cannot be downloaded: the real check runs and refuses.
    const { existsSync, readFileSync } = await import('node:fs');
    const pathFile = resolve('node_modules', 'electron', 'path.txt');
    const installed =
      existsSync(pathFile) && existsSync(resolve('node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8')));
    expect((await check(resolve('.'))).code).toBe(installed ? 0 : 1);
  });
});
