import type { BilingualMessage } from '../bilingual';
import { isLedgerRecord, type LedgerRecord } from './ledger-record';

/**
 * Records may be dated this far ahead of this machine's clock (clocks drift); further is a wrong clock or a forgery.
 */
const FUTURE_SLACK_MS = 5 * 60_000;
/** Nothing the app metered predates this (2020-01-01). */
const EARLIEST_AT = Date.UTC(2020, 0, 1);
/** One request carries at most ~13 min of 16 kHz audio (25 MB); three hours is already impossible. */
const MAX_REQUEST_AUDIO_MS = 3 * 3_600_000;
/** No single request costs $1 000. */
const MAX_REQUEST_MICROS = 1_000_000_000;
/** The old app's totals: ten years of audio and $1 000 000 bound anything real. */
const MAX_LEGACY_AUDIO_MS = 10 * 365 * 86_400_000;
const MAX_LEGACY_MICROS = 1_000_000_000_000;

/** A number from 0 to `max`; NaN and infinities fail the comparisons, so they are out of range too. */
const inRange = (value: unknown, max: number): boolean => typeof value === 'number' && value >= 0 && value <= max;

/**
 * Why an imported line cannot be trusted, or null when it can: numbers that are negative, not numbers or absurd,
 * and dates before the app existed or after now. One such line is enough to refuse a whole file, since a meter fed
 * a forged or broken line would show (and enforce budgets on) wrong money.
 */
export function importProblem(candidate: unknown, now: number): { fa: string; en: string } | null {
  if (!isLedgerRecord(candidate)) return { fa: 'ساختار رکورد درست نیست', en: 'the record is malformed' };
  const record: LedgerRecord = candidate;
  if (record.at < EARLIEST_AT) return { fa: 'تاریخ آن پیش از ۲۰۲۰ است', en: 'it is dated before 2020' };
  if (record.at > now + FUTURE_SLACK_MS) return { fa: 'تاریخ آن در آینده است', en: 'it is dated in the future' };
  if (record.kind === 'request') {
    if (!inRange(record.audioMs, MAX_REQUEST_AUDIO_MS) || !inRange(record.billedSeconds, MAX_REQUEST_AUDIO_MS / 1000)) {
      return { fa: 'مدت صدای آن منفی یا نامعقول است', en: 'its audio duration is negative or absurd' };
    }
    if (!inRange(record.costMicros, MAX_REQUEST_MICROS))
      return { fa: 'هزینهٔ آن منفی یا نامعقول است', en: 'its cost is negative or absurd' };
  }
  if (record.kind === 'legacy') {
    if (!inRange(record.audioMs, MAX_LEGACY_AUDIO_MS) || !inRange(record.billedSeconds, MAX_LEGACY_AUDIO_MS / 1000)) {
      return { fa: 'مدت صدای آن منفی یا نامعقول است', en: 'its audio duration is negative or absurd' };
    }
    if (!inRange(record.costMicros, MAX_LEGACY_MICROS) || !inRange(record.failedRequests, 1e9)) {
      return { fa: 'هزینه یا شمار آن منفی یا نامعقول است', en: 'its cost or count is negative or absurd' };
    }
  }
  if (
    record.kind === 'session' &&
    (!inRange(record.costMicros, MAX_LEGACY_MICROS) || !inRange(record.audioSentMs, MAX_LEGACY_AUDIO_MS))
  ) {
    return { fa: 'هزینه یا مدت آن منفی یا نامعقول است', en: 'its cost or duration is negative or absurd' };
  }
  return null;
}

/** The message a person sees when a file is refused: which line, what is wrong, and that nothing was imported. */
export function refusedImportMessage(line: number, problem: { fa: string; en: string }): BilingualMessage {
  return {
    fa: `ردیف ${line} پرونده پذیرفته نشد: ${problem.fa}. هیچ رکوردی از این پرونده وارد نشد؛ پرونده را بررسی کنید.`,
    en: `Line ${line} of the file was refused: ${problem.en}. Nothing from this file was imported; check the file.`,
  };
}
