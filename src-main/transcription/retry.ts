import { MAX_RETRY_AFTER_MS, TranscriptionError, classifyTranscriptionError } from './transcription-error';
import type { Transcriber, TranscriptionRequest, TranscriptionResult } from './types';

export interface RetryOptions {
  /** Requests in total, the first one included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected so tests observe the waits instead of sitting through them. Must reject or return when signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Returns a number in [0, 1); injected so jitter is deterministic in tests. */
  random?: () => number;
  /**
   * Called after every failed request (each one is an HTTP request the ledger must record, uncharged); `willRetry`
   * says whether another request follows, so callers need not repeat the retry rule.
   */
  onFailedAttempt?: (error: TranscriptionError, attempt: number, willRetry: boolean) => void | Promise<void>;
  /**
   * Asked before each retry, after the wait: false stops here and the last error is thrown (the person pressed
   * Ctrl-C, or the attempt that failed may have been billed and the budget no longer covers another).
   */
  beforeRetry?: (error: TranscriptionError, attempt: number) => boolean | Promise<boolean>;
}

export interface RetryOutcome {
  result: TranscriptionResult;
  /** Requests made, the successful one included. */
  attempts: number;
}

/** The wait before retry number `attempt` (1 = after the first failure): the server's retry-after, else backoff. */
export function retryDelayMs(
  error: TranscriptionError,
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  if (error.retryAfterMs !== undefined) return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, error.retryAfterMs));
  const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  // Up to 25 % less, so clients that failed together do not all come back together.
  return Math.round(backoff * (1 - 0.25 * random()));
}

/** Waits `ms`; rejects with an aborted TranscriptionError as soon as `signal` fires. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new TranscriptionError('aborted', { retryable: false }));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new TranscriptionError('aborted', { retryable: false }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Sends one chunk, retrying network, timeout, 5xx and rate-limit failures with backoff; other errors throw at once. */
export async function transcribeWithRetry(
  transcriber: Transcriber,
  request: TranscriptionRequest,
  options: RetryOptions = {},
): Promise<RetryOutcome> {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 8000;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be an integer ≥ 1');
  const { signal } = request;

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw withAttempts(new TranscriptionError('aborted', { retryable: false }), attempt - 1);
    let error: TranscriptionError;
    try {
      const result = await transcriber.transcribe(request);
      return { result, attempts: attempt };
    } catch (err) {
      error = classifyTranscriptionError(err);
    }
    const willRetry = error.retryable && attempt < maxAttempts;
    await options.onFailedAttempt?.(error, attempt, willRetry);
    if (!willRetry) throw withAttempts(error, attempt);

    const delay = retryDelayMs(error, attempt, baseDelayMs, maxDelayMs, random);
    try {
      await sleep(delay, signal);
    } catch (err) {
      throw withAttempts(classifyTranscriptionError(err), attempt);
    }
    if (options.beforeRetry && !(await options.beforeRetry(error, attempt))) throw withAttempts(error, attempt);
  }
}

function withAttempts(error: TranscriptionError, attempts: number): TranscriptionError {
  error.attempts = attempts;
  return error;
}
