import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  UsageDailyView,
  UsageExportView,
  UsageImportView,
  UsageSessionsView,
  UsageSnapshotView,
  UsageSummaryView,
} from '../../../src-shared/app-contract/views';
import type { LedgerRequestRecord } from '../../../src-shared/usage/ledger-record';
import { openAppCore, type AppCore } from '../../../src-main/app/app-core';
import { openUsageMeter } from '../../../src-main/usage/usage-meter';
import { tempDir } from '../../integration/cli-harness';
import { NO_BUDGET_SETTINGS } from '../../support/meter-settings';

const DAY = 86_400_000;
/** Noon UTC, so every local day of the test machine's zone is one calendar day from the next. */
const NOW = Date.UTC(2026, 11, 17, 12, 0, 0);
const cores: AppCore[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

let seq = 0;
function request(at: number, audioMs: number, costMicros: number, model = 'whisper-1'): LedgerRequestRecord {
  seq += 1;
  return {
    kind: 'request',
    id: `q-${seq}`,
    at,
    sessionId: `s-${seq}`,
    model,
    provider: 'openai',
    audioMs,
    billed: { type: 'duration', seconds: audioMs / 1000 },
    billedSeconds: audioMs / 1000,
    costMicros,
    outcome: 'ok',
  };
}

/** Writes ledger lines the way the CLI does, before (or while) the core runs. */
async function seed(dataDir: string, records: LedgerRequestRecord[]): Promise<void> {
  const meter = await openUsageMeter({
    dataDir,
    settings: NO_BUDGET_SETTINGS,
    source: 'cli',
    now: () => NOW,
    storeWriteDelayMs: 0,
  });
  for (const r of records) await meter.record(r);
  await meter.close();
}

async function open(settings: Record<string, unknown> = {}, records: LedgerRequestRecord[] = []) {
  const dataDir = tempDir();
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings));
  await seed(dataDir, records);
  const core = await openAppCore({
    dataDir,
    host: 'browser',
    version: '0.1.0',
    env: {},
    apiKey: () => 'sk-test',
    now: () => NOW,
  });
  cores.push(core);
  return { core, dataDir };
}

async function value<T>(core: AppCore, name: string, payload: unknown): Promise<T> {
  const result = await core.handle(name, payload);
  if (!result.ok) throw new Error(`${name} refused: ${result.message.en}`);
  return result.value as T;
}

const minutes = (n: number) => n * 60_000;

describe('app core: the usage view’s commands', () => {
  it(
    'usage.snapshot gives the counters, budget standings with percent, the forecast and the ' + 'previous day',
    async () => {
      const { core } = await open({ budget: { dailyUsd: 0.1, monthlyUsd: 2 } }, [
        request(NOW - 1000, minutes(5), 30_000),
        request(NOW - DAY, minutes(10), 60_000),
      ]);
      const snap = await value<UsageSnapshotView>(core, 'usage.snapshot', {});
      expect(snap.counters.today).toMatchObject({ requests: 1, audioMs: minutes(5), costMicros: 30_000 });
      expect(snap.counters.total.costMicros).toBe(90_000);
      expect(snap.budget.daily).toMatchObject({ limitMicros: 100_000, spentMicros: 30_000, percentUsed: 30 });
      expect(snap.budget.monthly?.limitMicros).toBe(2_000_000);
      // Yesterday cost twice today's: down 50 %.
      expect(snap.previous.day.counter.costMicros).toBe(60_000);
      expect(snap.previous.day.costChangePercent).toBe(-50);
      expect(snap.forecast.basisDays).toBe(2);
      expect(snap.forecast.dailyAverageMicros).toBe(45_000);
      expect(snap.forecast.monthEndMicros).toBeGreaterThanOrEqual(snap.budget.monthly?.spentMicros ?? Number.NaN);
      expect(snap).not.toHaveProperty('warnings');
    },
  );

  it('usage.reset zeroes exactly the counter asked for, keeps the ledger, and the CLI’s meter agrees', async () => {
    const { core, dataDir } = await open({}, [
      request(NOW - 1000, minutes(2), 12_000),
      request(NOW - DAY, minutes(3), 18_000),
    ]);
    const after = await value<UsageSummaryView>(core, 'usage.reset', { period: 'day' });
    expect(after.today).toMatchObject({ requests: 0, audioMs: 0, costMicros: 0 });
    expect(after.total.costMicros).toBe(30_000);
    const snap = await value<UsageSnapshotView>(core, 'usage.snapshot', {});
    expect(snap.resets.day).toBe(NOW);
    expect(snap.resets.week).toBeUndefined();

    // Another process reading the same folder sees the same counters and the whole history.
    const cli = await openUsageMeter({
      dataDir,
      settings: NO_BUDGET_SETTINGS,
      source: 'cli',
      now: () => NOW,
    });
    const counters = await cli.counters();
    expect(counters.today.costMicros).toBe(0);
    expect(counters.total.costMicros).toBe(30_000);
    expect((await cli.records()).filter((r) => r.kind === 'request')).toHaveLength(2);
    await cli.close();

    const all = await value<UsageSummaryView>(core, 'usage.reset', { period: 'all' });
    expect(all.total.costMicros).toBe(0);
    expect(all.week.costMicros).toBe(0);
  });

  it(
    'usage.daily lists minutes and cost per local day, oldest first, and per model — the ' +
      'history, not the reset counters',
    async () => {
      const { core, dataDir } = await open({}, [
        request(NOW - 1000, minutes(2), 12_000),
        request(NOW - 2000, minutes(1), 3_000, 'gpt-4o-mini-transcribe'),
        request(NOW - 3 * DAY, minutes(4), 24_000),
        request(NOW - 40 * DAY, minutes(9), 54_000),
      ]);
      await value(core, 'usage.reset', { period: 'all' });
      const daily = await value<UsageDailyView>(core, 'usage.daily', { days: 30 });
      expect(daily.byDay).toHaveLength(30);
      expect(daily.byDay.at(-1)?.day).toBe(daily.today);
      expect(daily.byDay.at(-1)?.usage).toMatchObject({ requests: 2, audioMs: minutes(3), costMicros: 15_000 });
      expect(daily.byDay.at(-4)?.usage.costMicros).toBe(24_000);
      expect(daily.byDay.reduce((sum, d) => sum + d.usage.costMicros, 0)).toBe(39_000);
      expect(daily.byModel.map((m) => [m.model, m.usage.costMicros])).toEqual([
        ['whisper-1', 36_000],
        ['gpt-4o-mini-transcribe', 3_000],
      ]);

      // A line the CLI writes while the window is open shows up on the next ask.
      await seed(dataDir, [request(NOW - 500, minutes(1), 6_000)]);
      const later = await value<UsageDailyView>(core, 'usage.daily', { days: 7 });
      expect(later.byDay).toHaveLength(7);
      expect(later.byDay.at(-1)?.usage.costMicros).toBe(21_000);
    },
  );

  it('usage.deleteHistory deletes the ledger and every counter, only when confirmed', async () => {
    const { core, dataDir } = await open({}, [request(NOW - 1000, minutes(2), 12_000)]);
    expect(await core.handle('usage.deleteHistory', {})).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(await core.handle('usage.deleteHistory', { confirm: 'yes' })).toMatchObject({
      ok: false,
      code: 'invalid_payload',
    });
    expect((await value<UsageSummaryView>(core, 'usage.summary', {})).total.costMicros).toBe(12_000);
    const after = await value<UsageSummaryView>(core, 'usage.deleteHistory', { confirm: true });
    expect(after.total).toMatchObject({ requests: 0, costMicros: 0 });
    const daily = await value<UsageDailyView>(core, 'usage.daily', { days: 7 });
    expect(daily.byDay.every((d) => d.usage.costMicros === 0)).toBe(true);
    const cli = await openUsageMeter({
      dataDir,
      settings: NO_BUDGET_SETTINGS,
      source: 'cli',
      now: () => NOW,
    });
    expect(await cli.records()).toEqual([]);
    await cli.close();
  });

  it(
    'usage.sessions pages through past dictations newest first; usage.export gives what ' +
      '`sokhan usage export` writes',
    async () => {
      const records = Array.from({ length: 7 }, (_, i) => request(NOW - i * 3_600_000, minutes(1), 6_000 + i));
      const { core } = await open({}, records);
      const first = await value<UsageSessionsView>(core, 'usage.sessions', { page: 0, pageSize: 3 });
      expect(first.total).toBe(7);
      expect(first.sessions.map((s) => s.costMicros)).toEqual([6_000, 6_001, 6_002]);
      expect(first.sessions[0]).toMatchObject({ requests: 1, audioSentMs: minutes(1), startedAt: NOW });
      const last = await value<UsageSessionsView>(core, 'usage.sessions', { page: 2, pageSize: 3 });
      expect(last.sessions.map((s) => s.costMicros)).toEqual([6_006]);

      const json = await value<UsageExportView>(core, 'usage.export', { format: 'json' });
      expect(json.mimeType).toBe('application/json');
      expect(json.fileName).toMatch(/^sokhan-usage-\d{4}-\d{2}-\d{2}\.json$/);
      const parsed = JSON.parse(json.text);
      expect(parsed.format).toBe('sokhan-negar-usage-export');
      expect(parsed.records.filter((r: { kind: string }) => r.kind === 'request')).toHaveLength(7);
      expect(json.records).toBe(parsed.records.length);
      const csv = await value<UsageExportView>(core, 'usage.export', { format: 'csv' });
      expect(csv.text.split('\n')[0]).toContain('kind');
      expect(csv.text).toContain('q-');
      expect(await core.handle('usage.export', { format: 'xml' })).toMatchObject({
        ok: false,
        code: 'invalid_payload',
      });
      expect(await core.handle('usage.sessions', { page: 0, pageSize: 0 })).toMatchObject({
        ok: false,
        code: 'invalid_payload',
      });
    },
  );

  it('usage.import adds an export’s lines once, refuses a doctored file, and reads the old app’s meter', async () => {
    const source = await open({}, [request(NOW - 1000, minutes(2), 12_000), request(NOW - DAY, minutes(1), 6_000)]);
    const exported = await value<UsageExportView>(source.core, 'usage.export', { format: 'csv' });
    const { core } = await open();
    const first = await value<UsageImportView>(core, 'usage.import', {
      kind: 'export',
      text: exported.text,
      lastModified: NOW,
    });
    expect(first).toEqual({ added: exported.records, duplicates: 0, legacy: null });
    expect((await value<UsageSummaryView>(core, 'usage.summary', {})).total.costMicros).toBe(18_000);
    const again = await value<UsageImportView>(core, 'usage.import', {
      kind: 'export',
      text: exported.text,
      lastModified: NOW,
    });
    expect(again).toMatchObject({ added: 0, duplicates: exported.records });
    // The CSV's last column holds each line as JSON: that is what an import reads.
    const doctored = exported.text.replace('""costMicros"":12000', '""costMicros"":-12000');
    expect(doctored).not.toBe(exported.text);
    const refused = await core.handle('usage.import', { kind: 'export', text: doctored, lastModified: NOW });
    expect(refused).toMatchObject({ ok: false, code: 'import_refused' });
    expect(await core.handle('usage.import', { kind: 'export', text: 'hello', lastModified: NOW })).toMatchObject({
      ok: false,
    });

    const legacy = JSON.stringify({
      total_minutes: 10,
      successful_minutes: 10,
      failed_attempts: 2,
      daily_aggregate: { '2026-12-01': 4, '2026-12-02': 6 },
    });
    const old = await value<UsageImportView>(core, 'usage.import', { kind: 'legacy', text: legacy, lastModified: NOW });
    expect(old.legacy).toEqual({ minutes: 10, days: 2, failedAttempts: 2, costMicros: 60_000 });
    expect((await value<UsageSummaryView>(core, 'usage.summary', {})).total).toMatchObject({
      costMicros: 78_000,
      failedRequests: 2,
    });
    expect(await core.handle('usage.import', { kind: 'legacy', text: 'not json', lastModified: NOW })).toMatchObject({
      ok: false,
      code: 'import_refused',
    });
  });

  it('refuses a malformed usage command with an error value', async () => {
    const { core } = await open();
    for (const [name, payload] of [
      ['usage.reset', { period: 'year' }],
      ['usage.reset', {}],
      ['usage.daily', { days: 0 }],
      ['usage.daily', { days: 5000 }],
      ['usage.daily', { days: 2.5 }],
      ['usage.snapshot', { extra: 1 }],
    ] as const) {
      expect(await core.handle(name, payload)).toMatchObject({ ok: false, code: 'invalid_payload' });
    }
  });
});

describe('app core: settings.setText reads typed text as `sokhan config set` does', () => {
  it(
    'refuses a negative, non-numeric or absurd budget with a message naming what is allowed, ' + 'and changes nothing',
    async () => {
      const { core, dataDir } = await open({ budget: { monthlyUsd: 10 } });
      const before = readFileSync(join(dataDir, 'settings.json'), 'utf8');
      for (const text of ['-5', 'abc', '5000000', '1e3']) {
        const result = await core.handle('settings.setText', { key: 'budget.monthlyUsd', text });
        expect(result).toMatchObject({ ok: false, code: 'invalid_setting' });
        if (!result.ok) {
          expect(result.message.en).toContain('budget.monthlyUsd');
          expect(result.message.fa).toContain('budget.monthlyUsd');
        }
      }
      expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(before);
    },
  );

  it('saves a good value where the CLI reads it: Persian digits, a dollar sign, "none"', async () => {
    const { core, dataDir } = await open();
    const saved = await value<{ budget: { monthlyUsd: number | null; dailyUsd: number | null } }>(
      core,
      'settings.setText',
      {
        key: 'budget.monthlyUsd',
        text: '۱۲٫۵',
      },
    );
    expect(saved.budget.monthlyUsd).toBe(12.5);
    await value(core, 'settings.setText', { key: 'budget.dailyUsd', text: '$2' });
    const file = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'));
    expect(file.budget).toMatchObject({ monthlyUsd: 12.5, dailyUsd: 2 });
    await value(core, 'settings.setText', { key: 'budget.dailyUsd', text: 'none' });
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).budget.dailyUsd).toBeNull();
    // The meter budgets with the new value at once.
    const snap = await value<UsageSnapshotView>(core, 'usage.snapshot', {});
    expect(snap.budget.monthly?.limitMicros).toBe(12_500_000);
    expect(snap.budget.daily).toBeNull();
  });

  it('apiKey.status tells whether a key is set and its last four characters, never the key', async () => {
    const dataDir = tempDir();
    let key = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';
    const core = await openAppCore({
      dataDir,
      host: 'browser',
      version: '0.1.0',
      env: {},
      apiKey: () => key,
      now: () => NOW,
    });
    cores.push(core);
    const status = await core.handle('apiKey.status', {});
    expect(status).toMatchObject({ ok: true, value: { set: true, lastFour: '6789', source: 'env' } });
    expect(JSON.stringify(status)).not.toContain('abcdefgh');
    key = 'short';
    expect(await core.handle('apiKey.status', {})).toMatchObject({ ok: true, value: { set: true, lastFour: null } });
    key = '  ';
    expect(await core.handle('apiKey.status', {})).toMatchObject({
      ok: true,
      value: { set: false, lastFour: null, source: null },
    });
  });

  it('refuses an unknown key', async () => {
    const { core } = await open();
    expect(await core.handle('settings.setText', { key: 'apiKey', text: 'sk-x' })).toMatchObject({
      ok: false,
      code: 'invalid_setting',
    });
  });
});
