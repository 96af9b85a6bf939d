import type { BilingualMessage } from '../../src-shared/bilingual';
import type { TranscriptionError } from '../transcription/transcription-error';

/** Gateway answers that mean the endpoint (or a proxy before it) is down, not that the request was wrong. */
const GATEWAY_DOWN = new Set([502, 503, 504]);

/**
 * True when a request failed (after its own retries) because the network or the endpoint is down: connection
 * refused or reset, DNS, a timeout, or 502/503/504. Such a chunk waits for the network instead of failing.
 */
export function isNetworkOutage(error: TranscriptionError): boolean {
  if (error.code === 'network' || error.code === 'timeout') return true;
  return error.code === 'server' && GATEWAY_DOWN.has(error.status ?? 0);
}

/**
 * What a session in the app asks before sending, and tells when the network fails: while the endpoint is known to be
 * down, new chunks go straight to the spool (no request each), and the resender alone probes for its return.
 */
export interface OutagePort {
  /** True while the endpoint is known to be unreachable. */
  isDown(): boolean;
  /** A chunk could not be sent because the network or the endpoint is down; it waits in the spool. */
  reportDown(): void;
}

export const WAITING_FOR_NETWORK_MESSAGE: BilingualMessage = {
  fa: 'در انتظار اتصال: سرویس تبدیل گفتار در دسترس نیست. صدا ذخیره شده و با برگشتن اتصال خودبه‌خود ارسال می‌شود.',
  en:
    'Waiting for the network: the transcription service cannot be reached. The audio is kept and will be ' +
    'sent by itself when the connection is back.',
};
