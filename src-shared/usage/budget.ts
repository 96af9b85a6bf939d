import { formatUsd, usdToMicros } from '../money';
import { toPersianDigits } from '../persian/digits';
import type { BudgetSettings } from '../settings/settings-schema';

/** The budget part of the settings, as the meter needs it (dollars as people typed them). */
export type BudgetConfig = BudgetSettings;

export type WarningScope = 'daily' | 'monthly' | 'session';
export type WarningLevel = 'warn' | 'limit';

/** A threshold crossed; shown as a banner / tray state / notification in the app and on stderr by the CLI. */
export interface BudgetWarning {
  scope: WarningScope;
  level: WarningLevel;
  spentMicros: number;
  limitMicros: number;
  message: { fa: string; en: string };
}

/** A crossed threshold plus the key that makes it once-per-period. */
export interface CrossedThreshold {
  key: string;
  scope: WarningScope;
  level: WarningLevel;
  spentMicros: number;
  limitMicros: number;
}

/** What has been spent, and the period keys it belongs to. */
export interface SpendingNow {
  dayKey: string;
  dayMicros: number;
  monthKey: string;
  monthMicros: number;
  sessionId?: string;
  sessionMicros?: number;
}

/** Budget limits in micro-dollars; null when the person set none. */
export function budgetLimits(budget: BudgetConfig): {
  daily: number | null;
  monthly: number | null;
  session: number | null;
} {
  return {
    daily: budget.dailyUsd === null ? null : usdToMicros(budget.dailyUsd),
    monthly: budget.monthlyUsd === null ? null : usdToMicros(budget.monthlyUsd),
    session: budget.sessionWarnUsd > 0 ? usdToMicros(budget.sessionWarnUsd) : null,
  };
}

/** Every threshold at or past which spending now stands (callers keep only those not warned yet). */
export function crossedThresholds(spent: SpendingNow, budget: BudgetConfig): CrossedThreshold[] {
  const limits = budgetLimits(budget);
  const out: CrossedThreshold[] = [];
  const check = (scope: 'daily' | 'monthly', periodKey: string, micros: number, limit: number | null) => {
    if (limit === null) return;
    // Integer cross-multiplication: no float percentages near the threshold.
    if (micros * 100 >= limit * budget.warnPercent && budget.warnPercent < 100) {
      out.push({ key: `${scope}:warn:${periodKey}`, scope, level: 'warn', spentMicros: micros, limitMicros: limit });
    }
    if (micros >= limit)
      out.push({ key: `${scope}:limit:${periodKey}`, scope, level: 'limit', spentMicros: micros, limitMicros: limit });
  };
  check('daily', spent.dayKey, spent.dayMicros, limits.daily);
  check('monthly', spent.monthKey, spent.monthMicros, limits.monthly);
  if (limits.session !== null && spent.sessionId !== undefined && (spent.sessionMicros ?? 0) >= limits.session) {
    out.push({
      key: `session:warn:${spent.sessionId}`,
      scope: 'session',
      level: 'warn',
      spentMicros: spent.sessionMicros ?? 0,
      limitMicros: limits.session,
    });
  }
  return out;
}

const SCOPE_TEXT = {
  daily: { fa: 'بودجهٔ روزانه', en: 'daily budget' },
  monthly: { fa: 'بودجهٔ ماهانه', en: 'monthly budget' },
} as const;

/** Percent of a limit, rounded down so "100 %" appears only when the limit is really reached. */
export function percentUsed(spentMicros: number, limitMicros: number): number {
  if (limitMicros <= 0) return spentMicros > 0 ? 100 : 0;
  return Math.floor((spentMicros * 100) / limitMicros);
}

/** The sentence a person reads for a crossed threshold, in Persian and English. */
export function warningMessage(t: CrossedThreshold, blockAtLimit: boolean): { fa: string; en: string } {
  const spentFa = formatUsd(t.spentMicros, 'fa');
  const limitFa = formatUsd(t.limitMicros, 'fa');
  const spentEn = formatUsd(t.spentMicros, 'en');
  const limitEn = formatUsd(t.limitMicros, 'en');
  if (t.scope === 'session') {
    return {
      fa: `این جلسه تا اینجا ${spentFa} هزینه داشته است (آستانهٔ هشدار: ${limitFa}). اگر لازم نیست، ضبط را متوقف کنید.`,
      en:
        `This session has cost ${spentEn} so far (warning threshold ${limitEn}). Stop recording if you do ` +
        'not need more.',
    };
  }
  const scope = SCOPE_TEXT[t.scope];
  const pct = percentUsed(t.spentMicros, t.limitMicros);
  if (t.level === 'warn') {
    return {
      fa:
        `${toPersianDigits(String(pct))}٪ ${scope.fa} مصرف شد: ${spentFa} از ${limitFa}. برای ادامهٔ بیشتر، ` +
        'بودجه را در تنظیمات بالا ببرید.',
      en:
        `${pct}% of your ${scope.en} is used: ${spentEn} of ${limitEn}. Raise the budget in Settings if you ` +
        'need more.',
    };
  }
  return blockAtLimit
    ? {
        fa:
          `${scope.fa} تمام شد (${spentFa} از ${limitFa}). صدای بعدی ارسال نمی‌شود و در صف می‌ماند؛ بودجه ` +
          'را بالا ببرید تا ارسال شود.',
        en:
          `Your ${scope.en} is used up (${spentEn} of ${limitEn}). Further audio is kept in the queue, not ` +
          'sent; raise the budget to send it.',
      }
    : {
        fa:
          `${scope.fa} تمام شد (${spentFa} از ${limitFa}). ارسال ادامه دارد؛ برای توقف خودکار، «توقف در سقف ` +
          'بودجه» را روشن کنید.',
        en:
          `Your ${scope.en} is used up (${spentEn} of ${limitEn}). Sending continues; turn on "block at ` +
          'limit" to stop automatically.',
      };
}

/** The refusal shown when "block at limit" keeps a chunk from being sent. */
export function blockedMessage(
  scope: 'daily' | 'monthly',
  spentMicros: number,
  limitMicros: number,
): { fa: string; en: string } {
  const s = SCOPE_TEXT[scope];
  return {
    fa:
      `ارسال نشد: ${s.fa} اجازه نمی‌دهد (${formatUsd(spentMicros, 'fa')} از ${formatUsd(limitMicros, 'fa')} ` +
      'مصرف یا رزرو شده). صدا در صف نگه داشته شد؛ بودجه را بالا ببرید یا تا دورهٔ بعد صبر کنید.',
    en:
      `Not sent: your ${s.en} would be exceeded (${formatUsd(spentMicros, 'en')} of ` +
      `${formatUsd(limitMicros, 'en')} spent or reserved). The audio is kept in the queue; raise the budget ` +
      'or wait for the next period.',
  };
}

/** Later than any real day: the open end of a budget's range. */
const LAST_DAY = '9999-12-31';

/**
 * The days whose spend counts against a budget for the period starting at `first`: the period itself and any day
 * after it. Spend dated after today (the clock was set back, a record came from a machine ahead in time) still
 * counts, so no date on a record can lift a hard limit.
 */
export function budgetRange(range: { first: string; last: string }): { first: string; last: string } {
  return { first: range.first, last: LAST_DAY };
}
