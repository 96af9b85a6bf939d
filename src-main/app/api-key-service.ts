import type { ApiKeyStatusView, KeyCheckView } from '../../src-shared/app-contract/views';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { AppError } from './app-error';
import { checkApiKey } from './key-check';
import { KeyNotKeptError, type KeyStore } from './key-store';

export interface ApiKeyServiceOptions {
  store: KeyStore;
  /** The key in the environment (OPENAI_API_KEY), '' when none. */
  envKey: () => string;
  env: Record<string, string | undefined>;
  /** Where the key test goes: the settings' base URL and proxy as a dictation would use them. */
  endpoint: () => { baseUrl: string; proxyUrl: string };
}

/** The API key the core uses, and the commands that show, set, clear and test it. */
export interface ApiKeyService {
  /**
   * The key requests are sent with: a key typed in the window wins over OPENAI_API_KEY (it is the person's latest
   * explicit choice, and the panel says the environment's key is set aside); without one, the environment's.
   */
  current(): string;
  status(): ApiKeyStatusView;
  set(key: string, remember: boolean): ApiKeyStatusView;
  clear(): ApiKeyStatusView;
  test(): Promise<KeyCheckView>;
}

/** Opens the key service over a key store; the key itself never leaves it except in the requests' header. */
export function createApiKeyService(options: ApiKeyServiceOptions): ApiKeyService {
  const typed = () => {
    try {
      return options.store.read();
    } catch {
      // A stored key that cannot be decrypted (keyring locked or replaced) is as good as none; the panel says "not
      // set".
      return null;
    }
  };
  const current = () => typed()?.key.trim() || options.envKey().trim();

  const status = (): ApiKeyStatusView => {
    const mine = typed();
    const env = options.envKey().trim();
    const key = mine?.key.trim() || env;
    return {
      set: key !== '',
      // Four characters of a 50+ character key say which key it is without giving it away.
      lastFour: key.length >= 12 ? key.slice(-4) : null,
      source: mine ? mine.kept : env ? 'env' : null,
      storage: options.store.storage(),
      envOverridden: mine !== null && env !== '',
    };
  };

  return {
    current,
    status,
    set(key, remember) {
      const clean = key.trim();
      // A header cannot carry spaces or control characters; saying so is better than a confusing 401 later.
      if (!/^[\x21-\x7E]+$/.test(clean)) throw new AppError('invalid_key', INVALID_KEY);
      try {
        options.store.save(clean, remember);
      } catch (error) {
        if (error instanceof KeyNotKeptError) throw new AppError('key_not_kept', notKept(error.storage));
        // The store's own error could quote what it was given: only a fixed message crosses to the window.
        throw new AppError('key_store', KEY_STORE_FAILED);
      }
      return status();
    },
    clear() {
      try {
        options.store.clear();
      } catch {
        throw new AppError('key_store', KEY_STORE_FAILED);
      }
      return status();
    },
    test() {
      const { baseUrl, proxyUrl } = options.endpoint();
      return checkApiKey({ apiKey: current(), baseUrl, proxyUrl, env: options.env });
    },
  };
}

const INVALID_KEY: BilingualMessage = {
  fa: 'این کلید درست به نظر نمی‌رسد: فاصله یا نویسه‌های غیرلاتین دارد. کلید را دوباره از صفحهٔ کلیدهای حساب کپی کنید.',
  en:
    'That does not look like an API key: it has spaces or non-Latin characters. Copy the key again from ' +
    'your account’s key page.',
};

const KEY_STORE_FAILED: BilingualMessage = {
  fa:
    'کلید ذخیره نشد: پروندهٔ کلید در پوشهٔ داده نوشته یا پاک نشد. دسترسی پوشه را بررسی کنید یا «فقط برای ' +
    'همین اجرا» را بزنید.',
  en:
    'The key was not saved: its file in the data folder could not be written or removed. Check the folder’s ' +
    'permissions, or keep it for this run only.',
};

function notKept(storage: ApiKeyStatusView['storage']): BilingualMessage {
  if (storage === 'basic_text')
    return {
      fa:
        'این سیستم کلیدساز (keyring) ندارد و کلید روی دیسک تقریباً بی‌رمز می‌ماند، پس ذخیره نشد. «فقط برای ' +
        'همین اجرا» را بزنید یا OPENAI_API_KEY را تنظیم کنید.',
      en:
        'This system has no keyring, so the key would sit on disk as good as unencrypted; it was not saved. ' +
        'Keep it for this run only, or set OPENAI_API_KEY.',
    };
  if (storage === 'unavailable')
    return {
      fa:
        'رمزگذاری سیستم در دسترس نیست، پس کلید روی دیسک ذخیره نشد. «فقط برای همین اجرا» را بزنید یا ' +
        'OPENAI_API_KEY را تنظیم کنید.',
      en:
        'The system’s encryption is not available, so the key was not saved on disk. Keep it for this run ' +
        'only, or set OPENAI_API_KEY.',
    };
  return {
    fa: 'این نسخه (در مرورگر) کلید را روی دیسک نگه نمی‌دارد؛ فقط برای همین اجرا نگه داشته می‌شود.',
    en: 'This window (in the browser) keeps no key on disk; it can be kept for this run only.',
  };
}
