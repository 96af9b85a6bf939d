/**
 * Who the app trusts, decided without Electron so it is tested under Node: only pages the app itself loaded (its
 * window served at app://sokhan in a packaged app, the electron-vite dev server in development) may call IPC, hear
 * events or get the microphone. Pages are compared by origin (scheme, host and port): a permission check carries
 * only the origin, and file:// pages share one origin, so no file:// page is ever trusted.
 */
export interface AppOrigin {
  /** The main window's page: 'app://sokhan/index.html', or the dev server's address ('http://localhost:5173'). */
  rendererUrl: string;
  /** The overlay page beside it, on the same origin (same preload, same trust). */
  overlayUrl?: string;
}

/** True when a URL (or a bare origin such as 'app://sokhan') belongs to the app's own renderer. */
export function isAppUrl(url: string, origin: AppOrigin): boolean {
  let candidate: URL;
  let expected: URL;
  try {
    candidate = new URL(url);
    expected = new URL(origin.rendererUrl);
  } catch {
    return false;
  }
  // WHATWG URL gives custom schemes an opaque origin ('null'), so the parts that make an origin are compared.
  if (candidate.protocol === 'file:' || candidate.host === '') return false;
  return candidate.protocol === expected.protocol && candidate.host === expected.host;
}

/** What a permission request or check carries that the decision needs. */
export interface PermissionRequest {
  permission: string;
  /** The page's URL (a request) or its origin (a check). */
  requestingUrl: string;
  /** Electron's details.mediaTypes for 'media' requests, or [details.mediaType] for a check. */
  mediaTypes?: string[];
}

/**
 * The app's own page gets the microphone (audio only: no camera, no screen) and may write to the clipboard (its
 * "Copy all" button); nothing else, and nothing at all for any other page.
 */
export function shouldGrantPermission(request: PermissionRequest, origin: AppOrigin): boolean {
  if (!isAppUrl(request.requestingUrl, origin)) return false;
  if (request.permission === 'clipboard-sanitized-write') return true;
  if (request.permission !== 'media') return false;
  const types = request.mediaTypes;
  if (!types || types.length === 0) return false;
  return types.every((type) => type === 'audio');
}
