/**
 * The Persian editor's test set: input → expected pairs, by category. The facts behind them come from the rules and
 * tests of hazm (Normalizer: affix spacing, character map), virastar (cleanup rules), Parsivar and persian-tools
 * (halfSpace, digits), restated here in our own words and examples. `npm test` runs every pair
 * (persian-editor-cases.test.ts); `npx tsx test/shared/persian/editor-score.ts` prints the pass rate by category.
 */
import type { DigitsMode } from '../../../src-shared/persian/normalize-persian';

export type EditorCategory =
  | 'half-space: verb prefix'
  | 'half-space: suffixes'
  | 'half-space: meaning kept'
  | 'letters'
  | 'ezafe and harakat'
  | 'punctuation'
  | 'numbers in text'
  | 'digits setting'
  | 'Latin, code, URLs'
  | 'language';

export interface EditorCase {
  category: EditorCategory;
  input: string;
  expected: string;
  digits?: DigitsMode;
  /** The transcription language setting; 'fa' unless given. */
  language?: string;
  /** Why the pair holds, when it is not obvious. */
  why?: string;
}

const Z = '\u200C';

export const EDITOR_CASES: readonly EditorCase[] = [
  // ── می / نمی: hazm joins the verb prefixes with a half-space; glued forms need its verb list (ours: verb-stems.ts)
  { category: 'half-space: verb prefix', input: 'من می توانم بیایم', expected: `من می${Z}توانم بیایم` },
  { category: 'half-space: verb prefix', input: 'او نمی خواهد برود', expected: `او نمی${Z}خواهد برود` },
  { category: 'half-space: verb prefix', input: 'داشتم می رفتم خانه', expected: `داشتم می${Z}رفتم خانه` },
  {
    category: 'half-space: verb prefix',
    input: 'میگفت خسته است',
    expected: `می${Z}گفت خسته است`,
    why: 'glued: گفت is a past stem',
  },
  {
    category: 'half-space: verb prefix',
    input: 'نمیدانم چه بگویم',
    expected: `نمی${Z}دانم چه بگویم`,
    why: 'glued: دان + م',
  },
  { category: 'half-space: verb prefix', input: 'ما فردا میرویم', expected: `ما فردا می${Z}رویم` },
  { category: 'half-space: verb prefix', input: 'اینجا چه میشود', expected: `اینجا چه می${Z}شود` },
  { category: 'half-space: verb prefix', input: 'نمیتوانستم بخوابم', expected: `نمی${Z}توانستم بخوابم` },
  { category: 'half-space: verb prefix', input: 'بچه ها میخندیدند', expected: `بچه${Z}ها می${Z}خندیدند` },
  { category: 'half-space: verb prefix', input: 'کتاب را میخوانید؟', expected: `کتاب را می${Z}خوانید؟` },
  { category: 'half-space: verb prefix', input: 'باران میآید', expected: `باران می${Z}آید` },
  { category: 'half-space: verb prefix', input: `من می${Z}خواهم`, expected: `من می${Z}خواهم`, why: 'already right' },
  { category: 'half-space: verb prefix', input: 'نمی شود گفت', expected: `نمی${Z}شود گفت` },
  { category: 'half-space: verb prefix', input: 'میخواستم زنگ بزنم', expected: `می${Z}خواستم زنگ بزنم` },

  // ── suffixes: plural ها/های/هایی, comparative تر/تری/ترین; after a non-joining letter no half-space is needed
  { category: 'half-space: suffixes', input: 'کتاب ها را آوردم', expected: `کتاب${Z}ها را آوردم` },
  { category: 'half-space: suffixes', input: 'درخت های بلند', expected: `درخت${Z}های بلند` },
  { category: 'half-space: suffixes', input: 'گل هایی خریدم', expected: `گل${Z}هایی خریدم` },
  { category: 'half-space: suffixes', input: 'این کوه بزرگ تر است', expected: `این کوه بزرگ${Z}تر است` },
  { category: 'half-space: suffixes', input: 'سخت ترین روز', expected: `سخت${Z}ترین روز` },
  { category: 'half-space: suffixes', input: 'راه ساده تری هست', expected: `راه ساده${Z}تری هست` },
  {
    category: 'half-space: suffixes',
    input: 'دیوار ها بلند بود',
    expected: 'دیوارها بلند بود',
    why: 'ر does not join: no half-space',
  },
  { category: 'half-space: suffixes', input: 'هوا زیبا تر شد', expected: 'هوا زیباتر شد' },
  { category: 'half-space: suffixes', input: 'آن ها آمدند', expected: `آن${Z}ها آمدند` },
  { category: 'half-space: suffixes', input: 'کتاب هایم کجاست', expected: `کتاب${Z}هایم کجاست` },
  { category: 'half-space: suffixes', input: 'خانه ها', expected: `خانه${Z}ها` },
  {
    category: 'half-space: suffixes',
    input: 'خانهها را دیدم',
    expected: `خانه${Z}ها را دیدم`,
    why: 'ه with an attached ها',
  },
  { category: 'half-space: suffixes', input: 'خانه ای خریدیم', expected: `خانه${Z}ای خریدیم` },
  { category: 'half-space: suffixes', input: 'من خسته ام', expected: `من خسته${Z}ام` },
  { category: 'half-space: suffixes', input: 'شما گفته اید', expected: `شما گفته${Z}اید` },
  { category: 'half-space: suffixes', input: 'آنها رفته اند', expected: `آنها رفته${Z}اند` },
  { category: 'half-space: suffixes', input: 'ما دیده ایم', expected: `ما دیده${Z}ایم` },
  { category: 'half-space: suffixes', input: 'خانه اش کجاست', expected: `خانه${Z}اش کجاست` },
  { category: 'half-space: suffixes', input: 'فایل های PDF', expected: `فایل${Z}های PDF` },

  // ── where a half-space would change the meaning or join words that merely end in those letters
  {
    category: 'half-space: meaning kept',
    input: 'در ماه می سفر کردیم',
    expected: 'در ماه می سفر کردیم',
    why: 'the month May',
  },
  {
    category: 'half-space: meaning kept',
    input: 'ماه می رسید',
    expected: 'ماه می رسید',
    why: 'after ماه, می is the month',
  },
  { category: 'half-space: meaning kept', input: 'میز و صندلی', expected: 'میز و صندلی' },
  { category: 'half-space: meaning kept', input: 'میوه بخرید', expected: 'میوه بخرید' },
  {
    category: 'half-space: meaning kept',
    input: 'میدان آزادی',
    expected: 'میدان آزادی',
    why: 'a bare present stem is no verb',
  },
  { category: 'half-space: meaning kept', input: 'میگو خوردیم', expected: 'میگو خوردیم' },
  { category: 'half-space: meaning kept', input: 'میلاد و میترا آمدند', expected: 'میلاد و میترا آمدند' },
  {
    category: 'half-space: meaning kept',
    input: 'گفت ای خدا',
    expected: 'گفت ای خدا',
    why: 'vocative ای after a word not ending in ه',
  },
  {
    category: 'half-space: meaning kept',
    input: 'لباس تر را عوض کن',
    expected: 'لباس تر را عوض کن',
    why: 'تر = wet after a noun',
  },
  {
    category: 'half-space: meaning kept',
    input: '۱۵ می به تهران آمدیم',
    expected: '۱۵ می به تهران آمدیم',
    why: 'a date',
  },
  { category: 'half-space: meaning kept', input: 'جام می', expected: 'جام می', why: 'می = wine' },
  { category: 'half-space: meaning kept', input: 'بهتر است', expected: 'بهتر است' },
  { category: 'half-space: meaning kept', input: 'تنها ماندم', expected: 'تنها ماندم' },
  {
    category: 'half-space: meaning kept',
    input: 'که ام',
    expected: 'که ام',
    why: 'function word, not a noun ending in ه',
  },

  // ── letters: Arabic and presentation forms, kashida, invisible characters
  { category: 'letters', input: 'علي به كتابخانه رفت', expected: 'علی به کتابخانه رفت' },
  { category: 'letters', input: 'مصطفى', expected: 'مصطفی' },
  { category: 'letters', input: 'ڪتاب', expected: 'کتاب', why: 'swash kaf' },
  { category: 'letters', input: 'ھمه آمدند', expected: 'همه آمدند', why: 'heh doachashmee' },
  { category: 'letters', input: 'ہمه', expected: 'همه', why: 'heh goal' },
  { category: 'letters', input: 'خانە', expected: 'خانه', why: 'ae' },
  { category: 'letters', input: 'ﻛﺘﺎﺏ ﻓﺎﺭﺳﻰ', expected: 'کتاب فارسی' },
  { category: 'letters', input: 'ﻻ', expected: 'لا' },
  { category: 'letters', input: 'خیلــــی خوب', expected: 'خیلی خوب' },
  { category: 'letters', input: 'سلام\u00A0دنیا', expected: 'سلام دنیا' },
  { category: 'letters', input: '\uFEFFسلام\u200B دنیا', expected: 'سلام دنیا' },
  { category: 'letters', input: 'ۍ ې ے', expected: 'ی ی ی' },

  // ── ezafe هٔ and harakat
  { category: 'ezafe and harakat', input: 'خانه ی من', expected: 'خانهٔ من' },
  { category: 'ezafe and harakat', input: 'خانهء من', expected: 'خانهٔ من' },
  { category: 'ezafe and harakat', input: `نامه${Z}ی تو`, expected: 'نامهٔ تو' },
  { category: 'ezafe and harakat', input: 'خانۀ ما', expected: 'خانهٔ ما', why: 'one spelling of heh with hamza' },
  { category: 'ezafe and harakat', input: 'واقعا ً', expected: 'واقعاً' },
  { category: 'ezafe and harakat', input: 'واقعاًً', expected: 'واقعاً' },
  { category: 'ezafe and harakat', input: 'واقعًا', expected: 'واقعاً', why: 'tanvin after the alef in Persian' },
  { category: 'ezafe and harakat', input: 'کتابِِ خوب', expected: 'کتابِ خوب' },
  { category: 'ezafe and harakat', input: 'مُحمّد', expected: 'مُحمّد' },
  { category: 'ezafe and harakat', input: 'تأثیر مسئله', expected: 'تأثیر مسئله' },

  // ── punctuation
  { category: 'punctuation', input: 'او گفت "بیا" و رفت', expected: 'او گفت «بیا» و رفت' },
  { category: 'punctuation', input: '“سلام”', expected: '«سلام»' },
  { category: 'punctuation', input: 'صبر کن...', expected: 'صبر کن…' },
  { category: 'punctuation', input: 'خب . . . بعد', expected: 'خب… بعد' },
  { category: 'punctuation', input: 'چرا؟؟؟', expected: 'چرا؟' },
  { category: 'punctuation', input: 'عالی بود!!!', expected: 'عالی بود!' },
  { category: 'punctuation', input: 'چی شد ?', expected: 'چی شد؟' },
  { category: 'punctuation', input: 'واقعاً ؟ !', expected: 'واقعاً؟!' },
  { category: 'punctuation', input: 'سلام, خوبی', expected: 'سلام، خوبی' },
  { category: 'punctuation', input: 'بخوان; بنویس', expected: 'بخوان؛ بنویس' },
  { category: 'punctuation', input: 'سلام ، حالت چطور است ؟', expected: 'سلام، حالت چطور است؟' },
  { category: 'punctuation', input: 'سلام،خوبی؟خوبم', expected: 'سلام، خوبی؟ خوبم' },
  { category: 'punctuation', input: 'او گفت:« سلام » و رفت', expected: 'او گفت: «سلام» و رفت' },
  { category: 'punctuation', input: '( یادداشت ) را بخوان', expected: '(یادداشت) را بخوان' },
  { category: 'punctuation', input: 'ساعت ۱۰ ق.ظ جلسه داریم.بعد', expected: 'ساعت ۱۰ ق.ظ جلسه داریم. بعد' },

  // ── numbers inside Persian text
  { category: 'numbers in text', input: '۵۰ % تخفیف', expected: '۵۰٪ تخفیف' },
  { category: 'numbers in text', input: 'سود ۲۰%', expected: 'سود ۲۰٪' },
  { category: 'numbers in text', input: '۵کتاب خریدم', expected: '۵ کتاب خریدم' },
  { category: 'numbers in text', input: '10دقیقه صبر کن', expected: '10 دقیقه صبر کن' },
  { category: 'numbers in text', input: 'روز ۲۰ام', expected: 'روز ۲۰ام', why: 'ordinal suffix stays on its number' },
  {
    category: 'numbers in text',
    input: '١٢٣ نفر آمدند',
    expected: '۱۲۳ نفر آمدند',
    why: 'Arabic-Indic digits in every mode',
  },
  { category: 'numbers in text', input: 'ساعت ٣:٤٥', expected: 'ساعت ۳:۴۵' },

  // ── the digits setting
  { category: 'digits setting', input: 'سال 1403 بود', expected: 'سال ۱۴۰۳ بود', digits: 'persian' },
  { category: 'digits setting', input: 'قیمت 3.5 دلار', expected: 'قیمت ۳٫۵ دلار', digits: 'persian' },
  { category: 'digits setting', input: 'تعداد 1,000 نفر', expected: 'تعداد ۱٬۰۰۰ نفر', digits: 'persian' },
  { category: 'digits setting', input: 'ساعت 12:30 می رسم', expected: `ساعت ۱۲:۳۰ می${Z}رسم`, digits: 'persian' },
  { category: 'digits setting', input: '50% تخفیف', expected: '۵۰٪ تخفیف', digits: 'persian' },
  { category: 'digits setting', input: 'مدل IBM-96 را خریدم', expected: 'مدل IBM-96 را خریدم', digits: 'persian' },
  {
    category: 'digits setting',
    input: 'فایل report_2024.pdf را باز کن',
    expected: 'فایل report_2024.pdf را باز کن',
    digits: 'persian',
  },
  {
    category: 'digits setting',
    input: 'پایتون 3.12 نصب شد',
    expected: 'پایتون 3.12 نصب شد',
    digits: 'persian',
    why: 'a version',
  },
  {
    category: 'digits setting',
    input: 'نسخه 3.12 آمد',
    expected: 'نسخه 3.12 آمد',
    digits: 'persian',
    why: 'a version',
  },
  { category: 'digits setting', input: 'آی پی 192.168.1.1 است', expected: 'آی پی 192.168.1.1 است', digits: 'persian' },
  { category: 'digits setting', input: 'با Python 3.12 کار کن', expected: 'با Python 3.12 کار کن', digits: 'persian' },
  {
    category: 'digits setting',
    input: 'او نوشت: I have 3 cats.',
    expected: 'او نوشت: I have 3 cats.',
    digits: 'persian',
  },
  { category: 'digits setting', input: 'فایل mp3 از سال 2024', expected: 'فایل mp3 از سال ۲۰۲۴', digits: 'persian' },
  { category: 'digits setting', input: 'قیمت ۳٫۵ دلار و ١٢٣', expected: 'قیمت 3.5 دلار و 123', digits: 'latin' },
  { category: 'digits setting', input: 'ساعت 12:30 و ۱۴۰۳', expected: 'ساعت 12:30 و ۱۴۰۳', digits: 'keep' },

  // ── Latin, code, numbers and addresses are left alone in every mode
  {
    category: 'Latin, code, URLs',
    input: 'به https://example.com/a.b?x=1,2 سر بزنید.',
    expected: 'به https://example.com/a.b?x=1,2 سر بزنید.',
    digits: 'persian',
  },
  {
    category: 'Latin, code, URLs',
    input: 'نشانی www.sokhan.ir/help?q=1 است',
    expected: 'نشانی www.sokhan.ir/help?q=1 است',
    digits: 'persian',
  },
  { category: 'Latin, code, URLs', input: 'به sokhan.ir بروید', expected: 'به sokhan.ir بروید', why: 'a bare domain' },
  {
    category: 'Latin, code, URLs',
    input: 'ایمیل من ali.reza2@mail.co.ir است',
    expected: 'ایمیل من ali.reza2@mail.co.ir است',
    digits: 'persian',
  },
  { category: 'Latin, code, URLs', input: 'از Node.js استفاده کن', expected: 'از Node.js استفاده کن' },
  { category: 'Latin, code, URLs', input: 'عبارت a ? b : c را ببین', expected: 'عبارت a ? b : c را ببین' },
  { category: 'Latin, code, URLs', input: 'عدد pi حدود 3.14 است', expected: 'عدد pi حدود 3.14 است' },
  {
    category: 'Latin, code, URLs',
    input: 'I use Node.js, e.g. with React',
    expected: 'I use Node.js, e.g. with React',
    digits: 'persian',
  },
  { category: 'Latin, code, URLs', input: 'سلام :)', expected: 'سلام :)' },

  // ── the editor only runs on Persian text
  { category: 'language', input: 'This is a test , ok ?', expected: 'This is a test , ok ?' },
  { category: 'language', input: 'What?? "Really"...', expected: 'What?? "Really"...', digits: 'persian' },
  {
    category: 'language',
    input: 'کتاب ها را آوردم',
    expected: 'کتاب ها را آوردم',
    language: 'en',
    why: 'language setting is English',
  },
  {
    category: 'language',
    input: 'I bought 3 books in تهران today',
    expected: 'I bought 3 books in تهران today',
    digits: 'persian',
    why: 'an English sentence',
  },
];
