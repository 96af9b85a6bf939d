import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { HistoryEntryView } from '../../src-shared/app-contract/history-views';
import { formatUsd } from '../../src-shared/money';
import { calls, openWindow, useRendererInChromium, SCREENSHOTS } from './window-harness';

const chromium = useRendererInChromium();

const ZWNJ = '\u200C';
const TYPED = 'sk-proj-window-typed-key-0123456789ABCD';

const HISTORY: HistoryEntryView[] = [
  {
    sessionId: '20261203T101500-aaaa1111',
    startedAt: Date.UTC(2026, 11, 3, 10, 15),
    audioMs: 95_000,
    words: 12,
    text: `امروز دربارهٔ کتاب${ZWNJ}های تازه حرف زدیم.`,
    chunksWithoutText: 1,
    models: ['whisper-1'],
    cost: { costMicros: 9_500, requests: 4, failedRequests: 1 },
  },
  {
    sessionId: '20261201T080000-bbbb2222',
    startedAt: Date.UTC(2026, 11, 1, 8),
    audioMs: 30_000,
    words: 3,
    text: 'متنی بدون سابقه',
    chunksWithoutText: 0,
    models: [],
    cost: null,
  },
];

async function settingsTab(page: Page, name = 'تنظیمات') {
  await page.getByRole('tab', { name }).click();
  await page.getByTestId('api-key').waitFor();
}

describe('the API key form', () => {
  it(
    'hands the typed key to the core, clears the field, and shows only the last four and where ' + 'it is kept',
    async () => {
      const page = await openWindow(chromium.browser, chromium.url);
      await settingsTab(page);
      expect(await page.getByTestId('api-key').textContent()).toContain('از متغیر محیطی OPENAI_API_KEY');
      const field = page.getByLabel('کلید تازه');
      expect(await field.getAttribute('type')).toBe('password');
      // Remembering is offered where the OS can encrypt, and on by default.
      expect(await page.getByLabel('در این رایانه نگه دار (رمزگذاری‌شده)').isChecked()).toBe(true);

      await page.getByRole('button', { name: 'ذخیرهٔ کلید' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'اول کلید را وارد کنید.' });
      await expect.poll(() => alert.count()).toBe(1);
      expect(await field.getAttribute('aria-invalid')).toBe('true');

      await field.fill(TYPED);
      await field.press('Enter');
      await expect.poll(() => page.getByTestId('api-key').textContent()).toContain('(…ABCD)');
      expect(await page.getByTestId('api-key').textContent()).toContain('رمزگذاری‌شده با کلیدساز سیستم');
      expect(await page.getByText('OPENAI_API_KEY هم تنظیم شده').count()).toBe(1);
      expect(await field.inputValue()).toBe('');
      expect(await field.getAttribute('aria-invalid')).toBeNull();
      expect((await calls(page)).filter((c) => c.name === 'setApiKey').map((c) => c.args)).toEqual([[TYPED, true]]);
      // The page holds nothing of the key but its last four characters.
      expect(await page.content()).not.toContain(TYPED.slice(0, 12));
      await page.screenshot({ path: join(SCREENSHOTS, 'api-key-saved-fa.png'), fullPage: true });

      await page.getByRole('button', { name: 'حذف کلید واردشده' }).click();
      await expect.poll(() => page.getByTestId('api-key').textContent()).toContain('(…wxyz)');
      await page.close();
    },
  );

  it(
    'without a keyring (basic_text) it says so and offers "for this run only"; a refusal shows ' + 'by the field',
    async () => {
      const page = await openWindow(chromium.browser, chromium.url, {
        settings: { uiLanguage: 'en' },
        keyStatus: { set: false, lastFour: null, source: null, storage: 'basic_text', envOverridden: false },
      });
      await settingsTab(page, 'Settings');
      expect(await page.getByTestId('key-storage').textContent()).toContain('This system has no keyring');
      expect(await page.getByLabel('Keep it on this computer (encrypted)').count()).toBe(0);
      const field = page.getByLabel('New key');
      await field.fill('sk not a key');
      await page.getByRole('button', { name: 'Use for this run' }).click();
      await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
      const alertId = await page.getByRole('alert').getAttribute('id');
      expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(alertId);

      await field.fill(TYPED);
      await page.getByRole('button', { name: 'Use for this run' }).click();
      await expect.poll(() => page.getByTestId('api-key').textContent()).toContain('for this run only');
      expect((await calls(page)).filter((c) => c.name === 'setApiKey').at(-1)?.args).toEqual([TYPED, false]);
      await page.screenshot({ path: join(SCREENSHOTS, 'api-key-basic-text-en.png'), fullPage: true });
      await page.close();
    },
  );

  it('in the browser host it says the key stays in memory for this run', async () => {
    const page = await openWindow(chromium.browser, chromium.url, {
      keyStatus: { set: false, lastFour: null, source: null, storage: 'memory_only', envOverridden: false },
    });
    await settingsTab(page);
    expect(await page.getByTestId('key-storage').textContent()).toContain('فقط برای همین اجرا');
    expect(await page.getByRole('button', { name: 'استفاده برای همین اجرا' }).count()).toBe(1);
    await page.close();
  });
});

describe('the history tab', () => {
  it('lists each dictation with its date, length, model and ledger cost, or says the ledger has none', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { history: HISTORY });
    await page.getByRole('tab', { name: 'تاریخچه' }).click();
    const entries = page.getByRole('listitem');
    await expect.poll(() => entries.count()).toBe(2);
    const first = entries.nth(0);
    expect(await first.textContent()).toContain('۱:۳۵');
    expect(await first.textContent()).toContain('whisper-1');
    expect(await first.getByTestId('history-cost').textContent()).toContain(formatUsd(9_500, 'fa'));
    expect(await first.textContent()).toContain('۱ تکه بی‌متن');
    expect(await entries.nth(1).getByTestId('history-cost').textContent()).toContain('در دفتر کارکرد سابقه‌ای ندارد');
    expect(await entries.nth(1).getByTestId('history-cost').textContent()).not.toContain('$');
    expect(await page.getByTestId('history-status').textContent()).toContain('۲ دیکته');
  });

  it('searches through the core as the person types, copies, and deletes only after a confirmation', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { history: HISTORY });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: chromium.url });
    await page.getByRole('tab', { name: 'تاریخچه' }).click();
    await page.getByLabel('جست‌وجو در همهٔ تاریخچه').fill('سابقه');
    await expect.poll(() => page.getByRole('listitem').count()).toBe(1);
    expect((await calls(page)).filter((c) => c.name === 'historyPage').at(-1)?.args).toEqual(['سابقه', 0, 10]);
    await page.getByLabel('جست‌وجو در همهٔ تاریخچه').fill('');
    await expect.poll(() => page.getByRole('listitem').count()).toBe(2);

    const first = page.getByRole('listitem').nth(0);
    await first.getByRole('button', { name: 'رونوشت' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(HISTORY[0].text);

    await first.getByRole('button', { name: 'پاک کردن…' }).click();
    const dialog = page.getByRole('dialog', { name: 'متن این دیکته پاک شود؟' });
    expect(await dialog.textContent()).toContain('سابقهٔ هزینهٔ آن در دفتر کارکرد می‌ماند');
    await dialog.getByRole('button', { name: 'انصراف' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect((await calls(page)).some((c) => c.name === 'deleteTranscript')).toBe(false);

    await first.getByRole('button', { name: 'پاک کردن…' }).click();
    await page.screenshot({ path: join(SCREENSHOTS, 'history-delete-dialog-fa.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'پاک کردن متن' }).click();
    await expect.poll(() => page.getByRole('listitem').count()).toBe(1);
    expect((await calls(page)).filter((c) => c.name === 'deleteTranscript').map((c) => c.args)).toEqual([
      [HISTORY[0].sessionId],
    ]);
    expect(await page.getByTestId('history-status').textContent()).toContain('هزینه‌اش در دفتر کارکرد ماند');
    await page.close();
  });
});
