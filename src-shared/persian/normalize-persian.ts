import { toLatinDigits, toPersianDigits } from './digits';

export type DigitsMode = 'keep' | 'persian' | 'latin';

export interface NormalizeOptions {
  digits: DigitsMode;
}

/** An Arabic-script letter (Persian, Arabic); `\b` and `\w` know none of them. */
const AR = String.raw`(?:(?=\p{L})\p{sc=Arabic})`;
const WORD_CHAR = String.raw`[\p{L}\p{M}\p{Nd}]`;

// URLs and e-mail addresses are swapped for one private-use character while the rest is tidied, so no spacing or
// digit rule can touch them. Private-use characters already in the text are protected the same way.
const PROTECTED = new RegExp(
  [
    String.raw`(?:https?:\/\/|www\.)[^\s«»،؛؟"<>]+`,
    String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`,
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
 * Folds the look-alike characters Whisper and keyboards produce into the Persian ones. Deliberately left alone:
 * harakat and tanwin (اً is correct Persian), hamza forms (أ ئ ؤ ۀ and هٔ are both in use), ة in Arabic words,
 * ZWJ (emoji), and digits (a user choice).
 */
function foldCharacters(text: string): string {
  return (
    text
      // NFC first: it composes ي + ٔ into ئ, which must happen before ي becomes ی (ی + ٔ has no composed form).
      .normalize('NFC')
      .replace(/[\uFB50-\uFDFF\uFE80-\uFEFC]/g, (ch) => ch.normalize('NFKC'))
      // Isolated harakat forms decompose to space + mark; the space is an artefact.
      .replace(/[\uFE70-\uFE7F]/g, (ch) => ch.normalize('NFKC').trim())
      .replace(/[\u064A\u0649]/g, '\u06CC')
      .replace(/\u0643/g, '\u06A9')
      .replace(/\u0640/g, '')
      .replace(/[\u00AD\u200B\u2060\uFEFF]/g, '')
      .replace(/\r\n?/g, '\n')
      .replace(/[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
  );
}

/** "?" "," ";" written straight after Persian words are the Persian marks typed on a Latin layout. */
function persianizeLatinMarks(text: string): string {
  const map: Record<string, string> = { '?': '؟', ',': '،', ';': '؛' };
  const pattern = new RegExp(String.raw`(?<=${AR}[\p{M}\u200C]* *)[?,;](?=\s|$|${AR}|[!?؟.«»"])`, 'gu');
  return text.replace(pattern, (mark) => map[mark] ?? mark);
}

function tidyZwnj(text: string): string {
  return text
    .replace(/\u200C{2,}/g, '\u200C')
    .replace(new RegExp(String.raw`\u200C(?!${WORD_CHAR})`, 'gu'), '')
    .replace(new RegExp(String.raw`(?<!${WORD_CHAR})\u200C`, 'gu'), '');
}

const SPACE_BEFORE_FA_MARK = / +(?=[،؛؟])/g;
const SPACE_BEFORE_LATIN_MARK = new RegExp(String.raw`(?<=\S) +([.!:]+)(?=$|\s|${AR}|[.!:؟،؛»\]])`, 'gu');
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

function collapseSpaces(text: string): string {
  return text
    .replace(/ {2,}/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const LATIN_NUMBER = /[0-9\u0660-\u0669]+(?:[.,:/][0-9\u0660-\u0669]+)*/g;

function convertDigits(text: string, mode: DigitsMode): string {
  if (mode === 'keep') return text;
  if (mode === 'latin') {
    return toLatinDigits(text)
      .replace(/(?<=[0-9])\u066B(?=[0-9])/g, '.')
      .replace(/(?<=[0-9])\u066C(?=[0-9]{3})/g, ',');
  }
  return text.replace(LATIN_NUMBER, (number: string, offset: number, whole: string) => {
    // Digits glued to Latin letters are part of a Latin name (mp3, v1.2, 3D): converting them would garble it.
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + number.length] ?? '';
    if (/\p{sc=Latin}/u.test(before) || /\p{sc=Latin}/u.test(after)) return number;
    return toPersianDigits(number)
      .replace(/(?<=[۰-۹])\.(?=[۰-۹])/g, '\u066B')
      .replace(/(?<=[۰-۹]),(?=[۰-۹]{3}(?![۰-۹]))/g, '\u066C');
  });
}

/**
 * Normalises Persian text from a transcription API: Persian ی/ک, no kashida, tidy half-spaces (ZWNJ), Persian
 * punctuation spacing, single spaces, and the chosen digits ('keep' leaves them as given). URLs, e-mail addresses,
 * decimals (3.5), times (12:30) and Latin words are not broken.
 */
export function normalizePersian(text: string, options: NormalizeOptions = { digits: 'keep' }): string {
  const { text: guarded, spans } = protect(foldCharacters(text));
  let t = persianizeLatinMarks(guarded);
  t = tidyZwnj(t);
  t = spacePunctuation(t);
  t = collapseSpaces(t);
  t = convertDigits(t, options.digits);
  return restore(t, spans);
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
