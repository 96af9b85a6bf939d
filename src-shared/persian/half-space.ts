import { BARE_PRESENT, NOT_VERBS, PAST_ENDINGS, PAST_STEMS, PRESENT_ENDINGS, PRESENT_STEMS } from './verb-stems';

const ZWNJ = '\u200C';
/** Letters that never join the next one: a half-space after them is invisible and editors leave it out. */
const NON_JOINING = /[اآأإدذرزژوؤة]$/;
const ARABIC_LETTER = /(?=\p{L})\p{sc=Arabic}/u;

/** Short words that are never the stem of a suffix or the verb after می. */
const FUNCTION_WORDS = new Set(['و', 'به', 'از', 'را', 'که', 'در', 'با', 'تا', 'یا', 'هم', 'نه', 'چه', 'اگر', 'برای']);
/** Words ending in ه that are not nouns: `که ام` is no `که‌ام`. */
const HEH_FUNCTION_WORDS = new Set(['که', 'به', 'نه', 'چه']);
/** Before these, a separate می is the month (ماه می) or wine (جام می), not the verb prefix. */
const MI_IS_A_WORD_AFTER = new Set(['ماه', 'جام', 'ساغر', 'باده', 'پیمانه']);
/** After these nouns a separate تر means "wet" (لباس تر), not the comparative. */
const WET_NOUNS = new Set([
  'لباس',
  'چشم',
  'چشمان',
  'دست',
  'خاک',
  'زمین',
  'علف',
  'مو',
  'موی',
  'لب',
  'دامن',
  'جای',
  'هیزم',
  'نان',
]);

const PLURAL = ['ها', 'های', 'هایی', 'هایم', 'هایت', 'هایش', 'هایمان', 'هایتان', 'هایشان'];
const COMPARATIVE = ['تر', 'تری', 'ترین'];
/** Person and possessive endings written apart after a final ه (خسته‌ام، خانه‌ای، خانه‌اش). */
const AFTER_HEH = ['ام', 'ای', 'ات', 'اش', 'ایم', 'اید', 'اند', 'مان', 'تان', 'شان'];

const byLength = (list: string[]): string => [...list].sort((a, b) => b.length - a.length).join('|');
const WORD = String.raw`[\p{L}\p{M}\u200C]+`;
const END = String.raw`(?![\p{L}\p{M}\u200C])`;
const START = String.raw`(?<![\p{L}\p{M}\u200C])`;

const SPACED_SUFFIX = new RegExp(
  `${START}(${WORD}) (${byLength([...PLURAL, ...COMPARATIVE, ...AFTER_HEH])})${END}`,
  'gu',
);
const GLUED_HEH_PLURAL = new RegExp(String.raw`(?<=[\p{L}\p{M}])ه(${byLength(PLURAL)})${END}`, 'gu');
const SPACED_PREFIX = new RegExp(`${START}(ن?می) (${WORD})`, 'gu');
const GLUED_PREFIX = new RegExp(String.raw`${START}(ن?می)([\p{L}\p{M}]+)${END}`, 'gu');
const PREVIOUS_WORD = /([\p{L}\p{M}\u200C\p{Nd}]+)[^\S\n]*$/u;

/** Whether `rest` is a verb form after the prefix می: a known stem with a person ending (lexicon: verb-stems.ts). */
export function isVerbAfterMi(rest: string): boolean {
  if (BARE_PRESENT.has(rest)) return true;
  for (const ending of PAST_ENDINGS) {
    if (
      rest.length > ending.length &&
      rest.endsWith(ending) &&
      PAST_STEMS.has(rest.slice(0, rest.length - ending.length))
    )
      return true;
  }
  for (const ending of PRESENT_ENDINGS) {
    if (
      rest.length > ending.length &&
      rest.endsWith(ending) &&
      PRESENT_STEMS.has(rest.slice(0, rest.length - ending.length))
    )
      return true;
  }
  return false;
}

function joiner(word: string): string {
  return NON_JOINING.test(word) ? '' : ZWNJ;
}

function isPersianWord(word: string): boolean {
  return ARABIC_LETTER.test(word);
}

function joinSuffix(match: string, word: string, suffix: string): string {
  if (!isPersianWord(word) || FUNCTION_WORDS.has(word) || HEH_FUNCTION_WORDS.has(word)) return match;
  if (COMPARATIVE.includes(suffix) && WET_NOUNS.has(word)) return match;
  if (AFTER_HEH.includes(suffix) && !word.endsWith('ه')) return match;
  return word + joiner(word) + suffix;
}

function joinSpacedPrefix(match: string, prefix: string, verb: string, offset: number, whole: string): string {
  if (!isPersianWord(verb) || FUNCTION_WORDS.has(verb)) return match;
  if (prefix === 'می') {
    const before = PREVIOUS_WORD.exec(whole.slice(Math.max(0, offset - 20), offset))?.[1] ?? '';
    // «ماه می» is the month and «جام می» wine; after a day number («۱۵ می») only a known verb follows the prefix.
    if (MI_IS_A_WORD_AFTER.has(before)) return match;
    if (/^\p{Nd}+$/u.test(before) && !isVerbAfterMi(verb)) return match;
  }
  return `${prefix}${ZWNJ}${verb}`;
}

function splitGluedPrefix(match: string, prefix: string, rest: string): string {
  if (NOT_VERBS.has(match) || !isVerbAfterMi(rest)) return match;
  return `${prefix}${ZWNJ}${rest}`;
}

/**
 * Writes the half-spaces Persian wants: after می/نمی (a separate prefix always, a glued one when the rest is a known
 * verb), before ها/های/هایی/تر/تری/ترین, before ام/ای/اید/… after a final ه, and between ه and an attached ها.
 * After a letter that does not join (ا د ر ز و …) the suffix is attached without one.
 */
export function insertHalfSpaces(text: string): string {
  let t = text.replace(SPACED_PREFIX, joinSpacedPrefix).replace(GLUED_PREFIX, splitGluedPrefix);
  // Suffixes can stack (کتاب ها ی…): a match consumes its word, so join again until nothing changes.
  for (let pass = 0; pass < 3; pass += 1) {
    const joined = t.replace(SPACED_SUFFIX, joinSuffix);
    if (joined === t) break;
    t = joined;
  }
  return t.replace(GLUED_HEH_PLURAL, `ه${ZWNJ}$1`);
}
