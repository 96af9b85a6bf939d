import type { ApiKeyStatusView } from '../../src-shared/app-contract/views';

/** Whether a typed key can be kept across runs, and if not, why (see ApiKeyStatusView). */
export type KeyStorage = ApiKeyStatusView['storage'];

/** A key the person typed, and where it is kept: encrypted on disk, or in memory for this run only. */
export interface TypedKey {
  key: string;
  kept: 'stored' | 'session';
}

/** Refused to keep a key on disk because it could not be kept safely there. */
export class KeyNotKeptError extends Error {
  constructor(readonly storage: KeyStorage) {
    super(`the key cannot be kept on disk here (${storage})`);
    this.name = 'KeyNotKeptError';
  }
}

/**
 * The port the app core keeps a typed API key through. The Electron host implements it with `safeStorage`
 * (electron/safe-storage-key-store.ts); the browser host keeps the key in memory. The core never sees how.
 */
export interface KeyStore {
  /** Asked each time: the Electron backend is known only once the app is ready, and a keyring may come and go. */
  storage(): KeyStorage;
  /** The typed key, or null. A key for this run only is preferred over one kept on disk. */
  read(): TypedKey | null;
  /** `remember` keeps it encrypted on disk (throws KeyNotKeptError where that is not safe), else for this run only. */
  save(key: string, remember: boolean): void;
  /** Forgets the typed key, on disk and in memory. */
  clear(): void;
}

/** A key store that keeps the typed key in this process's memory only (the browser host, and the fallback). */
export function createMemoryKeyStore(): KeyStore {
  let session: string | null = null;
  return {
    storage: () => 'memory_only',
    read: () => (session === null ? null : { key: session, kept: 'session' }),
    save(key, remember) {
      if (remember) throw new KeyNotKeptError('memory_only');
      session = key;
    },
    clear() {
      session = null;
    },
  };
}
