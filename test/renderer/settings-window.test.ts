import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { UsageDailyView, UsageSnapshotView, UsageSummaryView } from '../../src-shared/app-contract/views';
import { calls, openWindow, push, useRendererInChromium, SCREENSHOTS, usageCounter } from './window-harness';

const chromium = useRendererInChromium();

/** Whole seconds, no failed requests. */
const counter = (requests: number, audioMs: number, costMicros: number) =>
  usageCounter(requests, 0, audioMs, costMicros);

const SUMMARY: UsageSummaryView = {
  today: counter(4, 180_000, 18_000),
  week: counter(10, 600_000, 60_000),
  month: counter(40, 3_600_000, 360_000),
  total: counter(400, 36_000_000, 3_600_000),
};

const DAILY: UsageDailyView = {
  days: 30,
  today: '2026-12-03',
  byDay: Array.from({ length: 30 }, (_, i) => {
    const day = new Date(Date.UTC(2026, 10, 4 + i)).toISOString().slice(0, 10);
    // Every third day 2 minutes ($0.012), today 3 minutes ($0.018).
    const usage = i === 29 ? counter(4, 180_000, 18_000) : i % 3 === 0 ? counter(2, 120_000, 12_000) : counter(0, 0, 0);
    return { day, usage };
  }),
  byModel: [
    { model: 'whisper-1', usage: counter(20, 1_320_000, 132_000) },
    { model: 'gpt-4o-mini-transcribe', usage: counter(4, 180_000, 18_000) },
  ],
};

const SNAPSHOT: UsageSnapshotView = {
  at: Date.UTC(2026, 11, 3, 12),
  today: '2026-12-03',
  counters: SUMMARY,
  previous: {
    day: { counter: counter(2, 120_000, 12_000), costChangePercent: 50 },
    week: { counter: counter(20, 1_200_000, 120_000), costChangePercent: -50 },
    month: { counter: counter(0, 0, 0), costChangePercent: null },
  },
  budget: {
    daily: { limitMicros: 100_000, spentMicros: 18_000, reservedMicros: 0, percentUsed: 18 },
    monthly: { limitMicros: 400_000, spentMicros: 360_000, reservedMicros: 0, percentUsed: 90 },
    warnPercent: 80,
    sessionWarnMicros: 1_000_000,
    blockAtLimit: false,
  },
  forecast: { dailyAverageMicros: 12_000, basisDays: 14, monthEndMicros: 690_000 },
  resets: {},
};

const tab = (page: Page, name: string) => page.getByRole('tab', { name });

describe('the window’s tabs', () => {
  it('are a keyboard-operable tablist whose arrows follow the page direction (right to left in Persian)', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { usage: SUMMARY });
    const list = page.getByRole('tablist');
    expect(await list.getAttribute('aria-label')).toBe('بخش‌های برنامه');
    expect(await page.getByRole('tab').allTextContents()).toEqual(['دیکته', 'مصرف', 'تاریخچه', 'تنظیمات']);
    expect(await tab(page, 'دیکته').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tabpanel').count()).toBe(1);
    await expect.poll(() => page.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-dictation');

    // Only the selected tab is in the Tab order.
    expect(await tab(page, 'مصرف').getAttribute('tabindex')).toBe('-1');
    await tab(page, 'دیکته').focus();
    // In right-to-left the next tab is to the left.
    await page.keyboard.press('ArrowLeft');
    expect(await tab(page, 'مصرف').getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('مصرف');
    await expect
      .poll(() => page.getByRole('tabpanel').getByRole('heading', { level: 2 }).first().textContent())
      .toBe('مصرف');
    await page.keyboard.press('End');
    expect(await tab(page, 'تنظیمات').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    expect(await tab(page, 'دیکته').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    expect(await tab(page, 'تنظیمات').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    expect(await tab(page, 'دیکته').getAttribute('aria-selected')).toBe('true');
    // The dictation is still there after a visit elsewhere.
    expect(await page.getByRole('button', { name: 'ضبط' }).isVisible()).toBe(true);
    await page.close();
  });

  it('in English the arrows go the other way', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { usage: SUMMARY, settings: { uiLanguage: 'en' } });
    await expect
      .poll(() => page.getByRole('tab').allTextContents())
      .toEqual(['Dictation', 'Usage', 'History', 'Settings']);
    await tab(page, 'Dictation').focus();
    await page.keyboard.press('ArrowRight');
    expect(await tab(page, 'Usage').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    expect(await tab(page, 'Dictation').getAttribute('aria-selected')).toBe('true');
    await page.close();
  });
});

describe('the settings form', () => {
  it(
    'shows the core’s refusal next to the budget field (aria-invalid, role=alert), then saves ' + 'a good value',
    async () => {
      const page = await openWindow(chromium.browser, chromium.url, {
        usage: SUMMARY,
        settings: { budget: { monthlyUsd: 10 } },
      });
      await tab(page, 'تنظیمات').click();
      const monthly = page.getByLabel('بودجهٔ ماهانه', { exact: true });
      await expect.poll(() => monthly.inputValue()).toBe('10');
      expect(await page.getByLabel('بودجهٔ روزانه', { exact: true }).inputValue()).toBe('');

      for (const bad of ['-5', 'abc', '99999999']) {
        await monthly.fill(bad);
        await monthly.press('Enter');
        await expect.poll(() => monthly.getAttribute('aria-invalid')).toBe('true');
        const describedBy = (await monthly.getAttribute('aria-describedby')) ?? '';
        const alert = page.locator('[role="alert"]').filter({ hasText: bad });
        expect(await alert.count()).toBe(1);
        expect(describedBy.split(' ')).toContain(await alert.getAttribute('id'));
        expect(await alert.textContent()).toContain('budget.monthlyUsd');
      }
      await page.screenshot({ path: join(SCREENSHOTS, 'settings-invalid-fa.png'), fullPage: true });
      const tried = (await calls(page)).filter((c) => c.name === 'setSettingText').map((c) => c.args);
      expect(tried).toEqual([
        ['budget.monthlyUsd', '-5'],
        ['budget.monthlyUsd', 'abc'],
        ['budget.monthlyUsd', '99999999'],
      ]);

      await monthly.fill('25');
      await monthly.press('Tab');
      await expect.poll(() => monthly.getAttribute('aria-invalid')).toBeNull();
      expect(await page.locator('[role="alert"]').count()).toBe(0);
      await expect.poll(() => page.getByText('ذخیره شد.').count()).toBe(1);
      expect((await calls(page)).filter((c) => c.name === 'setSettingText').at(-1)?.args).toEqual([
        'budget.monthlyUsd',
        '25',
      ]);
      await page.close();
    },
  );

  it('lists each model with its price per minute and the shutdown date of retiring models', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { usage: SUMMARY, settings: { uiLanguage: 'en' } });
    await tab(page, 'Settings').click();
    const model = page.getByLabel('Model', { exact: true });
    const options = await model.locator('option').allTextContents();
    expect(options.find((o) => o.startsWith('whisper-1'))).toMatch(/\$0\.0060 per minute.*Shuts down: 26 Feb 2027/);
    expect(options.find((o) => o.startsWith('gpt-transcribe'))).toContain('$0.0045 per minute');
    expect(options.find((o) => o.startsWith('gpt-transcribe'))).not.toContain('Shuts down');
    expect(options.find((o) => o.startsWith('whisper-large-v3 '))).toContain('at least 10 s billed');
    // The key: only that it is set and its last four characters; testing it says what the core found.
    expect(await page.getByTestId('api-key').textContent()).toContain('(…wxyz)');
    await page.getByRole('button', { name: 'Test the key (free)' }).click();
    await expect.poll(() => page.getByTestId('key-check').textContent()).toContain('The key was accepted.');
    expect((await calls(page)).filter((c) => c.name === 'testApiKey')).toHaveLength(1);
    await model.selectOption('gpt-transcribe');
    await expect
      .poll(async () => (await calls(page)).find((c) => c.name === 'setSetting')?.args)
      .toEqual(['model', 'gpt-transcribe']);
    await page.close();
  });
});

describe('the reset confirmation dialog', () => {
  it(
    'says what will be zeroed and that history is kept; Esc closes it, focus stays inside and ' +
      'returns to the button',
    async () => {
      const page = await openWindow(chromium.browser, chromium.url, { usage: SUMMARY });
      await tab(page, 'تنظیمات').click();
      const resetToday = page.getByRole('button', { name: 'صفر کردن امروز' });
      await resetToday.click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.getAttribute('aria-modal')).toBe('true');
      expect(await page.getByRole('dialog', { name: 'شمارندهٔ امروز صفر شود؟' }).count()).toBe(1);
      const facts = await dialog.getByTestId('reset-facts').textContent();
      expect(facts).toContain('۳ دقیقه');
      expect(facts).toContain('۴ درخواست');
      expect(facts).toContain('۰٫۰۱۸۰');
      expect(await dialog.textContent()).toContain('دفتر کارکرد نگه داشته می‌شوند');
      // Focus starts on the safe choice and cannot leave the dialog.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('انصراف');
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
        expect(await page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'))).toBe(true);
      }
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'))).toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, 'reset-dialog-fa.png') });
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('صفر کردن امروز');
      expect((await calls(page)).some((c) => c.name === 'resetUsage')).toBe(false);
      await page.close();
    },
  );

  it('confirming zeroes exactly that counter', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { usage: SUMMARY, settings: { uiLanguage: 'en' } });
    await tab(page, 'Settings').click();
    await page.getByRole('button', { name: 'Reset this week' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset this week’s counter?' });
    expect(await dialog.textContent()).toContain('10 requests');
    await dialog.getByRole('button', { name: 'Yes, reset' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await calls(page)).filter((c) => c.name === 'resetUsage').map((c) => c.args)).toEqual([['week']]);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'This week’s counter was reset.' }).count())
      .toBe(1);
    // The dictation tab's cards follow: only the week is zero.
    await tab(page, 'Dictation').click();
    expect(await page.getByRole('region', { name: 'This week' }).textContent()).toContain('$0.00');
    expect(await page.getByRole('region', { name: 'Today' }).textContent()).toContain('$0.0180');
    await page.close();
  });
});

describe('what the tray asks for (request events from the core)', () => {
  it('turns to the usage or settings tab, and opens today’s reset confirmation once', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { usage: SUMMARY });
    await push(page, { type: 'request', action: 'showUsage' });
    await expect.poll(() => tab(page, 'مصرف').getAttribute('aria-selected')).toBe('true');
    await push(page, { type: 'request', action: 'showSettings' });
    await expect.poll(() => tab(page, 'تنظیمات').getAttribute('aria-selected')).toBe('true');
    await tab(page, 'دیکته').click();
    await push(page, { type: 'request', action: 'resetToday' });
    const dialog = page.getByRole('dialog', { name: 'شمارندهٔ امروز صفر شود؟' });
    await dialog.waitFor();
    expect(await tab(page, 'تنظیمات').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    // Coming back to the settings later does not ask again.
    await tab(page, 'دیکته').click();
    await tab(page, 'تنظیمات').click();
    await page.getByRole('button', { name: 'صفر کردن امروز' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect((await calls(page)).some((c) => c.name === 'resetUsage')).toBe(false);
    await page.close();
  });
});

describe('deleting the usage history', () => {
  it('asks for a typed word before the button works; Esc leaves everything as it was', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { usage: SUMMARY });
    await tab(page, 'تنظیمات').click();
    const open = page.getByRole('button', { name: 'پاک کردن همهٔ سابقهٔ مصرف…' });
    await open.click();
    const dialog = page.getByRole('dialog', { name: 'همهٔ سابقهٔ مصرف برای همیشه پاک شود؟' });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'پاک کردن برای همیشه' });
    expect(await confirm.isDisabled()).toBe(true);
    // Focus starts in the word field.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await page.keyboard.type('پا');
    expect(await confirm.isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('پاک کردن همهٔ سابقهٔ مصرف…');

    await open.click();
    // An Arabic kaf from a non-Persian keyboard counts as the Persian one.
    await dialog.getByRole('textbox').fill('پاك');
    await confirm.click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await calls(page)).filter((c) => c.name === 'deleteUsageHistory')).toHaveLength(1);
    await expect.poll(() => page.getByText('سابقهٔ مصرف پاک شد.').count()).toBe(1);
    await page.close();
  });
});

describe('the usage view', () => {
  it(
    'shows the counters with their change, budget bars, the forecast and a 30-day chart with a ' + 'text alternative',
    async () => {
      const page = await openWindow(chromium.browser, chromium.url, {
        usage: SUMMARY,
        snapshot: SNAPSHOT,
        daily: DAILY,
      });
      await tab(page, 'مصرف').click();
      const panel = page.getByRole('tabpanel');
      const today = panel.getByRole('region', { name: 'امروز' });
      await expect.poll(() => today.textContent()).toContain('۵۰٪ بیشتر نسبت به دیروز');
      expect(await panel.getByRole('region', { name: 'این هفته' }).textContent()).toContain(
        '۵۰٪ کمتر نسبت به هفتهٔ پیش',
      );
      expect(await panel.getByRole('region', { name: 'این ماه' }).textContent()).toContain('مصرفی نبود');
      const monthly = panel.getByRole('progressbar', { name: 'بودجهٔ ماهانه' });
      expect(await monthly.getAttribute('aria-valuenow')).toBe('90');
      expect(await monthly.getAttribute('aria-valuetext')).toContain('۹۰٪');
      expect(await panel.getByTestId('forecast').textContent()).toContain('۰٫۶۹۰۰');
      expect(await panel.getByTestId('forecast').textContent()).toContain('بیش از بودجهٔ ماهانه');

      // 10 days with 2 minutes plus today's 3: 23 minutes and $0.138.
      const minutes = panel.getByRole('img', { name: /دقیقهٔ صدای ارسال‌شده/ });
      expect(await minutes.getAttribute('aria-label')).toContain('جمع ۲۳ دقیقه');
      const cost = panel.getByRole('img', { name: /هزینهٔ هر روزِ/ });
      expect(await cost.getAttribute('aria-label')).toContain('جمع ۰٫۱۳۸۰ $');
      expect(await minutes.locator('rect').count()).toBe(30);
      // Right to left: today (the tallest bar) is drawn at the left end.
      const xs = await minutes.locator('rect').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('x'))));
      expect(xs[29]).toBeLessThan(xs[0]);
      await panel.getByText('نمایش عددها به شکل جدول').click();
      expect(await panel.locator('.chart-table tfoot').textContent()).toContain('۲۳');
      expect(await panel.locator('.by-model').textContent()).toContain('whisper-1');
      const models = panel.getByRole('img', { name: /هزینهٔ هر مدل/ });
      expect(await models.getAttribute('aria-label')).toContain('whisper-1: ۰٫۱۳۲۰ $');
      expect(await models.getAttribute('aria-label')).toContain('gpt-4o-mini-transcribe: ۰٫۰۱۸۰ $');
      const widths = await models
        .locator('rect')
        .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('width'))));
      expect(widths[0]).toBeGreaterThan(widths[1] * 7);
      await page.screenshot({ path: join(SCREENSHOTS, 'usage-view-harness-fa.png'), fullPage: true });
      await page.close();
    },
  );

  it('in English it reads left to right with the same totals', async () => {
    const page = await openWindow(chromium.browser, chromium.url, {
      usage: SUMMARY,
      snapshot: SNAPSHOT,
      daily: DAILY,
      settings: { uiLanguage: 'en' },
    });
    await tab(page, 'Usage').click();
    const panel = page.getByRole('tabpanel');
    const minutes = panel.getByRole('img', { name: /Minutes of audio sent/ });
    await minutes.waitFor();
    expect(await minutes.getAttribute('aria-label')).toContain('23 min in total');
    expect(await panel.getByRole('img', { name: /Cost of each/ }).getAttribute('aria-label')).toContain(
      '$0.1380 in total',
    );
    const xs = await minutes.locator('rect').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('x'))));
    expect(xs[29]).toBeGreaterThan(xs[0]);
    expect(await panel.getByRole('progressbar', { name: 'Daily budget' }).getAttribute('aria-valuetext')).toBe(
      '$0.0180 of $0.1000 (18% used)',
    );
    await page.close();
  });
});
