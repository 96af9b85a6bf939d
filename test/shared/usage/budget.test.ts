import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  blockedMessage,
  budgetLimits,
  budgetRange,
  crossedThresholds,
  percentUsed,
  warningMessage,
  type BudgetConfig,
  type CrossedThreshold,
} from '../../../src-shared/usage/budget';

const budget: BudgetConfig = { dailyUsd: 1, monthlyUsd: 10, warnPercent: 80, sessionWarnUsd: 0.5, blockAtLimit: true };
const spending = (dayMicros: number, monthMicros = dayMicros, sessionMicros?: number) => ({
  dayKey: '2025-03-20',
  dayMicros,
  monthKey: '2025-03',
  monthMicros,
  ...(sessionMicros === undefined ? {} : { sessionId: 'sess-1', sessionMicros }),
});
const keys = (spent: ReturnType<typeof spending>, b: BudgetConfig = budget) =>
  crossedThresholds(spent, b).map((t) => t.key);

describe('budget limits as the person typed them', () => {
  it('become micro-dollars; no daily or monthly budget is null; a session warning of 0 is off', () => {
    expect(budgetLimits(budget)).toEqual({ daily: 1_000_000, monthly: 10_000_000, session: 500_000 });
    expect(budgetLimits({ ...budget, dailyUsd: null, monthlyUsd: null, sessionWarnUsd: 0 })).toEqual({
      daily: null,
      monthly: null,
      session: null,
    });
    // A budget of $0 is a budget: nothing may be spent.
    expect(budgetLimits({ ...budget, dailyUsd: 0, monthlyUsd: 0 })).toMatchObject({ daily: 0, monthly: 0 });
  });
});

describe('thresholds crossed', () => {
  it('none below the warning share', () => {
    expect(keys(spending(799_999, 7_999_999, 499_999))).toEqual([]);
  });

  it('the warning from exactly the warning share, the limit from exactly the limit, each once per period key', () => {
    expect(keys(spending(800_000, 0))).toEqual(['daily:warn:2025-03-20']);
    expect(keys(spending(1_000_000, 8_000_000))).toEqual([
      'daily:warn:2025-03-20',
      'daily:limit:2025-03-20',
      'monthly:warn:2025-03',
    ]);
    expect(keys(spending(0, 10_000_000))).toEqual(['monthly:warn:2025-03', 'monthly:limit:2025-03']);
  });

  it('carry what was spent and the limit it is measured against', () => {
    expect(crossedThresholds(spending(1_200_000, 0), budget)).toEqual([
      { key: 'daily:warn:2025-03-20', scope: 'daily', level: 'warn', spentMicros: 1_200_000, limitMicros: 1_000_000 },
      { key: 'daily:limit:2025-03-20', scope: 'daily', level: 'limit', spentMicros: 1_200_000, limitMicros: 1_000_000 },
    ]);
  });

  it('a warning share of 100 % or more gives no separate warning, only the limit', () => {
    expect(keys(spending(1_000_000, 0), { ...budget, warnPercent: 100 })).toEqual(['daily:limit:2025-03-20']);
    expect(keys(spending(999_999, 0), { ...budget, warnPercent: 99 })).toEqual(['daily:warn:2025-03-20']);
  });

  it('no budget set, nothing crossed however much is spent', () => {
    const none = { ...budget, dailyUsd: null, monthlyUsd: null, sessionWarnUsd: 0 };
    expect(keys(spending(1e12, 1e12, 1e12), none)).toEqual([]);
  });

  it('a session warns from its threshold on, once per session, and only when a session is running', () => {
    expect(keys(spending(0, 0, 500_000))).toEqual(['session:warn:sess-1']);
    expect(keys(spending(0, 0, 499_999))).toEqual([]);
    expect(crossedThresholds(spending(0, 0, 600_000), budget)).toEqual([
      { key: 'session:warn:sess-1', scope: 'session', level: 'warn', spentMicros: 600_000, limitMicros: 500_000 },
    ]);
    expect(keys({ ...spending(0, 0), sessionMicros: 900_000 })).toEqual([]);
    expect(keys({ ...spending(0, 0), sessionId: 'sess-2' })).toEqual([]);
    expect(keys(spending(0, 0, 900_000), { ...budget, sessionWarnUsd: 0 })).toEqual([]);
  });

  it('the limit is crossed exactly when spending reaches it, for any limit and spend (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 2_000_000_000 }),
        (cents, spent) => {
          const b = { ...budget, dailyUsd: cents / 100, monthlyUsd: null };
          const limited = keys(spending(spent, 0), b).includes('daily:limit:2025-03-20');
          return limited === spent >= cents * 10_000;
        },
      ),
    );
  });
});

describe('percent of a budget used', () => {
  it('rounds down so 100 % shows only when the limit is really reached', () => {
    expect(percentUsed(999_999, 1_000_000)).toBe(99);
    expect(percentUsed(1_000_000, 1_000_000)).toBe(100);
    expect(percentUsed(2_500_000, 1_000_000)).toBe(250);
    expect(percentUsed(0, 1_000_000)).toBe(0);
  });

  it('a budget of $0 reads 100 % once anything is spent, 0 % before', () => {
    expect(percentUsed(1, 0)).toBe(100);
    expect(percentUsed(0, 0)).toBe(0);
  });
});

describe('the sentence a person reads', () => {
  const crossed = (t: Partial<CrossedThreshold>): CrossedThreshold => ({
    key: 'k',
    scope: 'daily',
    level: 'warn',
    spentMicros: 850_000,
    limitMicros: 1_000_000,
    ...t,
  });

  it('a warning: the share used, what was spent of what, and where to raise the budget', () => {
    expect(warningMessage(crossed({}), true)).toEqual({
      fa: '۸۵٪ بودجهٔ روزانه مصرف شد: ۰٫۸۵۰۰ $ از ۱٫۰۰ $. برای ادامهٔ بیشتر، بودجه را در تنظیمات بالا ببرید.',
      en: '85% of your daily budget is used: $0.8500 of $1.00. Raise the budget in Settings if you need more.',
    });
    expect(
      warningMessage(crossed({ scope: 'monthly', spentMicros: 8_000_000, limitMicros: 10_000_000 }), false).en,
    ).toBe('80% of your monthly budget is used: $8.00 of $10.00. Raise the budget in Settings if you need more.');
  });

  it('the limit with "block at limit" on: audio is kept in the queue, not sent', () => {
    expect(warningMessage(crossed({ level: 'limit', spentMicros: 1_000_000 }), true)).toEqual({
      fa:
        'بودجهٔ روزانه تمام شد (۱٫۰۰ $ از ۱٫۰۰ $). صدای بعدی ارسال نمی‌شود و در صف می‌ماند؛ بودجه را بالا ببرید ' +
        'تا ارسال شود.',
      en:
        'Your daily budget is used up ($1.00 of $1.00). Further audio is kept in the queue, not sent; raise the ' +
        'budget to send it.',
    });
  });

  it('the limit with "block at limit" off: sending continues, and how to make it stop', () => {
    expect(
      warningMessage(
        crossed({ scope: 'monthly', level: 'limit', spentMicros: 10_500_000, limitMicros: 10_000_000 }),
        false,
      ),
    ).toEqual({
      fa:
        'بودجهٔ ماهانه تمام شد (۱۰٫۵۰ $ از ۱۰٫۰۰ $). ارسال ادامه دارد؛ برای توقف خودکار، «توقف در سقف بودجه» را ' +
        'روشن کنید.',
      en:
        'Your monthly budget is used up ($10.50 of $10.00). Sending continues; turn on "block at limit" to stop ' +
        'automatically.',
    });
  });

  it('a session: what it has cost so far against the threshold', () => {
    expect(warningMessage(crossed({ scope: 'session', spentMicros: 600_000, limitMicros: 500_000 }), true)).toEqual({
      fa: 'این جلسه تا اینجا ۰٫۶۰۰۰ $ هزینه داشته است (آستانهٔ هشدار: ۰٫۵۰۰۰ $). اگر لازم نیست، ضبط را متوقف کنید.',
      en: 'This session has cost $0.6000 so far (warning threshold $0.5000). Stop recording if you do not need more.',
    });
  });

  it('a refused send: which budget, spent or reserved of what, and that the audio waits in the queue', () => {
    expect(blockedMessage('monthly', 9_990_000, 10_000_000)).toEqual({
      fa:
        'ارسال نشد: بودجهٔ ماهانه اجازه نمی‌دهد (۹٫۹۹ $ از ۱۰٫۰۰ $ مصرف یا رزرو شده). صدا در صف نگه داشته شد؛ ' +
        'بودجه را بالا ببرید یا تا دورهٔ بعد صبر کنید.',
      en:
        'Not sent: your monthly budget would be exceeded ($9.99 of $10.00 spent or reserved). The audio is kept in ' +
        'the queue; raise the budget or wait for the next period.',
    });
    expect(blockedMessage('daily', 1, 2).en).toContain('your daily budget');
  });
});

describe('the days a budget counts', () => {
  it('its period and every day after it, so a record dated in the future still counts', () => {
    expect(budgetRange({ first: '2025-03-01', last: '2025-03-31' })).toEqual({
      first: '2025-03-01',
      last: '9999-12-31',
    });
  });
});
