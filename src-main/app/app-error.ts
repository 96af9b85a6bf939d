import type { BilingualMessage } from '../../src-shared/bilingual';

/** A refusal a person reads: crosses to the window as `{ ok: false, code, message }`. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly bilingual: BilingualMessage,
  ) {
    super(bilingual.en);
    this.name = 'AppError';
  }
}

export const NO_API_KEY: BilingualMessage = {
  fa:
    'کلید API تنظیم نشده است. کلید را در «تنظیمات» وارد کنید (یا OPENAI_API_KEY را تنظیم کنید و برنامه را ' +
    'دوباره باز کنید)، یا در تنظیمات نشانی یک سرور سازگار با OpenAI بدهید.',
  en:
    'No API key is set. Enter one in Settings (or set OPENAI_API_KEY and start the app again), or set the ' +
    'address of an OpenAI-compatible server in the settings.',
};

export const ALREADY_RECORDING: BilingualMessage = {
  fa: 'ضبط از قبل در جریان است. برای ضبط تازه، اول ضبط فعلی را متوقف کنید.',
  en: 'A dictation is already recording. Stop it before starting a new one.',
};

export const NOT_IN_SPOOL: BilingualMessage = {
  fa: 'این تکه دیگر در صف نیست: یا فرستاده شده یا دور ریخته شده است.',
  en: 'This chunk is no longer waiting: it has been sent or discarded.',
};
