import type { ApiKeyStatusView } from '../../src-shared/app-contract/views';
import { useI18n, type UiLanguage } from './i18n';

type Source = NonNullable<ApiKeyStatusView['source']>;

/** The API key part of the settings: what is set, where it is kept, and the form to type one. */
const fa = {
  apiKey: 'کلید API',
  set: (lastFour: string) => `تنظیم شده${lastFour ? ` (…${lastFour})` : ''}`,
  source: {
    stored: 'در همین رایانه، رمزگذاری‌شده با کلیدساز سیستم',
    session: 'فقط برای همین اجرا (در حافظه؛ با بستن برنامه فراموش می‌شود)',
    env: 'از متغیر محیطی OPENAI_API_KEY',
  } as Record<Source, string>,
  missing:
    'تنظیم نشده: کلید را این‌جا وارد کنید یا OPENAI_API_KEY را تنظیم کنید (سرور محلی سازگار ممکن است کلید نخواهد).',
  envOverridden:
    'OPENAI_API_KEY هم تنظیم شده، اما کلیدی که این‌جا وارد کرده‌اید به کار می‌رود. با «حذف کلید واردشده» ' +
    'دوباره کلید محیطی به کار می‌رود.',
  storage: {
    encrypted: '',
    basic_text:
      'این سیستم کلیدساز (keyring) ندارد، پس کلید روی دیسک بی‌رمز می‌ماند؛ برای همین فقط برای همین اجرا نگه ' +
      'داشته می‌شود.',
    unavailable: 'رمزگذاری سیستم در دسترس نیست، پس کلید فقط برای همین اجرا نگه داشته می‌شود.',
    memory_only:
      'در مرورگر، کلیدی که این‌جا وارد کنید فقط در حافظهٔ «sokhan ui» و فقط برای همین اجرا می‌ماند و روی دیسک ' +
      'نوشته نمی‌شود.',
  } as Record<ApiKeyStatusView['storage'], string>,
  newKey: 'کلید تازه',
  newKeyHint: 'کلید هرگز به این پنجره برنمی‌گردد؛ پس از ذخیره فقط چهار نویسهٔ آخرش دیده می‌شود.',
  remember: 'در این رایانه نگه دار (رمزگذاری‌شده)',
  rememberHint: 'خاموش: فقط برای همین اجرا.',
  save: 'ذخیرهٔ کلید',
  saveForRun: 'استفاده برای همین اجرا',
  saving: 'در حال ذخیره…',
  saved: 'کلید ذخیره شد.',
  savedForRun: 'کلید برای همین اجرا به کار می‌رود.',
  empty: 'اول کلید را وارد کنید.',
  clear: 'حذف کلید واردشده',
  cleared: 'کلید واردشده حذف شد.',
  test: 'آزمودن کلید (رایگان)',
  testing: 'در حال آزمودن…',
};

export type KeyStrings = typeof fa;

const en: KeyStrings = {
  apiKey: 'API key',
  set: (lastFour: string) => `set${lastFour ? ` (…${lastFour})` : ''}`,
  source: {
    stored: 'on this computer, encrypted by the system keyring',
    session: 'for this run only (in memory; forgotten when the app closes)',
    env: 'from the OPENAI_API_KEY environment variable',
  },
  missing: 'not set: enter a key here or set OPENAI_API_KEY (a local compatible server may not need one).',
  envOverridden:
    'OPENAI_API_KEY is set too, but the key entered here is used. “Remove the entered key” goes back to the ' +
    'environment’s key.',
  storage: {
    encrypted: '',
    basic_text:
      'This system has no keyring, so a key on disk would be as good as unencrypted; a key entered here is ' +
      'kept for this run only.',
    unavailable: 'The system’s encryption is not available, so a key entered here is kept for this run only.',
    memory_only:
      'In the browser, a key entered here stays in the memory of “sokhan ui” for this run only; it is never ' +
      'written to disk.',
  },
  newKey: 'New key',
  newKeyHint: 'The key never comes back to this window; once saved only its last four characters are shown.',
  remember: 'Keep it on this computer (encrypted)',
  rememberHint: 'Off: for this run only.',
  save: 'Save the key',
  saveForRun: 'Use for this run',
  saving: 'Saving…',
  saved: 'The key was saved.',
  savedForRun: 'The key is used for this run.',
  empty: 'Enter the key first.',
  clear: 'Remove the entered key',
  cleared: 'The entered key was removed.',
  test: 'Test the key (free)',
  testing: 'Testing…',
};

/** The key strings for a language. */
export function keyStringsFor(lang: UiLanguage): KeyStrings {
  return lang === 'fa' ? fa : en;
}

/** The key strings in the window's language. */
export function useKeyStrings(): KeyStrings {
  return keyStringsFor(useI18n().lang);
}
