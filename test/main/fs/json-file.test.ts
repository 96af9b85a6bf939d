import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepDamagedAside, readJsonFile, writeJsonFile, writeJsonFileSync } from '../../../src-main/fs/json-file';

const folder = () => mkdtempSync(join(tmpdir(), 'sokhan-json-'));

describe('the JSON files the app keeps', () => {
  it('reads a file a Windows editor saved with a byte-order mark', () => {
    const dir = folder();
    writeFileSync(join(dir, 'settings.json'), '\uFEFF{"uiLanguage":"en"}');
    expect(readJsonFile(join(dir, 'settings.json'))).toMatchObject({ status: 'ok', data: { uiLanguage: 'en' } });
  });

  it('tells a missing file from a damaged one, and a damaged one from one it may not read', () => {
    const dir = folder();
    expect(readJsonFile(join(dir, 'none.json'))).toEqual({ status: 'missing' });
    writeFileSync(join(dir, 'half.json'), '{"budget": {"dailyUsd": 2');
    expect(readJsonFile(join(dir, 'half.json'))).toMatchObject({ status: 'damaged' });
    expect(readJsonFile(join(dir, 'half.json'))).not.toHaveProperty('readError');
    mkdirSync(join(dir, 'folder.json'));
    expect(readJsonFile(join(dir, 'folder.json'))).toMatchObject({ status: 'damaged', readError: { code: 'EISDIR' } });
  });

  it('keeps a damaged file aside under a name of its own, never over an earlier one', () => {
    const dir = folder();
    const now = Date.parse('2026-03-21T08:30:00Z');
    writeFileSync(join(dir, 'usage-aggregates.json'), 'first');
    const first = keepDamagedAside(join(dir, 'usage-aggregates.json'), 'usage-aggregates', now);
    writeFileSync(join(dir, 'usage-aggregates.json'), 'second');
    const second = keepDamagedAside(join(dir, 'usage-aggregates.json'), 'usage-aggregates', now);
    expect(first).toBe(join(dir, 'usage-aggregates.damaged-2026-03-21T08-30-00-000Z.json'));
    expect(second).toBe(join(dir, 'usage-aggregates.damaged-2026-03-21T08-30-00-000Z-2.json'));
    expect(readFileSync(first!, 'utf8')).toBe('first');
    expect(readFileSync(second!, 'utf8')).toBe('second');
  });

  it('leaves the old file and no temporary file behind when a write cannot finish', async () => {
    const dir = folder();
    // The target is a folder: the temporary file is written, the rename over it fails.
    mkdirSync(join(dir, 'blocked.json'));
    await expect(writeJsonFile(join(dir, 'blocked.json'), { a: 1 })).rejects.toThrow();
    expect(() => writeJsonFileSync(join(dir, 'blocked.json'), { a: 1 })).toThrow();
    expect(readdirSync(dir)).toEqual(['blocked.json']);
  });

  it('writes settings readable (tab-indented) and the aggregates compact', async () => {
    const dir = folder();
    writeJsonFileSync(join(dir, 'settings.json'), { budget: { dailyUsd: 2 } }, true);
    await writeJsonFile(join(dir, 'usage-aggregates.json'), { v: 2 });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{\n\t"budget": {\n\t\t"dailyUsd": 2\n\t}\n}\n');
    expect(readFileSync(join(dir, 'usage-aggregates.json'), 'utf8')).toBe('{"v":2}');
  });
});
