/**
 * Screenshots for docs/dictate-from-anywhere.md: the overlay pill (the built overlay page in Chromium, fed core events
 * through a stand-in SokhanApi) and the tray menu's lines as the tray model builds them (drawn in HTML: a native menu
 * cannot be captured without a desktop). Run after `npx electron-vite build`: `npx tsx
 * scripts/render-anywhere-screenshots.ts`.
 */
import { trayView } from '../src-main/electron/tray-model';
import type { AppEvent } from '../src-shared/app-contract/events';
import { launchChromium } from '../test/support/chromium';
import { serveFolder } from '../test/support/static-server';

const server = await serveFolder('out/renderer');
const browser = await launchChromium();

const events: AppEvent[] = [
  { type: 'state', state: 'listening', sessionId: 's1' },
  { type: 'level', sessionId: 's1', dbfs: -18 },
  {
    type: 'chunk',
    sessionId: 's1',
    index: 0,
    status: 'ok',
    startMs: 0,
    endMs: 2900,
    text: 'سلام، این یک آزمایش است.',
    costMicros: 300,
  },
  {
    type: 'chunk',
    sessionId: 's1',
    index: 1,
    status: 'ok',
    startMs: 3200,
    endMs: 7100,
    text: 'متن در همان جایی که نشانگر است نوشته می‌شود.',
    costMicros: 400,
  },
  {
    type: 'stats',
    sessionId: 's1',
    startedAt: 0,
    elapsedMs: 8000,
    recordedMs: 8000,
    sentAudioMs: 6600,
    requests: 2,
    failedRequests: 0,
    words: 14,
    costMicros: 700,
    lastLatencyMs: 900,
  },
];

for (const language of ['fa', 'en'] as const) {
  const page = await browser.newPage({ viewport: { width: 388, height: 80 }, deviceScaleFactor: 2 });
  // A string, not a function: tsx would compile helpers into a function that the page does not have.
  await page.addInitScript(`
    const listeners = [];
    const ok = (value) => Promise.resolve({ ok: true, value });
    window.sokhan = {
      getSettings: () => ok({ uiLanguage: '${language}' }),
      request: () => ok({}),
      onEvent: (listener) => { listeners.push(listener); return () => {}; },
    };
    window.emitSokhan = (event) => { for (const listener of listeners) listener(event); };
  `);
  await page.goto(`${server.url}overlay.html`);
  await page.evaluate(`for (const event of ${JSON.stringify(events)}) window.emitSokhan(event)`);
  await page.evaluate('document.fonts.ready');
  await page.waitForTimeout(200);
  await page.screenshot({ path: `docs/screenshots/overlay-${language}.png`, omitBackground: true });
  await page.close();
}

const counter = (audioMs: number, costMicros: number) => ({
  requests: 1,
  failedRequests: 0,
  audioMs,
  billedSeconds: 0,
  costMicros,
});
for (const language of ['fa', 'en'] as const) {
  const view = trayView({
    state: 'idle',
    summary: {
      today: counter(252_000, 25_200),
      week: counter(900_000, 90_000),
      month: counter(2_730_000, 273_000),
      total: counter(0, 0),
    },
    budget: { dailyUsd: 0.1, monthlyUsd: 2, warnPercent: 80, sessionWarnUsd: 1, blockAtLimit: false },
    hotkey: 'Ctrl+Alt+Space',
    hasLastTranscript: true,
    language,
  });
  const header = view.items.filter((item) => item.action === null);
  const actions = view.items.filter((item) => item.action !== null);
  const row = (label: string, disabled: boolean) => `<div class="row${disabled ? ' off' : ''}">${label}</div>`;
  const page = await browser.newPage({ viewport: { width: 420, height: 320 }, deviceScaleFactor: 2 });
  // The overlay page first, so the Vazirmatn font it loads is at hand for the menu drawn after it.
  await page.goto(`${server.url}overlay.html`);
  await page.setContent(`<!doctype html><html dir="${language === 'fa' ? 'rtl' : 'ltr'}"><head><style>
    body{margin:0;background:#e9ebef;font:14px Vazirmatn,system-ui,sans-serif}
    .menu{margin:10px;background:#fff;border:1px solid #c8ccd4;border-radius:6px;padding:4px 0;
      box-shadow:0 4px 14px rgb(0 0 0/.18);display:inline-block;min-width:320px}
    .row{padding:5px 16px;color:#1d2330;white-space:nowrap}.off{color:#7a8190}
    hr{border:0;border-top:1px solid #e1e4ea;margin:4px 0}
  </style></head><body><div class="menu">${header.map((item) => row(item.label, true)).join('')}<hr>${actions
    .map((item) => row(item.label, !item.enabled))
    .join('')}</div></body></html>`);
  const box = await page.locator('.menu').boundingBox();
  await page.screenshot({
    path: `docs/screenshots/tray-menu-${language}.png`,
    // Around the menu wherever it sits: in Persian it hangs from the right edge.
    clip: {
      x: Math.max(0, Math.floor((box?.x ?? 10) - 10)),
      y: Math.max(0, Math.floor((box?.y ?? 10) - 10)),
      width: Math.ceil((box?.width ?? 340) + 20),
      height: Math.ceil((box?.height ?? 200) + 20),
    },
  });
  await page.close();
}

await browser.close();
await server.close();
console.log('rendered overlay and tray menu screenshots into docs/screenshots');
