import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { WebSocket } from 'ws';
import { formatUsd } from '../../src-shared/money';
import { decodeWav } from '../../src-main/audio/wav';
import { locate } from '../support/align-audio';
import { launchChromium } from '../support/chromium';
import { startFakeOpenAiServer, type FakeServer } from '../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, writeWav, type SpeechFixture } from '../support/speech-fixtures';
import { tempDir } from '../integration/cli-harness';
import { startUiHost, type UiHost } from './ui-host';

const SHOTS = join('test-output', 'screenshots');
let fixture: SpeechFixture;
let micFile: string;
let browser: Browser;
const hosts: UiHost[] = [];
const servers: FakeServer[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // What the person says: silence, three sentences with pauses a dictating person makes, silence.
  fixture = await buildSpeechFixture({
    sentences: PERSIAN_SENTENCES.slice(9, 12),
    gapsMs: [1800, 1600],
    leadingSilenceMs: 1500,
    trailingSilenceMs: 1500,
  });
  micFile = join(tempDir('sokhan-mic-'), 'microphone.wav');
  await writeWav(micFile, fixture.pcm);
  browser = await launchChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${micFile}%noloop`,
    '--autoplay-policy=no-user-gesture-required',
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const host of hosts) expect(await host.stop()).toBe(0);
  for (const server of servers) await server.close();
});

/** A `sokhan ui` with its own OpenAI-compatible server (its transcripts name the request's number: قطعه 0, 1, …). */
async function openHost(settings: Record<string, unknown> = {}): Promise<UiHost & { server: FakeServer }> {
  const server = await startFakeOpenAiServer({ apiKey: 'sk-e2e' });
  servers.push(server);
  const host = await startUiHost({
    settings: { baseUrl: server.baseUrl, ...settings },
    env: { OPENAI_API_KEY: 'sk-e2e', OPENAI_BASE_URL: '' },
  });
  hosts.push(host);
  return { ...host, server };
}

async function openWindow(host: UiHost): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 860 } });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByRole('button', { name: /^(ضبط|Record)$/ }).waitFor();
  return page;
}

const transcript = (page: Page) => page.getByRole('log', { name: /^(متن|Transcript)$/ });

describe('dictating in the window served by `sokhan ui` (Chromium, a Persian recording as the microphone)', () => {
  it(
    'text appears in spoken order while recording; stats and usage move by exactly what the ' + 'server billed',
    async () => {
      const host = await openHost();
      const { server } = host;
      const page = await openWindow(host);
      const before = server.requests.length;
      const record = page.getByRole('button', { name: 'ضبط' });
      expect(await record.getAttribute('aria-pressed')).toBe('false');
      const pressedAt = Date.now();
      await record.click();
      await expect.poll(() => record.getAttribute('aria-pressed')).toBe('true');

      // The first sentence shows while the recording is still going.
      await expect.poll(() => transcript(page).textContent(), { timeout: 15_000 }).toContain('قطعه 0');
      expect(await record.getAttribute('aria-pressed')).toBe('true');
      await page.screenshot({ path: join(SHOTS, 'ui-host-fa-recording.png') });

      // Let the whole recording play, then stop.
      await page.waitForTimeout(Math.max(0, pressedAt + fixture.durationMs + 500 - Date.now()));
      await record.click();
      await expect.poll(() => record.getAttribute('aria-pressed')).toBe('false');
      await expect.poll(() => transcript(page).textContent(), { timeout: 15_000 }).toContain('قطعه 2');
      // Everything said is in: the window is ready for the next dictation.
      await expect.poll(() => page.locator('#record-status').textContent()).toContain('آماده');

      const text = (await transcript(page).textContent()) ?? '';
      const order = [0, 1, 2].map((n) => text.indexOf(`قطعه ${n}`));
      expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]))).toBe(true);
      // Persian letters (the server's Arabic ي/ك normalised), not mojibake.
      expect(text).toContain('این متن آزمایشی');

      const requests = server.requests.slice(before);
      expect(requests).toHaveLength(3);
      // gpt-transcribe (the default) bills whole seconds at $0.0045 a minute: 75 micro-dollars a second.
      const billedMicros = requests.reduce((sum, r) => sum + Math.ceil((r.durationMs ?? 0) / 1000) * 75, 0);
      await expect.poll(() => page.getByTestId('stat-cost').textContent()).toContain(formatUsd(billedMicros, 'fa'));
      await expect.poll(() => page.getByTestId('stat-requests').textContent()).toMatch(/۳/);
      const today = page.getByRole('region', { name: 'امروز' });
      await expect.poll(() => today.textContent()).toContain(formatUsd(billedMicros, 'fa'));

      // The audio sent covers the speech: each request, found in the original recording by its loudness curve,
      // spans its whole sentence, first and last syllables included (nothing lost between microphone and server).
      const sentMs = requests.map((r) => r.durationMs ?? 0);
      requests.forEach((r, i) => {
        const sent = decodeWav(r.file!.bytes).pcm;
        const { offsetMs, correlation } = locate(sent, fixture.pcm);
        expect(correlation).toBeGreaterThan(0.9);
        const span = fixture.speech[i];
        expect(offsetMs).toBeLessThanOrEqual(span.startMs + 10);
        expect(offsetMs + sentMs[i]).toBeGreaterThanOrEqual(span.endMs - 10);
      });
      const speechMs = fixture.speech.reduce((sum, s) => sum + s.endMs - s.startMs, 0);
      const silenceMs = fixture.durationMs - speechMs;
      expect(sentMs.reduce((a, b) => a + b, 0)).toBeLessThan(speechMs + silenceMs / 2);
      await page.screenshot({ path: join(SHOTS, 'ui-host-fa-done.png'), fullPage: true });
      await page.context().close();
    },
  );

  it('a crossed budget shows a banner; a blocked chunk goes out after "send anyway"', async () => {
    const host = await openHost({ budget: { dailyUsd: 0.0001, warnPercent: 50, blockAtLimit: true } });
    const { server } = host;
    const page = await openWindow(host);
    const before = server.requests.length;
    const record = page.getByRole('button', { name: 'ضبط' });
    const pressedAt = Date.now();
    await record.click();
    const sendAnyway = page.getByRole('button', { name: 'ارسال به هر حال' }).first();
    await sendAnyway.waitFor({ timeout: 15_000 });
    expect(server.requests.length).toBe(before);
    await page.waitForTimeout(Math.max(0, pressedAt + fixture.speech[0].endMs + 1500 - Date.now()));
    await record.click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/بودجه/)]));

    await sendAnyway.click();
    await expect.poll(() => transcript(page).textContent(), { timeout: 15_000 }).toContain('قطعه 0');
    expect(server.requests.length).toBeGreaterThan(before);
    await page.screenshot({ path: join(SHOTS, 'ui-host-budget-fa.png'), fullPage: true });
    await page.context().close();
  });

  it('in English the window is left-to-right while Persian text stays right-to-left', async () => {
    const host = await openHost({ uiLanguage: 'en' });
    const page = await openWindow(host);
    // The settings arrive over the socket after the first paint; on a loaded machine that can take over a second.
    await expect.poll(() => page.getAttribute('html', 'dir'), { timeout: 10_000 }).toBe('ltr');
    const record = page.getByRole('button', { name: 'Record' });
    const pressedAt = Date.now();
    await record.click();
    await expect.poll(() => transcript(page).textContent(), { timeout: 15_000 }).toContain('قطعه 0');
    await page.waitForTimeout(Math.max(0, pressedAt + fixture.speech[0].endMs + 1500 - Date.now()));
    await record.click();
    await expect.poll(() => page.locator('#record-status').textContent()).toContain('Ready');
    const block = transcript(page).locator('[dir="auto"]').first();
    expect(await block.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await page.screenshot({ path: join(SHOTS, 'ui-host-en.png'), fullPage: true });
    await page.context().close();
  });

  it('refuses strangers: no token, a foreign Host header (DNS rebinding), a foreign Origin', async () => {
    const host = await openHost();
    const port = Number(new URL(host.url).port);
    const fetchStatus = (path: string, headers: Record<string, string>) =>
      new Promise<{ code: number; cookie: string }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path, headers }, (res) => {
          res.resume();
          resolve({ code: res.statusCode ?? 0, cookie: (res.headers['set-cookie'] ?? [''])[0].split(';')[0] });
        })
          .on('error', reject)
          .end();
      });
    const status = async (path: string, headers: Record<string, string>) => (await fetchStatus(path, headers)).code;
    const token = new URL(host.url).searchParams.get('token') ?? '';
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(await status('/', { host: `127.0.0.1:${port}` })).toBe(403);
    expect(await status(`/?token=${token}`, { host: `evil.example:${port}` })).toBe(403);
    const granted = await fetchStatus(`/?token=${token}`, { host: `127.0.0.1:${port}` });
    expect(granted.code).toBe(302);
    expect(await status('/', { host: `127.0.0.1:${port}`, cookie: granted.cookie })).toBe(200);

    // The socket that carries the microphone and the commands: only the app's own page may open it.
    const socketStatus = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
        socket.on('error', () => undefined);
      });
    const own = `http://127.0.0.1:${port}`;
    expect(await socketStatus({ origin: own, cookie: granted.cookie })).toBe(101);
    expect(await socketStatus({ origin: 'http://evil.example', cookie: granted.cookie })).toBe(403);
    expect(await socketStatus({ origin: own })).toBe(403);
    const page = await browser.newPage();
    const refused = await page.goto(`http://127.0.0.1:${port}/`);
    expect(refused?.status()).toBe(403);
    await page.close();
  });
});
