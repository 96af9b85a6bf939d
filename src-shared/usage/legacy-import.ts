import type { LedgerLegacyRecord } from './ledger-record';
import { addDays, isDayKey, persianDate, type DayKey } from './periods';

/**
 * Reading the old Python app's `usage_data.json`. No real file was available, so the reader is tolerant by design.
 * Assumptions (documented for users in the import report):
 * - minutes may be numbers or numeric strings; per-day values may be a number or an object with
 *   `successful_minutes` / `minutes` / `total_minutes` / `seconds`;
 * - `daily_aggregate` is an object keyed by date, or a list of `{ date, minutes }`; dates are Gregorian
 *   (YYYY-MM-DD or YYYY/MM/DD) or Jalali (a year below 1700, e.g. 1403/02/12);
 * - `weekly_aggregate` is used only when there is no daily detail (else it would count the same minutes twice);
 * - the billed total is `successful_minutes` (else `total_minutes`); what the dated entries do not cover becomes one
 *   undated record; `failed_attempts` are counted as failed requests, never charged;
 * - the old app only used whisper-1, so minutes are priced at whisper-1's price; the number of requests is unknown.
 */
export interface LegacySummary {
  datedMinutes: number;
  undatedMinutes: number;
  failedAttempts: number;
  days: number;
  costMicros: number;
  detail: 'daily' | 'weekly' | 'total-only';
}

export type LegacyResult =
  | { ok: true; records: LedgerLegacyRecord[]; summary: LegacySummary }
  | { ok: false; message: { fa: string; en: string } };

/** How legacy minutes are turned into ledger lines. */
export interface LegacyOptions {
  /** An instant inside the given local day (noon is used so time zone shifts keep the day). */
  dayToAt(day: DayKey): number;
  /** When only a total is known and there is no dated entry to place it at. */
  fallbackAt: number;
  /** Cost of that much audio on the model the old app used. */
  priceMicros(audioMs: number): number;
}

const LEGACY_MODEL = 'whisper-1';

function num(v: unknown): number | null {
  // Number.isFinite does not convert: only a real finite number passes.
  if (Number.isFinite(v)) return v as number;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v.trim()))) return Number(v.trim());
  return null;
}

function minutesOf(v: unknown): number | null {
  const direct = num(v);
  if (direct !== null) return direct;
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  for (const key of ['successful_minutes', 'minutes', 'total_minutes', 'duration_minutes']) {
    const m = num(o[key]);
    if (m !== null) return m;
  }
  const seconds = num(o.seconds ?? o.total_seconds ?? o.duration);
  return seconds === null ? null : seconds / 60;
}

function jalaliToGregorian(y: number, m: number, d: number): DayKey | null {
  // Jalali year Y starts near 21 March of Y + 621; then search a few days around the estimate.
  const estimate = new Date(Date.UTC(y + 621, 2, 21 + (m <= 6 ? (m - 1) * 31 : 186 + (m - 7) * 30) + d - 1))
    .toISOString()
    .slice(0, 10);
  for (let delta = -3; delta <= 3; delta++) {
    const day = addDays(estimate, delta);
    const [py, pm, pd] = persianDate(day);
    if (py === y && pm === m && pd === d) return day;
  }
  return null;
}

/** A date as the old app may have written it, as a Gregorian local day. */
export function legacyDay(text: string): DayKey | null {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(text.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // A month or day out of range never reads back as itself from the calendar, so jalaliToGregorian refuses it.
  if (y < 1700) return jalaliToGregorian(y, m, d);
  const day = `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
  return isDayKey(day) ? day : null;
}

function weekDay(text: string): DayKey | null {
  const iso = /^(\d{4})-?W(\d{1,2})$/i.exec(text.trim());
  if (!iso) return legacyDay(text);
  // ISO week 1 holds 4 January; its Monday is the start.
  const jan4 = `${iso[1]}-01-04`;
  const weekday = (new Date(`${jan4}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(jan4, -weekday + (Number(iso[2]) - 1) * 7);
}

function entries(value: unknown): Array<[string, unknown]> {
  if (Array.isArray(value)) {
    return value.flatMap((item): Array<[string, unknown]> => {
      if (typeof item !== 'object' || item === null) return [];
      const o = item as Record<string, unknown>;
      const date = o.date ?? o.day ?? o.week;
      return typeof date === 'string' ? [[date, item]] : [];
    });
  }
  return typeof value === 'object' && value !== null ? Object.entries(value) : [];
}

const NOT_LEGACY = {
  fa:
    'این پرونده شبیه پروندهٔ کارکرد نسخهٔ قدیمی (usage_data.json) نیست. مسیر درست را بدهید، معمولاً ' +
    '~/.sokhan_negar/usage_data.json.',
  en:
    'This file does not look like the old app’s meter (usage_data.json). Give the right path, usually ' +
    '~/.sokhan_negar/usage_data.json.',
};

/** Turns the old meter's JSON into ledger lines with stable ids, so importing twice changes nothing. */
export function readLegacyMeter(data: unknown, opts: LegacyOptions): LegacyResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, message: NOT_LEGACY };
  const o = data as Record<string, unknown>;
  const known = ['total_minutes', 'successful_minutes', 'failed_attempts', 'daily_aggregate', 'weekly_aggregate'];
  if (!known.some((k) => k in o)) return { ok: false, message: NOT_LEGACY };

  const byDay = new Map<DayKey, number>();
  let detail: LegacySummary['detail'] = 'total-only';
  for (const [field, toDay] of [
    ['daily_aggregate', legacyDay],
    ['weekly_aggregate', weekDay],
  ] as const) {
    if (byDay.size > 0) break;
    for (const [key, value] of entries(o[field])) {
      const day = toDay(key);
      const minutes = minutesOf(value);
      if (day === null || minutes === null || minutes <= 0) continue;
      byDay.set(day, (byDay.get(day) ?? 0) + minutes);
      detail = field === 'daily_aggregate' ? 'daily' : 'weekly';
    }
  }
  const line = (id: string, at: number, day: DayKey | null, minutes: number, failed: number): LedgerLegacyRecord => {
    const audioMs = Math.round(minutes * 60_000);
    return {
      kind: 'legacy',
      id,
      at,
      day,
      model: LEGACY_MODEL,
      audioMs,
      billedSeconds: audioMs / 1000,
      costMicros: audioMs > 0 ? opts.priceMicros(audioMs) : 0,
      failedRequests: failed,
      source: 'legacy',
    };
  };
  const days = [...byDay.keys()].sort();
  const records = days.map((day) => line(`legacy-${day}`, opts.dayToAt(day), day, byDay.get(day) ?? 0, 0));
  const datedMinutes = days.reduce((s, d) => s + (byDay.get(d) ?? 0), 0);
  const total = num(o.successful_minutes) ?? num(o.total_minutes) ?? 0;
  // A tiny float difference between the total and the per-day sum is rounding in the old app, not usage.
  const undatedMinutes = total - datedMinutes > 0.01 ? total - datedMinutes : 0;
  const failedAttempts = Math.max(0, Math.round(num(o.failed_attempts) ?? 0));
  if (undatedMinutes > 0 || failedAttempts > 0) {
    const at = days.length > 0 ? opts.dayToAt(days[0]) : opts.fallbackAt;
    records.push(line('legacy-undated', at, null, undatedMinutes, failedAttempts));
  }
  return {
    ok: true,
    records,
    summary: {
      datedMinutes,
      undatedMinutes,
      failedAttempts,
      days: days.length,
      costMicros: records.reduce((s, r) => s + r.costMicros, 0),
      detail,
    },
  };
}
