import { describe, expect, it } from 'vitest';
import { formatLogLine, safeLogValue } from '../../src-shared/log-line';

const time = Date.UTC(2026, 11, 3, 16, 55, 0, 123);

describe('the log line both the app and the CLI write', () => {
  it('is one line: UTC time, level, scope, event, then key=value fields', () => {
    const line = formatLogLine({
      time,
      level: 'info',
      scope: 'cli',
      event: 'chunk.done',
      fields: { session: 's-1764780900-ab12', index: 2, status: 'ok', costUsd: 0.00042, retried: false, code: null },
    });
    expect(line).toBe(
      '2026-12-03T16:55:00.123Z INFO  cli chunk.done session=s-1764780900-ab12 index=2 status=ok ' +
        'costUsd=0.00042 retried=false code=-',
    );
    expect(formatLogLine({ time, level: 'error', scope: 'app', event: 'error' })).toBe(
      '2026-12-03T16:55:00.123Z ERROR app error',
    );
  });

  it('never carries what was said: text fields become their length', () => {
    const spoken = 'سلام، این یک آزمایش است.';
    const line = formatLogLine({ time, level: 'info', scope: 'app', event: 'chunk', fields: { text: spoken } });
    expect(line).toContain(`text=<${[...spoken].length} chars>`);
    expect(line).not.toMatch(/[\u0600-\u06FF]/);
    expect(safeLogValue('hello world')).toBe('<11 chars>');
    expect(safeLogValue('line\nbreak')).toBe('<10 chars>');
    expect(safeLogValue('x'.repeat(81))).toBe('<81 chars>');
    expect(safeLogValue('gpt-4o-mini-transcribe')).toBe('gpt-4o-mini-transcribe');
    expect(safeLogValue(Number.NaN)).toBe('NaN');
  });

  it('never carries a key: the exact key, sk-… shapes and bearer tokens are redacted', () => {
    const key = 'my-relay-key-0123456789';
    const line = formatLogLine(
      {
        time,
        level: 'warn',
        scope: 'cli',
        event: 'chunk.error',
        fields: { code: key, other: 'sk-proj-abcdefghijklmnop', auth: 'Bearer abcdefghijklmnop' },
      },
      [key],
    );
    expect(line).not.toContain(key);
    expect(line).not.toContain('sk-proj-abcdefghijklmnop');
    expect(line).not.toContain('abcdefghijklmnop');
    expect(line).toContain('code=[redacted]');
  });

  it('refuses a made-up event name, scope or field name rather than write free text through them', () => {
    const line = formatLogLine({
      time,
      level: 'debug',
      scope: 'a scope with spaces',
      event: 'transcript: سلام دنیا',
      fields: { 'not a key': 1, ok: 2 },
    });
    expect(line).toBe('2026-12-03T16:55:00.123Z DEBUG unknown invalid-event ok=2');
  });
});
