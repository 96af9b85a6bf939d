import { toPersianDigits } from '../../src-shared/persian/digits';

/** Something the person should be told once (the app shows a banner, the CLI prints to stderr). */
export interface MeterNotice {
  code: 'store_damaged' | 'ledger_lines_skipped' | 'store_write_failed';
  message: { fa: string; en: string };
}

export function skippedLinesNotice(skipped: number): MeterNotice {
  return {
    code: 'ledger_lines_skipped',
    message: {
      fa:
        `${toPersianDigits(String(skipped))} سطر خراب در دفتر کارکرد نادیده گرفته شد (احتمالاً قطع برق هنگام ` +
        'نوشتن). بقیهٔ کارکردها سالم‌اند.',
      en:
        `${skipped} damaged line(s) in the usage ledger were skipped (probably a power cut mid-write). All ` +
        'other usage is intact.',
    },
  };
}

/** `backup` is where the damaged file was moved, or null if it could not be moved. */
export function storeDamagedNotice(backup: string | null): MeterNotice {
  return {
    code: 'store_damaged',
    message: {
      fa:
        'پروندهٔ خلاصهٔ کارکرد خراب بود و از روی دفتر کارکرد دوباره ساخته شد؛ هیچ کارکردی از دست ' +
        `نرفت.${backup ? ` نسخهٔ خراب: ${backup}` : ''}`,
      en:
        'The usage summary file was damaged and has been rebuilt from the usage ledger; no usage was ' +
        `lost.${backup ? ` Damaged copy kept at ${backup}` : ''}`,
    },
  };
}

export function priceUnknownMessage(model: string): { fa: string; en: string } {
  return {
    fa:
      `قیمت مدل ${model} معلوم نیست و سقف بودجه فعال است، پس صدا فرستاده نشد و در صف ماند. قیمت هر دقیقه را ` +
      'با «sokhan config set customPricePerMinuteUsd 0.006» (یا در تنظیمات) بگذارید؛ برای سرور محلی رایگان ' +
      '۰.',
    en:
      `The price of ${model} is not known and a hard budget is on, so the audio was not sent; it waits in ` +
      'the spool. Set its price per minute with "sokhan config set customPricePerMinuteUsd 0.006" (or in ' +
      'Settings); 0 for a free local server.',
  };
}
