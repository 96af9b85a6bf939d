import { redactSecrets } from '../../src-shared/redact';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { TranscriptionErrorCode } from './types';

/** Longest wait a server may ask for; anything longer is treated as this (the person is waiting). */
export const MAX_RETRY_AFTER_MS = 60_000;

export interface TranscriptionErrorInit {
  /** Exact secrets (the API key) to remove from the detail. */
  secrets?: readonly string[];
  retryable: boolean;
  status?: number;
  requestId?: string;
  retryAfterMs?: number;
  /** What the server or the network library said, kept for logs and the details view. */
  detail?: string;
  cause?: unknown;
}

/** A failed transcription request, reduced to what the app acts on: a stable code and whether to retry. */
export class TranscriptionError extends Error {
  readonly code: TranscriptionErrorCode;
  readonly retryable: boolean;
  readonly status?: number;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  readonly detail?: string;
  /** How many requests were made before giving up; set by transcribeWithRetry. */
  attempts?: number;

  constructor(code: TranscriptionErrorCode, init: TranscriptionErrorInit) {
    const { en } = describeTranscriptionError(code);
    // Server bodies end up in messages, the spool and the terminal: a key they echo must not.
    const detail = init.detail === undefined ? undefined : redactSecrets(init.detail, init.secrets);
    super(
      detail ? `${en} (${detail})` : en,
      init.cause === undefined || detail !== init.detail ? undefined : { cause: init.cause },
    );
    this.name = 'TranscriptionError';
    this.code = code;
    this.retryable = init.retryable;
    if (init.status !== undefined) this.status = init.status;
    if (init.requestId) this.requestId = init.requestId;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (detail) this.detail = detail;
  }
}

const MESSAGES: Record<TranscriptionErrorCode, { fa: string; en: string }> = {
  network: {
    fa:
      'اتصال به سرویس تبدیل گفتار برقرار نشد. اینترنت، VPN یا پراکسی را بررسی کنید؛ صدا ذخیره شده و دوباره ' +
      'ارسال می‌شود.',
    en:
      'Could not reach the transcription service. Check your internet, VPN or proxy; the audio is kept and ' +
      'will be sent again.',
  },
  timeout: {
    fa: 'سرویس تبدیل گفتار به‌موقع پاسخ نداد. اتصال را بررسی کنید؛ صدا ذخیره شده و دوباره ارسال می‌شود.',
    en:
      'The transcription service did not answer in time. Check your connection; the audio is kept and will ' +
      'be sent again.',
  },
  server: {
    fa: 'سرور تبدیل گفتار خطا داد. کمی بعد دوباره تلاش کنید؛ صدا ذخیره شده است.',
    en: 'The transcription server had an error. Try again in a little while; the audio is kept.',
  },
  rate_limited: {
    fa: 'تعداد درخواست‌ها از حد مجاز گذشت. چند ثانیه صبر کنید تا دوباره ارسال شود.',
    en: 'Too many requests for now. Wait a few seconds and it will be sent again.',
  },
  bad_key: {
    fa: 'کلید API پذیرفته نشد. کلید را در تنظیمات (یا متغیر OPENAI_API_KEY) بررسی و دوباره وارد کنید.',
    en: 'The API key was rejected. Check the key in Settings (or the OPENAI_API_KEY variable) and enter it again.',
  },
  region_blocked: {
    fa:
      'OpenAI این سرویس را در کشور یا منطقه‌ی شما ارائه نمی‌کند. یک پراکسی HTTP تنظیم کنید (تنظیم proxyUrl ' +
      'یا متغیر HTTPS_PROXY) یا نشانی پایه (baseUrl) را روی یک سرویس سازگار با OpenAI بگذارید.',
    en:
      'OpenAI does not serve your country or region. Set an HTTP proxy (the proxyUrl setting or ' +
      'HTTPS_PROXY), or point baseUrl at an OpenAI-compatible endpoint.',
  },
  permission_denied: {
    fa:
      'این کلید اجازه‌ی استفاده از این مدل یا سرویس را ندارد. دسترسی‌های کلید یا پروژه را بررسی کنید یا مدل ' +
      'دیگری برگزینید.',
    en:
      'This key is not allowed to use this model or service. Check the key or project permissions, or ' +
      'choose another model.',
  },
  quota_exhausted: {
    fa:
      'اعتبار حساب API تمام شده است. در صفحه‌ی صورت‌حساب حساب خود اعتبار بیفزایید؛ صدا ذخیره شده و بعداً ' +
      'ارسال می‌شود.',
    en:
      'The API account is out of credit. Add credit on your account billing page; the audio is kept and can ' +
      'be sent later.',
  },
  too_large: {
    fa: 'فایل صوتی از حد ۲۵ مگابایت بزرگ‌تر است. قطعه‌های کوتاه‌تری ضبط کنید.',
    en: 'The audio file is larger than the 25 MB limit. Record shorter pieces.',
  },
  too_short: {
    fa: 'صدا کوتاه‌تر از ۰٫۱ ثانیه بود و ارسال نشد. کمی طولانی‌تر صحبت کنید.',
    en: 'The audio was shorter than 0.1 seconds and was not transcribed. Speak a little longer.',
  },
  bad_request: {
    fa: 'سرویس درخواست را نپذیرفت. نام مدل، زبان و نشانی پایه را در تنظیمات بررسی کنید.',
    en: 'The service rejected the request. Check the model name, language and Base URL in Settings.',
  },
  model_not_found: {
    fa: 'مدل یا نشانی پیدا نشد. نام مدل و نشانی پایه (Base URL) را در تنظیمات بررسی کنید.',
    en: 'The model or address was not found. Check the model name and the Base URL in Settings.',
  },
  aborted: {
    fa: 'ارسال لغو شد.',
    en: 'The upload was cancelled.',
  },
  unknown: {
    fa: 'خطای ناشناخته در تبدیل گفتار. دوباره تلاش کنید و اگر تکرار شد جزئیات خطا را گزارش دهید.',
    en: 'An unexpected transcription error occurred. Try again, and report the error details if it keeps happening.',
  },
};

/** One-line Persian and English text saying what went wrong and what the person can do. */
export function describeTranscriptionError(code: TranscriptionErrorCode): { fa: string; en: string } {
  return MESSAGES[code] ?? MESSAGES.unknown;
}

/** Reads `retry-after-ms`, then `retry-after` (seconds or an HTTP date); undefined when absent or unusable. */
export function parseRetryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return clampRetryAfter(value);
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? clampRetryAfter(seconds * 1000) : undefined;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return clampRetryAfter(Math.max(0, date - now));
}

function clampRetryAfter(ms: number): number {
  return Math.min(MAX_RETRY_AFTER_MS, Math.round(ms));
}

// OpenAI's rate-limit bodies say "Please try again in 1.2s" / "in 340ms"; relays often drop the headers.
function retryAfterFromMessage(message: string): number | undefined {
  const match = /try again in (\d+(?:\.\d+)?)\s*(ms|s)\b/i.exec(message);
  if (!match) return undefined;
  const value = Number(match[1]) * (match[2].toLowerCase() === 'ms' ? 1 : 1000);
  return clampRetryAfter(value);
}

function serverMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string') return body.message;
  return err.message;
}

function isAbortLike(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err instanceof APIUserAbortError);
}

function classifyStatus(err: APIError, status: number, now: number): TranscriptionError {
  const message = serverMessage(err);
  const code = typeof err.code === 'string' ? err.code : undefined;
  const type = typeof err.type === 'string' ? err.type : undefined;
  const base = {
    status,
    requestId: err.requestID ?? undefined,
    detail: `${status} ${message}`,
    cause: err,
  };
  const shouldRetryHeader = err.headers?.get('x-should-retry');

  if (status === 401) return new TranscriptionError('bad_key', { ...base, retryable: false });
  if (status === 403) {
    const region =
      code === 'unsupported_country_region_territory' || /country, region,? or territory not supported/i.test(message);
    return new TranscriptionError(region ? 'region_blocked' : 'permission_denied', { ...base, retryable: false });
  }
  if (status === 404) return new TranscriptionError('model_not_found', { ...base, retryable: false });
  if (status === 413) return new TranscriptionError('too_large', { ...base, retryable: false });
  if (status === 429) {
    const money = ['insufficient_quota', 'credit_balance_exhausted'];
    const quota =
      (code !== undefined && money.includes(code)) ||
      (type !== undefined && money.includes(type)) ||
      /exceeded your current quota/i.test(message);
    if (quota) return new TranscriptionError('quota_exhausted', { ...base, retryable: false });
    const retryAfterMs = parseRetryAfterMs(err.headers, now) ?? retryAfterFromMessage(message);
    return new TranscriptionError('rate_limited', { ...base, retryable: true, retryAfterMs });
  }
  if (status === 400 && (code === 'audio_too_short' || /too short/i.test(message))) {
    return new TranscriptionError('too_short', { ...base, retryable: false });
  }
  if (status === 408 || status === 409 || status >= 500) {
    const retryable = shouldRetryHeader !== 'false';
    const retryAfterMs = parseRetryAfterMs(err.headers, now);
    return new TranscriptionError(status === 408 ? 'timeout' : 'server', { ...base, retryable, retryAfterMs });
  }
  if (status >= 400) return new TranscriptionError('bad_request', { ...base, retryable: shouldRetryHeader === 'true' });
  return new TranscriptionError('unknown', { ...base, retryable: false });
}

/** Network failures that happen before a byte reaches the server: the request cannot have been billed. */
const NEVER_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ERR_INVALID_URL|proxy|tunnel/i;

/**
 * True when a failed request may still have been billed: it was sent and no answer came (our deadline passed, the
 * connection was cut after the upload, or it was cancelled in flight). Any HTTP answer is an answer, so never these.
 */
export function mayHaveBeenBilled(error: TranscriptionError): boolean {
  if (error.status !== undefined) return false;
  if (error.code === 'timeout' || error.code === 'aborted') return true;
  return error.code === 'network' && !NEVER_SENT.test(error.detail ?? '');
}

/** Maps anything a transcription call can throw (openai SDK errors, fetch errors, aborts) to a TranscriptionError. */
export function classifyTranscriptionError(err: unknown, now: number = Date.now()): TranscriptionError {
  if (err instanceof TranscriptionError) return err;
  // Timeout is a subclass of connection error, so it must be checked first.
  if (err instanceof APIConnectionTimeoutError) {
    return new TranscriptionError('timeout', { retryable: true, detail: err.message, cause: err });
  }
  if (isAbortLike(err)) {
    return new TranscriptionError('aborted', { retryable: false, detail: (err as Error).message, cause: err });
  }
  if (err instanceof APIConnectionError) {
    const cause = (err as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? describeCause(cause) : '';
    const detail = causeText ? `${err.message} ${causeText}` : err.message;
    return new TranscriptionError('network', { retryable: true, detail, cause: err });
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    return classifyStatus(err, err.status, now);
  }
  if (err instanceof TypeError && /fetch failed|network|socket/i.test(err.message)) {
    return new TranscriptionError('network', { retryable: true, detail: describeCause(err), cause: err });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new TranscriptionError('unknown', { retryable: false, detail, cause: err });
}

// undici hides the useful part (ECONNRESET, ECONNREFUSED, "other side closed") one or two causes down.
function describeCause(err: Error): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${current.message} [${code}]` : current.message);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(' ← ');
}
