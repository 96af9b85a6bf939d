import { foldLetters } from './normalize-persian';

/**
 * How a phrase is recognised and how sure we are that nobody dictated it:
 * - 'outro': whole-text matches of sign-off lines from videos (thanks for watching, subscribe) and a lone "you".
 *   People do not dictate these, so a chunk with little speech that yields one was invented.
 * - 'credit': subtitle credits, matched as a prefix ("زیرنویس توسط <name>") when the text is short.
 * - 'short': words a person genuinely says ("ممنون", "Thank you", "you"). Dropped only when the chunk held almost no
 *   speech, because a real "ممنون" said on its own carries about half a second of voice or more.
 */
export type HallucinationKind = 'outro' | 'credit' | 'short';

export interface HallucinationPhrase {
  text: string;
  kind: HallucinationKind;
}

/** Below this much detected speech a chunk has "little speech": outros and credits in it are invented. */
export const LITTLE_SPEECH_MS = 2500;
/** Below this much detected speech a chunk is essentially silent: even a lone "ممنون" or "you" is invented. */
export const NO_SPEECH_MS = 400;
/** A credit line longer than this many words is probably real speech that starts the same way. */
const MAX_CREDIT_WORDS = 10;

/** What Whisper and its successors are known to produce on silence, noise or a breath (data, not code). */
export const SILENCE_HALLUCINATIONS: readonly HallucinationPhrase[] = [
  ...[
    // A lone "you" is Whisper's classic invention; nobody dictates it on its own.
    'you',
    'thanks for watching',
    'thank you for watching',
    'thank you so much for watching',
    'thank you very much for watching',
    'thanks for watching and see you next time',
    'please subscribe',
    'please subscribe to my channel',
    'subscribe to my channel',
    'please like and subscribe',
    'like and subscribe',
    "don't forget to like and subscribe",
    'see you in the next video',
    'see you next time',
    'ممنون که تماشا کردید',
    'ممنون از تماشای شما',
    'ممنون از اینکه تماشا کردید',
    'ممنون که این ویدیو را تماشا کردید',
    'ممنون که این ویدئو را تماشا کردید',
    'ممنون که این ویدیو رو دیدید',
    'با تشکر از تماشای شما',
    'با تشکر از توجه شما',
    'متشکرم که تماشا کردید',
    'مرسی که تماشا کردید',
    'مرسی از تماشای شما',
    'لطفا سابسکرایب کنید',
    'لطفا کانال را سابسکرایب کنید',
    'لطفا کانال ما را سابسکرایب کنید',
    'سابسکرایب کنید',
    'کانال ما را سابسکرایب کنید',
    'لایک و سابسکرایب یادتون نره',
    'لایک و سابسکرایب فراموش نشه',
    'تا ویدیوی بعدی خدانگهدار',
    'در ویدیوی بعدی می‌بینمتون',
    'ممنون که گوش دادید',
    'ممنون از همراهی شما',
    'با تشکر از همراهی شما',
    'سپاس از تماشای شما',
    'سپاس که تماشا کردید',
    'ممنون که همراه ما بودید',
    'امیدوارم از این ویدیو لذت برده باشید',
    'امیدوارم لذت برده باشید',
    'کانال ما را دنبال کنید',
    'لطفا لایک کنید',
    'یادتون نره کانال رو سابسکرایب کنید',
    'ساب اسکرایب کنید',
    'thanks for listening',
    'thank you for listening',
    'i hope you enjoyed this video',
    'see you in the next one',
  ].map((text): HallucinationPhrase => ({ text, kind: 'outro' })),
  ...[
    'subtitles by',
    'subtitled by',
    'subtitles made by',
    'captions by',
    'transcribed by',
    'زیرنویس توسط',
    'زیرنویس از',
    'زیرنویس فارسی توسط',
    'زیرنویس فارسی از',
    'ترجمه و زیرنویس',
    'زیرنویس و ترجمه',
    'تهیه زیرنویس',
    'زیرنویس',
    'ترجمه و زیرنویس از',
    'ترجمه از',
    'مترجم',
    'transcription by',
  ].map((text): HallucinationPhrase => ({ text, kind: 'credit' })),
  ...[
    'thank you',
    'thanks',
    'thank you very much',
    'thank you so much',
    'bye',
    'bye bye',
    'ممنون',
    'ممنونم',
    'مرسی',
    'متشکرم',
    'سپاس',
    'سپاسگزارم',
    'خداحافظ',
    'خدانگهدار',
  ].map((text): HallucinationPhrase => ({ text, kind: 'short' })),
];

/** Lower-case letters and digits only: spacing, half-spaces, punctuation and harakat do not matter when matching. */
function compact(text: string): string {
  return foldLetters(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * What follows a credit's opening must look like a name ("زیرنویس توسط امیر حسینی"), not a question or a sentence
 * ("زیرنویس از کجا بیاورم؟"): no question mark, no question word, no common verb or verb with می.
 */
const QUESTION_AND_VERB_WORDS = [
  ...['کجا', 'چطور', 'چگونه', 'چرا', 'کی', 'چه', 'چی', 'آیا', 'را', 'رو', 'است', 'هست', 'نیست', 'بود', 'شد'],
  ...['کن', 'کنم', 'کنیم', 'بده', 'بگیرم', 'بیاورم', 'پیدا', 'می', 'نمی'],
  ...['how', 'where', 'why', 'what', 'is', 'are', 'do', 'can'],
];
const NOT_A_NAME = new RegExp(
  String.raw`[?؟]|(?<![\p{L}\p{M}])(?:${QUESTION_AND_VERB_WORDS.join('|')})(?![\p{L}\p{M}])` +
    String.raw`|(?<![\p{L}\p{M}])ن?می[\u200C ]?\p{L}`,
  'u',
);

const COMPACT_PHRASES = SILENCE_HALLUCINATIONS.map((phrase) => ({ ...phrase, key: compact(phrase.text) }));

/** True when `whole` is `unit` said one or more times (Whisper often repeats its invention). */
function isRepeatOf(whole: string, unit: string): boolean {
  if (unit === '' || whole.length % unit.length !== 0) return false;
  return unit.repeat(whole.length / unit.length) === whole;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/**
 * Whether a chunk's text is something Whisper invents on (near-)silence rather than what was said. The rule:
 * text with no letters or digits (dots, ♪, a bracketed "[Music]") is always dropped; an outro, a subtitle credit,
 * or an Amara.org mention is dropped when the chunk had less than LITTLE_SPEECH_MS of speech; a short everyday word
 * ("ممنون", "you", "Thank you") only when it had less than NO_SPEECH_MS, so a person who says "ممنون" keeps it.
 */
export function isSilenceHallucination(
  text: string,
  { speechMs, audioMs }: { speechMs: number; audioMs: number },
): boolean {
  const speech = Math.max(0, Math.min(speechMs, audioMs));
  const stripped = foldLetters(text).replace(/\s+/g, ' ').trim();
  const key = compact(stripped);
  if (key === '') return true;
  if (/^[[(（*♪][^\])）]*[\])）*♪]$/u.test(stripped)) return speech < LITTLE_SPEECH_MS;
  for (const phrase of COMPACT_PHRASES) {
    if (phrase.kind === 'credit') {
      if (
        key.startsWith(phrase.key) &&
        wordCount(stripped) <= MAX_CREDIT_WORDS &&
        speech < LITTLE_SPEECH_MS &&
        !NOT_A_NAME.test(stripped)
      ) {
        return true;
      }
      continue;
    }
    if (!isRepeatOf(key, phrase.key)) continue;
    const limit = phrase.kind === 'outro' ? LITTLE_SPEECH_MS : NO_SPEECH_MS;
    if (speech < limit) return true;
  }
  return key.includes('amaraorg') && speech < LITTLE_SPEECH_MS;
}
