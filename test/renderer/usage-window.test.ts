import { describe, expect, it } from 'vitest';
import type { UsageSummaryView } from '../../src-shared/app-contract/views';
import { calls, openWindow, push, useRendererInChromium, usageCounter } from './window-harness';

const chromium = useRendererInChromium();

const SUMMARY: UsageSummaryView = {
  today: usageCounter(3, 1, 90_000, 9_000),
  week: usageCounter(10, 1, 600_000, 60_000),
  month: usageCounter(40, 2, 3_600_000, 360_000),
  total: usageCounter(400, 5, 36_000_000, 3_600_000),
};

describe('the usage cards (renderer in Chromium)', () => {
  it('is right-to-left Persian and shows the four usage counters with their cost', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { usage: SUMMARY });
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('fa');
    const today = page.getByRole('region', { name: 'امروز' });
    await expect.poll(() => today.textContent()).toContain('۰٫۰۰۹');
    expect(await today.textContent()).toContain('۱٫۵ دقیقه');
    expect(await today.textContent()).toContain('۱ ناموفق، بدون هزینه');
    expect(await today.textContent()).toContain('۳ درخواست');
    expect(await page.getByRole('region', { name: 'از ابتدا' }).textContent()).toContain('۳٫۶');
    expect(await page.getByRole('region', { name: 'این ماه' }).textContent()).toContain('۶۰ دقیقه');
    await page.close();
  });

  it('follows usage events pushed by the core, without polling', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { usage: SUMMARY });
    const today = page.getByRole('region', { name: 'امروز' });
    await expect.poll(() => today.textContent()).toContain('۰٫۰۰۹');
    await push(page, { type: 'usage', summary: { ...SUMMARY, today: usageCounter(4, 1, 120_000, 12_500) } });
    await expect.poll(() => today.textContent()).toContain('۰٫۰۱۲۵');
    expect(await today.textContent()).toContain('۴ درخواست');
    // Loaded once at start; a poll would ask again within seconds.
    await page.waitForTimeout(5_500);
    expect((await calls(page)).filter((call) => call.name === 'usageSummary')).toHaveLength(1);
    await page.close();
  });

  it('labels the cards in English when the UI language is English', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { usage: SUMMARY, settings: { uiLanguage: 'en' } });
    const today = page.getByRole('region', { name: 'Today' });
    await expect.poll(() => today.textContent()).toContain('$0.0090');
    expect(await today.textContent()).toContain('1.5 min of audio sent');
    expect(await today.textContent()).toContain('1 failed, not charged');
    expect(await page.getByRole('region', { name: 'All time' }).textContent()).toContain('$3.60');
    await page.close();
  });

  it('shows requests of unknown outcome apart, with their estimated cost, in Persian and English', async () => {
    const withUnknown: UsageSummaryView = {
      ...SUMMARY,
      today: { ...usageCounter(3, 1, 90_000, 9_600), unknownRequests: 2, unknownCostMicros: 600 },
    };
    const page = await openWindow(chromium.browser, chromium.url, { usage: withUnknown });
    const today = page.getByRole('region', { name: 'امروز' });
    await expect.poll(() => today.locator('.unknown-outcome').textContent()).toContain('نتیجهٔ نامعلوم');
    expect(await today.locator('.unknown-outcome').textContent()).toContain('۲ درخواست بی‌پاسخ');
    expect(await today.locator('.unknown-outcome').textContent()).toContain('۰٫۰۰۰۶');
    // Cards of periods without such requests do not mention them.
    expect(await page.getByRole('region', { name: 'این ماه' }).locator('.unknown-outcome').count()).toBe(0);
    await page.close();
    const english = await openWindow(chromium.browser, chromium.url, {
      usage: withUnknown,
      settings: { uiLanguage: 'en' },
    });
    const card = english.getByRole('region', { name: 'Today' });
    await expect.poll(() => card.locator('.unknown-outcome').textContent()).toContain('Outcome unknown: 2 request(s)');
    expect(await card.locator('.unknown-outcome').textContent()).toContain('$0.0006');
    await english.close();
  });

  it('shows an error from the core in Persian and English', async () => {
    const page = await openWindow(chromium.browser, chromium.url, {
      usage: { fail: { fa: 'پوشهٔ داده قابل خواندن نیست.', en: 'The data folder cannot be read.' } },
    });
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('پوشهٔ داده قابل خواندن نیست.');
    expect(await alert.textContent()).toContain('The data folder cannot be read.');
    expect(await alert.locator('[lang="en"]').getAttribute('dir')).toBe('ltr');
    await page.close();
  });
});
