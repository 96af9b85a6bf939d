import { app, type BrowserWindow } from 'electron';
import type { RequestAction } from '../../src-shared/app-contract/events';
import { join } from 'node:path';
import { openAppCore, type AppCore } from '../app/app-core';
import type { Logger } from '../../src-shared/log-line';
import { openSettingsStore } from '../settings/settings-store';
import { createMainWindow } from './main-window';
import { createSafeStorageKeyStore } from './safe-storage-key-store';
import { setupCoreBridge } from './setup-core-bridge';
import { setupNotifications } from './setup-notifications';
import { setupSecurity } from './setup-security';
import { setupLogging } from './setup-logging';
import { appPageUrl } from './renderer-files';
import { registerAppScheme, setupAppProtocol } from './setup-app-protocol';
import { closeBehaviour, platformSwitches } from './launch-args';
import { observeSettings } from './settings-hook';
import { setupHotkeys, type Hotkeys } from './setup-hotkeys';
import { setupOverlay } from './setup-overlay';
import { setupPaste } from './setup-paste';
import { setupSingleInstance } from './setup-single-instance';
import { setupTray, type TrayHandle } from './setup-tray';
import { keepWindowAlive, showWindow } from './setup-window-lifecycle';
import type { AppOrigin } from './trust-policy';

// electron-vite serves the renderer in development; a built app serves its own files at app://sokhan/.
const devUrl = process.env.ELECTRON_RENDERER_URL;
const rendererDir = join(import.meta.dirname, '../renderer');
const origin: AppOrigin = devUrl
  ? { rendererUrl: devUrl, overlayUrl: new URL('overlay.html', `${devUrl}/`).href }
  : { rendererUrl: appPageUrl('index.html'), overlayUrl: appPageUrl('overlay.html') };

let core: AppCore | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting = false;
let tray: TrayHandle | null = null;
let hotkeys: Hotkeys | null = null;

/** Asks the window's microphone flow (or the host) to act, as the Record button would. */
function request(action: RequestAction): void {
  void core?.handle('app.request', { action });
}

/** The app core is opened once and shared by every window; the CLI opens the same data folder. */
async function setupCore(dataDir: string): Promise<AppCore> {
  let log: Logger | null = null;
  const core = await openAppCore({
    dataDir,
    host: 'electron',
    version: app.getVersion(),
    env: process.env,
    apiKey: () => process.env.OPENAI_API_KEY ?? '',
    keyStore: createSafeStorageKeyStore(dataDir),
    log: () => log,
  });
  // The window changing a hotkey or a budget shows at once in the registered keys and the tray.
  setupCoreBridge(
    observeSettings(core, () => {
      hotkeys?.refresh();
      tray?.refresh();
    }),
    origin,
  );
  setupNotifications(core, () => openSettingsStore(dataDir).read().uiLanguage);
  log = await setupLogging(core, dataDir, () => process.env.OPENAI_API_KEY ?? '');
  // Quitting waits for text still in flight: what was said and paid for is stored before the app goes.
  let closed = false;
  app.on('before-quit', (event) => {
    quitting = true;
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
  const open = () => {
    mainWindow = createMainWindow(origin, preloadDir, iconPath);
    // The window holds the microphone flow that hotkeys and the tray drive: closing it hides it.
    keepWindowAlive(mainWindow, closeBehaviour(process.platform, process.env), () => quitting);
    return mainWindow;
  };
  open();
  app.on('activate', () => showMainWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  showMainWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) open();
    else showWindow(mainWindow);
  };
}

let showMainWindow = (): void => {};

/** Dictating from anywhere: global hotkeys, paste where the cursor is, the tray and the overlay. */
function setupAnywhere(activeCore: AppCore, dataDir: string): void {
  const settings = () => openSettingsStore(dataDir).read();
  setupPaste(activeCore, { platform: process.platform, env: process.env, settings: () => settings().paste });
  hotkeys = setupHotkeys(activeCore, {
    platform: process.platform,
    env: process.env,
    settings: () => settings().hotkey,
    onChange: () => tray?.refresh(),
  });
  tray = setupTray(activeCore, {
    assetsDir: join(app.getAppPath(), 'assets'),
    platform: process.platform,
    settings,
    hotkey: () => hotkeys?.registered() ?? null,
    pasteLastHotkey: () => hotkeys?.registeredPasteLast() ?? null,
    actions: { openWindow: () => showMainWindow(), quit: () => app.quit() },
  });
  setupOverlay(activeCore, {
    overlayUrl: origin.overlayUrl!,
    preloadDir: join(import.meta.dirname, '../preload'),
    enabled: () => settings().overlay.show,
  });
  activeCore.subscribe((event) => {
    if (event.type === 'request' && event.action === 'showWindow') showMainWindow();
  });
}

// Before the app is ready: Wayland's global-shortcut portal must be switched on at startup.
for (const [name, value] of platformSwitches(process.platform, process.env)) app.commandLine.appendSwitch(name, value);

const instance = setupSingleInstance({ app, argv: process.argv, request, showWindow: () => showMainWindow() });
if (instance.primary) {
  registerAppScheme();
  await app.whenReady();
  setupSecurity(origin);
  setupAppProtocol(rendererDir);
  const dataDir = app.getPath('userData');
  core = await setupCore(dataDir);
  setupWindows();
  setupAnywhere(core, dataDir);
  const launchAction = instance.launchAction;
  // `sokhan-negar --toggle` that started the app: act once the window's page listens.
  const opened = mainWindow as BrowserWindow | null;
  if (launchAction) opened?.webContents.once('did-finish-load', () => setTimeout(() => request(launchAction), 500));
}
