import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../../src-shared/app-contract/events';
import type { AppCore } from '../../../src-main/app/app-core-types';

const electronApp = Object.assign(new EventEmitter(), { isPackaged: true, getVersion: () => '0.1.0' });

// Electron exists only inside Electron; the edge is mocked so the host's logging runs under Node.
vi.mock('electron', () => ({ app: electronApp }));

const { setupLogging } = await import('../../../src-main/electron/setup-logging');

const KEY = 'sk-app-log-key-0123456789';
const SPOKEN = 'امروز هوا خوب است و من کتاب‌ها را می‌خوانم.';

function fakeCore() {
  let listener: (event: AppEvent) => void = () => {};
  const core = {
    subscribe: (l: (event: AppEvent) => void) => {
      listener = l;
      return () => {};
    },
  } as unknown as AppCore;
  return { core, emit: (event: AppEvent) => listener(event) };
}

describe("the desktop app's log (logs/main.log)", () => {
  it('records the dictation by ids, statuses and costs, never the words or the key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sokhan-applog-'));
    const { core, emit } = fakeCore();
    await setupLogging(core, dataDir, () => KEY);
    const message = { fa: `کلید ${KEY} رد شد`, en: `key ${KEY} refused` };
    const events: AppEvent[] = [
      { type: 'state', state: 'listening', sessionId: 's1' },
      { type: 'level', sessionId: 's1', dbfs: -20 },
      { type: 'chunk', sessionId: 's1', index: 0, status: 'sending', startMs: 0, endMs: 4000, text: '', costMicros: 0 },
      {
        type: 'chunk',
        sessionId: 's1',
        index: 0,
        status: 'ok',
        startMs: 0,
        endMs: 4000,
        text: SPOKEN,
        costMicros: 400,
        attempt: 1,
      },
      {
        type: 'chunk',
        sessionId: 's1',
        index: 1,
        status: 'failed',
        startMs: 5000,
        endMs: 9000,
        text: '',
        costMicros: 0,
        error: { code: 'auth', message },
      },
      { type: 'error', code: 'auth', message, sessionId: 's1' },
      { type: 'transcript', sessionId: 's1', text: SPOKEN },
      { type: 'warning', scope: 'daily', level: 'warn', spentMicros: 4_000_000, limitMicros: 5_000_000, message },
    ];
    for (const event of events) emit(event);
    electronApp.emit('render-process-gone', {}, {}, { reason: 'crashed', exitCode: 139 });
    electronApp.emit('will-quit');

    const lines = readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines.map((line) => line.split(/ +/).slice(1, 4).join(' '))).toEqual([
      'INFO app app.start',
      'INFO app state',
      'DEBUG app chunk',
      'INFO app chunk',
      'WARN app chunk',
      'ERROR app error',
      'INFO app transcript',
      'WARN app budget.warning',
      'ERROR app renderer.gone',
      'INFO app app.quit',
    ]);
    expect(lines[0]).toMatch(/app\.start version=0\.1\.0 (electron=\S+ )?platform=\w+ arch=\w+ packaged=true$/);
    expect(lines[3]).toMatch(/chunk session=s1 index=0 status=ok audioMs=4000 attempt=1 costUsd=0\.0004 chars=43$/);
    expect(lines[4]).toContain('status=failed');
    expect(lines[4]).toContain('code=auth');
    expect(lines[7]).toContain('spentUsd=4 limitUsd=5');
    const file = lines.join('\n');
    expect(file).not.toContain(KEY);
    expect(file).not.toMatch(/[\u0600-\u06FF]/);
  });
});
