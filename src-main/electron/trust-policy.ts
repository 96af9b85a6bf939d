/**
 * Who the app trusts, decided without Electron so it is tested under Node: only pages the app itself loaded
 * (its renderer file in production, the dev server in development) may call IPC or get the microphone.
 */
export interface AppOrigin {
  /** 'http://localhost:5173' in development, or the renderer's index.html file URL in production. */
  rendererUrl: string;
  /** The overlay page beside it (same preload, same trust); a file URL in production. */
  overlayUrl?: string;
}

/** True when a URL belongs to the app's own renderer. */
export function isAppUrl(url: string, origin: AppOrigin): boolean {
  let candidate: URL;
  let expected: URL;
  try {
    candidate = new URL(url);
    expected = new URL(origin.rendererUrl);
  } catch {
    return false;
  }
  if (expected.protocol === 'file:') {
    // Only the exact renderer pages, not any file on disk: file:// has no origin to compare.
    if (candidate.protocol !== 'file:') return false;
    return candidate.pathname === expected.pathname || candidate.pathname === pathOf(origin.overlayUrl);
  }
  return candidate.origin === expected.origin;
}

/** The path of a URL; null when there is none (no overlay page) or it is not a URL. */
function pathOf(url: string | undefined): string | null {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, new URL(undefined) throws → null too
  if (url === undefined) return null;
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}

/** What a permission request carries that the decision needs. */
export interface PermissionRequest {
  permission: string;
  requestingUrl: string;
  /** Electron's details.mediaTypes for 'media' requests. */
  mediaTypes?: string[];
}

/** Grants the microphone to the app's own page and nothing else (no camera, no notifications via web API, …). */
export function shouldGrantPermission(request: PermissionRequest, origin: AppOrigin): boolean {
  if (!isAppUrl(request.requestingUrl, origin)) return false;
  if (request.permission !== 'media') return false;
  const types = request.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'audio');
}
