import type { ApiUsage } from '../../src-shared/pricing/usage-types';

/** One upload: a complete WAV file plus the request options that matter for Persian dictation. */
export interface TranscriptionRequest {
  wav: Uint8Array;
  /** Duration of the audio in the file, for metering when the reply has no `usage`. */
  audioMs: number;
  /** ISO-639-1; always sent ('fa' by default). */
  language: string;
  /** The model to use; the client's own model when absent (a retried chunk keeps the model it was recorded with). */
  model?: string;
  /** Tail of the text already transcribed, for continuity; omitted when empty. */
  prompt?: string;
  signal?: AbortSignal;
}

export interface TranscriptionResult {
  text: string;
  usage?: ApiUsage;
  requestId?: string;
}

/** Stable codes for every way a request can fail; the UI and CLI map them to Persian/English text. */
export type TranscriptionErrorCode =
  | 'network' // connection refused/reset, DNS
  | 'timeout'
  | 'server' // 5xx
  | 'rate_limited' // 429 that is not about money
  | 'bad_key' // 401
  | 'region_blocked' // 403 unsupported_country_region_territory
  | 'permission_denied' // other 403
  | 'quota_exhausted' // 429 insufficient_quota / credit_balance_exhausted
  | 'too_large' // 413
  | 'too_short' // 400 audio too short
  | 'bad_request' // other 400/422
  | 'model_not_found' // 404
  | 'aborted'
  | 'unknown';

/** Anything that turns a WAV into text: the OpenAI client, or a fake in tests. Throws TranscriptionError. */
export interface Transcriber {
  transcribe(request: TranscriptionRequest): Promise<TranscriptionResult>;
}
