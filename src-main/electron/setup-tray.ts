import { Menu, nativeImage, Tray } from 'electron';
import { join } from 'node:path';
import type { RecordingState } from '../../src-shared/app-contract/events';
import type { UsageSummaryView } from '../../src-shared/app-contract/views';
import type { Settings } from '../../src-shared/settings/settings-schema';
import type { AppCore } from '../app/app-core-types';
import { hotkeyLabel } from './hotkey';
import { TRAY_ICON_FILES, type TrayAction, trayView, type TrayView } from './tray-model';

export interface SetupTrayOptions {
  assetsDir: string;
  platform: NodeJS.Platform;
  settings(): Settings;
  /** The toggle hotkey registered now (shown next to start/stop). */
  hotkey(): string | null;
  actions: Record<
    Exclude<TrayAction, 'toggle' | 'copyLast' | 'pasteLast' | 'usage' | 'resetToday' | 'settings'>,
    () => void
  >;
  /** The "paste the last transcript again" hotkey registered now (shown next to its item). */
  pasteLastHotkey?(): string | null;
}

export interface TrayHandle {
  /** Draws the tray again (settings or the hotkey changed). */
  refresh(): void;
  /** What the tray shows now (for tests and the README screenshot). */
  view(): TrayView;
  destroy(): void;
}

/**
 * The tray: its icon follows the recording state and the budget; its tooltip and first menu lines say what today and
 * this month cost, redrawn on every usage event (each metered chunk).
 */
export function setupTray(core: AppCore, options: SetupTrayOptions): TrayHandle {
  let state: RecordingState = 'idle';
  let summary: UsageSummaryView | null = null;
  let hasLast = false;
  const image = (file: string) => nativeImage.createFromPath(join(options.assetsDir, file));
  const tray = new Tray(image(TRAY_ICON_FILES.idle));
  let shownIcon = TRAY_ICON_FILES.idle;

  const view = (): TrayView => {
    const settings = options.settings();
    const hotkey = options.hotkey();
    const pasteLastHotkey = options.pasteLastHotkey?.() ?? null;
    return trayView({
      state,
      summary,
      budget: settings.budget,
      hotkey: hotkey ? hotkeyLabel(hotkey, options.platform) : null,
      hasLastTranscript: hasLast,
      language: settings.uiLanguage,
      pasteLastHotkey: pasteLastHotkey ? hotkeyLabel(pasteLastHotkey, options.platform) : null,
    });
  };

  // Usage, reset and settings open the window on that tab (the reset asks in the window, never from the menu).
  const inWindow = { usage: 'showUsage', resetToday: 'resetToday', settings: 'showSettings' } as const;
  const run = (action: TrayAction) => {
    if (action === 'toggle') void core.handle('app.request', { action: 'toggle' });
    else if (action === 'copyLast' || action === 'pasteLast') void core.handle('app.request', { action });
    else if (action === 'usage' || action === 'resetToday' || action === 'settings') {
      options.actions.openWindow();
      void core.handle('app.request', { action: inWindow[action] });
    } else options.actions[action]();
  };

  const refresh = () => {
    if (tray.isDestroyed()) return;
    const current = view();
    const file = TRAY_ICON_FILES[current.icon];
    if (file !== shownIcon) {
      tray.setImage(image(file));
      shownIcon = file;
    }
    tray.setToolTip(current.tooltip);
    const items = current.items.map((item) =>
      item.action === null
        ? { label: item.label, enabled: false }
        : { label: item.label, enabled: item.enabled, click: () => run(item.action as TrayAction) },
    );
    // The usage lines are a header: a separator keeps them apart from the actions.
    const headerCount = current.items.filter((item) => item.action === null).length;
    const template =
      headerCount > 0
        ? [...items.slice(0, headerCount), { type: 'separator' as const }, ...items.slice(headerCount)]
        : items;
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };

  tray.on('click', () => options.actions.openWindow());
  core.subscribe((event) => {
    if (event.type === 'state') state = event.state;
    else if (event.type === 'usage') summary = event.summary;
    else if (event.type === 'transcript') hasLast = true;
    else return;
    refresh();
  });
  void core.handle('usage.summary', {}).then((result) => {
    if (result.ok && summary === null) {
      summary = result.value as UsageSummaryView;
      refresh();
    }
  });
  refresh();
  return { refresh, view, destroy: () => tray.destroy() };
}
