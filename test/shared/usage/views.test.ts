import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { emptyAggregateState, foldRecord } from '../../../src-shared/usage/aggregate-state';
import type { LedgerRecord, LedgerRequestRecord } from '../../../src-shared/usage/ledger-record';
import { createDayKeyer } from '../../../src-shared/usage/periods';
import {
  changePercent,
  costOnEachModel,
  dailyAverage,
  monthEndForecast,
  mostExpensiveSessions,
  usageByDay,
  usageByModel,
  usageSnapshot,
} from '../../../src-shared/usage/views';

const cal = { weekStartsOn: 'saturday', calendar: 'gregorian' } as const;
const budget = { dailyUsd: null, monthlyUsd: null, warnPercent: 80, sessionWarnUsd: 0, blockAtLimit: false };
const at = (month: number, d: number, h = 12) => Date.UTC(2025, month - 1, d, h);

function req(id: string, t: number, costMicros: number, more: Partial<LedgerRequestRecord> = {}): LedgerRequestRecord {
  return {
    kind: 'request',
    id,
    at: t,
    sessionId: 's',
    model: 'whisper-1',
    provider: 'openai',
    audioMs: 10_000,
    billed: { type: 'duration', seconds: 10 },
    billedSeconds: 10,
    costMicros,
    outcome: 'ok',
    ...more,
  };
}

function fold(records: LedgerRecord[]) {
  const state = emptyAggregateState('UTC');
  const dayOf = createDayKeyer('UTC');
  for (const r of records) foldRecord(state, r, dayOf);
  return state;
}

describe('change against the previous period', () => {
  it('in whole percent, rounded; none when nothing was spent before', () => {
    expect(changePercent(150, 100)).toBe(50);
    expect(changePercent(50, 100)).toBe(-50);
    expect(changePercent(1, 3)).toBe(-67);
    expect(changePercent(2, 3)).toBe(-33);
    expect(changePercent(100, 100)).toBe(0);
    expect(changePercent(100, 0)).toBeNull();
  });
});

describe('breakdowns', () => {
  const state = fold([
    req('a', at(3, 18), 100),
    req('b', at(3, 20), 200),
    req('c', at(3, 20), 50, { model: 'whisper-large-v3' }),
    req('d', at(3, 14), 1000, { model: 'gpt-4o-transcribe' }),
    req('e', at(3, 19), 50, { model: 'gpt-transcribe' }),
  ]);

  it('per day, oldest first, days without use as zeros', () => {
    const days = usageByDay(state, '2025-03-20', 3);
    expect(days.map((d) => [d.day, d.usage.costMicros])).toEqual([
      ['2025-03-18', 100],
      ['2025-03-19', 50],
      ['2025-03-20', 250],
    ]);
    expect(days[2].usage.requests).toBe(2);
  });

  it('per model over the last days, most expensive first, equal cost by name', () => {
    expect(usageByModel(state, '2025-03-20', 3).map((m) => [m.model, m.usage.costMicros])).toEqual([
      ['whisper-1', 300],
      ['gpt-transcribe', 50],
      ['whisper-large-v3', 50],
    ]);
    expect(usageByModel(state, '2025-03-20', 7).map((m) => m.model)[0]).toBe('gpt-4o-transcribe');
    expect(usageByModel(state, '2025-03-20', 1).map((m) => [m.model, m.usage.costMicros])).toEqual([
      ['whisper-1', 200],
      ['whisper-large-v3', 50],
    ]);
  });
});

describe('daily average and month-end forecast', () => {
  it('averages from the first day with use, not diluted by days before it', () => {
    const state = fold([req('a', at(3, 18), 300_000), req('b', at(3, 20), 301_000)]);
    expect(dailyAverage(state, '2025-03-20', 14)).toEqual({ micros: 200_333, days: 3 });
    expect(dailyAverage(state, '2025-03-20', 2)).toEqual({ micros: 150_500, days: 2 });
    expect(dailyAverage(state, '2025-03-17', 14)).toEqual({ micros: 0, days: 0 });
    expect(dailyAverage(fold([]), '2025-03-17', 14)).toEqual({ micros: 0, days: 0 });
    expect(dailyAverage(state, '2025-03-18', 14)).toEqual({ micros: 300_000, days: 1 });
    // Lines folded out of date order (an import): the first day with use is still the earliest.
    const imported = fold([req('b', at(3, 20), 301_000), req('a', at(3, 18), 300_000)]);
    expect(dailyAverage(imported, '2025-03-20', 14)).toEqual({ micros: 200_333, days: 3 });
  });

  it('the month end is what was spent this month so far plus the average for every day left', () => {
    const state = fold([req('feb', at(2, 27), 1_000_000), req('a', at(3, 2), 100), req('b', at(3, 30), 400)]);
    // From 27 Feb to 30 Mar: 32 days, of which the last 14 hold 400.
    expect(monthEndForecast(state, '2025-03-30', cal)).toEqual({
      dailyAverageMicros: 29,
      basisDays: 14,
      monthEndMicros: 500 + 29,
    });
    expect(monthEndForecast(state, '2025-03-31', cal, 60).monthEndMicros).toBe(500);
  });
});

describe('the snapshot a person sees', () => {
  const records = [
    req('lastweek', at(3, 10), 1000),
    req('y', at(3, 19), 2000),
    req('t', at(3, 20), 500_000),
    req('ahead', at(3, 25), 450_000),
    { kind: 'reset', id: 'z', at: at(3, 1), period: 'week' } as LedgerRecord,
    {
      kind: 'reservation',
      id: 'h',
      at: at(3, 20),
      sessionId: 's',
      model: 'whisper-1',
      audioMs: 1,
      maxMicros: 7000,
    } as LedgerRecord,
  ];

  it('counters, the previous periods and their change', () => {
    const s = usageSnapshot(fold(records), at(3, 20), '2025-03-20', cal, budget);
    expect(s.at).toBe(at(3, 20));
    expect(s.today).toBe('2025-03-20');
    expect(s.counters.today.costMicros).toBe(500_000);
    expect(s.counters.week.costMicros).toBe(502_000);
    expect(s.counters.month.costMicros).toBe(953_000);
    expect(s.counters.total.costMicros).toBe(953_000);
    expect(s.previous.day).toMatchObject({ counter: { costMicros: 2000 }, costChangePercent: 24_900 });
    expect(s.previous.week).toMatchObject({ counter: { costMicros: 1000 }, costChangePercent: 50_100 });
    expect(s.previous.month).toMatchObject({ counter: { costMicros: 0 }, costChangePercent: null });
    expect(s.resets).toEqual({ week: at(3, 1) });
  });

  it('budgets: spend dated after today counts, holds of requests in flight are shown apart', () => {
    const s = usageSnapshot(fold(records), at(3, 20), '2025-03-20', cal, {
      ...budget,
      dailyUsd: 0.5,
      monthlyUsd: 1,
      sessionWarnUsd: 2,
      blockAtLimit: true,
    });
    expect(s.budget).toEqual({
      daily: { limitMicros: 500_000, spentMicros: 950_000, reservedMicros: 7000, percentUsed: 190 },
      monthly: { limitMicros: 1_000_000, spentMicros: 953_000, reservedMicros: 7000, percentUsed: 95 },
      warnPercent: 80,
      sessionWarnMicros: 2_000_000,
      blockAtLimit: true,
    });
    expect(s.warnings.map((w) => [w.scope, w.level, w.spentMicros, w.limitMicros])).toEqual([
      ['daily', 'warn', 950_000, 500_000],
      ['daily', 'limit', 950_000, 500_000],
      ['monthly', 'warn', 953_000, 1_000_000],
    ]);
    expect(s.warnings[1].message.en).toContain('Further audio is kept in the queue');
    // The hold expires ten minutes after it was taken.
    const later = usageSnapshot(fold(records), at(3, 20) + 10 * 60_000, '2025-03-20', cal, { ...budget, dailyUsd: 1 });
    expect(later.budget.daily?.reservedMicros).toBe(0);
    expect(later.budget.monthly).toBeNull();
    expect(later.budget.sessionWarnMicros).toBeNull();
  });

  it('the monthly budget counts the Jalali month when that calendar is chosen', () => {
    const s = usageSnapshot(
      fold([req('esfand', at(3, 20), 10), req('farvardin', at(3, 21), 20)]),
      at(3, 21),
      '2025-03-21',
      { ...cal, calendar: 'persian' },
      { ...budget, monthlyUsd: 1 },
    );
    expect(s.budget.monthly?.spentMicros).toBe(20);
    expect(s.counters.month.costMicros).toBe(20);
  });
});

describe('what-if: the same audio on every model', () => {
  it('prices the charged audio request by request, cheapest first, against what was actually paid', () => {
    const rows = costOnEachModel([
      req('a', at(3, 20), 6000, { audioMs: 60_000 }),
      req('f', at(3, 20), 0, { outcome: 'failed', audioMs: 600_000 }),
      req('u', at(3, 20), 6000, { outcome: 'unknown', audioMs: 600_000 }),
      {
        kind: 'legacy',
        id: 'l',
        at: at(3, 1),
        day: null,
        model: 'whisper-1',
        audioMs: 60_000,
        billedSeconds: 60,
        costMicros: 6000,
        failedRequests: 0,
        source: 'legacy',
      },
    ]);
    const byModel = Object.fromEntries(rows.map((r) => [r.model, r]));
    expect(byModel['whisper-1']).toEqual({ model: 'whisper-1', costMicros: 12_000, changePercent: 0 });
    expect(byModel['gpt-transcribe']).toEqual({ model: 'gpt-transcribe', costMicros: 9000, changePercent: -25 });
    // Groq bills at least 10 s a request; each minute is priced (and rounded) alone.
    expect(byModel['whisper-large-v3-turbo'].costMicros).toBe(2 * 667);
    const costs = rows.map((r) => r.costMicros);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(costOnEachModel([])[0].changePercent).toBeNull();
  });
});

describe('most expensive sessions', () => {
  it('from their request lines and end summaries, most expensive first, at most the number asked', () => {
    const sessions = mostExpensiveSessions(
      [
        req('a1', at(3, 20, 10), 300, { sessionId: 'a', audioMs: 30_000 }),
        req('a2', at(3, 20, 11), 0, { sessionId: 'a', outcome: 'failed' }),
        req('a3', at(3, 20, 9), 50, { sessionId: 'a', outcome: 'unknown', audioMs: 5000 }),
        req('a4', at(3, 20, 13), 0, { sessionId: 'a', outcome: 'blocked' }),
        {
          kind: 'session',
          id: 'end-a',
          at: at(3, 20, 12),
          sessionId: 'a',
          startedAt: at(3, 20, 8),
          audioRecordedMs: 90_000,
          audioSentMs: 35_000,
          requests: 3,
          failedRequests: 1,
          costMicros: 350,
          words: 42,
        },
        req('b1', at(3, 19), 1000, { sessionId: 'b' }),
        req('c1', at(3, 18), 10, { sessionId: 'c' }),
      ],
      2,
    );
    expect(sessions).toEqual([
      {
        sessionId: 'b',
        startedAt: at(3, 19),
        endedAt: at(3, 19),
        requests: 1,
        failedRequests: 0,
        audioSentMs: 10_000,
        audioRecordedMs: null,
        words: null,
        costMicros: 1000,
      },
      {
        sessionId: 'a',
        startedAt: at(3, 20, 8),
        endedAt: at(3, 20, 12),
        requests: 3,
        failedRequests: 1,
        audioSentMs: 30_000,
        audioRecordedMs: 90_000,
        words: 42,
        costMicros: 350,
      },
    ]);
  });

  it('a session without an end summary spans its first to its last request, in whatever order they came', () => {
    const [s] = mostExpensiveSessions([req('late', at(3, 20, 11), 1), req('early', at(3, 20, 9), 1)], 1);
    expect(s).toMatchObject({ startedAt: at(3, 20, 9), endedAt: at(3, 20, 11), requests: 2, costMicros: 2 });
  });

  it('a session’s cost is the sum of its charged and maybe-charged requests (property)', () => {
    const outcome = fc.constantFrom('ok' as const, 'failed' as const, 'blocked' as const, 'unknown' as const);
    fc.assert(
      fc.property(fc.array(fc.tuple(outcome, fc.nat(10_000)), { minLength: 1, maxLength: 20 }), (lines) => {
        const records = lines.map(([o, cost], i) => req(`r${i}`, at(3, 20) + i, cost, { outcome: o }));
        const [s] = mostExpensiveSessions(records, 1);
        const expected = lines.filter(([o]) => o === 'ok' || o === 'unknown').reduce((sum, [, c]) => sum + c, 0);
        const sent = lines.filter(([o]) => o !== 'blocked').length;
        if (sent === 0) return s === undefined;
        return s.costMicros === expected && s.requests === sent;
      }),
    );
  });
});
