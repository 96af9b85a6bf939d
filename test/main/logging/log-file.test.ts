import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logFilePath, openLogFile } from '../../../src-main/logging/log-file';

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (INFO |WARN |ERROR|DEBUG) cli [a-z.]+( [A-Za-z]+=\S+)*$/;

describe('the log file (electron-log, shared format)', () => {
  it('appends formatted lines and rotates at the size cap into NAME.old.log, keeping the newest lines', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sokhan-log-'));
    const path = logFilePath(dataDir, 'cli');
    const maxBytes = 2_000;
    let now = Date.UTC(2026, 11, 3);
    const echoed: string[] = [];
    const log = await openLogFile({
      path,
      scope: 'cli',
      secrets: () => [],
      now: () => now++,
      maxBytes,
      echo: (line) => echoed.push(line),
    });
    for (let index = 0; index < 100; index++) log.log('info', 'chunk.done', { index, status: 'ok', audioMs: 4200 });

    const current = readFileSync(path, 'utf8').trimEnd().split('\n');
    const oldPath = join(dataDir, 'logs', 'cli.old.log');
    expect(existsSync(oldPath)).toBe(true);
    const old = readFileSync(oldPath, 'utf8').trimEnd().split('\n');
    // Each file stays near the cap (it is checked before a line is added), and the newest line is in the current one.
    const lineBytes = Buffer.byteLength(`${current[0]}\n`);
    for (const file of [path, oldPath]) expect(statSync(file).size).toBeLessThanOrEqual(maxBytes + lineBytes);
    expect(current.at(-1)).toContain('index=99');
    // The two files hold the latest lines without a gap; older ones were dropped with the previous .old file.
    const indexes = [...old, ...current].map((line) => Number(/index=(\d+)/.exec(line)?.[1]));
    expect(indexes).toEqual(indexes.map((_, i) => indexes[0]! + i));
    expect(indexes.length).toBeLessThan(100);
    for (const line of [...old, ...current]) expect(line).toMatch(LINE);
    expect(echoed).toHaveLength(100);
    expect(echoed.at(-1)).toBe(current.at(-1));
  });
});
