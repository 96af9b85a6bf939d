import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppCore } from '../../../src-main/app/app-core-types';

type RequestHandler = (
  webContents: { getURL(): string },
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl?: string; mediaTypes?: string[] },
) => void;
type CheckHandler = (
  webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details: { mediaType?: string },
) => boolean;

const electronApp = new EventEmitter();
const opened: string[] = [];
const windows: FakeWindow[] = [];
let onRequest: RequestHandler | null = null;
let onCheck: CheckHandler | null = null;

class FakeWindow extends EventEmitter {
  loaded: string | null = null;
  shown = false;
  constructor(readonly options: Record<string, unknown> & { webPreferences: Record<string, unknown> }) {
    super();
    windows.push(this);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
  setAlwaysOnTop() {}
  setVisibleOnAllWorkspaces() {}
  isDestroyed() {
    return false;
  }
}

// Electron exists only inside Electron; the edge is mocked so what the app asks of it can be checked under Node.
vi.mock('electron', () => ({
  app: electronApp,
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: RequestHandler) => (onRequest = handler),
      setPermissionCheckHandler: (handler: CheckHandler) => (onCheck = handler),
    },
  },
  shell: { openExternal: async (url: string) => void opened.push(url) },
  BrowserWindow: FakeWindow,
  screen: { getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }) },
}));

const { setupSecurity } = await import('../../../src-main/electron/setup-security');
const { createMainWindow } = await import('../../../src-main/electron/main-window');
const { setupOverlay } = await import('../../../src-main/electron/setup-overlay');

// The packaged app serves its pages from its own scheme (see renderer-files.ts); no file:// page is ever trusted.
const packaged = { rendererUrl: 'app://sokhan/index.html', overlayUrl: 'app://sokhan/overlay.html' };
const dev = { rendererUrl: 'http://localhost:5173', overlayUrl: 'http://localhost:5173/overlay.html' };

/** A web contents as Electron hands it to 'web-contents-created': navigation events and the window-open handler. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
  /** Emits will-navigate like Chromium does; true when the app stopped it. */
  navigate(url: string): boolean {
    let stopped = false;
    this.emit('will-navigate', { preventDefault: () => (stopped = true) }, url);
    return stopped;
  }
}

function newContents(): FakeContents {
  const contents = new FakeContents();
  electronApp.emit('web-contents-created', {}, contents);
  return contents;
}

/** What the permission prompt answers: Electron calls back instead of returning. */
function request(
  permission: string,
  details: { requestingUrl?: string; mediaTypes?: string[] },
  pageUrl = '',
): boolean {
  let granted: boolean | null = null;
  onRequest!({ getURL: () => pageUrl }, permission, (answer) => (granted = answer), details);
  if (granted === null) throw new Error('the permission request was never answered');
  return granted;
}

beforeEach(() => {
  electronApp.removeAllListeners();
  opened.length = 0;
  windows.length = 0;
  onRequest = null;
  onCheck = null;
});

describe('the permission handlers', () => {
  it('give the app page the microphone when it asks, and nothing more', () => {
    setupSecurity(packaged);
    const page = packaged.rendererUrl;
    expect(request('media', { requestingUrl: page, mediaTypes: ['audio'] })).toBe(true);
    expect(request('media', { requestingUrl: page, mediaTypes: ['video'] })).toBe(false);
    expect(request('media', { requestingUrl: page, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(request('geolocation', { requestingUrl: page })).toBe(false);
    expect(request('notifications', { requestingUrl: page })).toBe(false);
  });

  it('refuse the microphone to any page the app did not load', () => {
    setupSecurity(packaged);
    expect(request('media', { requestingUrl: 'https://example.com/', mediaTypes: ['audio'] })).toBe(false);
    expect(request('media', { requestingUrl: 'file:///home/me/evil.html', mediaTypes: ['audio'] })).toBe(false);
  });

  it('judge a request without a requesting URL by the page that made it', () => {
    setupSecurity(packaged);
    expect(request('media', { mediaTypes: ['audio'] }, packaged.rendererUrl)).toBe(true);
    expect(request('media', { mediaTypes: ['audio'] }, 'https://example.com/')).toBe(false);
  });

  it('answer the permission check (no prompt) the same way: microphone for the app, nothing for others', () => {
    setupSecurity(dev);
    expect(onCheck!({}, 'media', 'http://localhost:5173', { mediaType: 'audio' })).toBe(true);
    expect(onCheck!({}, 'media', 'http://localhost:5173', { mediaType: 'video' })).toBe(false);
    expect(onCheck!({}, 'media', 'http://localhost:5173', {})).toBe(false);
    expect(onCheck!({}, 'clipboard-read', 'http://localhost:5173', {})).toBe(false);
    expect(onCheck!({}, 'media', 'https://example.com', { mediaType: 'audio' })).toBe(false);
  });
});

describe('navigation and new windows', () => {
  it('stops every window from navigating away from the app, and lets it move within its own page', () => {
    setupSecurity(packaged);
    const contents = newContents();
    expect(contents.navigate('https://example.com/')).toBe(true);
    expect(contents.navigate('file:///etc/passwd')).toBe(true);
    expect(contents.navigate(`${packaged.rendererUrl}#settings`)).toBe(false);
    expect(contents.navigate(packaged.overlayUrl)).toBe(false);
  });

  it('opens https links in the browser and never in an app window; other links go nowhere', () => {
    setupSecurity(dev);
    const contents = newContents();
    expect(contents.openHandler!({ url: 'https://platform.openai.com/usage' })).toEqual({ action: 'deny' });
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share']) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://platform.openai.com/usage']);
  });
});

const isolated = { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true };

describe('the windows the app opens', () => {
  it('the main window: sandboxed, isolated, no Node, web security on, the preload as the only bridge', () => {
    createMainWindow(packaged, '/opt/app/out/preload', '/opt/app/icon.png');
    const [window] = windows;
    expect(window.options.webPreferences).toMatchObject(isolated);
    expect(window.options.webPreferences.preload).toBe('/opt/app/out/preload/preload.cjs');
    expect(window.loaded).toBe(packaged.rendererUrl);
    // hidden until its page is painted (no white flash), and named in both languages in the task bar
    expect(window.options.show).toBe(false);
    expect(window.options.title).toBe('سخن‌نگار — SokhanNegar');
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('the overlay: the same isolation, and it never takes the focus from the app being typed in', () => {
    const core = { subscribe: () => () => undefined } as unknown as AppCore;
    setupOverlay(core, { overlayUrl: packaged.overlayUrl, preloadDir: '/opt/app/out/preload', enabled: () => true });
    const [window] = windows;
    expect(window.options.webPreferences).toMatchObject(isolated);
    expect(window.options.webPreferences.preload).toBe('/opt/app/out/preload/preload.cjs');
    expect(window.options.focusable).toBe(false);
    expect(window.loaded).toBe(packaged.overlayUrl);
  });
});
