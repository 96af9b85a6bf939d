import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openAppCore, type AppCore } from '../app/app-core';
import { openSettingsStore } from '../settings/settings-store';
import { createElectronAggregateStore } from './electron-aggregate-store';
import { createMainWindow } from './main-window';
import { setupCoreBridge } from './setup-core-bridge';
import { setupNotifications } from './setup-notifications';
import { setupSecurity } from './setup-security';
import type { AppOrigin } from './trust-policy';

// electron-vite serves the renderer in development; a packaged app loads the built file.
const origin: AppOrigin = {
  rendererUrl: process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href,
};

/** The app core is opened once and shared by every window; the CLI opens the same data folder. */
async function setupCore(dataDir: string): Promise<AppCore> {
  const core = await openAppCore({
    dataDir,
    host: 'electron',
    version: app.getVersion(),
    env: process.env,
    apiKey: () => process.env.OPENAI_API_KEY ?? '',
    aggregateStore: createElectronAggregateStore(dataDir),
  });
  setupCoreBridge(core, origin);
  setupNotifications(core, () => openSettingsStore(dataDir).read().uiLanguage);
  // Quitting waits for text still in flight: what was said and paid for is stored before the app goes.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
  return core;
}

function setupWindows(): void {
  const preloadDir = join(import.meta.dirname, '../preload');
  const iconPath = join(app.getAppPath(), 'assets', 'icon.png');
  createMainWindow(origin, preloadDir, iconPath);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(origin, preloadDir, iconPath);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  setupSecurity(origin);
  await app.whenReady();
  await setupCore(app.getPath('userData'));
  setupWindows();
}
