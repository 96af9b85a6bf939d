import { app, session, shell, type Session } from 'electron';
import { isAppUrl, shouldGrantPermission, type AppOrigin } from './trust-policy';

type RequestHandler = Parameters<Session['setPermissionRequestHandler']>[0] & {};
type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0] & {};

/** Answers a page's permission request (getUserMedia, notifications, …): only the app's page, only the microphone. */
export function permissionRequestHandler(origin: AppOrigin): RequestHandler {
  return (webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes as string[] | undefined) : undefined;
    const requestingUrl = details.requestingUrl || webContents.getURL();
    callback(shouldGrantPermission({ permission, requestingUrl, mediaTypes }, origin));
  };
}

/** Answers Chromium's synchronous permission checks, which carry only the page's origin (e.g. 'app://sokhan'). */
export function permissionCheckHandler(origin: AppOrigin): CheckHandler {
  return (_webContents, permission, requestingOrigin, details) => {
    const mediaType = 'mediaType' in details ? (details.mediaType as string | undefined) : undefined;
    return shouldGrantPermission(
      { permission, requestingUrl: requestingOrigin, mediaTypes: mediaType ? [mediaType] : [] },
      origin,
    );
  };
}

/**
 * Electron's security checklist in one place: permission handlers that grant only the microphone to the app's page
 * (without them Electron approves everything), no navigation away, no new windows, https links to the browser.
 * Call once the app is ready (the session exists only then).
 */
export function setupSecurity(origin: AppOrigin): void {
  session.defaultSession.setPermissionRequestHandler(permissionRequestHandler(origin));
  session.defaultSession.setPermissionCheckHandler(permissionCheckHandler(origin));

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, origin)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      // Only well-formed https links leave the app, and they open in the person's browser, never in an app window.
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
