import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { formatUsd } from '../../src-shared/money';
import type { LedgerRequestRecord } from '../../src-shared/usage/ledger-record';
import { openUsageMeter } from '../../src-main/usage/usage-meter';
import { SCREENSHOTS, sokhanCli, useChromiumAndHosts } from './e2e-setup';
import { startUiHost, type UiHost } from './ui-host';
import { NO_BUDGET_SETTINGS } from '../support/meter-settings';

const _run = promisify(execFile);
const DAY = 86_400_000;
const chromium = useChromiumAndHosts();
const hosts = chromium.hosts;

let seq = 0;
function request(at: number, seconds: number, model = 'whisper-1'): LedgerRequestRecord {
  seq += 1;
  // whisper-1: $0.006 a minute, 100 micro-dollars a second.
  const costMicros = model === 'whisper-1' ? seconds * 100 : seconds * 50;
  return {
    kind: 'request',
    id: `seed-${seq}`,
    at,
    sessionId: `seed-session-${seq}`,
    model,
    provider: 'openai',
    audioMs: seconds * 1000,
    billed: { type: 'duration', seconds },
    billedSeconds: seconds,
    costMicros,
    outcome: 'ok',
  };
}

/** Usage over the last weeks, written into the ledger through a meter (as the CLI would) before the host starts. */
async function seedUsage(dataDir: string): Promise<void> {
  const now = Date.now();
  const meter = await openUsageMeter({
    dataDir,
    settings: NO_BUDGET_SETTINGS,
    source: 'cli',
    storeWriteDelayMs: 0,
  });
  await meter.record(request(now - 60_000, 90));
  await meter.record(request(now - 30_000, 45, 'gpt-4o-mini-transcribe'));
  for (const daysAgo of [1, 2, 5, 9, 16, 23, 29]) await meter.record(request(now - daysAgo * DAY, 60 + daysAgo * 10));
  // Older than the chart's 30 days: in the totals, not in the chart.
  await meter.record(request(now - 45 * DAY, 600));
  await meter.close();
}

async function openHost(settings: Record<string, unknown> = {}): Promise<UiHost> {
  const host = await startUiHost({ settings, env: { OPENAI_API_KEY: 'sk-e2e-0123456789abcd' }, prepare: seedUsage });
  hosts.push(host);
  return host;
}

async function openWindow(host: UiHost): Promise<Page> {
  const context = await chromium.browser().newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByRole('tab').first().waitFor();
  return page;
}

interface UsageJson {
  today: { requests: number; costUsd: number; audioMs: number };
  week: { requests: number; costUsd: number };
  month: { requests: number; costUsd: number };
  total: { requests: number; costUsd: number };
}

describe('settings and usage in the window served by `sokhan ui` (Chromium)', () => {
  it(
    'a bad budget shows the core’s error by the field and changes nothing; a good one is saved ' +
      'where the CLI reads it',
    async () => {
      const host = await openHost();
      const page = await openWindow(host);
      await page.getByRole('tab', { name: 'تنظیمات' }).click();
      const monthly = page.getByLabel('بودجهٔ ماهانه', { exact: true });
      await expect.poll(() => monthly.inputValue()).toBe('');

      for (const bad of ['-5', 'abc', '5000000']) {
        await monthly.fill(bad);
        await monthly.press('Enter');
        await expect.poll(() => monthly.getAttribute('aria-invalid')).toBe('true');
        const alert = page.getByRole('alert').filter({ hasText: `«${bad}»` });
        await expect.poll(() => alert.count()).toBe(1);
        // The core's own message, in Persian and English, naming what is allowed.
        expect(await alert.textContent()).toContain('budget.monthlyUsd');
        expect(await alert.textContent()).toContain(`"${bad}" is not a valid value for budget.monthlyUsd`);
        expect((await monthly.getAttribute('aria-describedby'))?.split(' ')).toContain(await alert.getAttribute('id'));
        expect((await sokhanCli(host.dataDir, 'config', 'get', 'budget.monthlyUsd')).trim()).toBe('none');
      }
      await page.screenshot({ path: join(SCREENSHOTS, 'settings-invalid-ui-host-fa.png'), fullPage: true });

      await monthly.fill('12.5');
      await monthly.press('Enter');
      await expect.poll(() => monthly.getAttribute('aria-invalid')).toBeNull();
      await expect
        .poll(async () => (await sokhanCli(host.dataDir, 'config', 'get', 'budget.monthlyUsd')).trim())
        .toBe('12.5');
      expect(await page.getByRole('alert').count()).toBe(0);

      // Persian digits, as typed on a Persian keyboard.
      const daily = page.getByLabel('بودجهٔ روزانه', { exact: true });
      await daily.fill('۲');
      await daily.press('Tab');
      await expect
        .poll(async () => (await sokhanCli(host.dataDir, 'config', 'get', 'budget.dailyUsd')).trim())
        .toBe('2');
      // The key is set in the host's environment: the window knows only that, and its last four characters.
      expect(await page.getByTestId('api-key').textContent()).toContain('(…abcd)');
      expect(await page.content()).not.toContain('sk-e2e-0123');
      await page.screenshot({ path: join(SCREENSHOTS, 'settings-fa.png'), fullPage: true });

      // The usage tab's budget bar follows the new budget.
      await page.getByRole('tab', { name: 'مصرف' }).click();
      const bar = page.getByRole('progressbar', { name: 'بودجهٔ ماهانه' });
      await expect.poll(() => bar.getAttribute('aria-valuetext')).toContain(formatUsd(12_500_000, 'fa'));
      await page.context().close();
    },
  );

  it(
    '"reset today" asks first, shows what will be zeroed, and zeroes exactly today — `sokhan ' + 'usage --json` agrees',
    async () => {
      const host = await openHost();
      const before = JSON.parse(await sokhanCli(host.dataDir, 'usage', '--json')) as UsageJson;
      expect(before.today.requests).toBe(2);
      const page = await openWindow(host);
      await page.getByRole('tab', { name: 'تنظیمات' }).click();
      await page.getByRole('button', { name: 'صفر کردن امروز' }).click();
      const dialog = page.getByRole('dialog', { name: 'شمارندهٔ امروز صفر شود؟' });
      await dialog.waitFor();
      const facts = (await dialog.getByTestId('reset-facts').textContent()) ?? '';
      expect(facts).toContain('۲ درخواست');
      expect(facts).toContain(formatUsd(Math.round(before.today.costUsd * 1_000_000), 'fa'));
      expect(await dialog.textContent()).toContain('دفتر کارکرد نگه داشته می‌شوند');
      await page.screenshot({ path: join(SCREENSHOTS, 'reset-dialog-ui-host-fa.png') });

      // Esc first: nothing changes.
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      expect((JSON.parse(await sokhanCli(host.dataDir, 'usage', '--json')) as UsageJson).today.requests).toBe(2);

      await page.getByRole('button', { name: 'صفر کردن امروز' }).click();
      await dialog.getByRole('button', { name: 'بله، صفر کن' }).click();
      await expect.poll(() => dialog.count()).toBe(0);
      const after = JSON.parse(await sokhanCli(host.dataDir, 'usage', '--json')) as UsageJson;
      expect(after.today).toMatchObject({ requests: 0, costUsd: 0, audioMs: 0 });
      expect(after.week).toEqual(before.week);
      expect(after.month).toEqual(before.month);
      expect(after.total).toEqual(before.total);
      // The window's cards say the same.
      await page.getByRole('tab', { name: 'دیکته' }).click();
      await expect.poll(() => page.getByRole('region', { name: 'امروز' }).textContent()).toContain(formatUsd(0, 'fa'));
      await page.context().close();
    },
  );

  it('in English, "reset this week", "… this month" and "… all" each zero exactly their counter', async () => {
    const host = await openHost({ uiLanguage: 'en' });
    const page = await openWindow(host);
    await page.getByRole('tab', { name: 'Settings' }).click();
    const usage = async () => JSON.parse(await sokhanCli(host.dataDir, 'usage', '--json')) as UsageJson;
    const before = await usage();
    expect(before.week.requests).toBeGreaterThan(0);
    expect(before.total.requests).toBe(10);

    const reset = async (button: string, title: string) => {
      await page.getByRole('button', { name: button }).click();
      const dialog = page.getByRole('dialog', { name: title });
      expect(await dialog.textContent()).toContain('the usage ledger are kept');
      await dialog.getByRole('button', { name: 'Yes, reset' }).click();
      await expect.poll(() => dialog.count()).toBe(0);
      return usage();
    };
    const week = await reset('Reset this week', 'Reset this week’s counter?');
    expect(week.week).toMatchObject({ requests: 0, costUsd: 0 });
    expect(week.month).toEqual(before.month);
    expect(week.total).toEqual(before.total);
    const month = await reset('Reset this month', 'Reset this month’s counter?');
    expect(month.month).toMatchObject({ requests: 0, costUsd: 0 });
    expect(month.total).toEqual(before.total);
    const all = await reset('Reset all', 'Reset the all-time counter and every other counter?');
    for (const counter of [all.today, all.week, all.month, all.total])
      expect(counter).toMatchObject({ requests: 0, costUsd: 0 });
    // The history stays: the chart still shows the last 30 days.
    const history = JSON.parse(await sokhanCli(host.dataDir, 'usage', 'history', '--days', '30', '--json')) as {
      byDay: Array<{ usage: { requests: number } }>;
    };
    expect(history.byDay.reduce((sum, d) => sum + d.usage.requests, 0)).toBe(9);
    await page.context().close();
  });

  it(
    'lists past sessions newest first and exports the ledger as the CLI does (a download in ' + 'the browser)',
    async () => {
      const host = await openHost({ uiLanguage: 'en' });
      const page = await openWindow(host);
      await page.getByRole('tab', { name: 'Usage' }).click();
      const sessions = page.getByRole('region', { name: 'Dictation sessions' });
      const rows = sessions.locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(10);
      // Newest first: today's two sessions, then yesterday's 70-second one.
      expect(await rows.nth(2).textContent()).toContain('1:10');
      expect(await sessions.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
      expect(await sessions.textContent()).toContain('1–10 of 10');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        sessions.getByRole('button', { name: 'Export JSON' }).click(),
      ]);
      const file = join(host.dataDir, 'downloaded.json');
      await download.saveAs(file);
      const fromWindow = JSON.parse(readFileSync(file, 'utf8')) as { records: Array<{ id: string }> };
      const fromCli = JSON.parse(await sokhanCli(host.dataDir, 'usage', 'export', '--format', 'json')) as {
        records: Array<{ id: string }>;
      };
      expect(fromWindow.records.map((r) => r.id)).toEqual(fromCli.records.map((r) => r.id));
      expect(download.suggestedFilename()).toMatch(/^sokhan-usage-.*\.json$/);
      await expect
        .poll(() => sessions.getByRole('status').textContent())
        .toContain(`${fromCli.records.length} line(s) saved`);
      await page.context().close();
    },
  );

  it('imports the old app’s meter from a picked file; `sokhan usage --json` counts it', async () => {
    const host = await openHost({ uiLanguage: 'en' });
    const before = JSON.parse(await sokhanCli(host.dataDir, 'usage', '--json')) as UsageJson & {
      total: { audioMs: number };
    };
    const page = await openWindow(host);
    await page.getByRole('tab', { name: 'Settings' }).click();
    const legacy = {
      total_minutes: 10,
      successful_minutes: 10,
      failed_attempts: 2,
      daily_aggregate: { '2025-01-05': 4, '2025-01-06': 6 },
    };
    await page.getByLabel('The old app’s meter (usage_data.json)').setInputFiles({
      name: 'usage_data.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(legacy)),
    });
    const status = page.getByRole('status').filter({ hasText: 'old app’s meter was imported' });
    await expect.poll(() => status.count()).toBe(1);
    expect(await status.textContent()).toContain('$0.0600');
    const after = JSON.parse(await sokhanCli(host.dataDir, 'usage', '--json')) as UsageJson & {
      total: { audioMs: number };
    };
    expect(after.total.audioMs - before.total.audioMs).toBe(600_000);
    expect(Math.round((after.total.costUsd - before.total.costUsd) * 1e6)).toBe(60_000);
    // A file that is not an export is refused with the core's words, and nothing is added.
    await page.getByLabel('A SokhanNegar export (CSV or JSON)').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello": 1}'),
    });
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    expect(await page.getByRole('alert').textContent()).toContain('not a SokhanNegar usage export');
    expect((JSON.parse(await sokhanCli(host.dataDir, 'usage', '--json')) as UsageJson).total).toEqual(after.total);
    await page.context().close();
  });

  it(
    'the usage tab draws the last 30 days with the totals `sokhan usage history` gives, in ' + 'Persian and English',
    async () => {
      for (const lang of ['fa', 'en'] as const) {
        const host = await openHost({ uiLanguage: lang, budget: { monthlyUsd: 0.2, dailyUsd: 0.05 } });
        const history = JSON.parse(await sokhanCli(host.dataDir, 'usage', 'history', '--days', '30', '--json')) as {
          byDay: Array<{ day: string; usage: { audioMs: number; costMicros: number } }>;
        };
        const totalMs = history.byDay.reduce((sum, d) => sum + d.usage.audioMs, 0);
        const totalMicros = history.byDay.reduce((sum, d) => sum + d.usage.costMicros, 0);
        expect(totalMicros).toBeGreaterThan(0);
        const page = await openWindow(host);
        await page.getByRole('tab', { name: lang === 'fa' ? 'مصرف' : 'Usage' }).click();
        const panel = page.getByRole('tabpanel');
        const minutesText = new Intl.NumberFormat(lang === 'fa' ? 'fa-IR' : 'en-US', {
          maximumFractionDigits: 1,
        }).format(totalMs / 60_000);
        const minutes = panel.getByRole('img', {
          name: lang === 'fa' ? /دقیقهٔ صدای ارسال‌شده/ : /Minutes of audio sent/,
        });
        await minutes.waitFor();
        expect(await minutes.getAttribute('aria-label')).toContain(
          lang === 'fa' ? `جمع ${minutesText} دقیقه` : `${minutesText} min in total`,
        );
        const cost = panel.getByRole('img', { name: lang === 'fa' ? /هزینهٔ هر روزِ/ : /Cost of each/ });
        expect(await cost.getAttribute('aria-label')).toContain(
          lang === 'fa' ? `جمع ${formatUsd(totalMicros, 'fa')}` : `${formatUsd(totalMicros, 'en')} in total`,
        );
        // One bar per day, and the days with use are the ones drawn above the axis.
        expect(await minutes.locator('rect').count()).toBe(30);
        const drawn = await minutes
          .locator('rect')
          .evaluateAll((rects) => rects.filter((r) => Number(r.getAttribute('height')) > 0).length);
        expect(drawn).toBe(history.byDay.filter((d) => d.usage.audioMs > 0).length);
        // Budgets, forecast and the comparison with the previous period are there.
        const monthlyBar = panel.getByRole('progressbar', { name: lang === 'fa' ? 'بودجهٔ ماهانه' : 'Monthly budget' });
        expect(Number(await monthlyBar.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
        expect(await panel.getByTestId('forecast').textContent()).toMatch(
          lang === 'fa' ? /پیش‌بینی پایان ماه/ : /Month-end forecast/,
        );
        expect(await panel.getByRole('region', { name: lang === 'fa' ? 'امروز' : 'Today' }).textContent()).toMatch(
          lang === 'fa' ? /نسبت به دیروز/ : /yesterday/,
        );
        await page.screenshot({ path: join(SCREENSHOTS, `usage-${lang}.png`), fullPage: true });
        await page.context().close();
      }
    },
  );
});
