/**
 * Persian-aware search: a text and a query are both reduced to a "search key" in which every spelling variant a
 * person (or Whisper, or a keyboard layout) may produce is the same string. A query matches a text when the query's
 * key is inside the text's key. Pure: runs in the window and in the core alike.
 *
 * What is folded, and why:
 * - Arabic yeh ي, alef maksura ى and the Urdu/Pashto/Kurdish yehs → ی; Arabic kaf ك (and swash kaf) → ک: the Arabic
 *   keyboard layout and older texts write them.
 * - Heh forms ە ہ ھ → ه, and the ezafe on a final heh in any of its spellings (ۀ, هٔ, هء, ه‌ی, ه ی) → ه: «خانهٔ من»,
 *   «خانۀ من», «خانه‌ی من» and «خانه ی من» are one phrase.
 * - Harakat, tanvin, shadda, sukun, superscript alef and kashida are dropped: they are optional in Persian writing.
 * - Alef with hamza or madda (أ إ ٱ آ) → ا, ؤ → و, ئ → ی: «مسأله»/«مساله», «پائیز»/«پاییز», «آن»/«ان» are all
 *   written.
 * - Persian ۰–۹ and Arabic-Indic ٠–٩ digits → 0–9.
 * - Spaces, half-spaces (ZWNJ), joiners and punctuation are removed: «کتاب‌ها», «کتاب ها» and «کتابها» match.
 * - Latin letters are lower-cased (and NFKC folds full-width forms).
 */
export function searchKey(text: string): string {
  return (
    text
      .normalize('NFKC')
      // The ezafe spelled with a yeh after a final heh, before separators go: «خانه‌ی» / «خانه ی» → «خانه».
      // Only a lone ی after ZWNJ or a space counts (a glued «ماهی», fish, is a word of its own).
      .replace(/([هەہھ])[\u200C ][يیى](?![\p{L}\p{M}])/gu, '$1')
      .replace(/[\u064A\u0649\u06CC\u06CD\u06D0\u06D2]/g, '\u06CC')
      .replace(/[\u0643\u06AA\u06A9]/g, '\u06A9')
      .replace(/[\u06D5\u06C1\u06C2\u06BE\u06C0]/g, '\u0647')
      .replace(/[\u0623\u0625\u0671\u0622]/g, '\u0627')
      .replace(/\u0624/g, '\u0648')
      .replace(/\u0626/g, '\u06CC')
      // Harakat and tanvin (U+064B–065F), superscript alef (U+0670), the ezafe hamza (U+0654 in هٔ), kashida.
      .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
      // A hamza written after a final heh as a letter («خانهء») is the ezafe too.
      .replace(/\u0647\u0621(?![\p{L}\p{M}])/gu, '\u0647')
      .replace(/[\u06F0-\u06F9]/g, (d) => String.fromCharCode(48 + d.charCodeAt(0) - 0x06f0))
      .replace(/[\u0660-\u0669]/g, (d) => String.fromCharCode(48 + d.charCodeAt(0) - 0x0660))
      .toLowerCase()
      // Everything that is not a letter or a digit separates words, and word breaks are what spellings disagree on.
      .replace(/[^\p{L}\p{N}]+/gu, '')
  );
}

/** True when `query` (in any spelling variant) occurs in `text`; an empty query (or one of only spaces) matches all. */
export function matchesSearch(text: string, query: string): boolean {
  const needle = searchKey(query);
  return needle === '' || searchKey(text).includes(needle);
}
