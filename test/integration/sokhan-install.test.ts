import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from './cli-harness';

const run = promisify(execFile);
const repo = resolve('.');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('sokhan installed globally', () => {
  it('runs from any folder after `npm install -g .`, from the built JavaScript', async () => {
    const prefix = tempDir('sokhan-prefix-');
    // The global setup already built out/cli; scripts are skipped so a parallel test never sees a half-written build.
    // --offline: a folder install links the project and downloads nothing.
    await run(npm, [
      'install',
      '-g',
      repo,
      '--prefix',
      prefix,
      '--offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
    ]);
    const bin = process.platform === 'win32' ? join(prefix, 'sokhan.cmd') : join(prefix, 'bin', 'sokhan');
    const elsewhere = tempDir('sokhan-elsewhere-');
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'usage-ledger.jsonl'),
      `${JSON.stringify({
        kind: 'request',
        id: 'r1',
        at: Date.now(),
        sessionId: 's',
        model: 'gpt-transcribe',
        provider: 'openai',
        audioMs: 60_000,
        billed: { type: 'duration', seconds: 60 },
        billedSeconds: 60,
        costMicros: 4_500,
        outcome: 'ok',
        source: 'cli',
      })}\n`,
    );
    // No loader on the way (NODE_OPTIONS emptied): the bin imports only out/cli, plain JavaScript.
    const env = { ...process.env, NODE_OPTIONS: '', SOKHAN_DATA_DIR: dataDir };
    const help = await run(bin, ['--help'], { cwd: elsewhere, env });
    expect(help.stdout).toContain('sokhan transcribe FILE.wav');
    const usage = JSON.parse((await run(bin, ['usage', '--json'], { cwd: elsewhere, env })).stdout);
    expect(usage.total.requests).toBe(1);
    expect(usage.total.billedSeconds).toBe(60);
    expect(usage.total.costUsd).toBeCloseTo(0.0045, 10);
  });

  it('packs the built CLI and the window, not the sources', async () => {
    const { stdout } = await run(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo });
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
    expect(files).toContain('bin/sokhan.mjs');
    expect(files).toContain('out/cli/sokhan.mjs');
    expect(files).toContain('out/renderer/index.html');
    expect(files.some((f) => f.startsWith('src-main/') || f.startsWith('test/'))).toBe(false);
  });

  it('says in both languages what to run when the CLI is not built', async () => {
    const root = tempDir('sokhan-unbuilt-');
    mkdirSync(join(root, 'bin'));
    copyFileSync(join(repo, 'bin', 'sokhan.mjs'), join(root, 'bin', 'sokhan.mjs'));
    const failure = await run(process.execPath, [join(root, 'bin', 'sokhan.mjs'), '--help']).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('npm run build:cli');
    expect(failure?.stderr).toContain('ساخته نشده است');
    expect(failure?.stderr).toContain(join(root, 'out', 'cli', 'sokhan.mjs'));
  });
});
