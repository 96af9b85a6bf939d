import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSettingsStore, SettingsValueError, type SettingsNotice } from '../../../src-main/settings/settings-store';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings/settings-schema';

let dataDir: string;
const NOW = Date.parse('2026-03-21T08:30:00Z');

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sokhan-settings-'));
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const fileJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('openSettingsStore', () => {
  it('gives the defaults when there is no settings file yet, and writes nothing', () => {
    const store = openSettingsStore(dataDir);
    expect(store.read()).toEqual(DEFAULT_SETTINGS);
    expect(store.path).toBe(path.join(dataDir, 'settings.json'));
    expect(fs.existsSync(store.path)).toBe(false);
  });

  it('stores a change in settings.json where another opener (the app) sees it', () => {
    const cli = openSettingsStore(dataDir);
    const after = cli.set('budget.dailyUsd', 2.5);
    expect(after.budget.dailyUsd).toBe(2.5);
    cli.set('model', 'gpt-transcribe');
    expect(fileJson(cli.path)).toMatchObject({ model: 'gpt-transcribe', budget: { dailyUsd: 2.5 } });
    const app = openSettingsStore(dataDir);
    expect(app.read()).toMatchObject({
      model: 'gpt-transcribe',
      budget: { ...DEFAULT_SETTINGS.budget, dailyUsd: 2.5 },
    });
  });

  it('sees a change written by another process since it was opened', () => {
    const store = openSettingsStore(dataDir);
    expect(store.read().uiLanguage).toBe('fa');
    openSettingsStore(dataDir).set('uiLanguage', 'en');
    expect(store.read().uiLanguage).toBe('en');
  });

  it('refuses an invalid value with a bilingual message and leaves the file as it was', () => {
    const store = openSettingsStore(dataDir);
    store.set('maxConcurrentRequests', 4);
    let caught: unknown;
    try {
      store.set('maxConcurrentRequests', 12);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SettingsValueError);
    expect((caught as SettingsValueError).bilingual.en).toContain('from 1 to 8');
    expect((caught as SettingsValueError).bilingual.fa).toContain('از ۱ تا ۸');
    expect(store.read().maxConcurrentRequests).toBe(4);
  });

  it('keeps keys it does not know (written by a newer app) when it saves', () => {
    fs.writeFileSync(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({ windowBounds: { width: 800 }, calendar: 'persian' }),
    );
    const store = openSettingsStore(dataDir);
    store.set('digits', 'persian');
    expect(fileJson(store.path)).toEqual({ windowBounds: { width: 800 }, calendar: 'persian', digits: 'persian' });
  });

  it('moves a damaged file aside, uses the defaults and says so in both languages', () => {
    const file = path.join(dataDir, 'settings.json');
    fs.writeFileSync(file, '{"model": "gpt-transcribe", "budget": {');
    const told: SettingsNotice[] = [];
    const store = openSettingsStore(dataDir, { now: () => NOW, onNotice: (n) => told.push(n) });
    expect(store.read()).toEqual(DEFAULT_SETTINGS);
    expect(told).toHaveLength(1);
    expect(told[0].kind).toBe('unreadable');
    expect(fs.readFileSync(told[0].keptAt, 'utf8')).toBe('{"model": "gpt-transcribe", "budget": {');
    expect(path.basename(told[0].keptAt)).toBe('settings.damaged-2026-03-21T08-30-00-000Z.json');
    expect(told[0].message.en).toContain(told[0].keptAt);
    expect(told[0].message.fa).toContain('خراب');
    expect(fs.existsSync(file)).toBe(false);
    expect(store.takeNotices()).toEqual(told);
    expect(store.takeNotices()).toEqual([]);
    // The store keeps working after the repair.
    expect(store.set('calendar', 'persian').calendar).toBe('persian');
  });

  it('treats a file that is JSON but not an object as damaged', () => {
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '[1, 2, 3]');
    const store = openSettingsStore(dataDir, { now: () => NOW });
    expect(store.read()).toEqual(DEFAULT_SETTINGS);
    expect(store.takeNotices()[0].kind).toBe('unreadable');
  });

  it('resets only the invalid values of a hand-edited file, keeping a copy and telling which', () => {
    const file = path.join(dataDir, 'settings.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        model: 'gpt-transcribe',
        maxConcurrentRequests: 50,
        budget: { monthlyUsd: 10, warnPercent: 0 },
      }),
    );
    const store = openSettingsStore(dataDir, { now: () => NOW });
    const settings = store.read();
    expect(settings.model).toBe('gpt-transcribe');
    expect(settings.budget.monthlyUsd).toBe(10);
    expect(settings.maxConcurrentRequests).toBe(3);
    expect(settings.budget.warnPercent).toBe(80);
    const [notice] = store.takeNotices();
    expect(notice.kind).toBe('invalid-values');
    expect(notice.resetKeys).toEqual(['maxConcurrentRequests', 'budget.warnPercent']);
    expect(notice.message.en).toContain('maxConcurrentRequests');
    expect(fileJson(notice.keptAt)).toMatchObject({ maxConcurrentRequests: 50 });
    expect(fileJson(file)).toMatchObject({
      model: 'gpt-transcribe',
      maxConcurrentRequests: 3,
      budget: { monthlyUsd: 10, warnPercent: 80 },
    });
    // Repaired once: reading again has nothing more to tell.
    store.read();
    expect(store.takeNotices()).toEqual([]);
  });

  it('opens without throwing when the file was damaged before it was opened, even for a write', () => {
    fs.writeFileSync(path.join(dataDir, 'settings.json'), 'not json at all');
    const store = openSettingsStore(dataDir, { now: () => NOW });
    expect(store.set('budget.blockAtLimit', true).budget.blockAtLimit).toBe(true);
    expect(store.takeNotices().map((n) => n.kind)).toEqual(['unreadable']);
  });
});

describe('a damaged settings file never silently drops a budget', () => {
  it('an unreadable file is replaced by the last good copy, budgets included, and the person is told', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-good-'));
    const store = openSettingsStore(dir);
    store.set('budget.monthlyUsd', 20);
    store.set('budget.blockAtLimit', true);
    fs.writeFileSync(path.join(dir, 'settings.json'), '{"budget": {"monthlyUsd": 20, "blockAt');
    const notices: string[] = [];
    const reopened = openSettingsStore(dir, { onNotice: (n) => notices.push(n.message.en) });
    expect(reopened.read().budget).toMatchObject({ monthlyUsd: 20, blockAtLimit: true });
    expect(notices.join(' ')).toMatch(/last good copy \(with the same budgets\) was restored/);
    // The restored file is what the CLI and the app read from now on.
    expect(openSettingsStore(dir).read().budget.monthlyUsd).toBe(20);
  });

  it('a budget value broken by hand goes back to its last good value, not to "no budget"', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-good-'));
    const store = openSettingsStore(dir);
    store.set('budget.dailyUsd', 2);
    const file = path.join(dir, 'settings.json');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    stored.budget.dailyUsd = 'two dollars';
    fs.writeFileSync(file, JSON.stringify(stored));
    expect(openSettingsStore(dir).read().budget.dailyUsd).toBe(2);
  });
});
