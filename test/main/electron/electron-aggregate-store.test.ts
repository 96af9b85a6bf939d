import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings/settings-schema';
import { AGGREGATE_STATE_VERSION } from '../../../src-shared/usage/aggregate-state';
import { openUsageMeter } from '../../../src-main/usage/usage-meter';

// electron-store reads app and ipcMain from electron; outside Electron they are absent, as in a utility process.
vi.mock('electron', () => ({ default: { app: undefined, ipcMain: undefined, shell: undefined } }));

const { createElectronAggregateStore } = await import('../../../src-main/electron/electron-aggregate-store');

describe('the app keeps the usage aggregates through electron-store', () => {
  it('in the file the CLI reads, so the app and the CLI show the same counters', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'estore-'));
    const now = () => Date.UTC(2026, 10, 23, 9);
    const settings = { ...DEFAULT_SETTINGS };
    const app = await openUsageMeter({
      dataDir,
      settings,
      source: 'app',
      now,
      timeZone: 'UTC',
      store: createElectronAggregateStore(dataDir),
      storeWriteDelayMs: 0,
    });
    await app.record({
      kind: 'request',
      id: 'r1',
      at: now(),
      sessionId: 's1',
      model: 'whisper-1',
      provider: 'openai',
      audioMs: 12_400,
      billed: { type: 'duration', seconds: 13 },
      billedSeconds: 13,
      costMicros: 1_300,
      outcome: 'ok',
      source: 'app',
    });
    await app.close();

    const stored = JSON.parse(readFileSync(join(dataDir, 'usage-aggregates.json'), 'utf8'));
    expect(stored.version).toBe(AGGREGATE_STATE_VERSION);
    const cli = await openUsageMeter({ dataDir, settings, source: 'cli', now, timeZone: 'UTC' });
    expect(cli.notices()).toEqual([]);
    expect((await cli.counters()).today).toMatchObject({
      requests: 1,
      audioMs: 12_400,
      billedSeconds: 13,
      costMicros: 1_300,
    });
    await cli.close();
  });
});
