import OpenAI from 'openai';
import type { KeyCheckView } from '../../src-shared/app-contract/views';
import { isOpenAiBaseUrl, normalizeBaseUrl } from '../../src-shared/base-url';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { transcriptionFetch } from '../transcription/proxy';
import { classifyTranscriptionError, describeTranscriptionError } from '../transcription/transcription-error';

/** Long enough for a slow proxy, short enough that the person is not left waiting. */
const CHECK_TIMEOUT_MS = 15_000;

export interface KeyCheckOptions {
  apiKey: string;
  baseUrl: string;
  proxyUrl: string;
  env: Record<string, string | undefined>;
}

const OK: BilingualMessage = {
  fa: 'کلید پذیرفته شد و سرویس در دسترس است. این آزمایش هزینه‌ای نداشت (فقط فهرست مدل‌ها خوانده شد).',
  en: 'The key was accepted and the service is reachable. This check cost nothing (it only read the list of models).',
};

const NO_KEY: BilingualMessage = {
  fa: 'کلیدی تنظیم نشده است. کلید را همین‌جا وارد کنید، یا OPENAI_API_KEY را تنظیم کنید و برنامه را دوباره باز کنید.',
  en: 'No key is set. Enter one here, or set OPENAI_API_KEY and start the app again.',
};

const NO_LIST: BilingualMessage = {
  fa: 'سرور پاسخ داد اما فهرست مدل‌ها را ندارد، پس کلید را نمی‌شد جدا آزمود؛ سرور در دسترس است.',
  en:
    'The server answered but has no list of models, so the key could not be checked on its own; the server ' +
    'is reachable.',
};

/**
 * Tests the key with the one free request the API has: listing the models (GET /models). No audio is sent and
 * nothing is billed. Goes through the same proxy the transcription requests use, and says in plain words what
 * went wrong: a bad key, a blocked region, no credit left, no connection.
 */
export async function checkApiKey(options: KeyCheckOptions): Promise<KeyCheckView> {
  const baseURL = normalizeBaseUrl(options.baseUrl);
  const key = options.apiKey.trim();
  const isOpenAi = isOpenAiBaseUrl(baseURL);
  if (key === '' && isOpenAi) return { ok: false, code: 'no_key', message: NO_KEY };
  const proxiedFetch = transcriptionFetch({ setting: options.proxyUrl, env: options.env });
  const client = new OpenAI({
    apiKey: key || 'not-needed',
    baseURL,
    maxRetries: 0,
    timeout: CHECK_TIMEOUT_MS,
    organization: null,
    project: null,
    ...(proxiedFetch ? { fetch: proxiedFetch } : {}),
  });
  try {
    await client.models.list();
    return { ok: true, code: 'ok', message: OK };
  } catch (error) {
    const classified = classifyTranscriptionError(error);
    // A compatible server without /models still answered: the address and proxy work.
    if (classified.code === 'model_not_found' && !isOpenAi) return { ok: true, code: 'reachable', message: NO_LIST };
    return { ok: false, code: classified.code, message: describeTranscriptionError(classified.code) };
  }
}
