import { describe, it, expect } from 'vitest';
import {
  emptyAggregateState,
  foldRecord,
  periodCounter,
  totalCounter,
} from '../../../src-shared/usage/aggregate-state';
import type { LedgerRecord, LedgerRequestRecord } from '../../../src-shared/usage/ledger-record';
import { createDayKeyer } from '../../../src-shared/usage/periods';
import { usageSnapshot } from '../../../src-shared/usage/views';

const TZ = 'UTC';
const cal = { weekStartsOn: 'saturday', calendar: 'gregorian' } as const;
const noBudget = { dailyUsd: null, monthlyUsd: null, warnPercent: 80, sessionWarnUsd: 1, blockAtLimit: false };

function req(
  id: string,
  at: number,
  costMicros: number,
  outcome: 'ok' | 'failed' = 'ok',
  audioMs = 10_000,
): LedgerRequestRecord {
  return {
    kind: 'request',
    id,
    at,
    sessionId: 's',
    model: 'whisper-1',
    provider: 'openai',
    audioMs,
    billed: { type: 'duration', seconds: audioMs / 1000 },
    billedSeconds: audioMs / 1000,
    costMicros,
    outcome,
  };
}

function fold(records: LedgerRecord[]) {
  const state = emptyAggregateState(TZ);
  const dayOf = createDayKeyer(TZ);
  for (const r of records) foldRecord(state, r, dayOf);
  return state;
}

describe('counters', () => {
  it('sum to the exact micro-dollar with no float drift', () => {
    // 0.1 + 0.2 style amounts: 1 000 requests of 1 001 micro-dollars.
    const records = Array.from({ length: 1000 }, (_, i) => req(`r${i}`, Date.UTC(2025, 2, 20, 10) + i, 1001));
    expect(totalCounter(fold(records)).costMicros).toBe(1_001_000);
  });

  it('count failed requests but never charge them, even if a line claims a cost', () => {
    const state = fold([
      req('a', Date.UTC(2025, 2, 20), 600),
      { ...req('b', Date.UTC(2025, 2, 20, 1), 999, 'failed') },
    ]);
    const today = periodCounter(state, 'day', '2025-03-20', cal);
    expect(today).toEqual({
      requests: 2,
      failedRequests: 1,
      audioMs: 10_000,
      billedSeconds: 10,
      costMicros: 600,
      unknownRequests: 0,
      unknownCostMicros: 0,
    });
  });

  it('roll over: yesterday’s usage is not in today, but is in the week', () => {
    const state = fold([req('a', Date.UTC(2025, 2, 19, 23, 59), 100), req('b', Date.UTC(2025, 2, 20, 0, 1), 20)]);
    expect(periodCounter(state, 'day', '2025-03-20', cal).costMicros).toBe(20);
    expect(periodCounter(state, 'week', '2025-03-20', cal).costMicros).toBe(120);
    expect(periodCounter(state, 'day', '2025-03-21', cal).costMicros).toBe(0);
  });

  it('a day reset zeroes today from that moment and leaves week, month and total alone', () => {
    const t = Date.UTC(2025, 2, 20, 12);
    const state = fold([
      req('a', t - 1000, 500),
      { kind: 'reset', id: 'z', at: t, period: 'day' },
      req('b', t + 1000, 70),
    ]);
    expect(periodCounter(state, 'day', '2025-03-20', cal).costMicros).toBe(70);
    expect(periodCounter(state, 'week', '2025-03-20', cal).costMicros).toBe(570);
    expect(totalCounter(state).costMicros).toBe(570);
    // The next day the week keeps everything.
    const next = fold([
      req('a', t - 1000, 500),
      { kind: 'reset', id: 'z', at: t, period: 'day' },
      req('c', t + 86_400_000, 3),
    ]);
    expect(periodCounter(next, 'week', '2025-03-21', cal).costMicros).toBe(503);
  });

  it('reset-all zeroes every counter; a line from the other process dated before the reset stays out', () => {
    const t = Date.UTC(2025, 2, 20, 12);
    const state = fold([
      req('a', t - 5000, 500),
      { kind: 'reset', id: 'z', at: t, period: 'all' },
      req('late', t - 1, 9),
      req('b', t + 1, 4),
    ]);
    for (const kind of ['day', 'week', 'month'] as const)
      expect(periodCounter(state, kind, '2025-03-20', cal).costMicros).toBe(4);
    expect(totalCounter(state).costMicros).toBe(4);
  });

  it('a week reset counts the days after it in full', () => {
    const t = Date.UTC(2025, 2, 16, 12); // Sunday; the week began Saturday the 15th
    const state = fold([
      req('a', t - 86_400_000, 1),
      req('b', t - 1, 2),
      { kind: 'reset', id: 'z', at: t, period: 'week' },
      req('c', t + 1, 4),
      req('d', t + 86_400_000, 8),
    ]);
    expect(periodCounter(state, 'week', '2025-03-17', cal).costMicros).toBe(12);
    expect(periodCounter(state, 'month', '2025-03-17', cal).costMicros).toBe(15);
  });
});

describe('snapshot', () => {
  it('compares with the previous period and forecasts the month end from the daily average', () => {
    const records = [req('y', Date.UTC(2025, 2, 19, 9), 200_000), req('t', Date.UTC(2025, 2, 20, 9), 300_000)];
    const s = usageSnapshot(fold(records), Date.UTC(2025, 2, 20, 10), '2025-03-20', cal, noBudget);
    expect(s.previous.day.costChangePercent).toBe(50);
    expect(s.forecast.dailyAverageMicros).toBe(250_000);
    // 500 000 spent + 11 days left (21..31) × 250 000.
    expect(s.forecast.monthEndMicros).toBe(500_000 + 11 * 250_000);
  });

  it('reports budget percent used and the warnings in effect', () => {
    const records = [req('a', Date.UTC(2025, 2, 20, 9), 850_000)];
    const s = usageSnapshot(fold(records), Date.UTC(2025, 2, 20, 10), '2025-03-20', cal, { ...noBudget, dailyUsd: 1 });
    expect(s.budget.daily).toMatchObject({ limitMicros: 1_000_000, spentMicros: 850_000, percentUsed: 85 });
    expect(s.warnings.map((w) => `${w.scope}:${w.level}`)).toEqual(['daily:warn']);
    expect(s.warnings[0].message.en).toContain('85% of your daily budget');
    expect(s.warnings[0].message.fa).toContain('بودجهٔ روزانه');
  });
});
