import type { SokhanApi } from '../../src-shared/ipc/contract';

declare global {
  interface Window {
    sokhan?: SokhanApi;
  }
}

/** The preload's API, or null when the page runs outside the app (e.g. opened in a plain browser). */
export function sokhanApi(): SokhanApi | null {
  return window.sokhan ?? null;
}
