import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';

type RequestHandler = (
  webContents: { getURL(): string },
  permission: string,
  callback: (granted: boolean) => void,
  details: Record<string, unknown>,
) => void;
type CheckHandler = (webContents: unknown, permission: string, origin: string, details: object) => boolean;

const installed: { request?: RequestHandler; check?: CheckHandler } = {};
const electronApp = new EventEmitter();
const openExternal = vi.fn(async () => {});
const schemes: unknown[] = [];
const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();

// Electron exists only inside Electron; the edge is mocked so the real handlers are installed and called under Node.
vi.mock('electron', () => ({
  app: electronApp,
  shell: { openExternal },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: RequestHandler) => (installed.request = handler),
      setPermissionCheckHandler: (handler: CheckHandler) => (installed.check = handler),
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (list: unknown[]) => schemes.push(...list),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocolHandlers.set(scheme, handler),
  },
}));

const { setupSecurity, permissionCheckHandler, permissionRequestHandler } = await import(
  '../../../src-main/electron/setup-security'
);
const { registerAppScheme, setupAppProtocol } = await import('../../../src-main/electron/setup-app-protocol');
const { appPageUrl } = await import('../../../src-main/electron/renderer-files');

const packaged = { rendererUrl: appPageUrl('index.html'), overlayUrl: appPageUrl('overlay.html') };
const dev = { rendererUrl: 'http://localhost:5173', overlayUrl: 'http://localhost:5173/overlay.html' };

/** What the request handler answers for one getUserMedia-style request from a page. */
function requestFrom(
  handler: RequestHandler,
  pageUrl: string,
  permission: string,
  details: Record<string, unknown>,
): boolean {
  let granted: boolean | undefined;
  handler({ getURL: () => pageUrl }, permission, (answer) => (granted = answer), details);
  if (granted === undefined) throw new Error('the handler never answered');
  return granted;
}

describe('the permission handlers Electron calls', () => {
  beforeAll(() => setupSecurity(packaged));

  it('are both installed on the default session', () => {
    expect(installed.request).toBeTypeOf('function');
    expect(installed.check).toBeTypeOf('function');
  });

  it('packaged: the window and overlay at app://sokhan get the microphone, not the camera, nothing else', () => {
    const request = installed.request!;
    for (const page of ['app://sokhan/index.html', 'app://sokhan/overlay.html']) {
      expect(requestFrom(request, page, 'media', { requestingUrl: page, mediaTypes: ['audio'] })).toBe(true);
      expect(requestFrom(request, page, 'media', { requestingUrl: page, mediaTypes: ['audio', 'video'] })).toBe(false);
      expect(requestFrom(request, page, 'media', { requestingUrl: page, mediaTypes: ['video'] })).toBe(false);
      expect(requestFrom(request, page, 'geolocation', { requestingUrl: page })).toBe(false);
      expect(requestFrom(request, page, 'notifications', { requestingUrl: page })).toBe(false);
      expect(requestFrom(request, page, 'openExternal', { requestingUrl: page, externalURL: 'https://x.y/' })).toBe(
        false,
      );
    }
    // Without details.requestingUrl the page's own URL decides.
    expect(requestFrom(request, 'app://sokhan/index.html', 'media', { mediaTypes: ['audio'] })).toBe(true);
    // The synchronous check carries only the origin: 'app://sokhan' (a file:// page would say 'file:///').
    const check = installed.check!;
    expect(check(null, 'media', 'app://sokhan', { mediaType: 'audio', requestingUrl: packaged.rendererUrl })).toBe(
      true,
    );
    expect(check(null, 'media', 'app://sokhan', { mediaType: 'video' })).toBe(false);
    expect(check(null, 'media', 'app://sokhan', {})).toBe(false);
    expect(check(null, 'clipboard-read', 'app://sokhan', {})).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'app://sokhan', {})).toBe(true);
  });

  it('development server: the electron-vite page gets the microphone the same way', () => {
    const request = permissionRequestHandler(dev) as unknown as RequestHandler;
    const check = permissionCheckHandler(dev) as unknown as CheckHandler;
    const page = 'http://localhost:5173/';
    expect(requestFrom(request, page, 'media', { requestingUrl: page, mediaTypes: ['audio'] })).toBe(true);
    expect(requestFrom(request, page, 'media', { requestingUrl: page, mediaTypes: ['video'] })).toBe(false);
    expect(check(null, 'media', 'http://localhost:5173', { mediaType: 'audio' })).toBe(true);
    expect(check(null, 'media', 'http://localhost:5173', { mediaType: 'video' })).toBe(false);
    expect(check(null, 'media', 'http://localhost:5174', { mediaType: 'audio' })).toBe(false);
  });

  it('a foreign page, or any file:// page, gets nothing', () => {
    const request = installed.request!;
    const check = installed.check!;
    for (const page of ['https://evil.example/', 'file:///home/me/evil.html', 'app://evil/index.html']) {
      expect(requestFrom(request, page, 'media', { requestingUrl: page, mediaTypes: ['audio'] }), page).toBe(false);
      expect(requestFrom(request, page, 'clipboard-sanitized-write', { requestingUrl: page }), page).toBe(false);
      expect(check(null, 'media', new URL(page).origin, { mediaType: 'audio' }), page).toBe(false);
    }
    expect(check(null, 'media', 'file:///', { mediaType: 'audio' })).toBe(false);
    expect(check(null, 'media', 'null', { mediaType: 'audio' })).toBe(false);
    // A frame of a foreign page inside the app's window is judged by its own URL, not the window's.
    expect(
      requestFrom(request, 'app://sokhan/index.html', 'media', {
        requestingUrl: 'https://evil.example/frame',
        mediaTypes: ['audio'],
      }),
    ).toBe(false);
  });

  it('keeps every page inside the app: navigation away refused, new windows denied, https links to the browser', () => {
    const contents = Object.assign(new EventEmitter(), {
      openHandler: undefined as undefined | ((details: { url: string }) => { action: string }),
      setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
        this.openHandler = handler;
      },
    });
    electronApp.emit('web-contents-created', {}, contents);
    const navigate = (url: string) => {
      const event = { prevented: false, preventDefault: () => (event.prevented = true) };
      contents.emit('will-navigate', event, url);
      return !event.prevented;
    };
    expect(navigate('app://sokhan/index.html#usage')).toBe(true);
    expect(navigate('app://sokhan/overlay.html')).toBe(true);
    expect(navigate('https://evil.example/')).toBe(false);
    expect(navigate('file:///etc/passwd')).toBe(false);
    expect(navigate('app://evil/index.html')).toBe(false);
    expect(contents.openHandler!({ url: 'https://platform.openai.com/api-keys' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://platform.openai.com/api-keys');
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'app://sokhan/index.html' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('the app:// scheme', () => {
  it('is registered as standard and secure (a real origin and a secure context for the microphone)', () => {
    registerAppScheme();
    expect(schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('serves the built window and refuses a path that climbs out of it', async () => {
    setupAppProtocol('out/renderer');
    const handler = protocolHandlers.get('app')!;
    const page = await handler(new Request('app://sokhan/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await handler(new Request('app://sokhan/..%2F..%2Fpackage.json'))).status).toBe(403);
  });
});
