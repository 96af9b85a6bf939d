import { afterEach, describe, expect, it } from 'vitest';
import { openAppCore, type AppCore } from '../../../src-main/app/app-core';
import type { LogFields, LogLevel } from '../../../src-shared/log-line';
import { tempDir } from '../../integration/cli-harness';

const cores: AppCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

describe('a malformed command from the window', () => {
  it('is refused with an error value and logged once per kind, never with its payload', async () => {
    const lines: Array<{ level: LogLevel; event: string; fields?: LogFields }> = [];
    const core = await openAppCore({
      dataDir: tempDir(),
      host: 'browser',
      version: '0',
      env: {},
      apiKey: () => '',
      log: () => ({ log: (level, event, fields) => lines.push({ level, event, fields }) }),
    });
    cores.push(core);
    for (let i = 0; i < 3; i++) {
      expect(await core.handle('usage.reset', { period: 'decade', note: 'secret text' })).toMatchObject({
        ok: false,
        code: 'invalid_payload',
        message: { en: expect.any(String), fa: expect.any(String) },
      });
      expect(await core.handle('usage.drop-table', {})).toMatchObject({ ok: false, code: 'unknown_command' });
      expect(await core.handle({ not: 'a name' }, {})).toMatchObject({ ok: false, code: 'unknown_command' });
    }
    expect(lines).toEqual([
      { level: 'warn', event: 'command.refused', fields: { code: 'invalid_payload', command: 'usage.reset' } },
      { level: 'warn', event: 'command.refused', fields: { code: 'unknown_command', command: 'usage.drop-table' } },
      { level: 'warn', event: 'command.refused', fields: { code: 'unknown_command', command: '<not a command name>' } },
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret text');
  });
});
