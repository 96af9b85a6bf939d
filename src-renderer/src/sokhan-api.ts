import { createSokhanApi, type SokhanApi } from '../../src-shared/app-contract/api';
import { connectBrowserHost } from './host/browser-transport';

declare global {
  interface Window {
    sokhan?: SokhanApi;
  }
}

let browserHostApi: SokhanApi | null | undefined;

/**
 * The app's API: the Electron preload's when present, else the browser host's (`sokhan ui` serves this page over
 * http), else null (e.g. the file opened from disk).
 */
export function sokhanApi(): SokhanApi | null {
  if (window.sokhan) return window.sokhan;
  // One connection per page, however many components ask.
  browserHostApi ??= /^https?:$/.test(location.protocol) ? createSokhanApi(connectBrowserHost()) : null;
  return browserHostApi;
}
