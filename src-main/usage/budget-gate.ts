import { usdToMicros } from '../../src-shared/money';
import { catalogueEntry } from '../../src-shared/pricing/catalogue';
import { reservedMicros, sumDays, type AggregateState } from '../../src-shared/usage/aggregate-state';
import {
  blockedMessage,
  budgetLimits,
  budgetRange,
  crossedThresholds,
  warningMessage,
  type BudgetConfig,
  type BudgetWarning,
} from '../../src-shared/usage/budget';
import { upperBoundMicros } from '../../src-shared/usage/estimate';
import type { LedgerWarningRecord, RecordSource } from '../../src-shared/usage/ledger-record';
import { periodKey, periodRange, type CalendarKind, type DayKey, type WeekStart } from '../../src-shared/usage/periods';
import type { LedgerMirror } from './ledger-mirror';
import { priceUnknownMessage } from './meter-notices';

/** The part of Settings the meter uses (passed in, so the meter never races the settings file). */
export interface UsageSettings {
  budget: BudgetConfig;
  weekStartsOn: WeekStart;
  calendar: CalendarKind;
  /** Price for models outside the catalogue, for budget estimates. */
  customPricePerMinuteUsd?: number | null;
}

export type AuthorizeResult =
  | { ok: true; reservationId: string }
  | { ok: false; code: 'daily_limit' | 'monthly_limit' | 'price_unknown'; message: { fa: string; en: string } };

export interface AuthorizeRequest {
  sessionId: string;
  model: string;
  audioMs: number;
  customMicrosPerMinute?: number | null;
}

/** What the budget checks read and write: the caught-up aggregates, the settings, the clock. */
export interface BudgetContext {
  mirror: LedgerMirror;
  settings: UsageSettings;
  now: () => number;
  dayOf: (at: number) => DayKey;
  source: RecordSource;
  newId: (prefix: string) => string;
  /** Reservations this process wrote to the ledger and has not released yet. */
  held: Set<string>;
}

type Limits = ReturnType<typeof budgetLimits>;
type Ranges = Record<'daily' | 'monthly', ReturnType<typeof budgetRange>>;

const calendarOf = (settings: UsageSettings) => ({ weekStartsOn: settings.weekStartsOn, calendar: settings.calendar });

/**
 * The gate before a request: refuses when the worst case of this request, with what is spent and held, would pass a
 * hard limit. The hold goes into the ledger so the other process counts it too; ledger order decides ties, so the
 * check runs again after the hold is written.
 */
export function authorizeRequest(ctx: BudgetContext, req: AuthorizeRequest): AuthorizeResult {
  const { budget } = ctx.settings;
  const limits = budgetLimits(budget);
  if (!budget.blockAtLimit || (limits.daily === null && limits.monthly === null)) {
    return { ok: true, reservationId: ctx.newId('free') };
  }
  const custom = customMicrosPerMinute(req, ctx.settings);
  // A hard limit cannot be kept with a price nobody knows: refuse rather than meter the audio as free.
  if (custom === null && catalogueEntry(req.model).billing.kind === 'custom') {
    return { ok: false, code: 'price_unknown', message: priceUnknownMessage(req.model) };
  }
  const estimate = upperBoundMicros(req.model, req.audioMs, custom ?? 0);
  const at = ctx.now();
  const ranges = budgetRanges(ctx.dayOf(at), ctx.settings);
  const early = refusal(ctx.mirror.state, limits, ranges, at, { estimate });
  if (early) return early;
  const id = ctx.newId('r');
  ctx.mirror.append([
    {
      kind: 'reservation',
      id,
      at,
      sessionId: req.sessionId,
      model: req.model,
      audioMs: req.audioMs,
      maxMicros: estimate,
      source: ctx.source,
    },
  ]);
  // Another process may have reserved in the meantime: count every hold written before ours.
  const late = refusal(ctx.mirror.state, limits, ranges, at, { upTo: id });
  if (late) {
    ctx.mirror.append([{ kind: 'release', id: ctx.newId('x'), at, reservationId: id, source: ctx.source }]);
    return late;
  }
  ctx.held.add(id);
  return { ok: true, reservationId: id };
}

/** The request's own price per minute, else the one in the settings; null when neither is known. */
function customMicrosPerMinute(req: AuthorizeRequest, settings: UsageSettings): number | null {
  if (req.customMicrosPerMinute !== undefined) return req.customMicrosPerMinute;
  const fromSettings = settings.customPricePerMinuteUsd;
  return fromSettings == null ? null : usdToMicros(fromSettings);
}

function budgetRanges(today: DayKey, settings: UsageSettings): Ranges {
  return {
    daily: budgetRange({ first: today, last: today }),
    monthly: budgetRange(periodRange('month', today, calendarOf(settings))),
  };
}

/**
 * Spent plus held in each scope against its limit. Before the hold is written, the request's own estimate is added
 * (`estimate`); after, the holds written up to and including ours are counted (`upTo`).
 */
function refusal(
  state: AggregateState,
  limits: Limits,
  ranges: Ranges,
  at: number,
  mine: { estimate: number } | { upTo: string },
): AuthorizeResult | null {
  for (const scope of ['daily', 'monthly'] as const) {
    const limit = limits[scope];
    if (limit === null) continue;
    const holding =
      'upTo' in mine
        ? reservedMicros(state, ranges[scope], at, mine.upTo)
        : reservedMicros(state, ranges[scope], at) + mine.estimate;
    const spent = sumDays(state, ranges[scope])[4];
    if (spent + holding > limit) {
      return {
        ok: false,
        code: scope === 'daily' ? 'daily_limit' : 'monthly_limit',
        message: blockedMessage(scope, spent + holding, limit),
      };
    }
  }
  return null;
}

/** Today's, this month's and the session's spend, as the warning thresholds compare them. */
function spendingNow(ctx: BudgetContext, at: number, sessionId?: string) {
  const { state } = ctx.mirror;
  const today = ctx.dayOf(at);
  const calendar = calendarOf(ctx.settings);
  return {
    dayKey: today,
    dayMicros: sumDays(state, budgetRange({ first: today, last: today }))[4],
    monthKey: periodKey('month', today, calendar),
    monthMicros: sumDays(state, budgetRange(periodRange('month', today, calendar)))[4],
    sessionId,
    sessionMicros: sessionId ? (state.sessions[sessionId]?.costMicros ?? 0) : undefined,
  };
}

/** Warning thresholds crossed since they were last written to the ledger; each is shown once, by one process. */
export function newWarnings(ctx: BudgetContext, sessionId?: string): BudgetWarning[] {
  const at = ctx.now();
  const { budget } = ctx.settings;
  const warned = () => ctx.mirror.state.warned;
  const fresh = crossedThresholds(spendingNow(ctx, at, sessionId), budget).filter((t) => !warned()[t.key]);
  const lines: LedgerWarningRecord[] = fresh.map((t) => ({
    kind: 'warning',
    id: ctx.newId('w'),
    at,
    source: ctx.source,
    ...t,
  }));
  ctx.mirror.append(lines);
  // Both processes may cross together; the first warning line in the ledger wins, so it is shown once.
  return fresh
    .filter((t, i) => warned()[t.key].id === lines[i].id)
    .map((t) => ({
      scope: t.scope,
      level: t.level,
      spentMicros: t.spentMicros,
      limitMicros: t.limitMicros,
      message: warningMessage(t, budget.blockAtLimit),
    }));
}
