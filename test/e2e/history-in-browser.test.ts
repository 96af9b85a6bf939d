import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { formatUsd } from '../../src-shared/money';
import type { LedgerRequestRecord } from '../../src-shared/usage/ledger-record';
import { TranscriptStore } from '../../src-main/pipeline/transcript-store';
import { openUsageMeter } from '../../src-main/usage/usage-meter';
import { startFakeOpenAiServer, type FakeServer } from '../support/fake-openai-server';
import { NO_BUDGET_SETTINGS } from '../support/meter-settings';
import { SCREENSHOTS, sokhanCli, useChromiumAndHosts } from './e2e-setup';
import { startUiHost, type UiHost } from './ui-host';

const run = promisify(execFile);
const ZWNJ = '\u200C';
const DAY = 86_400_000;
const chromium = useChromiumAndHosts();
const hosts = chromium.hosts;

/** A session id as a dictation names it: its UTC start, then a random part. */
const sessionIdAt = (at: number, tail: string) =>
  `${new Date(at).toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${tail}`;

const NOW = Date.now();
const BOOKS = {
  id: sessionIdAt(NOW - 2 * DAY, 'b00c5000'),
  text: [`امروز دربارهٔ کتاب${ZWNJ}های تازه حرف زدیم.`, 'ساعت ۱۲ جلسه تمام شد.'],
};
const LATEST = { id: sessionIdAt(NOW - 3_600_000, 'a1a1a1a1'), text: ['سلام، این آخرین دیکته است.'] };
const ORPHAN = { id: sessionIdAt(NOW - 5 * DAY, 'c0ffee00'), text: ['متنی که هزینه‌اش در دفتر نیست.'] };

let seq = 0;
function request(sessionId: string, at: number, seconds: number, model = 'whisper-1'): LedgerRequestRecord {
  seq += 1;
  return {
    kind: 'request',
    id: `hist-${seq}`,
    at,
    sessionId,
    model,
    provider: 'openai',
    audioMs: seconds * 1000,
    billed: { type: 'duration', seconds },
    billedSeconds: seconds,
    // whisper-1: 100 micro-dollars a second; gpt-4o-mini-transcribe priced here at 50.
    costMicros: model === 'whisper-1' ? seconds * 100 : seconds * 50,
    outcome: 'ok',
  };
}

/** Three past dictations (one with no ledger line) written as a dictation and the meter would write them. */
async function seedHistory(dataDir: string): Promise<void> {
  const store = new TranscriptStore(join(dataDir, 'transcripts'));
  for (const { id, text } of [BOOKS, LATEST, ORPHAN]) {
    const startedAt = Date.parse(id.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2}).*/, '$1-$2-$3T$4:$5:$6Z'));
    for (const [index, part] of text.entries())
      await store.append(id, {
        index,
        startMs: index * 6_000,
        endMs: index * 6_000 + 5_000,
        text: part,
        status: 'ok',
        at: startedAt + (index + 1) * 6_000,
      });
  }
  const meter = await openUsageMeter({ dataDir, settings: NO_BUDGET_SETTINGS, source: 'cli', storeWriteDelayMs: 0 });
  await meter.record(request(BOOKS.id, NOW - 2 * DAY + 6_000, 7));
  await meter.record(request(BOOKS.id, NOW - 2 * DAY + 12_000, 9, 'gpt-4o-mini-transcribe'));
  await meter.record(request(LATEST.id, NOW - 3_600_000 + 6_000, 4));
  await meter.close();
}

async function openHost(settings: Record<string, unknown>, env: Record<string, string> = {}): Promise<UiHost> {
  const host = await startUiHost({ settings, env: { OPENAI_API_KEY: '', ...env }, prepare: seedHistory });
  hosts.push(host);
  return host;
}

async function openWindow(host: UiHost): Promise<Page> {
  const context = await chromium.browser().newContext({ viewport: { width: 1100, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByRole('tab').first().waitFor();
  return page;
}

const totals = async (dataDir: string) =>
  JSON.parse(await sokhanCli(dataDir, 'usage', '--json')) as { total: { requests: number; costUsd: number } };

describe('history in the window served by `sokhan ui` (Chromium)', () => {
  it(
    'in Persian: finds «کتاب‌ها» typed as «كتاب ها», copies it, deletes it after confirming; ' +
      'the ledger keeps its cost',
    async () => {
      const host = await openHost({});
      const before = await totals(host.dataDir);
      const page = await openWindow(host);
      await page.getByRole('tab', { name: 'تاریخچه' }).click();
      const entries = page.getByRole('list').first().getByRole('listitem');
      await expect.poll(() => entries.count()).toBe(3);
      // Newest first; each with its cost from the ledger, or a plain "no record" where the ledger has none.
      const headings = await entries.getByRole('heading').allTextContents();
      expect(headings).toHaveLength(3);
      expect(await entries.nth(0).textContent()).toContain('این آخرین دیکته است');
      expect(await entries.nth(1).getByTestId('history-cost').textContent()).toContain(formatUsd(700 + 450, 'fa'));
      expect(await entries.nth(1).textContent()).toContain('gpt-4o-mini-transcribe, whisper-1');
      expect(await entries.nth(2).getByTestId('history-cost').textContent()).toContain('سابقه‌ای ندارد');
      await page.screenshot({ path: join(SCREENSHOTS, 'history-fa.png'), fullPage: true });

      // Arabic kaf and a plain space, where the text has Persian keheh and a half-space.
      await page.getByLabel('جست‌وجو در همهٔ تاریخچه').fill('كتاب ها');
      await expect.poll(() => entries.count()).toBe(1);
      expect(await entries.first().textContent()).toContain(`کتاب${ZWNJ}های تازه`);
      expect(await page.getByTestId('history-status').textContent()).toContain('۱ دیکته با «كتاب ها»');
      await page.screenshot({ path: join(SCREENSHOTS, 'history-search-fa.png'), fullPage: true });

      await entries.first().getByRole('button', { name: 'رونوشت' }).click();
      await expect
        .poll(() => page.evaluate(() => navigator.clipboard.readText()))
        .toBe(`${BOOKS.text[0]} ${BOOKS.text[1]}`);

      await entries.first().getByRole('button', { name: 'پاک کردن…' }).click();
      const dialog = page.getByRole('dialog', { name: 'متن این دیکته پاک شود؟' });
      expect(await dialog.textContent()).toContain('سابقهٔ هزینهٔ آن در دفتر کارکرد می‌ماند');
      await page.screenshot({ path: join(SCREENSHOTS, 'history-delete-fa.png'), fullPage: true });
      await dialog.getByRole('button', { name: 'پاک کردن متن' }).click();
      await expect.poll(() => entries.count()).toBe(0);
      expect(await page.getByText('در تاریخچه چیزی با «كتاب ها» پیدا نشد.').count()).toBe(1);
      expect(existsSync(join(host.dataDir, 'transcripts', `${BOOKS.id}.jsonl`))).toBe(false);
      // The transcript only: what the CLI counts is what it counted before.
      expect(await totals(host.dataDir)).toEqual(before);
      await page.getByLabel('جست‌وجو در همهٔ تاریخچه').fill('');
      await expect.poll(() => entries.count()).toBe(2);
      await page.context().close();
    },
  );

  it('in English: Persian digits found by Latin ones, and Cancel keeps the text', async () => {
    const host = await openHost({ uiLanguage: 'en' });
    const page = await openWindow(host);
    await page.getByRole('tab', { name: 'History' }).click();
    const entries = page.getByRole('list').first().getByRole('listitem');
    await expect.poll(() => entries.count()).toBe(3);
    expect(await entries.nth(1).getByTestId('history-cost').textContent()).toContain(formatUsd(1_150, 'en'));
    expect(await entries.nth(2).getByTestId('history-cost').textContent()).toContain('No record in the usage ledger');

    await page.getByLabel('Search all of history').fill('12 جلسه');
    await expect.poll(() => entries.count()).toBe(1);
    expect(await page.getByTestId('history-status').textContent()).toContain('with “12 جلسه”');
    await entries.first().getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('ساعت ۱۲ جلسه');

    await entries.first().getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this dictation’s text?' });
    expect(await dialog.textContent()).toContain('Its cost stays in the usage ledger');
    await page.screenshot({ path: join(SCREENSHOTS, 'history-delete-en.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(existsSync(join(host.dataDir, 'transcripts', `${BOOKS.id}.jsonl`))).toBe(true);

    await entries.first().getByRole('button', { name: 'Delete…' }).click();
    await dialog.getByRole('button', { name: 'Delete the text' }).click();
    await expect.poll(() => entries.count()).toBe(0);
    expect(existsSync(join(host.dataDir, 'transcripts', `${BOOKS.id}.jsonl`))).toBe(false);
    expect(readFileSync(join(host.dataDir, 'usage-ledger.jsonl'), 'utf8')).toContain(BOOKS.id);
    await page.screenshot({ path: join(SCREENSHOTS, 'history-en.png'), fullPage: true });
    await page.context().close();
  });
});

describe('a key typed in the browser host’s window', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });
  afterAll(async () => server?.close());

  it('is used by the next request, kept for this run only, and never sent back to the page', async () => {
    const typed = 'sk-proj-typed-in-the-browser-0123456789LAST';
    const host = await openHost({ baseUrl: server.baseUrl }, { OPENAI_API_KEY: 'sk-env-0000000000000000ENVK' });
    const page = await openWindow(host);
    const received: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (frame) => received.push(String(frame.payload))));
    await page.reload();
    await page.getByRole('tab', { name: 'تنظیمات' }).click();
    const status = page.getByTestId('api-key');
    await expect.poll(() => status.textContent()).toContain('(…ENVK)');
    expect(await page.getByTestId('key-storage').textContent()).toContain('فقط برای همین اجرا');

    await page.getByLabel('کلید تازه').fill(typed);
    await page.getByRole('button', { name: 'استفاده برای همین اجرا' }).click();
    await expect.poll(() => status.textContent()).toContain('(…LAST)');
    expect(await status.textContent()).toContain('فقط برای همین اجرا');

    await page.getByRole('button', { name: 'آزمودن کلید (رایگان)' }).click();
    await page.getByTestId('key-check').waitFor();
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${typed}`);
    await page.locator('.api-key').screenshot({ path: join(SCREENSHOTS, 'api-key-browser-host-fa.png') });

    expect(received.length).toBeGreaterThan(0);
    expect(received.join('\n')).not.toContain(typed.slice(0, 16));
    expect(await page.content()).not.toContain(typed.slice(0, 16));
    // Nothing on disk holds it: the browser host keeps a typed key in memory only.
    const files = await run('grep', ['-rl', typed, host.dataDir]).then(
      (r) => r.stdout,
      () => '',
    );
    expect(files).toBe('');
    await page.context().close();
  });
});
