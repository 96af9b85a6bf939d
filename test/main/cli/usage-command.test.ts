import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it, expect } from 'vitest';
import { runUsageCommand } from '../../../src-main/cli/commands/usage-command';
import type { CliIo } from '../../../src-main/cli/cli-io';
import { openUsageMeter } from '../../../src-main/usage/usage-meter';

const T = Date.UTC(2025, 2, 20, 9);

function io(dataDir: string, env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const cli: CliIo = {
    stdout: { write: (t: string) => (out.stdout += t) },
    stderr: { write: (t: string) => (out.stderr += t) },
    env: { TZ: 'UTC', ...env },
    dataDir,
    now: () => T,
  };
  return { cli, out };
}

async function seed(dir: string) {
  const meter = await openUsageMeter({
    dataDir: dir,
    settings: {
      budget: { dailyUsd: null, monthlyUsd: null, warnPercent: 80, sessionWarnUsd: 1, blockAtLimit: false },
      weekStartsOn: 'saturday',
      calendar: 'gregorian',
    },
    source: 'app',
    now: () => T,
    timeZone: 'UTC',
  });
  const base = {
    kind: 'request',
    sessionId: 's1',
    model: 'whisper-1',
    provider: 'openai',
    billed: { type: 'duration', seconds: 90 },
  } as const;
  await meter.record({
    ...base,
    id: 'a',
    at: T - 86_400_000,
    audioMs: 90_000,
    billedSeconds: 90,
    costMicros: 9000,
    outcome: 'ok',
  });
  await meter.record({ ...base, id: 'b', at: T, audioMs: 60_000, billedSeconds: 60, costMicros: 6000, outcome: 'ok' });
  await meter.record({
    ...base,
    id: 'c',
    at: T,
    audioMs: 60_000,
    billedSeconds: 0,
    costMicros: 0,
    outcome: 'failed',
    errorCode: 'server',
  });
  await meter.close();
}

const tmp = () => fs.mkdtempSync(path.join(tmpdir(), 'sokhan-usage-cli-'));

describe('sokhan usage', () => {
  it('--json prints exactly { today, week, month, total, budget, warnings } in dollars', async () => {
    const dir = tmp();
    await seed(dir);
    fs.writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({
        budget: { dailyUsd: 0.007, monthlyUsd: 10, warnPercent: 80, sessionWarnUsd: 1, blockAtLimit: false },
      }),
    );
    const { cli, out } = io(dir);
    expect(await runUsageCommand(['--json'], cli)).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json)).toEqual(['today', 'week', 'month', 'total', 'budget', 'warnings']);
    expect(json.today).toEqual({
      requests: 2,
      failedRequests: 1,
      audioMs: 60_000,
      billedSeconds: 60,
      costUsd: 0.006,
      unknownRequests: 0,
      unknownCostUsd: 0,
    });
    expect(json.total.costUsd).toBe(0.015);
    expect(json.budget.daily).toEqual({ limitUsd: 0.007, spentUsd: 0.006, reservedUsd: 0, percentUsed: 85 });
    expect(json.warnings).toHaveLength(1);
    expect(json.warnings[0]).toMatchObject({ scope: 'daily', level: 'warn' });
    expect(out.stderr).toContain('85% of your daily budget');
  });

  it('prints a readable table with English labels next to Persian', async () => {
    const dir = tmp();
    await seed(dir);
    const { cli, out } = io(dir);
    expect(await runUsageCommand([], cli)).toBe(0);
    expect(out.stdout).toMatch(/Today.*\s2\s+1\s+1:00\s+60\.0\s+\$0\.0060/);
    expect(out.stdout).toContain('All time');
    expect(out.stdout).toContain('Month-end forecast');
  });

  it('reset --period day zeroes today only', async () => {
    const dir = tmp();
    await seed(dir);
    const { cli, out } = io(dir);
    expect(await runUsageCommand(['reset', '--period', 'day'], cli)).toBe(0);
    await runUsageCommand(['--json'], cli);
    const json = JSON.parse(out.stdout.slice(out.stdout.indexOf('{')));
    expect(json.today.costUsd).toBe(0);
    expect(json.total.costUsd).toBe(0.015);
  });

  it('export json → import into an empty folder gives the same counters; csv with a date range', async () => {
    const dir = tmp();
    await seed(dir);
    const file = path.join(tmp(), 'export.json');
    expect(await runUsageCommand(['export', '--format', 'json', '--out', file], io(dir).cli)).toBe(0);
    const empty = tmp();
    const imp = io(empty);
    expect(await runUsageCommand(['import', file], imp.cli)).toBe(0);
    expect(imp.out.stdout).toContain('Imported 3 record(s)');
    const a = io(dir);
    const b = io(empty);
    await runUsageCommand(['--json'], a.cli);
    await runUsageCommand(['--json'], b.cli);
    expect(JSON.parse(b.out.stdout)).toEqual(JSON.parse(a.out.stdout));
    const csv = io(dir);
    expect(
      await runUsageCommand(['export', '--format', 'csv', '--from', '2025-03-20', '--to', '2025-03-20'], csv.cli),
    ).toBe(0);
    expect(csv.out.stdout.trim().split('\r\n')).toHaveLength(3);
  });

  it('import-legacy reads the old app’s usage_data.json from the home folder', async () => {
    const home = tmp();
    fs.mkdirSync(path.join(home, '.sokhan_negar'));
    fs.writeFileSync(
      path.join(home, '.sokhan_negar', 'usage_data.json'),
      JSON.stringify({
        total_minutes: 10,
        successful_minutes: 10,
        failed_attempts: 2,
        daily_aggregate: { '2025-01-05': 4, '2025-01-06': 6 },
      }),
    );
    const dir = tmp();
    const { cli, out } = io(dir, { HOME: home });
    expect(await runUsageCommand(['import-legacy'], cli)).toBe(0);
    expect(out.stdout).toContain('priced as whisper-1 = $0.0600');
    const again = io(dir, { HOME: home });
    await runUsageCommand(['import-legacy'], again.cli);
    expect(again.out.stdout).toContain('0 record(s) added');
    const j = io(dir);
    await runUsageCommand(['--json'], j.cli);
    expect(JSON.parse(j.out.stdout).total).toEqual({
      requests: 0,
      failedRequests: 2,
      audioMs: 600_000,
      billedSeconds: 600,
      costUsd: 0.06,
      unknownRequests: 0,
      unknownCostUsd: 0,
    });
  });

  it('history --delete needs --yes, then deletes', async () => {
    const dir = tmp();
    await seed(dir);
    const ask = io(dir);
    expect(await runUsageCommand(['history', '--delete'], ask.cli)).toBe(2);
    expect(ask.out.stderr).toContain('--yes');
    expect(await runUsageCommand(['history', '--delete', '--yes'], io(dir).cli)).toBe(0);
    const j = io(dir);
    await runUsageCommand(['--json'], j.cli);
    expect(JSON.parse(j.out.stdout).total.requests).toBe(0);
  });

  it('bad words print the usage and exit 2', async () => {
    const dir = tmp();
    for (const words of [
      ['frobnicate'],
      ['reset', '--period', 'year'],
      ['export', '--format', 'xml'],
      ['export', '--format', 'csv', '--from', '20-3-2025'],
      ['import'],
    ]) {
      const { cli, out } = io(dir);
      expect(await runUsageCommand(words, cli)).toBe(2);
      expect(out.stderr).toContain('usage reset --period day|week|month|all');
    }
  });

  it('an unreadable import file is a one-line error, exit 1', async () => {
    const { cli, out } = io(tmp());
    expect(await runUsageCommand(['import', '/nonexistent/x.json'], cli)).toBe(1);
    expect(out.stderr).toMatch(/cannot read .* \| /);
  });
});
