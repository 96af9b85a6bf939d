import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSettingsStore } from '../../../src-main/settings/settings-store';

function runWriter(dataDir: string, key: string, count: number, startAt: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/settings-writer-child.ts', dataDir, key, String(count), String(startAt)],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

describe('the window and the CLI changing settings at the same moment', () => {
  it(
    'loses neither change: each process’s last value is in settings.json, and no lock or temp ' + 'file is left',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'sokhan-two-writers-'));
      try {
        // Without the lock, one process's read-modify-write overwrites the other's key with a stale value.
        const startAt = Date.now() + 4000;
        const codes = await Promise.all([
          runWriter(dataDir, 'budget.dailyUsd', 150, startAt),
          runWriter(dataDir, 'budget.monthlyUsd', 150, startAt),
        ]);
        expect(codes).toEqual([0, 0]);
        const budget = openSettingsStore(dataDir).read().budget;
        expect(budget.dailyUsd).toBe(150);
        expect(budget.monthlyUsd).toBe(150);
        expect(readdirSync(dataDir).sort()).toEqual(['settings.json', 'settings.last-good.json']);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
