import { CATALOGUE, estimateCostMicros } from '../pricing/catalogue';
import { addPacked, unpack, zeroPacked, type Counter, type PackedCounter } from './counter';
import { periodCounter, sumDays, totalCounter, reservedMicros, type AggregateState } from './aggregate-state';
import {
  budgetLimits,
  budgetRange,
  crossedThresholds,
  percentUsed,
  warningMessage,
  type BudgetConfig,
  type BudgetWarning,
} from './budget';
import type { LedgerRecord } from './ledger-record';
import {
  addDays,
  daysBetween,
  periodKey,
  periodRange,
  previousPeriodRange,
  type DayKey,
  type DayRange,
  type PeriodKind,
  type PeriodOptions,
} from './periods';

/** The four counters. */
export interface Counters {
  today: Counter;
  week: Counter;
  month: Counter;
  total: Counter;
}

/** One budget's standing. */
export interface BudgetStanding {
  limitMicros: number;
  spentMicros: number;
  /** Held by requests in flight (block at limit). */
  reservedMicros: number;
  percentUsed: number;
}

/** Everything the tray, the window and `sokhan usage` show at a glance. */
export interface UsageSnapshot {
  at: number;
  today: DayKey;
  counters: Counters;
  /** The full previous day / week / month, and the change of the current counter's cost against it. */
  previous: Record<PeriodKind, { counter: Counter; costChangePercent: number | null }>;
  budget: {
    daily: BudgetStanding | null;
    monthly: BudgetStanding | null;
    warnPercent: number;
    sessionWarnMicros: number | null;
    blockAtLimit: boolean;
  };
  forecast: { dailyAverageMicros: number; basisDays: number; monthEndMicros: number };
  /** Thresholds crossed in the current day / month (already announced once). */
  warnings: BudgetWarning[];
  resets: Partial<Record<'day' | 'week' | 'month' | 'all', number>>;
}

type Cal = Omit<PeriodOptions, 'timeZone'>;

/** Change in percent from `before` to `now`; null when there was nothing before. */
export function changePercent(now: number, before: number): number | null {
  if (before === 0) return null;
  return Math.round(((now - before) * 100) / before);
}

/** Per-day usage for the `days` days ending today (days without use included as zeros). */
export function usageByDay(state: AggregateState, today: DayKey, days: number): Array<{ day: DayKey; usage: Counter }> {
  const out: Array<{ day: DayKey; usage: Counter }> = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = addDays(today, -i);
    out.push({ day, usage: unpack(sumDays(state, { first: day, last: day })) });
  }
  return out;
}

/** Per-model usage over the `days` days ending today, most expensive first. */
export function usageByModel(
  state: AggregateState,
  today: DayKey,
  days: number,
): Array<{ model: string; usage: Counter }> {
  const sums = new Map<string, PackedCounter>();
  for (let i = 0; i < days; i++) {
    const perModel = state.days[addDays(today, -i)];
    if (!perModel) continue;
    for (const [model, p] of Object.entries(perModel)) {
      const s = sums.get(model) ?? zeroPacked();
      sums.set(model, s);
      addPacked(s, p);
    }
  }
  return [...sums.entries()]
    .map(([model, p]) => ({ model, usage: unpack(p) }))
    .sort((a, b) => b.usage.costMicros - a.usage.costMicros || a.model.localeCompare(b.model));
}

/**
 * Average daily cost over the last `window` days including today, counted from the first day with any use
 * so a new user's average is not diluted by days before they started.
 */
export function dailyAverage(state: AggregateState, today: DayKey, window: number): { micros: number; days: number } {
  const first = Object.keys(state.days).reduce<DayKey | null>((min, d) => (min === null || d < min ? d : min), null);
  if (first === null || first > today) return { micros: 0, days: 0 };
  const days = Math.min(window, daysBetween(first, today) + 1);
  const cost = sumDays(state, { first: addDays(today, 1 - days), last: today })[4];
  return { micros: Math.round(cost / days), days };
}

/** Spending so far this month plus the recent daily average for each day left. */
export function monthEndForecast(
  state: AggregateState,
  today: DayKey,
  cal: Cal,
  window = 14,
): UsageSnapshot['forecast'] {
  const month = periodRange('month', today, cal);
  const spent = sumDays(state, { first: month.first, last: today })[4];
  const avg = dailyAverage(state, today, window);
  return {
    dailyAverageMicros: avg.micros,
    basisDays: avg.days,
    monthEndMicros: spent + avg.micros * daysBetween(today, month.last),
  };
}

/** The full at-a-glance picture at `now`. */
export function usageSnapshot(
  state: AggregateState,
  now: number,
  today: DayKey,
  cal: Cal,
  budget: BudgetConfig,
): UsageSnapshot {
  const counters: Counters = {
    today: periodCounter(state, 'day', today, cal),
    week: periodCounter(state, 'week', today, cal),
    month: periodCounter(state, 'month', today, cal),
    total: totalCounter(state),
  };
  const previous = {} as UsageSnapshot['previous'];
  for (const kind of ['day', 'week', 'month'] as const) {
    const counter = unpack(sumDays(state, previousPeriodRange(kind, today, cal)));
    const current = kind === 'day' ? counters.today : counters[kind];
    previous[kind] = { counter, costChangePercent: changePercent(current.costMicros, counter.costMicros) };
  }
  const limits = budgetLimits(budget);
  // Budgets count spend dated after today too (see budgetRange): a wrong clock cannot lift a limit.
  const dayRange: DayRange = budgetRange({ first: today, last: today });
  const monthRange = budgetRange(periodRange('month', today, cal));
  const daySpent = sumDays(state, dayRange)[4];
  const monthSpent = sumDays(state, monthRange)[4];
  const standing = (limit: number | null, spent: number, range: DayRange): BudgetStanding | null =>
    limit === null
      ? null
      : {
          limitMicros: limit,
          spentMicros: spent,
          reservedMicros: reservedMicros(state, range, now),
          percentUsed: percentUsed(spent, limit),
        };
  const warnings = crossedThresholds(
    { dayKey: today, dayMicros: daySpent, monthKey: periodKey('month', today, cal), monthMicros: monthSpent },
    budget,
  ).map((t) => ({
    scope: t.scope,
    level: t.level,
    spentMicros: t.spentMicros,
    limitMicros: t.limitMicros,
    message: warningMessage(t, budget.blockAtLimit),
  }));
  const resets: UsageSnapshot['resets'] = {};
  for (const [period, mark] of Object.entries(state.marks)) if (mark) resets[period as keyof typeof resets] = mark.at;
  return {
    at: now,
    today,
    counters,
    previous,
    budget: {
      daily: standing(limits.daily, daySpent, dayRange),
      monthly: standing(limits.monthly, monthSpent, monthRange),
      warnPercent: budget.warnPercent,
      sessionWarnMicros: limits.session,
      blockAtLimit: budget.blockAtLimit,
    },
    forecast: monthEndForecast(state, today, cal),
    warnings,
    resets,
  };
}

/** What the charged audio in `records` would have cost on each catalogued model, priced request by request. */
export function costOnEachModel(
  records: readonly LedgerRecord[],
): Array<{ model: string; costMicros: number; changePercent: number | null }> {
  let actual = 0;
  const sent: number[] = [];
  for (const r of records) {
    if (r.kind === 'request' && r.outcome === 'ok') {
      actual += r.costMicros;
      sent.push(r.audioMs);
    } else if (r.kind === 'legacy') {
      actual += r.costMicros;
      sent.push(r.audioMs);
    }
  }
  return CATALOGUE.map((entry) => {
    let cost = 0;
    for (const ms of sent) cost += estimateCostMicros(entry.id, ms);
    return { model: entry.id, costMicros: cost, changePercent: changePercent(cost, actual) };
  }).sort((a, b) => a.costMicros - b.costMicros);
}

/** One session as the history view lists it. */
export interface SessionSummary {
  sessionId: string;
  startedAt: number;
  endedAt: number;
  requests: number;
  failedRequests: number;
  audioSentMs: number;
  /** What the microphone recorded (silence included); null when the dictation never ended cleanly. */
  audioRecordedMs: number | null;
  words: number | null;
  costMicros: number;
}

/** The `limit` most expensive sessions among `records`, from their request lines (and end summaries when present). */
export function mostExpensiveSessions(records: readonly LedgerRecord[], limit: number): SessionSummary[] {
  const byId = new Map<string, SessionSummary>();
  const get = (id: string, at: number) => {
    let s = byId.get(id);
    if (!s) {
      s = {
        sessionId: id,
        startedAt: at,
        endedAt: at,
        requests: 0,
        failedRequests: 0,
        audioSentMs: 0,
        audioRecordedMs: null,
        words: null,
        costMicros: 0,
      };
      byId.set(id, s);
    }
    s.startedAt = Math.min(s.startedAt, at);
    s.endedAt = Math.max(s.endedAt, at);
    return s;
  };
  for (const r of records) {
    if (r.kind === 'request' && r.outcome !== 'blocked') {
      const s = get(r.sessionId, r.at);
      s.requests += 1;
      if (r.outcome === 'ok') {
        s.costMicros += r.costMicros;
        s.audioSentMs += r.audioMs;
      } else if (r.outcome === 'unknown') {
        // Maybe charged: its estimate is part of what the session cost, as the counters and budgets count it.
        s.costMicros += r.costMicros;
      } else s.failedRequests += 1;
    } else if (r.kind === 'session') {
      const s = get(r.sessionId, r.at);
      s.startedAt = Math.min(s.startedAt, r.startedAt);
      s.audioRecordedMs = r.audioRecordedMs;
      s.words = r.words;
    }
  }
  return [...byId.values()].sort((a, b) => b.costMicros - a.costMicros).slice(0, limit);
}
