import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { serveFolder } from '../support/static-server';
import type { UsageSummaryView } from '../../src-shared/ipc/contract';

let browser: Browser;
let site: { url: string; close(): Promise<void> };

beforeAll(async () => {
  // The renderer exactly as the app ships it.
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'pipe', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
  site = await serveFolder('out/renderer');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const counter = (requests: number, failedRequests: number, audioMs: number, costMicros: number) => ({
  requests, failedRequests, audioMs, billedSeconds: Math.ceil(audioMs / 1000), costMicros,
});

async function openWith(summary: UsageSummaryView | { fail: { fa: string; en: string } }) {
  const page = await browser.newPage();
  // Stands in for the preload bridge: the page only ever sees window.sokhan.
  await page.addInitScript((value) => {
    const reply = 'fail' in value ? { ok: false, code: 'internal', message: value.fail } : { ok: true, value };
    (window as unknown as { sokhan: unknown }).sokhan = {
      usageSummary: async () => reply,
      appInfo: async () => ({ ok: true, value: { version: '0.1.0', dataDir: '/tmp' } }),
    };
  }, summary);
  await page.goto(site.url);
  return page;
}

describe('the window (renderer in Chromium)', () => {
  it('is right-to-left Persian and shows the four usage counters with their cost', async () => {
    const page = await openWith({
      today: counter(3, 1, 90_000, 9_000),
      week: counter(10, 1, 600_000, 60_000),
      month: counter(40, 2, 3_600_000, 360_000),
      total: counter(400, 5, 36_000_000, 3_600_000),
    });
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

  it('shows an error from main in Persian and English', async () => {
    const page = await openWith({ fail: { fa: 'پوشهٔ داده قابل خواندن نیست.', en: 'The data folder cannot be read.' } });
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('پوشهٔ داده قابل خواندن نیست.');
    expect(await alert.textContent()).toContain('The data folder cannot be read.');
    await page.close();
  });
});
