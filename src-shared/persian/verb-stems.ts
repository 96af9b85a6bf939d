/**
 * Persian verb stems, as data: the lexicon that decides whether a word glued to می/نمی is a verb (`میگفت` →
 * `می‌گفت`) or a word that merely starts with those letters (`میدان`, `میز`, `میگو`). Our own list of common
 * verbs, in the spirit of hazm's verbs file (past#present pairs). A missing verb only means a glued form keeps its
 * spelling; a wrong entry could join a noun, so nouns that look like prefix + stem are listed as exceptions below.
 */

/** Irregular verbs as "past/present" stem pairs. */
const IRREGULAR = `
رفت/رو گفت/گوی کرد/کن زد/زن دید/بین آورد/آور برد/بر خورد/خور نوشت/نویس نشست/نشین گریست/گری فروخت/فروش
ساخت/ساز شناخت/شناس گذاشت/گذار گذشت/گذر گشت/گرد بست/بند ماند/مان افتاد/افت یافت/یاب سوخت/سوز شکست/شکن
ریخت/ریز پخت/پز دوخت/دوز پذیرفت/پذیر جست/جو شست/شوی خواست/خواه داد/ده نهاد/نه گرفت/گیر آمد/آی شد/شو
بود/باش داشت/دار آموخت/آموز شنید/شنو نمود/نمای گشود/گشای فرمود/فرمای ستود/ستای آزمود/آزمای سرود/سرای
افزود/افزای آراست/آرای پیمود/پیمای مرد/میر پنداشت/پندار انداخت/انداز تاخت/تاز باخت/باز نواخت/نواز
پرداخت/پرداز گداخت/گداز افروخت/افروز اندوخت/اندوز گریخت/گریز آمیخت/آمیز آویخت/آویز شکافت/شکاف بافت/باف
تافت/تاب خفت/خواب کوفت/کوب آشفت/آشوب کاشت/کار داشت/دار توانست/توان دانست/دان خواند/خوان راند/ران کشت/کش
شمرد/شمار سپرد/سپار آزرد/آزار فشرد/فشار گزید/گزین برید/بر چید/چین زدود/زدای فریفت/فریب گماشت/گمار
انگاشت/انگار نگاشت/نگار برافراشت/برافراز افراشت/افراز رست/ره جست/جه خاست/خیز نگریست/نگر شتافت/شتاب
بایست/باید آسود/آسای بخشود/بخشای زاد/زای کاست/کاه خراشید/خراش رسید/رس دوید/دو
`;

/** Regular verbs: the present stem; the past stem is it + ید (پرس → پرسید). */
const REGULAR = `
پرس خند ترس پوش فهم کش خر لرز کوب بخش پاش خواب نال پر کوش چرخ لغز جنب رقص بوس بوی چش پسند خشک
رنج طلب فرست کوچ گرد گز لیس مال نام ورز پیچ تراش جوش چسب خوابان رسان ترسان خندان دوان گردان نشان پوشان
چکان رویان سوزان فهمان کشان گریان لرزان رنجان جنبان پران چرخان خشکان دزد شور غلت قاپ کاو کوب گند لنگ
مک نوش هراس بلع تپ جه چاپ خروش درخش رقص ستیز شکوف غر فشان کوش نگر پژوه گوار
`;

/** Person endings after a present stem (می‌روم، می‌روی، می‌رود، …). */
export const PRESENT_ENDINGS = ['م', 'ی', 'د', 'یم', 'ید', 'ند'] as const;
/** Person endings after a past stem; the bare stem is the third person (می‌رفت). */
export const PAST_ENDINGS = ['', 'م', 'ی', 'یم', 'ید', 'ند'] as const;
/** Present stems that stand bare after می (impersonal: نمی‌توان گفت). */
export const BARE_PRESENT = new Set(['توان']);

/**
 * Words that look like می + a verb form but are not verbs: never split. Bare present stems are no verbs anyway
 * (میدان, میگو), so only forms with an ending or a past stem need listing.
 */
export const NOT_VERBS: ReadonlySet<string> = new Set(['میزان', 'میزبان', 'میهمان', 'میراث', 'میرزا']);

const words = (list: string): string[] => list.split(/\s+/).filter((word) => word !== '');

/** Past stems (رفت، پرسید). */
export const PAST_STEMS: ReadonlySet<string> = new Set([
  ...words(IRREGULAR).map((pair) => pair.split('/')[0] ?? ''),
  ...words(REGULAR).map((stem) => `${stem}ید`),
]);

/** Present stems (رو، پرس). */
export const PRESENT_STEMS: ReadonlySet<string> = new Set([
  ...words(IRREGULAR).map((pair) => pair.split('/')[1] ?? ''),
  ...words(REGULAR),
]);
