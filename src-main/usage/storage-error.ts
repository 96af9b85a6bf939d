/** A file problem in the data folder, worded for the person who has to fix it. */
export class UsageStorageError extends Error {
  constructor(
    readonly code: string,
    readonly path: string,
    readonly bilingual: { fa: string; en: string },
  ) {
    super(bilingual.en);
    this.name = 'UsageStorageError';
  }
}

/** Turns a Node fs error into a UsageStorageError that says what happened and what to do. */
export function toStorageError(error: unknown, path: string, doing: 'write' | 'read'): UsageStorageError {
  if (error instanceof UsageStorageError) return error;
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : 'EIO';
  const nothingLost =
    doing === 'write'
      ? { fa: ' کارکردهای قبلی سالم مانده‌اند.', en: ' Usage recorded before is intact.' }
      : { fa: '', en: '' };
  let message: { fa: string; en: string };
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      message = {
        fa: `دیسک پر است و کارکرد در «${path}» ذخیره نشد. کمی فضا آزاد کنید و دوباره امتحان کنید.`,
        en: `The disk is full, so usage could not be saved to "${path}". Free some space and try again.`,
      };
      break;
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      message = {
        fa:
          `پوشهٔ داده فقط‌خواندنی است یا اجازهٔ ${doing === 'write' ? 'نوشتن' : 'خواندن'} ندارد ` +
          `(«${path}»). دسترسی پوشه را درست کنید یا پوشهٔ دیگری با --data-dir بدهید.`,
        en:
          `The data folder is read-only or not ${doing === 'write' ? 'writable' : 'readable'} ("${path}"). ` +
          'Fix its permissions or choose another folder with --data-dir.',
      };
      break;
    case 'ENOTDIR':
    case 'EISDIR':
    case 'ENOENT':
      message = {
        fa: `مسیر پوشهٔ داده قابل استفاده نیست («${path}»). یک پوشهٔ معتبر با --data-dir یا SOKHAN_DATA_DIR بدهید.`,
        en: `The data folder path cannot be used ("${path}"). Give a real folder with --data-dir or SOKHAN_DATA_DIR.`,
      };
      break;
    default:
      message = {
        fa:
          `خطای دیسک (${code}) هنگام ${doing === 'write' ? 'ذخیرهٔ' : 'خواندن'} کارکرد در «${path}». دیسک و ` +
          'دسترسی‌ها را بررسی کنید و دوباره امتحان کنید.',
        en:
          `Disk error (${code}) while ${doing === 'write' ? 'saving' : 'reading'} usage at "${path}". Check ` +
          'the disk and permissions, then try again.',
      };
  }
  return new UsageStorageError(code, path, { fa: message.fa + nothingLost.fa, en: message.en + nothingLost.en });
}
