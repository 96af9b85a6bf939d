import type { WaitingReason } from '../../src-shared/app-contract/waiting-audio';
import type { UiLanguage } from './i18n';

/** The waiting-audio view, the "waiting for the network" state and the unknown-outcome line: kept apart. */
const fa = {
  title: 'صدای در انتظار ارسال',
  intro: 'این تکه‌ها ضبط و روی دیسک نگه داشته شده‌اند ولی هنوز به متن تبدیل نشده‌اند.',
  total: (count: string, seconds: string, cost: string) => `${count} تکه، ${seconds}، هزینهٔ تقریبی ${cost}`,
  recorded: 'ضبط',
  length: 'طول',
  model: 'مدل',
  why: 'علت',
  cost: 'هزینه',
  actions: 'کار',
  reason: {
    network: 'در انتظار اتصال',
    budget: 'سقف بودجه',
    failed: 'ارسال ناموفق',
    interrupted: 'نیمه‌کاره ماند (توقف یا بسته شدن برنامه)',
    paid: 'پرداخت‌شده؛ فقط ذخیرهٔ متن مانده',
  } as Record<WaitingReason, string>,
  busy: 'در حال ارسال توسط برنامهٔ دیگر',
  sendNow: 'ارسال',
  sendAnyway: 'ارسال با وجود سقف بودجه…',
  discard: 'دور انداختن…',
  priceUnknown: 'قیمت نامعلوم',
  paidAlready: 'پرداخت شده',
  crossesBudget: 'از سقف بودجه می‌گذرد',
  sessionOf: (date: string, index: string) => `${date}، تکهٔ ${index}`,
  discardTitle: 'این صدا برای همیشه دور انداخته شود؟',
  discardBody: (seconds: string, date: string) =>
    `صدای ${seconds} ضبط‌شده در ${date} پاک می‌شود و دیگر نمی‌توان آن را به متن تبدیل کرد. این کار برگشت ندارد.`,
  discardConfirm: 'دور انداختن',
  consentTitle: 'با وجود سقف بودجه ارسال شود؟',
  consentBody: (cost: string) =>
    `ارسال این تکه حدود ${cost} هزینه دارد و از سقف بودجه‌ای که گذاشته‌اید می‌گذرد. فقط با تأیید شما فرستاده می‌شود.`,
  consentConfirm: 'بله، بفرست',
  cancel: 'انصراف',
  sent: (n: string) => `${n} تکه فرستاده شد؛ متن آن در دیکتهٔ خودش می‌آید.`,
  discarded: (n: string) => `${n} تکه دور انداخته شد.`,
  keptBusy: (n: string) => `${n} تکه را برنامهٔ دیگری در حال ارسال است و دست نخورد.`,
  networkWaiting:
    'در انتظار اتصال: سرویس تبدیل گفتار در دسترس نیست. ضبط ادامه دارد و صدا با برگشتن اتصال خودبه‌خود ارسال می‌شود.',
  networkNext: (time: string) => `تلاش بعدی: ${time}`,
  networkProbing: 'در حال آزمودن اتصال…',
  chunkWaiting: 'در انتظار اتصال',
  unknownOutcome: (n: string, cost: string) =>
    `نتیجهٔ نامعلوم: ${n} درخواست بی‌پاسخ، تخمین ${cost} (در هزینه و بودجه حساب شده)`,
};

type SpoolStrings = typeof fa;

const en: SpoolStrings = {
  title: 'Audio waiting to be sent',
  intro: 'These chunks were recorded and are kept on disk, but have not been turned into text yet.',
  total: (count, seconds, cost) => `${count} chunk(s), ${seconds}, about ${cost}`,
  recorded: 'Recorded',
  length: 'Length',
  model: 'Model',
  why: 'Why it waits',
  cost: 'Cost',
  actions: 'Actions',
  reason: {
    network: 'Waiting for the network',
    budget: 'Budget limit',
    failed: 'Sending failed',
    interrupted: 'Left unfinished (stopped, or the app closed)',
    paid: 'Paid for; only the text is left to save',
  },
  busy: 'Being sent by another process',
  sendNow: 'Send now',
  sendAnyway: 'Send over the budget…',
  discard: 'Discard…',
  priceUnknown: 'price unknown',
  paidAlready: 'paid',
  crossesBudget: 'crosses your budget',
  sessionOf: (date, index) => `${date}, chunk ${index}`,
  discardTitle: 'Discard this audio for good?',
  discardBody: (seconds, date) =>
    `The ${seconds} of audio recorded ${date} will be deleted and can never be turned into text. This cannot ` +
    'be undone.',
  discardConfirm: 'Discard',
  consentTitle: 'Send despite the budget limit?',
  consentBody: (cost) =>
    `Sending this chunk costs about ${cost} and passes the budget limit you set. It is sent only because you say so.`,
  consentConfirm: 'Yes, send it',
  cancel: 'Cancel',
  sent: (n) => `${n} chunk(s) sent; the text goes into its own dictation.`,
  discarded: (n) => `${n} chunk(s) discarded.`,
  keptBusy: (n) => `${n} chunk(s) are being sent by another process and were left alone.`,
  networkWaiting:
    'Waiting for the network: the transcription service cannot be reached. Recording goes on, and the audio ' +
    'is sent by itself when the connection is back.',
  networkNext: (time) => `Next try: ${time}`,
  networkProbing: 'Checking the connection…',
  chunkWaiting: 'Waiting for the network',
  unknownOutcome: (n, cost) =>
    `Outcome unknown: ${n} request(s) with no answer, estimated ${cost} (counted in the cost and budgets)`,
};

/** The waiting-audio strings for a language. */
export function spoolStrings(lang: UiLanguage): SpoolStrings {
  return lang === 'fa' ? fa : en;
}
