import { safeStorage } from 'electron';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write';
import { KeyNotKeptError, type KeyStorage, type KeyStore, type TypedKey } from '../app/key-store';

/** The encrypted key's file in the data folder; this module alone reads and writes it. */
export const KEY_FILE = 'openai-key.enc';

/**
 * The API key the person typed, kept with Electron's safeStorage (Keychain, DPAPI, libsecret or KWallet) in the data
 * folder, or in memory for this run when they asked so or when the OS cannot encrypt it. On Linux without a keyring
 * safeStorage falls back to `basic_text`, a fixed password that is as good as plain text: nothing is written then.
 */
export function createSafeStorageKeyStore(dataDir: string, platform: NodeJS.Platform = process.platform): KeyStore {
  const path = join(dataDir, KEY_FILE);
  let session: string | null = null;
  // Decrypted once: on macOS each decryption may ask the Keychain (and the person) again.
  let stored: string | null | undefined;

  const storage = (): KeyStorage => {
    if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'basic_text';
    return 'encrypted';
  };

  const readStored = (): string | null => {
    if (stored !== undefined) return stored;
    // Without real encryption a file here was not written by us (or the keyring is gone): it is not trusted.
    if (!existsSync(path) || storage() !== 'encrypted') return null;
    stored = safeStorage.decryptString(readFileSync(path)).trim() || null;
    return stored;
  };

  return {
    storage,
    read(): TypedKey | null {
      if (session !== null) return { key: session, kept: 'session' };
      const key = readStored();
      return key === null ? null : { key, kept: 'stored' };
    },
    save(key, remember) {
      if (!remember) {
        session = key;
        return;
      }
      const kind = storage();
      if (kind !== 'encrypted') throw new KeyNotKeptError(kind);
      writeFileAtomicSync(path, safeStorage.encryptString(key));
      stored = key;
      session = null;
    },
    clear() {
      session = null;
      stored = null;
      rmSync(path, { force: true });
    },
  };
}
