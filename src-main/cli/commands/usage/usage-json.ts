import { microsToUsd } from '../../../../src-shared/money';
import type { Counter } from '../../../../src-shared/usage/counter';
import type { UsageSnapshot } from '../../../../src-shared/usage/views';

/** The `usage --json` counter shape. */
export interface CounterJson {
  requests: number;
  failedRequests: number;
  audioMs: number;
  billedSeconds: number;
  /** Charged, plus the estimate for requests of unknown outcome (what budgets count). */
  costUsd: number;
  /** Requests sent whose answer never came (timeout, cut connection, kill): maybe charged. */
  unknownRequests: number;
  /** The part of costUsd that is the estimate for those requests. */
  unknownCostUsd: number;
}

function counterJson(c: Counter): CounterJson {
  return {
    requests: c.requests,
    failedRequests: c.failedRequests,
    audioMs: c.audioMs,
    billedSeconds: c.billedSeconds,
    costUsd: microsToUsd(c.costMicros),
    unknownRequests: c.unknownRequests,
    unknownCostUsd: microsToUsd(c.unknownCostMicros),
  };
}

function standingJson(b: UsageSnapshot['budget']['daily']) {
  return (
    b && {
      limitUsd: microsToUsd(b.limitMicros),
      spentUsd: microsToUsd(b.spentMicros),
      reservedUsd: microsToUsd(b.reservedMicros),
      percentUsed: b.percentUsed,
    }
  );
}

/** The exact `usage --json` object: `{ today, week, month, total, budget, warnings }` (scripts depend on it). */
export function usageJson(s: UsageSnapshot) {
  return {
    today: counterJson(s.counters.today),
    week: counterJson(s.counters.week),
    month: counterJson(s.counters.month),
    total: counterJson(s.counters.total),
    budget: {
      daily: standingJson(s.budget.daily),
      monthly: standingJson(s.budget.monthly),
      warnPercent: s.budget.warnPercent,
      sessionWarnUsd: s.budget.sessionWarnMicros === null ? null : microsToUsd(s.budget.sessionWarnMicros),
      blockAtLimit: s.budget.blockAtLimit,
      forecast: {
        monthEndUsd: microsToUsd(s.forecast.monthEndMicros),
        dailyAverageUsd: microsToUsd(s.forecast.dailyAverageMicros),
        basisDays: s.forecast.basisDays,
      },
    },
    warnings: s.warnings.map((w) => ({
      scope: w.scope,
      level: w.level,
      spentUsd: microsToUsd(w.spentMicros),
      limitUsd: microsToUsd(w.limitMicros),
      message: w.message,
    })),
  };
}
