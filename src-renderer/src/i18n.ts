import { createContext, useContext } from 'react';
import type { BilingualMessage } from '../../src-shared/bilingual';
import type { UiLanguage } from '../../src-shared/settings/settings-schema';
import { formatUsd } from '../../src-shared/money';

export type { UiLanguage };

const fa = {
  appName: 'سخن‌نگار',
  subtitle: 'دیکتهٔ فارسی با هزینهٔ شفاف',
  otherLanguage: 'English',
  otherLanguageHint: 'Switch the window to English',
  record: 'ضبط',
  recordHintIdle: 'برای شروع دیکته بزنید',
  recordHintRecording: 'برای پایان دوباره بزنید · Esc برای لغو',
  stateIdle: 'آماده',
  stateOpening: 'در حال باز کردن میکروفون…',
  stateStarting: 'در حال آماده شدن…',
  stateListening: 'در حال گوش دادن…',
  stateStopping: 'در حال پایان ضبط…',
  stateSending: 'در حال ارسال…',
  stateBlocked: 'متوقف: سقف بودجه',
  stateError: 'خطا',
  transcript: 'متن',
  transcriptEmpty: 'متن دیکته اینجا نوشته می‌شود.',
  dictationTitle: (n: string) => `دیکتهٔ ${n}`,
  chunkPending: 'در حال تبدیل به متن',
  chunkDropped: '(بی‌کلام)',
  retry: 'ارسال دوباره',
  sendAnyway: 'ارسال به هر حال',
  copyAll: 'رونوشت همه',
  copied: 'متن رونوشت شد.',
  clear: 'پاک کردن',
  sessionStats: 'آمار جلسه',
  statElapsed: 'زمان',
  statSpeech: 'گفتار ارسال‌شده',
  statRequests: 'درخواست‌ها',
  statFailed: (n: string) => `${n} ناموفق`,
  statWords: 'واژه‌ها',
  statCost: 'هزینهٔ این جلسه',
  statLatency: 'تأخیر آخرین درخواست',
  noValue: '—',
  microphone: 'میکروفون',
  systemDefault: 'پیش‌فرض سیستم',
  unnamedMic: (n: string) => `میکروفون ${n}`,
  level: 'سطح صدا',
  micClosed: 'میکروفون بسته است',
  micFellBack: 'میکروفونِ ذخیره‌شده پیدا نشد؛ میکروفونِ پیش‌فرض سیستم به کار رفت.',
  micOptions: 'تنظیمات میکروفون',
  keepWarm: 'میکروفون را باز نگه دار',
  keepWarmHint:
    'میان دو دیکته باز می‌ماند تا واژهٔ اول گم نشود؛ به‌ویژه برای هدست‌های بلوتوثی که چند لحظه طول می‌کشد تا ' +
    'بیدار شوند.',
  echoCancellation: 'حذف پژواک',
  echoCancellationHint: 'وقتی بلندگو روشن است صدای آن را از میکروفون کم می‌کند.',
  noiseSuppression: 'کاهش نویز',
  noiseSuppressionHint: 'صدای زمینه را کم می‌کند؛ گاهی واژه‌های آرام را هم می‌بُرد.',
  autoGainControl: 'تنظیم خودکار بلندی',
  autoGainControlHint: 'ممکن است بلندی میکروفون را در تنظیمات سیستم تغییر دهد (به‌ویژه در ویندوز).',
  budgetHint: 'متوقف به‌خاطر سقف بودجه: «ارسال به هر حال» را بزنید یا سقف بودجه را بالا ببرید.',
  dismiss: 'بستن',
  usage: 'مصرف',
  today: 'امروز',
  week: 'این هفته',
  month: 'این ماه',
  total: 'از ابتدا',
  minutesSent: (n: string) => `${n} دقیقه صدای ارسال‌شده`,
  requestsCount: (n: string) => `${n} درخواست`,
  failedFree: (n: string) => `${n} ناموفق، بدون هزینه`,
  outsideApp: 'این صفحه بیرون از برنامه باز شده است.',
  pasteOfferTitle: 'متن را همان‌جا که می‌نوشتید بچسبانم؟',
  pasteOfferBody:
    'پس از هر دیکته متن در کلیپ‌بورد است. اگر بخواهید، سخن‌نگار آن را در برنامه‌ای که در آن می‌نوشتید هم ' +
    'می‌چسباند (مک: اجازهٔ Accessibility لازم است؛ لینوکس: xdotool در X11 یا wtype در Wayland). بعداً با ' +
    '«sokhan config set paste.auto» عوضش کنید.',
  pasteOfferYes: 'بله، بچسبان',
  pasteOfferNo: 'نه، فقط کپی کن',
};

/** Every string the window shows, by language; English mirrors the Persian table key for key. */
export type Strings = typeof fa;

const en: Strings = {
  appName: 'SokhanNegar',
  subtitle: 'Persian dictation with a transparent cost',
  otherLanguage: 'فارسی',
  otherLanguageHint: 'پنجره را فارسی کن',
  record: 'Record',
  recordHintIdle: 'Press to start dictating',
  recordHintRecording: 'Press again to finish · Esc to cancel',
  stateIdle: 'Ready',
  stateOpening: 'Opening the microphone…',
  stateStarting: 'Getting ready…',
  stateListening: 'Listening…',
  stateStopping: 'Finishing the recording…',
  stateSending: 'Sending…',
  stateBlocked: 'Stopped: budget reached',
  stateError: 'Error',
  transcript: 'Transcript',
  transcriptEmpty: 'Your dictation is written here.',
  dictationTitle: (n: string) => `Dictation ${n}`,
  chunkPending: 'Turning into text',
  chunkDropped: '(no speech)',
  retry: 'Retry',
  sendAnyway: 'Send anyway',
  copyAll: 'Copy all',
  copied: 'Text copied.',
  clear: 'Clear',
  sessionStats: 'Session',
  statElapsed: 'Time',
  statSpeech: 'Speech sent',
  statRequests: 'Requests',
  statFailed: (n: string) => `${n} failed`,
  statWords: 'Words',
  statCost: 'Cost of this session',
  statLatency: 'Last request latency',
  noValue: '—',
  microphone: 'Microphone',
  systemDefault: 'System default',
  unnamedMic: (n: string) => `Microphone ${n}`,
  level: 'Sound level',
  micClosed: 'The microphone is closed',
  micFellBack: 'The saved microphone was not found; the system default microphone is used.',
  micOptions: 'Microphone settings',
  keepWarm: 'Keep the microphone open',
  keepWarmHint:
    'It stays open between dictations so the first word is not lost; this helps Bluetooth headsets, which ' +
    'take a moment to wake up.',
  echoCancellation: 'Echo cancellation',
  echoCancellationHint: 'Removes what your speakers play from the microphone.',
  noiseSuppression: 'Noise suppression',
  noiseSuppressionHint: 'Lowers background noise; it sometimes cuts quiet words too.',
  autoGainControl: 'Automatic gain',
  autoGainControlHint: 'May change the microphone volume in your system settings (especially on Windows).',
  budgetHint: 'Blocked by budget: press “Send anyway” or raise the budget.',
  dismiss: 'Dismiss',
  usage: 'Usage',
  today: 'Today',
  week: 'This week',
  month: 'This month',
  total: 'All time',
  minutesSent: (n: string) => `${n} min of audio sent`,
  requestsCount: (n: string) => (n === '1' ? '1 request' : `${n} requests`),
  failedFree: (n: string) => `${n} failed, not charged`,
  outsideApp: 'This page was opened outside the app.',
  pasteOfferTitle: 'Paste the text where you were typing?',
  pasteOfferBody:
    'After each dictation the text is on the clipboard. If you like, SokhanNegar also pastes it into the app ' +
    'you were typing in (macOS needs the Accessibility permission; Linux needs xdotool on X11 or wtype on ' +
    'Wayland). Change it later with "sokhan config set paste.auto".',
  pasteOfferYes: 'Yes, paste it',
  pasteOfferNo: 'No, copy only',
};

const TABLES: Record<UiLanguage, Strings> = { fa, en };

/** One string key in both languages, for messages shown bilingually. */
export function bilingual(pick: (strings: Strings) => string): BilingualMessage {
  return { fa: pick(fa), en: pick(en) };
}

/** Numbers, money, durations and times for one language (Persian digits in Persian). */
export interface Formatters {
  number(value: number): string;
  /** Milliseconds as seconds with one decimal, e.g. "12.3 sec". */
  seconds(ms: number): string;
  /** Milliseconds as whole milliseconds, e.g. "840 ms". */
  milliseconds(ms: number): string;
  /** Milliseconds as minutes with one decimal, e.g. "1.5". */
  minutes(ms: number): string;
  /** A running time as m:ss (h:mm:ss past an hour). */
  clock(ms: number): string;
  /** Integer micro-dollars as dollars. */
  money(micros: number): string;
  /** An epoch time as hour and minute. */
  time(epochMs: number): string;
}

/** Builds the Intl formatters for a language once; reuse them, Intl objects are costly to create. */
export function createFormatters(lang: UiLanguage): Formatters {
  const locale = lang === 'fa' ? 'fa-IR' : 'en-US';
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const twoDigits = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const plain = new Intl.NumberFormat(locale, { useGrouping: false });
  const secondsUnit = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'short',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const msUnit = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'millisecond',
    unitDisplay: 'short',
    maximumFractionDigits: 0,
  });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  return {
    number: (value) => integer.format(value),
    seconds: (ms) => secondsUnit.format(ms / 1000),
    milliseconds: (ms) => msUnit.format(ms),
    minutes: (ms) => oneDecimal.format(ms / 60_000),
    clock: (ms) => {
      const total = Math.max(0, Math.floor(ms / 1000));
      const hours = Math.floor(total / 3600);
      const minutes = Math.floor((total % 3600) / 60);
      const seconds = total % 60;
      return hours > 0
        ? `${plain.format(hours)}:${twoDigits.format(minutes)}:${twoDigits.format(seconds)}`
        : `${plain.format(minutes)}:${twoDigits.format(seconds)}`;
    },
    money: (micros) => formatUsd(micros, lang),
    time: (epochMs) => time.format(epochMs),
  };
}

/** What components read to speak the person's language. */
export interface I18n {
  lang: UiLanguage;
  dir: 'rtl' | 'ltr';
  t: Strings;
  fmt: Formatters;
}

const cache = new Map<UiLanguage, I18n>();

/** The language bundle for `lang`, created once so context consumers see a stable object. */
export function i18nFor(lang: UiLanguage): I18n {
  let found = cache.get(lang);
  if (!found) {
    found = { lang, dir: lang === 'fa' ? 'rtl' : 'ltr', t: TABLES[lang], fmt: createFormatters(lang) };
    cache.set(lang, found);
  }
  return found;
}

/** Provided by App from the uiLanguage setting; Persian until the settings arrive. */
export const I18nContext = createContext<I18n>(i18nFor('fa'));

/** The window's current language, strings and formatters. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
