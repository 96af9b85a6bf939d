import { BrowserWindow, screen } from 'electron';
import { join } from 'node:path';
import type { AppCore } from '../app/app-core-types';
import { OverlayController } from './overlay-controller';

export const OVERLAY_SIZE = { width: 380, height: 72 } as const;

/**
 * The pill while dictating: always on top and never focusable, so the app the person types in keeps the focus and
 * the paste lands there. Sandboxed like the main window, through the same preload and SokhanApi.
 */
export function setupOverlay(
  core: AppCore,
  options: { overlayUrl: string; preloadDir: string; enabled(): boolean },
): BrowserWindow {
  const area = screen.getPrimaryDisplay().workArea;
  const window = new BrowserWindow({
    ...OVERLAY_SIZE,
    x: Math.round(area.x + (area.width - OVERLAY_SIZE.width) / 2),
    y: area.y + area.height - OVERLAY_SIZE.height - 48,
    show: false,
    frame: false,
    transparent: true,
    resizable: false,
    movable: true,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    focusable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    hasShadow: false,
    title: 'سخن‌نگار',
    webPreferences: {
      preload: join(options.preloadDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  // Above full-screen apps and on every workspace, like a system indicator.
  window.setAlwaysOnTop(true, 'screen-saver');
  window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
  void window.loadURL(options.overlayUrl);
  const controller = new OverlayController({
    window: {
      showInactive: () => !window.isDestroyed() && window.showInactive(),
      hide: () => !window.isDestroyed() && window.hide(),
    },
    enabled: options.enabled,
    setTimer: (callback, ms) => {
      const timer = setTimeout(callback, ms);
      return { cancel: () => clearTimeout(timer) };
    },
  });
  core.subscribe((event) => controller.onEvent(event));
  return window;
}
