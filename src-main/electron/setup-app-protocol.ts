import { protocol } from 'electron';
import { APP_SCHEME, serveRendererFile } from './renderer-files';

/**
 * Declares `app://` a standard, secure scheme (a real origin, a secure context for getUserMedia, fetch for the
 * audio worklet). Electron accepts this only before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built window from `rendererDir` at `app://sokhan/` (after the app is ready). */
export function setupAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(request, rendererDir));
}
