import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const NO_BINARY =
  'the Electron binary is not installed (npm install without ELECTRON_SKIP_BINARY_DOWNLOAD downloads it)';

// `require('electron')` outside Electron is the path of the binary; it throws or points nowhere when the binary was
// not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD=1, as on this project's CI).
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (!binary || !display) {
  console.warn(
    'electron-smoke: DID NOT RUN — ' +
      `${binary ? 'no display (set DISPLAY, e.g. under xvfb-run)' : NO_BINARY}; ` +
      'the Electron host was tested under Node with electron mocked instead.',
  );
}

describe.skipIf(!binary || !display)('the packaged Electron app starts (Playwright _electron)', () => {
  it(
    'opens the window and the overlay page with the preload API, and keeps running when the ' + 'window closes',
    async () => {
      const { _electron } = await import('playwright-core');
      const app = await _electron.launch({
        executablePath: binary!,
        args: ['out/main/index.js'],
        env: { ...process.env, OPENAI_API_KEY: 'sk-smoke' },
      });
      try {
        const window = await app.firstWindow();
        await window.waitForLoadState('domcontentloaded');
        expect(await window.evaluate(() => typeof (window as unknown as { sokhan?: object }).sokhan)).toBe('object');
        const urls = await app.evaluate(({ BrowserWindow }) =>
          BrowserWindow.getAllWindows().map((w) => w.webContents.getURL()),
        );
        expect(urls.some((url) => url.endsWith('/index.html'))).toBe(true);
        expect(urls.some((url) => url.endsWith('/overlay.html'))).toBe(true);
        await window.close();
        expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBeGreaterThan(0);
      } finally {
        await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => undefined);
        await app.close().catch(() => undefined);
      }
    },
  );
});
