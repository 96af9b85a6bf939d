import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_CHANNELS } from '../../src-shared/ipc/contract';
import { openSettingsStore } from '../settings/settings-store';
import { openUsageMeter, type UsageMeter } from '../usage/usage-meter';
import { createElectronAggregateStore } from './electron-aggregate-store';
import { handleIpc } from './ipc';
import { createMainWindow } from './main-window';
import { setupSecurity } from './setup-security';
import type { AppOrigin } from './trust-policy';

// electron-vite serves the renderer in development; a packaged app loads the built file.
const origin: AppOrigin = {
  rendererUrl: process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href,
};

/** The usage meter is opened once and shared by every window; the CLI opens the same data folder. */
async function setupUsage(dataDir: string): Promise<UsageMeter> {
  const settings = openSettingsStore(dataDir).read();
  const meter = await openUsageMeter({ dataDir, settings, source: 'app', store: createElectronAggregateStore(dataDir) });
  handleIpc(IPC_CHANNELS.usageSummary, origin, () => meter.counters());
  app.on('will-quit', () => void meter.close());
  return meter;
}

function setupAppInfo(dataDir: string): void {
  handleIpc(IPC_CHANNELS.appInfo, origin, async () => ({ version: app.getVersion(), dataDir }));
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
  const dataDir = app.getPath('userData');
  setupAppInfo(dataDir);
  await setupUsage(dataDir);
  setupWindows();
}
