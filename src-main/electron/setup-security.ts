import { app, session, shell } from 'electron';
import { isAppUrl, shouldGrantPermission, type AppOrigin } from './trust-policy';

/**
 * Electron's security checklist in one place: a permission handler that grants only the microphone to the app's
 * page (without one Electron approves everything), no navigation away, no new windows, https links to the browser.
 */
export function setupSecurity(origin: AppOrigin): void {
  session.defaultSession.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes as string[] | undefined) : undefined;
    callback(
      shouldGrantPermission(
        { permission, requestingUrl: details.requestingUrl ?? webContents.getURL(), mediaTypes },
        origin,
      ),
    );
  });
  session.defaultSession.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) => {
    const mediaType = 'mediaType' in details ? (details.mediaType as string | undefined) : undefined;
    return shouldGrantPermission(
      { permission, requestingUrl: requestingOrigin, mediaTypes: mediaType ? [mediaType] : [] },
      origin,
    );
  });

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
