import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { formatUsd } from '../../src-shared/money';
import { Spool } from '../../src-main/pipeline/spool';
import { encodeTestWav, startFakeOpenAiServer, type FakeServer } from '../support/fake-openai-server';
import { SCREENSHOTS, useChromiumAndHosts } from './e2e-setup';
import { startUiHost, type UiHost } from './ui-host';

const run = promisify(execFile);
const chromium = useChromiumAndHosts();
const hosts = chromium.hosts;
const servers: FakeServer[] = [];
/** Spools of this test process: one keeps a lease, as a running `sokhan transcribe` would. */
const holders: Spool[] = [];

afterAll(async () => {
  for (const server of servers) await server.close();
});

const NOW = Date.now();
/** whisper-1 at $0.006 a minute: 100 micro-dollars a second. */
const FAILED = { sessionId: '20260101T090000-aaaa0001', index: 0, seconds: 4, costMicros: 400 };
const LEFT = { sessionId: '20260101T090000-aaaa0001', index: 1, seconds: 3, costMicros: 300 };
const BUSY = { sessionId: '20260102T100000-bbbb0002', index: 0, seconds: 2, costMicros: 200 };

/**
 * Chunks in the data folder's spool as earlier runs leave them: one failed, one cut short, one another process owns.
 */
async function seedSpool(dataDir: string): Promise<void> {
  const spool = new Spool(join(dataDir, 'spool'));
  const put = async (chunk: typeof FAILED, at: number) =>
    spool.put(
      {
        sessionId: chunk.sessionId,
        index: chunk.index,
        startMs: chunk.index * 5000,
        endMs: chunk.index * 5000 + chunk.seconds * 1000,
        audioMs: chunk.seconds * 1000,
        speechMs: chunk.seconds * 1000,
        model: 'whisper-1',
        language: 'fa',
        createdAt: at,
      },
      encodeTestWav(chunk.seconds * 1000),
    );
  const failed = await put(FAILED, NOW - 3_600_000);
  await spool.mark(failed, { status: 'failed', attempts: 5, lastError: { code: 'server', message: '500' } });
  await spool.release(failed);
  const left = await put(LEFT, NOW - 3_500_000);
  await spool.release(left);
  // Still leased by this (live) test process: the window must show it busy and leave it alone.
  await put(BUSY, NOW - 60_000);
  holders.push(spool);
}

async function openHost(lang: 'fa' | 'en'): Promise<UiHost & { server: FakeServer }> {
  const server = await startFakeOpenAiServer({ apiKey: 'sk-e2e-wait' });
  servers.push(server);
  const host = await startUiHost({
    settings: { baseUrl: server.baseUrl, uiLanguage: lang },
    env: { OPENAI_API_KEY: 'sk-e2e-wait', OPENAI_BASE_URL: '' },
    prepare: seedSpool,
  });
  hosts.push(host);
  return { ...host, server };
}

async function openWindow(host: UiHost): Promise<Page> {
  const context = await chromium.browser().newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByRole('tab').first().waitFor();
  return page;
}

async function spoolList(dataDir: string): Promise<Array<{ sessionId: string; index: number }>> {
  const { stdout } = await run(process.execPath, ['bin/sokhan.mjs', 'spool', 'list', '--json', '--data-dir', dataDir], {
    env: { ...process.env, OPENAI_API_KEY: '' },
  });
  return JSON.parse(stdout);
}

const WORDS = {
  fa: {
    title: 'صدای در انتظار ارسال',
    send: 'ارسال',
    discard: 'دور انداختن…',
    confirm: 'دور انداختن',
    busy: 'در حال ارسال توسط برنامهٔ دیگر',
    failed: 'ارسال ناموفق',
    seconds: (n: number) => new Intl.NumberFormat('fa-IR', { minimumFractionDigits: 1 }).format(n),
    log: 'متن',
  },
  en: {
    title: 'Audio waiting to be sent',
    send: 'Send now',
    discard: 'Discard…',
    confirm: 'Discard',
    busy: 'Being sent by another process',
    failed: 'Sending failed',
    seconds: (n: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 1 }).format(n),
    log: 'Transcript',
  },
};

describe('audio waiting in the spool, in the window served by `sokhan ui` (Chromium)', () => {
  for (const lang of ['fa', 'en'] as const) {
    it(`${lang}: shows each waiting chunk with its length and cost, sends one, discards one ` +
      'after confirming, leaves the busy one', async () => {
      const w = WORDS[lang];
      const host = await openHost(lang);
      const page = await openWindow(host);
      const view = page.getByRole('region', { name: w.title });
      await view.waitFor();
      const row = (chunk: typeof FAILED) => view.locator(`tr[data-chunk="${chunk.sessionId}#${chunk.index}"]`);
      await expect.poll(() => view.locator('tbody tr').count()).toBe(3);

      // Length, reason and price as the meter would price it.
      const failedText = (await row(FAILED).textContent()) ?? '';
      expect(failedText).toContain(w.seconds(FAILED.seconds));
      expect(failedText).toContain(w.failed);
      expect(failedText).toContain(formatUsd(FAILED.costMicros, lang));
      expect(await row(LEFT).textContent()).toContain(formatUsd(LEFT.costMicros, lang));
      // Leased by another process: shown busy, with nothing to press.
      expect(await row(BUSY).textContent()).toContain(w.busy);
      expect(await row(BUSY).getByRole('button').count()).toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, `waiting-audio-ui-host-${lang}.png`), fullPage: true });

      // Send now: the text arrives in the transcript, the chunk leaves the list; one request, billed once.
      await row(FAILED).getByRole('button', { name: w.send, exact: true }).click();
      const log = page.getByRole('log', { name: w.log });
      await expect.poll(() => log.textContent(), { timeout: 20_000 }).toContain('قطعه 0');
      await expect.poll(() => row(FAILED).count(), { timeout: 10_000 }).toBe(0);
      expect(host.server.requests.filter((r) => r.status === 200)).toHaveLength(1);
      expect(host.server.requests[0].durationMs).toBe(FAILED.seconds * 1000);

      // Discard asks first; Cancel keeps it, confirming deletes it for good.
      await row(LEFT).getByRole('button', { name: w.discard }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(w.seconds(LEFT.seconds));
      await page.screenshot({ path: join(SCREENSHOTS, `waiting-audio-discard-dialog-${lang}.png`), fullPage: true });
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      expect(await row(LEFT).count()).toBe(1);
      await row(LEFT).getByRole('button', { name: w.discard }).click();
      await page.getByRole('dialog').getByRole('button', { name: w.confirm, exact: true }).click();
      await expect.poll(() => row(LEFT).count()).toBe(0);

      // What the CLI sees: only the busy chunk is left, untouched; the discarded one was never sent.
      expect((await spoolList(host.dataDir)).map((e) => [e.sessionId, e.index])).toEqual([
        [BUSY.sessionId, BUSY.index],
      ]);
      expect(host.server.requests).toHaveLength(1);
      await page.screenshot({ path: join(SCREENSHOTS, `waiting-audio-after-${lang}.png`), fullPage: true });
    }, 90_000);
  }
});
