import { useI18n, type UiLanguage } from './i18n';

/** The history tab: past transcripts, search, copy and delete. */
const fa = {
  tab: 'تاریخچه',
  title: 'تاریخچهٔ متن‌ها',
  search: 'جست‌وجو در همهٔ تاریخچه',
  searchHint: 'ی و ي، ک و ك، نیم‌فاصله و فاصله، اعراب و رقم‌های فارسی، عربی و لاتین فرقی نمی‌کنند.',
  count: (n: string) => `${n} دیکته`,
  found: (n: string, query: string) => `${n} دیکته با «${query}»`,
  empty: 'هنوز متنی نیست. متن هر دیکته این‌جا می‌ماند.',
  noMatch: (query: string) => `در تاریخچه چیزی با «${query}» پیدا نشد.`,
  length: 'مدت',
  words: (n: string) => `${n} واژه`,
  model: 'مدل',
  cost: 'هزینه',
  costOf: (requests: string) => `از ${requests} درخواست در دفتر کارکرد`,
  noLedger: 'در دفتر کارکرد سابقه‌ای ندارد (پاک شده یا جای دیگری تبدیل شده)؛ هزینه‌اش معلوم نیست.',
  withoutText: (n: string) => `${n} تکه بی‌متن`,
  noText: '(بدون متن)',
  copy: 'رونوشت',
  copied: 'متن رونوشت شد.',
  copyFailed: 'رونوشت نشد: برنامه اجازهٔ نوشتن در کلیپ‌بورد را ندارد.',
  delete: 'پاک کردن…',
  deleteTitle: 'متن این دیکته پاک شود؟',
  deleteBody: 'متن این دیکته برای همیشه از تاریخچه پاک می‌شود.',
  deleteKept: 'سابقهٔ هزینهٔ آن در دفتر کارکرد می‌ماند: ' + 'شمارنده‌ها، نمودارها، فهرست جلسه‌ها و خروجی‌ها تغییری نمی‌کنند.',
  deleteConfirm: 'پاک کردن متن',
  deleted: 'متن پاک شد؛ هزینه‌اش در دفتر کارکرد ماند.',
  entryLabel: (when: string) => `دیکتهٔ ${when}`,
};

export type HistoryStrings = typeof fa;

const en: HistoryStrings = {
  tab: 'History',
  title: 'Past transcripts',
  search: 'Search all of history',
  searchHint: 'ی or ي, ک or ك, half-space or space, vowel marks, and Persian, Arabic or Latin digits all match.',
  count: (n: string) => (n === '1' ? '1 dictation' : `${n} dictations`),
  found: (n: string, query: string) => `${n} dictation(s) with “${query}”`,
  empty: 'No transcripts yet. Each dictation’s text is kept here.',
  noMatch: (query: string) => `Nothing in the history matches “${query}”.`,
  length: 'Length',
  words: (n: string) => (n === '1' ? '1 word' : `${n} words`),
  model: 'Model',
  cost: 'Cost',
  costOf: (requests: string) => `from ${requests} request(s) in the usage ledger`,
  noLedger: 'No record in the usage ledger (deleted, or transcribed elsewhere); its cost is not known.',
  withoutText: (n: string) => `${n} chunk(s) without text`,
  noText: '(no text)',
  copy: 'Copy',
  copied: 'Text copied.',
  copyFailed: 'Could not copy: the app may not write to the clipboard.',
  delete: 'Delete…',
  deleteTitle: 'Delete this dictation’s text?',
  deleteBody: 'The text of this dictation is deleted from the history for good.',
  deleteKept: 'Its cost stays in the usage ledger: counters, charts, the sessions list and exports do not change.',
  deleteConfirm: 'Delete the text',
  deleted: 'The text was deleted; its cost stays in the usage ledger.',
  entryLabel: (when: string) => `Dictation of ${when}`,
};

/** The history strings for a language. */
export function historyStringsFor(lang: UiLanguage): HistoryStrings {
  return lang === 'fa' ? fa : en;
}

/** The history strings in the window's language. */
export function useHistoryStrings(): HistoryStrings {
  return historyStringsFor(useI18n().lang);
}
