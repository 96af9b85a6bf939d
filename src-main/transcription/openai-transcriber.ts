import OpenAI, { toFile } from 'openai';
import type { ApiUsage } from '../../src-shared/pricing/usage-types';
import { isOpenAiBaseUrl, normalizeBaseUrl } from '../../src-shared/base-url';
import { TranscriptionError, classifyTranscriptionError } from './transcription-error';
import type { Transcriber, TranscriptionRequest, TranscriptionResult } from './types';

export { normalizeBaseUrl } from '../../src-shared/base-url';

/** The longest any one request may take, headers and body together, before it counts as a timeout. */
export const DEFAULT_TIMEOUT_MS = 90_000;

/**
 * How long a request for `audioMs` of audio may take: 15 s plus the audio's own length, at most DEFAULT_TIMEOUT_MS.
 * A 5-second chunk on a hung server is given up on after 20 s, not 90; a 30-second chunk (the longest the chunker
 * cuts) after 45 s, so a hung server is reported within a minute, while a slow upload of a long chunk still fits.
 */
export function requestTimeoutMs(audioMs: number): number {
  const scaled = 15_000 + Math.max(0, Math.round(audioMs));
  return Math.min(DEFAULT_TIMEOUT_MS, scaled);
}

// Local servers (whisper.cpp, speaches) ignore the key, but the SDK refuses to start without one.
const PLACEHOLDER_KEY = 'sokhan-no-key';

export interface OpenAiTranscriberOptions {
  apiKey: string;
  /** Any OpenAI-compatible base URL; normalised with normalizeBaseUrl. Default: api.openai.com/v1. */
  baseUrl?: string;
  model: string;
  /** A fixed deadline per request, or one per request from its audio length; default requestTimeoutMs. */
  timeoutMs?: number | ((audioMs: number) => number);
  /** Injected fetch (tests, proxies); defaults to the global one. */
  fetch?: typeof globalThis.fetch;
}

/** A Transcriber that uploads WAV chunks to an OpenAI-compatible `/audio/transcriptions` endpoint. */
export function createOpenAiTranscriber(options: OpenAiTranscriberOptions): Transcriber {
  const baseURL = normalizeBaseUrl(options.baseUrl);
  const timeoutFor =
    typeof options.timeoutMs === 'function' ? options.timeoutMs : (options.timeoutMs ?? requestTimeoutMs);
  if (typeof timeoutFor === 'number' && (!Number.isInteger(timeoutFor) || timeoutFor <= 0))
    throw new RangeError(`timeoutMs must be a positive integer`);
  const deadlineOf = (audioMs: number): number =>
    typeof timeoutFor === 'number' ? timeoutFor : Math.max(1, Math.round(timeoutFor(audioMs)));
  const key = options.apiKey.trim();
  const needsRealKey = isOpenAiBaseUrl(baseURL);
  const client = new OpenAI({
    apiKey: key || PLACEHOLDER_KEY,
    baseURL,
    maxRetries: 0,
    // The per-request deadline below is the one that counts; the SDK's is only a backstop.
    timeout: Math.max(DEFAULT_TIMEOUT_MS, typeof timeoutFor === 'number' ? timeoutFor : 0),
    // null stops the SDK from picking these up from the environment and sending them as headers.
    organization: null,
    project: null,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  return {
    async transcribe(request: TranscriptionRequest): Promise<TranscriptionResult> {
      if (!key && needsRealKey) {
        throw new TranscriptionError('bad_key', { retryable: false, detail: 'no API key configured' });
      }
      if (request.signal?.aborted) {
        throw new TranscriptionError('aborted', { retryable: false });
      }
      // The SDK's own timeout stops at the response headers; this deadline also covers a stalled body. One
      // controller per request, tied to the session's signal by a listener removed afterwards: Node 20's
      // AbortSignal.any keeps ~1.3 KB per call alive for as long as the session's signal lives (a slow leak over
      // an hour of dictation, measured by the window benchmark).
      const deadline = new AbortController();
      const timeoutMs = deadlineOf(request.audioMs);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        deadline.abort();
      }, timeoutMs);
      const cancel = () => deadline.abort();
      request.signal?.addEventListener('abort', cancel, { once: true });
      const signal = deadline.signal;
      try {
        const file = await toFile(request.wav, 'chunk.wav', { type: 'audio/wav' });
        const prompt = request.prompt?.trim() ? request.prompt : undefined;
        const { data, request_id } = await client.audio.transcriptions
          .create(
            {
              file,
              model: request.model ?? options.model,
              language: request.language,
              response_format: 'json',
              ...(prompt !== undefined ? { prompt } : {}),
            },
            { signal },
          )
          .withResponse();
        return toResult(data, request_id ?? undefined);
      } catch (err) {
        if (timedOut && !request.signal?.aborted) {
          throw new TranscriptionError('timeout', {
            retryable: true,
            detail: `no complete reply within ${timeoutMs} ms`,
            cause: err,
          });
        }
        throw withoutKey(classifyTranscriptionError(err), key);
      } finally {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', cancel);
      }
    },
  };
}

function toResult(data: unknown, requestId: string | undefined): TranscriptionResult {
  const body = data as { text?: unknown; usage?: unknown } | null;
  if (!body || typeof body !== 'object' || typeof body.text !== 'string') {
    // A 200 that is not a transcription usually means the base URL points at some other web server.
    throw new TranscriptionError('bad_request', {
      retryable: false,
      requestId,
      detail: `the reply was not a transcription (${describeShape(data)}); check the Base URL`,
    });
  }
  const usage = toApiUsage(body.usage);
  const result: TranscriptionResult = { text: body.text };
  if (usage) result.usage = usage;
  if (requestId) result.requestId = requestId;
  return result;
}

function describeShape(data: unknown): string {
  if (typeof data === 'string') return `text: ${data.slice(0, 60)}`;
  return typeof data;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Keeps `usage` only when it has the shape the meter can bill; anything else is dropped, not guessed. */
export function toApiUsage(raw: unknown): ApiUsage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const usage = raw as Record<string, unknown>;
  if (usage.type === 'duration' && isCount(usage.seconds)) return { type: 'duration', seconds: usage.seconds };
  if (
    usage.type === 'tokens' &&
    isCount(usage.input_tokens) &&
    isCount(usage.output_tokens) &&
    isCount(usage.total_tokens)
  ) {
    const tokens: ApiUsage = {
      type: 'tokens',
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      total_tokens: usage.total_tokens,
    };
    const details = usage.input_token_details as Record<string, unknown> | undefined;
    if (details && typeof details === 'object') {
      tokens.input_token_details = {
        ...(isCount(details.audio_tokens) ? { audio_tokens: details.audio_tokens } : {}),
        ...(isCount(details.text_tokens) ? { text_tokens: details.text_tokens } : {}),
      };
    }
    return tokens;
  }
  return undefined;
}

/** The same error with the exact key removed from its detail (a relay or proxy may echo it in an error body). */
function withoutKey(error: TranscriptionError, key: string): TranscriptionError {
  if (!key || !error.detail?.includes(key)) return error;
  return new TranscriptionError(error.code, {
    retryable: error.retryable,
    status: error.status,
    requestId: error.requestId,
    retryAfterMs: error.retryAfterMs,
    detail: error.detail,
    secrets: [key],
  });
}
