import { readFile, realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { contentTypeOf } from '../fs/content-types';

/**
 * The packaged window is served from `app://sokhan/…` instead of `file://`: a standard, secure scheme gives the page
 * a real origin (`app://sokhan`) that the permission and IPC checks can compare, where every file:// page shares
 * the origin `file://`. Only files under the built renderer folder are served. No Electron import, so it is
 * tested under Node; `setup-app-protocol.ts` registers it.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'sokhan';

/** The address of one built renderer page, e.g. `app://sokhan/index.html`. */
export function appPageUrl(page: string): string {
  return `${APP_SCHEME}://${APP_HOST}/${page}`;
}

export type RendererFileLookup = { ok: true; path: string } | { ok: false; status: 400 | 403 | 404 };

/** Finds the file an `app://` request names, refusing other hosts, paths outside the folder and links leading out. */
export async function locateRendererFile(requestUrl: string, rendererDir: string): Promise<RendererFileLookup> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 403 };
  let relative: string;
  try {
    // Chromium already folds `..` in a standard URL; decoding could bring back `..%2F`, so the result is checked.
    relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (relative.includes('\0')) return { ok: false, status: 400 };
  const root = resolve(rendererDir);
  const candidate = resolve(root, `.${relative}`);
  if (!inside(root, candidate)) return { ok: false, status: 403 };
  let real: string;
  try {
    // A symbolic link inside the folder must not lead outside it.
    real = await realpath(candidate);
  } catch {
    return { ok: false, status: 404 };
  }
  if (!inside(await realpath(root).catch(() => root), real)) return { ok: false, status: 403 };
  const info = await stat(real).catch(() => null);
  if (!info?.isFile()) return { ok: false, status: 404 };
  return { ok: true, path: real };
}

/** Answers one `app://` request with the built file, or a plain refusal; only GET and HEAD are served. */
export async function serveRendererFile(request: Request, rendererDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405);
  const found = await locateRendererFile(request.url, rendererDir);
  if (!found.ok) return refusal(found.status);
  const body = request.method === 'HEAD' ? null : await readFile(found.path);
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': contentTypeOf(found.path),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}

function refusal(status: number): Response {
  return new Response(null, { status, headers: { 'X-Content-Type-Options': 'nosniff' } });
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
