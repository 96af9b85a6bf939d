import { app, globalShortcut, powerMonitor } from 'electron';
import type { RequestAction } from '../../src-shared/app-contract/events';
import type { HotkeySettings } from '../../src-shared/settings/settings-schema';
import type { AppCore } from '../app/app-core-types';
import { HotkeyController } from './hotkey';
import { isWayland } from './paster';
import { type KeyHookPort, PushToTalk } from './push-to-talk';

export interface SetupHotkeysOptions {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  settings(): HotkeySettings;
  /** The registered toggle changed (the tray shows it next to start/stop). */
  onChange?(registered: string | null): void;
}

export interface Hotkeys {
  /** Registers again with the settings as they are now. */
  refresh(): void;
  /** The toggle accelerator registered now, or null. */
  registered(): string | null;
  /** The "paste the last transcript again" accelerator registered now, or null. */
  registeredPasteLast(): string | null;
}

/**
 * Global hotkeys: the toggle, Escape while recording, push-to-talk where a key hook loads; kept alive across unlocks.
 */
export function setupHotkeys(core: AppCore, options: SetupHotkeysOptions): Hotkeys {
  const request = (action: RequestAction) => void core.handle('app.request', { action });
  const report = (code: string, message: Parameters<NonNullable<AppCore['report']>>[1]) => core.report?.(code, message);
  const controller = new HotkeyController({
    shortcuts: globalShortcut,
    chosen: () => options.settings().toggle,
    chosenPasteLast: () => options.settings().pasteLast,
    platform: options.platform,
    request,
    report,
    onChange: options.onChange,
  });
  const pushToTalk = new PushToTalk({
    loadHook: loadUiohook,
    chosen: () => options.settings().pushToTalk,
    request,
    report,
    wayland: options.platform === 'linux' && isWayland(options.env),
  });
  controller.refresh();
  void pushToTalk.refresh();
  // Desktops drop global grabs when the screen locks or the machine sleeps; register again when the person is back.
  powerMonitor.on('unlock-screen', () => controller.refresh());
  powerMonitor.on('resume', () => controller.refresh());
  core.subscribe((event) => {
    if (event.type === 'state') controller.onState(event.state);
  });
  app.on('will-quit', () => {
    controller.close();
    pushToTalk.stop();
  });
  return {
    refresh: () => {
      controller.refresh();
      void pushToTalk.refresh();
    },
    registered: () => controller.registered(),
    registeredPasteLast: () => controller.registeredPasteLast(),
  };
}

/** uiohook-napi ships its native hook prebuilt inside the npm package (N-API, no download, no compiler). */
async function loadUiohook(): Promise<KeyHookPort> {
  const { uIOhook, UiohookKey } = await import('uiohook-napi');
  return {
    on: (event, listener) => {
      if (event === 'keydown') uIOhook.on('keydown', listener);
      else uIOhook.on('keyup', listener);
    },
    start: () => uIOhook.start(),
    stop: () => uIOhook.stop(),
    keycodes: UiohookKey as unknown as Record<string, number>,
  };
}
