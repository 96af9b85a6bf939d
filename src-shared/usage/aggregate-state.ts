import { addPacked, packRecord, unpack, zeroPacked, type Counter, type PackedCounter } from './counter';
import type { LedgerLegacyRecord, LedgerRecord, LedgerRequestRecord, ResetPeriod } from './ledger-record';
import { addDays, periodRange, type DayKey, type DayRange, type PeriodKind, type PeriodOptions } from './periods';

/** Where a reset zeroed a counter, and what that counter has gathered on the reset's own day since. */
export interface ResetMark {
  at: number;
  day: DayKey;
  /** Usage at or after `at` on `day` ('all': everywhere after `at`). */
  after: PackedCounter;
}

/** Running figures of a session still in progress (for the per-session warning). */
export interface SessionTally {
  first: number;
  last: number;
  requests: number;
  failed: number;
  costMicros: number;
  audioMs: number;
  ended: boolean;
}

/** Money held for a request in flight. */
export interface ReservationTally {
  at: number;
  day: DayKey;
  micros: number;
}

/**
 * The aggregates file: a fold of a prefix of the ledger. Any state written by any process is a consistent
 * fold of some prefix, so the last writer winning is always safe; a reader catches up from `ledger.size`.
 */
export interface AggregateState {
  version: typeof AGGREGATE_STATE_VERSION;
  /** Days are cut in this zone; a different zone means a rebuild. */
  timeZone: string;
  ledger: { size: number; lastId: string | null; records: number; skippedLines: number };
  /** Latest record time seen; pruning is relative to it so the fold stays deterministic. */
  maxAt: number;
  /** Raw usage per local day per model, for the last DAYS_KEPT days. */
  days: Record<DayKey, Record<string, PackedCounter>>;
  /** Raw all-time usage (resets do not touch it). */
  total: PackedCounter;
  marks: Partial<Record<ResetPeriod, ResetMark>>;
  /** Warning key → the ledger line that gave it first. */
  warned: Record<string, { id: string; at: number }>;
  sessions: Record<string, SessionTally>;
  /** In ledger order, which decides who gets the last of a budget. */
  reservations: Record<string, ReservationTally>;
}

/**
 * The aggregates file's shape. 2: counters gained the unknown-outcome fields. A store of an older version is not
 * damaged, only outdated: it is rebuilt from the ledger without a word to the person.
 */
export const AGGREGATE_STATE_VERSION = 2;

/** Days of per-day detail kept: a year of breakdowns plus the previous month for comparison. */
export const DAYS_KEPT = 400;
/** A reservation not released within this time is treated as abandoned (its process died). */
export const RESERVATION_TTL_MS = 10 * 60_000;
const SESSION_KEEP_MS = 48 * 3_600_000;
const WARNING_KEEP_MS = 70 * 86_400_000;

/** A state that has folded nothing. */
export function emptyAggregateState(timeZone: string): AggregateState {
  return {
    version: AGGREGATE_STATE_VERSION,
    timeZone,
    ledger: { size: 0, lastId: null, records: 0, skippedLines: 0 },
    maxAt: 0,
    days: {},
    total: zeroPacked(),
    marks: {},
    warned: {},
    sessions: {},
    reservations: {},
  };
}

function tally(state: AggregateState, sessionId: string, at: number): SessionTally {
  let s = state.sessions[sessionId];
  if (!s) {
    s = { first: at, last: at, requests: 0, failed: 0, costMicros: 0, audioMs: 0, ended: false };
    state.sessions[sessionId] = s;
  }
  s.first = Math.min(s.first, at);
  s.last = Math.max(s.last, at);
  return s;
}

/** Folds one ledger line into the state (in place). `dayOf` maps epoch ms to the local day. */
export function foldRecord(state: AggregateState, record: LedgerRecord, dayOf: (at: number) => DayKey): void {
  state.maxAt = Math.max(state.maxAt, record.at);
  state.ledger.records += 1;
  state.ledger.lastId = record.id;
  const usage = packRecord(record);
  if (usage) {
    const day = dayOf(record.at);
    // Only request and old-app lines carry usage (packRecord), and both name their model.
    const { model } = record as LedgerRequestRecord | LedgerLegacyRecord;
    state.days[day] ??= {};
    const perModel = state.days[day];
    perModel[model] ??= zeroPacked();
    addPacked(perModel[model], usage);
    addPacked(state.total, usage);
    for (const period of ['day', 'week', 'month'] as const) {
      const mark = state.marks[period];
      if (mark && mark.day === day && record.at >= mark.at) addPacked(mark.after, usage);
    }
    const all = state.marks.all;
    if (all && record.at >= all.at) addPacked(all.after, usage);
  }
  switch (record.kind) {
    case 'request': {
      const s = tally(state, record.sessionId, record.at);
      if (usage) {
        s.requests += usage[0];
        s.failed += usage[1];
        s.costMicros += usage[4];
        s.audioMs += usage[2];
      }
      if (record.reservationId) delete state.reservations[record.reservationId];
      break;
    }
    case 'session-start':
      tally(state, record.sessionId, record.at);
      break;
    case 'session':
      tally(state, record.sessionId, record.at).ended = true;
      break;
    case 'reset': {
      const periods: ResetPeriod[] = record.period === 'all' ? ['day', 'week', 'month', 'all'] : [record.period];
      for (const p of periods) {
        const old = state.marks[p];
        if (!old || record.at >= old.at) state.marks[p] = { at: record.at, day: dayOf(record.at), after: zeroPacked() };
      }
      break;
    }
    case 'warning':
      state.warned[record.key] ??= { id: record.id, at: record.at };
      break;
    case 'reservation':
      state.reservations[record.id] = { at: record.at, day: dayOf(record.at), micros: record.maxMicros };
      break;
    case 'release':
      delete state.reservations[record.reservationId];
      break;
    case 'legacy':
      break;
  }
}

/**
 * Drops detail no view needs any more, keeping the file small for a heavy user's year. Pruning is relative to the
 * latest record, but never to one dated after `now` (plus a day of clock slack): a record two years ahead — a wrong
 * clock, a bad import — must not prune away this month's spend and with it the budget.
 */
export function pruneState(
  state: AggregateState,
  dayOf: (at: number) => DayKey,
  now: number = Number.POSITIVE_INFINITY,
): void {
  const anchor = Math.min(state.maxAt, now + CLOCK_SLACK_MS);
  const oldestDay = addDays(dayOf(anchor), -DAYS_KEPT);
  for (const day of Object.keys(state.days)) if (day < oldestDay) delete state.days[day];
  for (const [id, s] of Object.entries(state.sessions))
    if (s.last < anchor - SESSION_KEEP_MS) delete state.sessions[id];
  for (const [id, r] of Object.entries(state.reservations))
    if (r.at < anchor - RESERVATION_TTL_MS) delete state.reservations[id];
  for (const [key, w] of Object.entries(state.warned)) if (w.at < anchor - WARNING_KEEP_MS) delete state.warned[key];
}

/** How far ahead of this machine's clock a record may be dated and still be trusted as "latest". */
const CLOCK_SLACK_MS = 86_400_000;

/** Raw usage over a range of days (resets ignored), optionally for one model. */
export function sumDays(state: AggregateState, range: DayRange, model?: string): PackedCounter {
  const sum = zeroPacked();
  // Walking the (at most DAYS_KEPT) stored days with string comparison beats building every date of the range.
  for (const d in state.days) {
    if (d < range.first || d > range.last) continue;
    const perModel = state.days[d];
    for (const m in perModel) if (model === undefined || m === model) addPacked(sum, perModel[m]);
  }
  return sum;
}

/** The counter for the period containing `today`, as the person sees it (zeroed from the last reset). */
export function periodCounter(
  state: AggregateState,
  kind: PeriodKind,
  today: DayKey,
  opts: Omit<PeriodOptions, 'timeZone'>,
): Counter {
  const range = periodRange(kind, today, opts);
  const mark = state.marks[kind];
  if (!mark || mark.day < range.first) return unpack(sumDays(state, range));
  if (mark.day > range.last) return unpack(zeroPacked());
  // The days after the reset's own day (none when it is the period's last day).
  const sum = sumDays(state, { first: addDays(mark.day, 1), last: range.last });
  addPacked(sum, mark.after);
  return unpack(sum);
}

/** The all-time counter as the person sees it (zeroed from the last reset-all). */
export function totalCounter(state: AggregateState): Counter {
  return unpack(state.marks.all ? state.marks.all.after : state.total);
}

/** Micro-dollars held by reservations still alive at `now` on the given days. */
export function reservedMicros(state: AggregateState, range: DayRange, now: number, upToId?: string): number {
  let sum = 0;
  for (const [id, r] of Object.entries(state.reservations)) {
    if (now - r.at < RESERVATION_TTL_MS && r.day >= range.first && r.day <= range.last) sum += r.micros;
    if (id === upToId) break;
  }
  return sum;
}
