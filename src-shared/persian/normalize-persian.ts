import { toLatinDigits, toPersianDigits } from './digits';
import { insertHalfSpaces } from './half-space';

export type DigitsMode = 'keep' | 'persian' | 'latin';

export interface NormalizeOptions {
  digits: DigitsMode;
  /** The transcription language setting; the editor runs only for 'fa' (default 'fa'). */
  language?: string;
  /** false keeps the API's text exactly as it came ("raw"); default true. */
  edit?: boolean;
}

/** An Arabic-script letter (Persian, Arabic); `\b` and `\w` know none of them. */
const AR = String.raw`(?:(?=\p{L})\p{sc=Arabic})`;
const WORD_CHAR = String.raw`[\p{L}\p{M}\p{Nd}]`;
const LATIN_LETTER = String.raw`[A-Za-z\u00C0-\u024F]`;

// URLs, e-mail addresses, runs of Latin text (words, identifiers, file names, code) and dotted numbers with more
// than one dot (versions, IP addresses) are swapped for one private-use character while the rest is edited, so no
// Persian rule can touch them. Private-use characters already in the text are protected the same way.
const PROTECTED = new RegExp(
  [
    // Digits glued before an address belong to it, as they would to a Latin run (the result must not depend on them).
    String.raw`[0-9]*(?:https?:\/\/|www\.)[^\s«»،؛؟"<>]+`,
    String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`,
    // A Latin run starts at a Latin letter (or digits glued to one: 3D) and ends at the last Latin letter, digit, _
    // or / before Persian text, Persian punctuation or a line break: "Node.js, e.g. with React", "a ? b : c".
    String.raw`[0-9]*${LATIN_LETTER}(?:[^\p{sc=Arabic}«»\n\uE000-\uF8FF]*[A-Za-z0-9\u00C0-\u024F_/])?`,
    String.raw`[0-9]+(?:\.[0-9]+){2,}`,
    String.raw`[\uE000-\uF8FF]`,
  ].join('|'),
  'gu',
);
const PLACEHOLDER_BASE = 0xe000;

function protect(text: string): { text: string; spans: string[] } {
  const spans: string[] = [];
  const replaced = text.replace(PROTECTED, (match) => {
    // A URL at the end of a sentence does not own the full stop or bracket after it.
    const trail = /^[\uE000-\uF8FF]$/u.test(match) ? '' : (/[.,!?:;)\]]+$/.exec(match)?.[0] ?? '');
    const core = match.slice(0, match.length - trail.length);
    spans.push(core);
    return String.fromCharCode(PLACEHOLDER_BASE + spans.length - 1) + trail;
  });
  return { text: replaced, spans };
}

function restore(text: string, spans: string[]): string {
  if (spans.length === 0) return text;
  return text.replace(/[\uE000-\uF8FF]/g, (ch) => spans[ch.charCodeAt(0) - PLACEHOLDER_BASE] ?? ch);
}

/**
 * Folds the look-alike characters Whisper and keyboards produce into the Persian ones: Arabic yeh/kaf and their
 * Urdu, Pashto and Kurdish cousins, presentation forms, kashida, invisible characters, odd spaces; ۀ becomes هٔ.
 * Hamza forms (أ ئ ؤ) and ة stay: they are letters of Arabic loanwords.
 */
export function foldLetters(text: string): string {
  return (
    text
      // NFC first: it composes ي + ٔ into ئ, which must happen before ي becomes ی (ی + ٔ has no composed form).
      .normalize('NFC')
      .replace(/[\uFB50-\uFDFF\uFE80-\uFEFC]/g, (ch) => ch.normalize('NFKC'))
      // Isolated harakat forms decompose to space + mark; the space is an artefact.
      .replace(/[\uFE70-\uFE7F]/g, (ch) => ch.normalize('NFKC').trim())
      .replace(/[\u064A\u0649\u06CD\u06D0\u06D2]/g, '\u06CC')
      .replace(/[\u0643\u06AA]/g, '\u06A9')
      .replace(/[\u06BE\u06C1\u06D5]/g, '\u0647')
      .replace(/\u06C0|\u0647\u0653/g, '\u0647\u0654')
      .replace(/\u0640/g, '')
      .replace(/[\u00AD\u200B\u2060\uFEFF]/g, '')
      .replace(/\r\n?/g, '\n')
      .replace(/[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
      // Again: a new هٔ must put its marks in canonical order (ّ before ٔ), as the next edit would.
      .normalize('NFC')
  );
}

const HARAKAT = '\u064B-\u0652';

/** Tanvin and harakat: glued to their letter, never doubled, fathatan after the alef (واقعًا → واقعاً). */
const SPACE_BEFORE_HARAKA = new RegExp(String.raw`(?<=[\p{L}\p{M}])[ \u200C]+(?=[${HARAKAT}])`, 'gu');
const REPEATED_HARAKA = new RegExp(`([${HARAKAT}])\\1+`, 'g');

function tidyHarakat(text: string): string {
  return (
    text
      .replace(SPACE_BEFORE_HARAKA, '')
      // Marks that met once a space went must stand in canonical order (ً before ٔ), as NFC puts them.
      .normalize('NFC')
      .replace(REPEATED_HARAKA, '$1')
      .replace(/\u064B\u0627(?![\p{L}\p{M}])/gu, '\u0627\u064B')
  );
}

/** The ezafe after a final ه written as a separate ی or a hamza (خانه ی من، خانهء من) becomes هٔ. */
function writeEzafe(text: string): string {
  return text
    .replace(/(?<=\p{L}\p{M}*)\u0647[ \u200C]\u06CC(?![\p{L}\p{M}\u200C])/gu, '\u0647\u0654')
    .replace(/(?<=\p{L}\p{M}*)\u0647 ?\u0621(?![\p{L}\p{M}\u200C])/gu, '\u0647\u0654');
}

/** "?" "," ";" written straight after Persian words are the Persian marks typed on a Latin layout. */
const LATIN_MARK_AFTER_PERSIAN = new RegExp(String.raw`(?<=${AR}[\p{M}\u200C]* *)[?,;](?=\s|$|${AR}|[!?؟.«»"])`, 'gu');
const PERSIAN_MARK: Record<string, string> = { '?': '؟', ',': '،', ';': '؛' };

function persianizeLatinMarks(text: string): string {
  return text.replace(LATIN_MARK_AFTER_PERSIAN, (mark) => PERSIAN_MARK[mark] ?? mark);
}

/** Straight and curly quotes become «guillemets»; ... becomes …; ؟؟؟ and !!! become one mark. */
function persianMarks(text: string): string {
  return text
    .replace(/“([^”\n]*)”/g, '«$1»')
    .replace(/"([^"\n]+)"/g, '«$1»')
    .replace(/\.(?: *\.){2,}/g, '…')
    .replace(/…(?:[ \u200C]*…)+/g, '…')
    .replace(/[ \u200C]+…/g, '…')
    .replace(/…\u200C*(?=[\p{L}\p{N}«(])/gu, '… ')
    .replace(/؟(?: *[؟?])+/g, '؟')
    .replace(/!(?: *!)+/g, '!');
}

const ZWNJ_NOT_BEFORE_WORD = new RegExp(String.raw`\u200C(?!${WORD_CHAR})`, 'gu');
const ZWNJ_NOT_AFTER_WORD = new RegExp(String.raw`(?<!${WORD_CHAR})\u200C`, 'gu');

function tidyZwnj(text: string): string {
  if (!text.includes('\u200C')) return text;
  return text
    .replace(/\u200C{2,}/g, '\u200C')
    .replace(ZWNJ_NOT_BEFORE_WORD, '')
    .replace(ZWNJ_NOT_AFTER_WORD, '')
    .replace(/(?<=[اآأإدذرزژوؤة][\u064B-\u0652]*)\u200C/g, '');
}

const SPACE_BEFORE_FA_MARK = / +(?=[،؛؟])/g;
const SPACE_BEFORE_LATIN_MARK = new RegExp(String.raw`(?<=\S) +([.!:]+)(?=$|\s|${AR}|[.!:؟،؛«»\]])`, 'gu');
const NO_SPACE_AFTER_FA_MARK = /([،؛؟])(?=[^\s.!:؟،؛»)\]"'\u200C])/g;
const NO_SPACE_AFTER_LATIN_MARK = new RegExp(`([.!:]+)(?=${AR})`, 'gu');
const SINGLE_LETTER_BEFORE = new RegExp(String.raw`(?:^|[^\p{L}\p{M}])${AR}\p{M}*$`, 'u');

/** No space before ، ؛ ؟ . ! : and one after; «quotes» hug their text; brackets too. */
function spacePunctuation(text: string): string {
  let t = text.replace(SPACE_BEFORE_FA_MARK, '').replace(SPACE_BEFORE_LATIN_MARK, '$1');
  t = t.replace(NO_SPACE_AFTER_FA_MARK, (mark, _m: string, offset: number, whole: string) => {
    // ۱،۲ between digits is a number written with the Persian comma; leave it.
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + 1] ?? '';
    return mark === '،' && /\p{Nd}/u.test(before) && /\p{Nd}/u.test(after) ? mark : `${mark} `;
  });
  t = t.replace(NO_SPACE_AFTER_LATIN_MARK, (marks: string, _m: string, offset: number, whole: string) => {
    // Abbreviations like ق.ظ and ه.ش are single letters joined by dots; keep them together.
    if (marks === '.' && SINGLE_LETTER_BEFORE.test(whole.slice(Math.max(0, offset - 8), offset))) return marks;
    return `${marks} `;
  });
  t = t
    .replace(/« +/g, '«')
    .replace(/ +»/g, '»')
    .replace(/(?<=[\p{L}\p{M}\p{N}.!:،؛؟»)\]])«/gu, ' «')
    .replace(/»(?=[\p{L}\p{N}«(])/gu, '» ')
    .replace(/([([]) +/g, '$1')
    .replace(/ +([)\]])/g, '$1');
  return t;
}

/** A number and the word after it are two words (۵کتاب → ۵ کتاب), except an ordinal ending (۲۰ام). */
const NUMBER_THEN_WORD = new RegExp(String.raw`(?<=\p{Nd})(?=${AR})(?!(?:ام|امین|م|مین)(?![\p{L}\p{M}]))`, 'gu');

function spaceAfterNumbers(text: string): string {
  return text.replace(NUMBER_THEN_WORD, ' ');
}

function collapseSpaces(text: string): string {
  return text
    .replace(/ {2,}/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const LATIN_NUMBER = /[0-9]+(?:[.,:/][0-9]+)*/g;
/** A dotted number after these words is a version (نسخه 3.12), not a decimal: it stays as written. */
const VERSION_WORDS = /(?:نسخه|نسخهٔ|ورژن|ویرایش|پایتون|اندروید|ویندوز|لینوکس|نود|جاوا|مک)\s*$/u;

function convertDigits(text: string, mode: DigitsMode): string {
  // Arabic-Indic digits are never what a Persian writer wants: Persian ones in every mode but 'latin'.
  if (mode === 'latin') {
    return toLatinDigits(text)
      .replace(/(?<=[0-9])\u066B(?=[0-9])/g, '.')
      .replace(/(?<=[0-9])\u066C(?=[0-9]{3})/g, ',');
  }
  const persian = text.replace(/[\u0660-\u0669]/g, (d) => toPersianDigits(d));
  if (mode === 'keep') return persian;
  return persian.replace(LATIN_NUMBER, (number: string, offset: number, whole: string) => {
    if (number.includes('.') && VERSION_WORDS.test(whole.slice(Math.max(0, offset - 12), offset))) return number;
    return toPersianDigits(number)
      .replace(/(?<=[۰-۹])\.(?=[۰-۹])/g, '\u066B')
      .replace(/(?<=[۰-۹]),(?=[۰-۹]{3}(?![۰-۹]))/g, '\u066C');
  });
}

/** With Persian digits the percent sign is the Persian ٪ and hugs its number; Latin digits keep %. */
function percentSign(text: string): string {
  return text.replace(/(?<=[۰-۹]) *[%٪]/g, '٪').replace(/(?<=[0-9]) +%/g, '%');
}

const PERSIAN_WORD = new RegExp(AR, 'u');
const LATIN_WORD = new RegExp(LATIN_LETTER);

/** Persian text is what the editor edits: some Persian letters or digits, and not more Latin words than Persian. */
export function isPersianText(text: string): boolean {
  if (!/[\p{sc=Arabic}]/u.test(text)) return false;
  let persian = 0;
  let latin = 0;
  for (const word of text.replace(PROTECTED_ADDRESSES, ' ').split(/\s+/)) {
    if (PERSIAN_WORD.test(word)) persian += 1;
    else if (LATIN_WORD.test(word)) latin += 1;
  }
  return persian >= latin;
}

const PROTECTED_ADDRESSES =
  /(?:https?:\/\/|www\.)\S+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/**
 * The Persian editor: writes a transcript the way a careful editor would. Letters folded (ی ک ه, no kashida,
 * هٔ for the ezafe), harakat tidied, half-spaces where Persian wants them (half-space.ts), Persian punctuation and
 * its spacing, «quotes», …, Persian digits from Arabic-Indic ones, and the chosen digits ('keep' leaves Latin ones).
 * URLs, e-mail addresses, Latin words, code, versions and IP addresses are not touched. Text that is not Persian,
 * a language setting other than fa, or `edit: false` leaves the text exactly as it came.
 */
export function normalizePersian(text: string, options: NormalizeOptions = { digits: 'keep' }): string {
  if (options.edit === false || (options.language ?? 'fa') !== 'fa' || !isPersianText(text)) return text;
  // One pass settles Persian text. Where Latin text or an address is glued to Persian letters or digits, its edges
  // can move once the digits around it change; passes repeat until nothing moves, so the editor stays idempotent.
  let { text: edited, protectedSpans: glued } = editOnce(text, options.digits);
  for (let pass = 0; pass < 2 && glued > 0; pass += 1) {
    const again = editOnce(edited, options.digits);
    if (again.text === edited) break;
    edited = again.text;
    glued = again.protectedSpans;
  }
  return edited;
}

const GLUED_PLACEHOLDER = /[\p{L}\p{M}\p{N}\u200C\uE000-\uF8FF][\uE000-\uF8FF]|[\uE000-\uF8FF][\p{L}\p{M}\p{N}\u200C]/u;

function editOnce(text: string, digits: DigitsMode): { text: string; protectedSpans: number } {
  // protectedSpans counts only when a protected span is glued to a word: the one case a second pass can change.
  const { text: guarded, spans } = protect(foldLetters(text));
  let t = tidyZwnj(tidyHarakat(guarded)).replace(/ {2,}/g, ' ');
  t = writeEzafe(t);
  t = persianizeLatinMarks(t);
  t = persianMarks(t);
  t = insertHalfSpaces(t);
  t = tidyZwnj(t);
  t = spacePunctuation(t);
  t = collapseSpaces(t);
  t = convertDigits(t, digits);
  t = spaceAfterNumbers(t);
  t = percentSign(t);
  return { text: restore(t, spans), protectedSpans: GLUED_PLACEHOLDER.test(t) ? spans.length : 0 };
}

/** Joins chunk transcripts with one space between them, none doubled and none before punctuation. */
export function joinTranscriptParts(parts: string[]): string {
  const joined = parts
    .map((part) => part.replace(/^[\s\u200C]+|[\s\u200C]+$/g, ''))
    .filter((part) => part !== '')
    .join(' ');
  return joined
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +(?=[،؛؟»)\]])/g, '')
    .replace(SPACE_BEFORE_LATIN_MARK, '$1');
}

/**
 * The end of the transcript so far, at most `maxChars` long, starting at a word: the API prompt steers spelling
 * and continuity, and half a word would mislead it. Half-space (ZWNJ) joined words count as one word.
 */
export function promptTail(text: string, maxChars = 300): string {
  const trimmed = text.trim();
  if (trimmed.length <= maxChars) return trimmed;
  const start = trimmed.length - maxChars;
  const window = trimmed.slice(start);
  if (/\s/.test(trimmed[start - 1] ?? '')) return window.trim();
  const firstBreak = window.search(/\s/);
  return firstBreak === -1 ? '' : window.slice(firstBreak).trim();
}
