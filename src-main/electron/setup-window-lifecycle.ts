import type { BrowserWindow } from 'electron';

/**
 * Closing the main window keeps the app running: the window hides (or minimizes where there is no tray), keeping its
 * page alive, because the microphone flow that hotkeys and the tray drive lives in it. Only quitting closes it.
 */
export function keepWindowAlive(window: BrowserWindow, behaviour: 'hide' | 'minimize', quitting: () => boolean): void {
  window.on('close', (event) => {
    if (quitting()) return;
    event.preventDefault();
    if (behaviour === 'hide') window.hide();
    else window.minimize();
  });
  // A hidden page must keep its timers and audio running at full rate (the tail after stop, the level meter).
  window.webContents.setBackgroundThrottling(false);
}

/** Brings a window forward, restoring it when minimized. */
export function showWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
