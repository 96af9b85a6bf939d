import type { BilingualMessage } from './bilingual';

/** The OpenAI endpoint used when the person has not set a base URL. */
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** True when a base URL points at OpenAI itself (where a request without a key can only fail). */
export function isOpenAiBaseUrl(baseUrl: string): boolean {
  return new URL(baseUrl).hostname === new URL(DEFAULT_OPENAI_BASE_URL).hostname;
}

// Hosts whose API does not live at `/v1` when the person pastes only the origin.
const BARE_ORIGIN_PATHS: Record<string, string> = {
  'api.groq.com': '/openai/v1',
};

/**
 * Turns what a person pastes as a base URL into what the SDK wants.
 *
 * - Empty → the OpenAI default.
 * - A pasted endpoint (`…/audio/transcriptions`) and trailing slashes are stripped; an explicit path such as `/v1`
 *   or a relay's own prefix is kept as given.
 * - A bare origin (`http://localhost:8000`) gets `/v1`, because OpenAI, speaches, LocalAI and whisper.cpp's
 *   `--inference-path /v1/audio/transcriptions` all serve there; Groq's origin gets `/openai/v1`.
 * - Query strings and fragments are dropped: the SDK appends paths to the base and they would end up in the middle.
 *
 * Throws an Error with a Persian + English message when the text is not an http(s) URL.
 */
export function normalizeBaseUrl(input: string | undefined): string {
  const text = (input ?? '').trim();
  if (text === '') return DEFAULT_OPENAI_BASE_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidBaseUrl(text);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidBaseUrl(text);

  let path = url.pathname.replace(/\/+$/, '');
  path = path.replace(/\/audio\/transcriptions$/i, '').replace(/\/+$/, '');
  if (path === '') path = BARE_ORIGIN_PATHS[url.hostname.toLowerCase()] ?? '/v1';
  return `${url.protocol}//${url.host}${path}`;
}

/** A base URL that is not an http(s) address; `bilingual` is what the person reads. */
export class InvalidBaseUrlError extends Error {
  readonly bilingual: BilingualMessage;

  constructor(text: string) {
    const bilingual = {
      fa:
        `نشانی پایه «${text}» معتبر نیست؛ نشانی کامل با http:// یا https:// وارد کنید (مثلاً ` +
        'https://api.openai.com/v1).',
      en:
        `The base URL "${text}" is not valid; enter a full http:// or https:// address (e.g. ` +
        'https://api.openai.com/v1).',
    };
    super(`${bilingual.fa} / ${bilingual.en}`);
    this.name = 'InvalidBaseUrlError';
    this.bilingual = bilingual;
  }
}

function invalidBaseUrl(text: string): Error {
  return new InvalidBaseUrlError(text);
}
