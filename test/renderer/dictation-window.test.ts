import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ChunkEvent, StatsEvent } from '../../src-shared/app-contract/events';
import type { UsageSummaryView } from '../../src-shared/app-contract/views';
import { formatUsd } from '../../src-shared/money';
import { audio, calls, openWindow, push, useRendererInChromium, usageCounter, SCREENSHOTS } from './window-harness';

// Chromium's fake microphone (a beep) stands in for a real one, and its permission prompt is answered yes.
const chromium = useRendererInChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);

const USAGE: UsageSummaryView = {
  today: usageCounter(6, 1, 95_000, 7_200),
  week: usageCounter(21, 1, 610_000, 46_000),
  month: usageCounter(80, 3, 3_100_000, 232_500),
  total: usageCounter(412, 5, 36_000_000, 2_700_000),
};

function chunk(
  sessionId: string,
  index: number,
  status: ChunkEvent['status'],
  text = '',
  extra: Partial<ChunkEvent> = {},
): ChunkEvent {
  return {
    type: 'chunk',
    sessionId,
    index,
    status,
    startMs: index * 4000,
    endMs: index * 4000 + 3500,
    text,
    costMicros: status === 'ok' ? 350 : 0,
    ...extra,
  };
}

function stats(sessionId: string, extra: Partial<StatsEvent> = {}): StatsEvent {
  return {
    type: 'stats',
    sessionId,
    startedAt: Date.now() - 75_000,
    elapsedMs: 75_000,
    recordedMs: 74_000,
    sentAudioMs: 42_300,
    requests: 7,
    failedRequests: 1,
    words: 118,
    costMicros: 3_150,
    lastLatencyMs: 840,
    ...extra,
  };
}

const BUDGET_ERROR = {
  code: 'daily_limit',
  message: { fa: 'سقف بودجهٔ روزانه (۰٫۵۰ $) پر شده است.', en: 'The daily budget ($0.50) is used up.' },
};

const record = (page: Page, name = 'ضبط') => page.getByRole('button', { name, exact: true });
const log = (page: Page, name = 'متن') => page.getByRole('log', { name });

describe('the dictation window (renderer in Chromium, fake microphone)', () => {
  it('records: the toggle starts a dictation, audio flows as Int16 frames, and the same button stops it', async () => {
    const page = await openWindow(chromium.browser, chromium.url);
    const button = record(page);
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    await button.click();
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await calls(page)).map((call) => call.name)).toContain('startDictation');
    await expect.poll(async () => (await audio(page)).samples, { timeout: 10_000 }).toBeGreaterThan(16_000);
    const sent = await audio(page);
    expect(sent.allInt16).toBe(true);
    // The fake device plays a beep: real sound, not zeros.
    expect(sent.nonSilent).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('record-status').textContent()).toBe('در حال گوش دادن…');
    // The level meter follows the microphone in dBFS.
    const meter = page.getByRole('meter', { name: 'سطح صدا' });
    await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow'))).toBeGreaterThan(-60);

    await button.click();
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    // The last 300 ms are still sent, then the core hears the stop.
    await expect.poll(async () => (await calls(page)).map((call) => call.name)).toContain('stopDictation');
    const names = (await calls(page)).map((call) => call.name);
    expect(names.indexOf('stopDictation')).toBeGreaterThan(names.indexOf('startDictation'));
    // The microphone closes after the dictation (keepWarm is off): no more frames arrive.
    const after = (await audio(page)).samples;
    await page.waitForTimeout(400);
    expect((await audio(page)).samples).toBe(after);
    await expect.poll(() => meter.getAttribute('aria-valuetext')).toBe('میکروفون بسته است');
    await page.close();
  });

  it('Escape while recording cancels the dictation', async () => {
    const page = await openWindow(chromium.browser, chromium.url);
    await record(page).click();
    await expect.poll(async () => (await audio(page)).frames).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => record(page).getAttribute('aria-pressed')).toBe('false');
    const names = (await calls(page)).map((call) => call.name);
    expect(names).toContain('cancelDictation');
    expect(names).not.toContain('stopDictation');
    await page.close();
  });

  it('keeps the microphone open between dictations when asked (keepWarm)', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { settings: { mic: { keepWarm: true } } });
    await record(page).click();
    await expect.poll(async () => (await audio(page)).frames).toBeGreaterThan(0);
    await record(page).click();
    await expect.poll(() => record(page).getAttribute('aria-pressed')).toBe('false');
    const meter = page.getByRole('meter', { name: 'سطح صدا' });
    await page.waitForTimeout(300);
    expect(await meter.getAttribute('aria-valuetext')).not.toBe('میکروفون بسته است');
    // Nothing is forwarded between dictations even though the microphone is open.
    const between = (await audio(page)).samples;
    await page.waitForTimeout(400);
    expect((await audio(page)).samples).toBe(between);
    await page.close();
  });

  it('shows why a dictation could not start and lets go of the microphone', async () => {
    const page = await openWindow(chromium.browser, chromium.url, {
      startFails: { fa: 'کلید API تنظیم نشده است.', en: 'No API key is set.' },
    });
    await record(page).click();
    const alert = page.getByRole('alert').filter({ hasText: 'کلید API تنظیم نشده است.' });
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toContain('No API key is set.');
    await expect.poll(() => record(page).getAttribute('aria-pressed')).toBe('false');
    expect((await audio(page)).frames).toBe(0);
    await page.close();
  });

  it('writes chunks in spoken order as they arrive, each replaced by its newer state', async () => {
    const page = await openWindow(chromium.browser, chromium.url);
    await push(page, chunk('s1', 1, 'sending'));
    await push(page, chunk('s1', 0, 'sending'));
    await push(page, chunk('s1', 1, 'ok', 'دومین جمله اینجاست.'));
    await expect.poll(() => log(page).textContent()).toContain('دومین جمله اینجاست.');
    await push(page, chunk('s1', 0, 'ok', 'سلام، این اولین جمله است.'));
    await expect.poll(() => log(page).textContent()).toContain('سلام، این اولین جمله است.');
    const text = (await log(page).textContent()) ?? '';
    expect(text.indexOf('سلام، این اولین جمله است.')).toBeLessThan(text.indexOf('دومین جمله اینجاست.'));
    // One block per chunk: the placeholders were replaced, not added to.
    expect(await log(page).locator('[data-status]').count()).toBe(2);
    expect(await log(page).locator('[data-status="sending"]').count()).toBe(0);
    await push(page, chunk('s1', 2, 'dropped'));
    await expect.poll(() => log(page).textContent()).toContain('(بی‌کلام)');
    expect(await log(page).getAttribute('aria-live')).toBe('polite');

    // Copy all: every transcribed chunk in order, and a short confirmation.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: chromium.url });
    await page.getByRole('button', { name: 'رونوشت همه' }).click();
    await expect.poll(() => page.getByText('متن رونوشت شد.').count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      'سلام، این اولین جمله است. دومین جمله اینجاست.',
    );

    await page.getByRole('button', { name: 'پاک کردن' }).click();
    await expect.poll(() => log(page).locator('[data-status]').count()).toBe(0);
    await page.close();
  });

  it('offers Retry on a failed chunk and sends its reference', async () => {
    const page = await openWindow(chromium.browser, chromium.url);
    await push(page, chunk('s7', 0, 'ok', 'متن درست'));
    await push(
      page,
      chunk('s7', 3, 'failed', '', {
        attempt: 3,
        error: { code: 'network', message: { fa: 'اتصال به سرور برقرار نشد.', en: 'Could not reach the server.' } },
      }),
    );
    const retry = page.getByRole('button', { name: 'ارسال دوباره' });
    await expect.poll(() => retry.count()).toBe(1);
    expect(await log(page).textContent()).toContain('اتصال به سرور برقرار نشد.');
    await retry.click();
    await expect
      .poll(async () => (await calls(page)).filter((call) => call.name === 'retryChunk'))
      .toEqual([{ name: 'retryChunk', args: [{ sessionId: 's7', index: 3 }] }]);
    // The core answers with the chunk's new state; the button goes away.
    await push(page, chunk('s7', 3, 'ok', 'متن بازیابی‌شده'));
    await expect.poll(() => retry.count()).toBe(0);
    await page.close();
  });

  it(
    'a chunk the network keeps back says it waits for the network (nothing to press); a banner ' +
      'says when it tries next',
    async () => {
      const page = await openWindow(chromium.browser, chromium.url);
      await push(page, chunk('s8', 0, 'ok', 'متن اول'));
      await push(
        page,
        chunk('s8', 1, 'failed', '', {
          error: {
            code: 'waiting_for_network',
            message: { fa: 'در انتظار اتصال: …', en: 'Waiting for the network: …' },
          },
        }),
      );
      await expect.poll(() => log(page).locator('[data-status="waiting"]').textContent()).toBe('در انتظار اتصال');
      expect(await page.getByRole('button', { name: 'ارسال دوباره' }).count()).toBe(0);
      const banner = page.locator('.network-banner');
      expect(await banner.count()).toBe(0);
      await push(page, { type: 'spool', network: { state: 'waiting', waiting: 1, nextProbeAt: Date.now() + 60_000 } });
      await expect.poll(() => banner.getAttribute('role')).toBe('status');
      expect(await banner.textContent()).toContain('در انتظار اتصال');
      expect(await banner.textContent()).toContain('تلاش بعدی');
      await page.screenshot({ path: `${SCREENSHOTS}/dictation-fa-waiting-for-network.png`, fullPage: true });
      // Back online: the banner goes, and the chunk's text replaces its waiting state when the resender sends it.
      await push(page, { type: 'spool', network: { state: 'online', waiting: 0, nextProbeAt: null } });
      await expect.poll(() => banner.count()).toBe(0);
      await push(page, chunk('s8', 1, 'ok', 'متن دوم'));
      await expect.poll(() => log(page).textContent()).toContain('متن دوم');
      await page.close();
    },
  );

  it('a chunk blocked by the budget offers "send anyway" and one budget banner explains it', async () => {
    const page = await openWindow(chromium.browser, chromium.url);
    await push(page, chunk('s2', 4, 'blocked', '', { error: BUDGET_ERROR }));
    await push(page, chunk('s2', 5, 'blocked', '', { error: BUDGET_ERROR }));
    const sendAnyway = page.getByRole('button', { name: 'ارسال به هر حال' });
    await expect.poll(() => sendAnyway.count()).toBe(2);
    await sendAnyway.first().click();
    await expect
      .poll(async () => (await calls(page)).filter((call) => call.name === 'sendAnyway'))
      .toEqual([{ name: 'sendAnyway', args: [{ sessionId: 's2', index: 4 }] }]);
    const banners = page.getByRole('alert').filter({ hasText: 'سقف بودجهٔ روزانه' });
    expect(await banners.count()).toBe(1);
    expect(await banners.textContent()).toContain('سقف بودجه را بالا ببرید');
    await page.close();
  });

  it('a cost warning shows as one dismissable alert, Persian first and English below', async () => {
    const page = await openWindow(chromium.browser, chromium.url);
    const warning = {
      type: 'warning' as const,
      scope: 'daily' as const,
      level: 'warn' as const,
      spentMicros: 400_000,
      limitMicros: 500_000,
      message: { fa: '۸۰٪ بودجهٔ امروز خرج شده است.', en: '80% of today’s budget is spent.' },
    };
    await push(page, warning);
    await push(page, warning);
    const alert = page.getByRole('alert').filter({ hasText: '۸۰٪ بودجهٔ امروز خرج شده است.' });
    await expect.poll(() => alert.count()).toBe(1);
    const english = alert.locator('[lang="en"]');
    expect(await english.textContent()).toBe('80% of today’s budget is spent.');
    expect(await english.getAttribute('dir')).toBe('ltr');
    await alert.getByRole('button', { name: 'بستن' }).click();
    await expect.poll(() => alert.count()).toBe(0);
    await page.close();
  });

  it('shows the session numbers, formatted in Persian', async () => {
    const page = await openWindow(chromium.browser, chromium.url);
    await push(page, stats('s3'));
    await expect.poll(() => page.getByTestId('stat-cost').textContent()).toBe(formatUsd(3_150, 'fa'));
    expect(await page.getByTestId('stat-words').textContent()).toBe('۱۱۸');
    expect(await page.getByTestId('stat-requests').textContent()).toBe('۷ (۱ ناموفق)');
    expect(await page.getByTestId('stat-speech').textContent()).toContain('۴۲٫۳');
    expect(await page.getByTestId('stat-latency').textContent()).toContain('۸۴۰');
    expect(await page.getByTestId('stat-elapsed').textContent()).toBe('۱:۱۵');
    expect(await page.getByRole('region', { name: 'آمار جلسه' }).count()).toBe(1);
    await page.close();
  });

  it('stays quick with a thousand chunks', async () => {
    const page = await openWindow(chromium.browser, chromium.url);
    await page.evaluate(() => {
      const w = window as unknown as { __push(event: unknown): void };
      for (let index = 999; index >= 0; index -= 1) {
        w.__push({
          type: 'chunk',
          sessionId: 'long',
          index,
          status: 'ok',
          startMs: 0,
          endMs: 1,
          text: `جملهٔ ${index}`,
          costMicros: 1,
        });
      }
    });
    await expect.poll(() => log(page).locator('[data-status]').count()).toBe(1000);
    // One more event, one chunk changed: timed from the push to the text on screen.
    const ms = await page.evaluate(async () => {
      const w = window as unknown as { __push(event: unknown): void };
      const started = performance.now();
      for (let round = 0; round < 20; round += 1) {
        w.__push({
          type: 'chunk',
          sessionId: 'long',
          index: 500,
          status: 'ok',
          startMs: 0,
          endMs: 1,
          text: `تازه ${round}`,
          costMicros: 1,
        });
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
      return (performance.now() - started) / 20;
    });
    expect(await log(page).textContent()).toContain('تازه 19');
    expect(ms).toBeLessThan(50);
    const text = (await log(page).textContent()) ?? '';
    expect(text.indexOf('جملهٔ 0')).toBeLessThan(text.indexOf('جملهٔ 999'));
    await page.close();
  });

  it('speaks English when the UI language is English; Persian text keeps its own direction', async () => {
    const page = await openWindow(chromium.browser, chromium.url, { settings: { uiLanguage: 'en' }, usage: USAGE });
    await expect.poll(() => record(page, 'Record').count()).toBe(1);
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await push(page, chunk('s9', 0, 'ok', 'این متن فارسی است.'));
    const block = log(page, 'Transcript').locator('[data-status="ok"]');
    await expect.poll(() => block.count()).toBe(1);
    expect(await block.getAttribute('dir')).toBe('auto');
    expect(await block.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    await push(page, stats('s9'));
    await expect.poll(() => page.getByTestId('stat-cost').textContent()).toBe('$0.0032');
    expect(await page.getByRole('region', { name: 'Session' }).count()).toBe(1);
    expect(await page.getByRole('combobox', { name: 'Microphone' }).count()).toBe(1);
    await page.close();
  });

  it('switches language from the window and saves it', async () => {
    const page = await openWindow(chromium.browser, chromium.url);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => record(page, 'Record').count()).toBe(1);
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    expect((await calls(page)).filter((call) => call.name === 'setSetting')).toEqual([
      { name: 'setSetting', args: ['uiLanguage', 'en'] },
    ]);
    await page.close();
  });

  it(
    'the desktop app asks once whether to paste where the person was typing; the browser host ' + 'never asks',
    async () => {
      const desktop = await openWindow(chromium.browser, chromium.url, { host: 'electron' });
      const offer = desktop.getByRole('region', { name: 'متن را همان‌جا که می‌نوشتید بچسبانم؟' });
      await offer.waitFor();
      expect(await offer.textContent()).toContain('Accessibility');
      await desktop.getByRole('button', { name: 'بله، بچسبان' }).click();
      await expect.poll(() => offer.count()).toBe(0);
      expect((await calls(desktop)).filter((call) => call.name === 'setSetting')).toEqual([
        { name: 'setSetting', args: ['paste.auto', true] },
      ]);
      // Answered: a reload does not ask again.
      await desktop.reload();
      await desktop.getByRole('button', { name: 'ضبط' }).waitFor();
      await desktop.waitForTimeout(300);
      expect(await desktop.getByRole('region', { name: 'متن را همان‌جا که می‌نوشتید بچسبانم؟' }).count()).toBe(0);
      await desktop.close();

      const inBrowser = await openWindow(chromium.browser, chromium.url, { host: 'browser' });
      await inBrowser.getByRole('button', { name: 'ضبط' }).waitFor();
      await inBrowser.waitForTimeout(300);
      expect(await inBrowser.getByRole('region', { name: 'متن را همان‌جا که می‌نوشتید بچسبانم؟' }).count()).toBe(0);
      await inBrowser.close();
    },
  );

  it('saves the microphone options', async () => {
    const page = await openWindow(chromium.browser, chromium.url);
    await page.getByText('تنظیمات میکروفون').click();
    await page.getByRole('checkbox', { name: /میکروفون را باز نگه دار/ }).check();
    await page.getByRole('checkbox', { name: /تنظیم خودکار بلندی/ }).check();
    await expect
      .poll(async () => (await calls(page)).filter((call) => call.name === 'setSetting').map((call) => call.args))
      .toEqual([
        ['mic.keepWarm', true],
        ['mic.autoGainControl', true],
      ]);
    expect(await page.getByRole('combobox', { name: 'میکروفون' }).count()).toBe(1);
    await page.close();
  });

  it('screenshots: the dictation view in Persian and English', async () => {
    for (const lang of ['fa', 'en'] as const) {
      const page = await openWindow(chromium.browser, chromium.url, { settings: { uiLanguage: lang }, usage: USAGE });
      await expect.poll(() => record(page, lang === 'fa' ? 'ضبط' : 'Record').count()).toBe(1);
      await record(page, lang === 'fa' ? 'ضبط' : 'Record').click();
      await expect.poll(async () => (await audio(page)).frames).toBeGreaterThan(0);
      const session = (await calls(page)).some((call) => call.name === 'startDictation') ? 'session-1' : 's';
      await push(page, chunk(session, 0, 'ok', 'سلام. امروز می‌خواهم دربارهٔ برنامهٔ هفتهٔ آینده بنویسم.'));
      await push(
        page,
        chunk(session, 1, 'ok', 'جلسهٔ تیم ساعت ده صبح شنبه برگزار می‌شود و همه باید گزارش کارشان را بیاورند.'),
      );
      await push(
        page,
        chunk(session, 2, 'failed', '', {
          error: {
            code: 'network',
            message: {
              fa: 'اتصال به سرور برقرار نشد؛ صدا نگه داشته شده است.',
              en: 'Could not reach the server; the audio is kept.',
            },
          },
        }),
      );
      await push(page, chunk(session, 3, 'sending'));
      await push(page, stats(session, { startedAt: Date.now() - 83_000 }));
      await push(page, {
        type: 'warning',
        scope: 'daily',
        level: 'warn',
        spentMicros: 400_000,
        limitMicros: 500_000,
        message: { fa: '۸۰٪ بودجهٔ روزانه (۰٫۵۰ $) خرج شده است.', en: '80% of the daily budget ($0.50) is spent.' },
      });
      await expect
        .poll(() => page.getByTestId('record-status').textContent())
        .toBe(lang === 'fa' ? 'در حال گوش دادن…' : 'Listening…');
      await page.screenshot({ path: `${SCREENSHOTS}/dictation-${lang}.png`, fullPage: true });
      await page.close();
    }
    // Idle, nothing said yet, the microphone options open.
    const page = await openWindow(chromium.browser, chromium.url, { usage: USAGE });
    await page.getByText('تنظیمات میکروفون').click();
    await page.screenshot({ path: `${SCREENSHOTS}/dictation-fa-idle-mic-options.png`, fullPage: true });
    await page.close();
  });
});
