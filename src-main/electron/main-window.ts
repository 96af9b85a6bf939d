import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { AppOrigin } from './trust-policy';

/** Opens the main window: sandboxed, isolated, no Node in the page; the preload is the only bridge. */
export function createMainWindow(origin: AppOrigin, preloadDir: string, iconPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 900,
    height: 640,
    minWidth: 560,
    minHeight: 420,
    title: 'سخن‌نگار — SokhanNegar',
    show: false,
    icon: iconPath,
    webPreferences: {
      preload: join(preloadDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(origin.rendererUrl);
  return window;
}
