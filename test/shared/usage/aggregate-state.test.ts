import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  emptyAggregateState,
  foldRecord,
  periodCounter,
  pruneState,
  reservedMicros,
  sumDays,
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
  outcome: LedgerRequestRecord['outcome'] = 'ok',
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

const DAY = 86_400_000;
const at = (d: number, h = 12) => Date.UTC(2025, 2, d, h);

describe('sessions, holds and warnings in the fold', () => {
  it('a session’s running figures: its span, requests, failures, cost and audio, and whether it ended', () => {
    const state = fold([
      { kind: 'session-start', id: 'st', at: at(20, 9), sessionId: 's' },
      req('a', at(20, 10), 300),
      req('b', at(20, 8), 999, 'failed'),
      { ...req('c', at(20, 11), 700), outcome: 'unknown' },
    ]);
    expect(state.sessions.s).toEqual({
      first: at(20, 8),
      last: at(20, 11),
      requests: 3,
      failed: 1,
      costMicros: 1000,
      audioMs: 10_000,
      ended: false,
    });
    foldRecord(
      state,
      {
        kind: 'session',
        id: 'end',
        at: at(20, 12),
        sessionId: 's',
        startedAt: at(20, 9),
        audioRecordedMs: 1,
        audioSentMs: 1,
        requests: 3,
        failedRequests: 1,
        costMicros: 1000,
        words: 1,
      },
      createDayKeyer(TZ),
    );
    expect(state.sessions.s).toMatchObject({ last: at(20, 12), ended: true, requests: 3 });
    expect(state.ledger).toMatchObject({ records: 5, lastId: 'end' });
    expect(state.maxAt).toBe(at(20, 12));
  });

  it('a hold lasts until its request line or its release, for every process', () => {
    const hold = (id: string, t: number, micros: number): LedgerRecord => ({
      kind: 'reservation',
      id,
      at: t,
      sessionId: 's',
      model: 'whisper-1',
      audioMs: 1,
      maxMicros: micros,
    });
    const state = fold([hold('h1', at(20), 10), hold('h2', at(20), 20), hold('h3', at(20), 40)]);
    const today = { first: '2025-03-20', last: '2025-03-20' };
    expect(reservedMicros(state, today, at(20))).toBe(70);
    foldRecord(state, { ...req('a', at(20), 5), reservationId: 'h1' }, createDayKeyer(TZ));
    foldRecord(state, { kind: 'release', id: 'r', at: at(20), reservationId: 'h3' }, createDayKeyer(TZ));
    expect(reservedMicros(state, today, at(20))).toBe(20);
    foldRecord(state, req('b', at(20), 5), createDayKeyer(TZ));
    expect(reservedMicros(state, today, at(20))).toBe(20);
  });

  it('held money counts on its own day until it is ten minutes old, and up to a given hold in ledger order', () => {
    const hold = (id: string, t: number, micros: number): LedgerRecord => ({
      kind: 'reservation',
      id,
      at: t,
      sessionId: 's',
      model: 'whisper-1',
      audioMs: 1,
      maxMicros: micros,
    });
    const state = fold([hold('old', at(20, 10), 1), hold('mine', at(20, 11), 2), hold('later', at(20, 11), 4)]);
    const today = { first: '2025-03-20', last: '2025-03-20' };
    expect(reservedMicros(state, today, at(20, 11))).toBe(6);
    expect(reservedMicros(state, today, at(20, 10) + 10 * 60_000 - 1)).toBe(7);
    expect(reservedMicros(state, today, at(20, 11), 'mine')).toBe(2);
    expect(reservedMicros(state, today, at(20, 11), 'old')).toBe(0);
    expect(reservedMicros(state, { first: '2025-03-21', last: '2025-03-31' }, at(20, 11))).toBe(0);
    expect(reservedMicros(state, { first: '2025-03-01', last: '2025-03-19' }, at(20, 11))).toBe(0);
    expect(reservedMicros(state, { first: '2025-03-01', last: '2025-03-31' }, at(20, 11))).toBe(6);
  });

  it('the first warning line of a key wins, whichever process wrote a later one', () => {
    const warning = (id: string, t: number): LedgerRecord => ({
      kind: 'warning',
      id,
      at: t,
      key: 'daily:warn:2025-03-20',
      scope: 'daily',
      level: 'warn',
      spentMicros: 1,
      limitMicros: 1,
    });
    const state = fold([warning('w1', at(20, 10)), warning('w2', at(20, 9))]);
    expect(state.warned).toEqual({ 'daily:warn:2025-03-20': { id: 'w1', at: at(20, 10) } });
  });

  it('a reset line that arrives after a later reset does not move the counter back', () => {
    const state = fold([
      req('a', at(20, 9), 1),
      { kind: 'reset', id: 'z2', at: at(20, 11), period: 'day' },
      { kind: 'reset', id: 'z1', at: at(20, 10), period: 'day' },
      req('b', at(20, 10) + 60_000, 2),
      req('c', at(20, 12), 4),
    ]);
    expect(periodCounter(state, 'day', '2025-03-20', cal).costMicros).toBe(4);
    expect(state.marks.day?.at).toBe(at(20, 11));
  });

  it('usage per model per local day, and spend of old-app minutes under their own model', () => {
    const state = fold([
      req('a', at(20), 100),
      { ...req('b', at(20), 10), model: 'whisper-large-v3' },
      {
        kind: 'legacy',
        id: 'l',
        at: at(19),
        day: '2025-03-19',
        model: 'whisper-1',
        audioMs: 60_000,
        billedSeconds: 60,
        costMicros: 6000,
        failedRequests: 1,
        source: 'legacy',
      },
    ]);
    expect(Object.keys(state.days).sort()).toEqual(['2025-03-19', '2025-03-20']);
    expect(Object.keys(state.days['2025-03-20']).sort()).toEqual(['whisper-1', 'whisper-large-v3']);
    const both = { first: '2025-03-19', last: '2025-03-20' };
    expect(sumDays(state, both)[4]).toBe(6110);
    expect(sumDays(state, both, 'whisper-1')[4]).toBe(6100);
    expect(sumDays(state, both, 'whisper-large-v3')[4]).toBe(10);
    expect(sumDays(state, { first: '2025-03-20', last: '2025-03-20' })[4]).toBe(110);
    expect(sumDays(state, { first: '2025-03-19', last: '2025-03-19' })[4]).toBe(6000);
    expect(sumDays(state, { first: '2025-03-21', last: '2025-03-31' })[4]).toBe(0);
  });
});

describe('a counter after a reset', () => {
  it('the reset’s own day counts from the reset on, the days after it in full, the days before not at all', () => {
    const state = fold([
      req('a', at(17), 1),
      { kind: 'reset', id: 'z', at: at(18), period: 'month' },
      req('b', at(18, 11), 2),
      req('c', at(18, 13), 4),
      req('d', at(19), 8),
      req('e', at(31), 16),
    ]);
    expect(periodCounter(state, 'month', '2025-03-20', cal).costMicros).toBe(28);
    // The month before the reset’s month is untouched by it; a month after it is counted in full.
    const april = fold([
      req('a', at(17), 1),
      { kind: 'reset', id: 'z', at: at(31), period: 'month' },
      req('e', at(31, 13), 16),
      req('f', Date.UTC(2025, 3, 2), 32),
    ]);
    expect(periodCounter(april, 'month', '2025-04-02', cal).costMicros).toBe(32);
    expect(periodCounter(april, 'month', '2025-03-31', cal).costMicros).toBe(16);
    // Looking at a day before the reset (the clock was set back): nothing is shown as spent after it.
    expect(periodCounter(april, 'month', '2025-02-10', cal).costMicros).toBe(0);
  });

  it('a reset of all zeroes the all-time counter too; without one it is everything ever folded', () => {
    const state = fold([req('a', at(17), 1), req('b', at(18), 2)]);
    expect(totalCounter(state).costMicros).toBe(3);
    foldRecord(state, { kind: 'reset', id: 'z', at: at(19), period: 'all' }, createDayKeyer(TZ));
    expect(totalCounter(state).costMicros).toBe(0);
    foldRecord(state, req('c', at(20), 4), createDayKeyer(TZ));
    expect(totalCounter(state)).toMatchObject({ costMicros: 4, requests: 1 });
    expect(periodCounter(state, 'week', '2025-03-20', cal).costMicros).toBe(4);
  });
});

describe('pruning old detail', () => {
  const dayOf = createDayKeyer(TZ);

  it('keeps 400 days of per-day usage back from the latest record, two days of sessions, ten minutes of holds', () => {
    const latest = at(20);
    const state = fold([
      req('old', latest - 401 * DAY, 1),
      req('kept', latest - 400 * DAY, 2),
      { ...req('s1', latest - 48 * 3_600_000 - 1, 0), sessionId: 'gone' },
      { ...req('s2', latest - 48 * 3_600_000, 0), sessionId: 'kept' },
      {
        kind: 'reservation',
        id: 'h-old',
        at: latest - 10 * 60_000 - 1,
        sessionId: 's',
        model: 'm',
        audioMs: 1,
        maxMicros: 1,
      },
      {
        kind: 'reservation',
        id: 'h-new',
        at: latest - 10 * 60_000,
        sessionId: 's',
        model: 'm',
        audioMs: 1,
        maxMicros: 1,
      },
      {
        kind: 'warning',
        id: 'w-old',
        at: latest - 70 * DAY - 1,
        key: 'old',
        scope: 'daily',
        level: 'warn',
        spentMicros: 1,
        limitMicros: 1,
      },
      {
        kind: 'warning',
        id: 'w-new',
        at: latest - 70 * DAY,
        key: 'new',
        scope: 'daily',
        level: 'warn',
        spentMicros: 1,
        limitMicros: 1,
      },
      req('latest', latest, 4),
    ]);
    pruneState(state, dayOf);
    expect(sumDays(state, { first: '2000-01-01', last: '2025-03-20' })[4]).toBe(6);
    expect(Object.keys(state.sessions).sort()).toEqual(['kept', 's']);
    expect(Object.keys(state.reservations)).toEqual(['h-new']);
    expect(Object.keys(state.warned)).toEqual(['new']);
    // All-time keeps everything.
    expect(totalCounter(state).costMicros).toBe(7);
  });

  it('a record dated years ahead (a wrong clock) does not prune this month away', () => {
    const now = at(20);
    const state = fold([req('a', at(3), 100), req('b', now, 5), req('ahead', now + 2 * 365 * DAY, 7)]);
    pruneState(state, dayOf, now);
    expect(periodCounter(state, 'month', '2025-03-20', cal).costMicros).toBe(105);
    expect(Object.keys(state.sessions)).toEqual(['s']);
    // A day of clock slack is trusted: a record 23 hours ahead is the latest, and pruning follows it.
    const slack = fold([req('a', now - 400 * DAY - 12 * 3_600_000, 100), req('b', now + 23 * 3_600_000, 5)]);
    pruneState(slack, dayOf, now);
    expect(sumDays(slack, { first: '2000-01-01', last: '9999-12-31' })[4]).toBe(5);
  });

  it('pruning an empty state leaves it empty', () => {
    const state = emptyAggregateState(TZ);
    pruneState(state, dayOf, at(20));
    expect(state).toEqual(emptyAggregateState(TZ));
  });

  it('whatever else the ledger holds, a month’s spend never drops below what was recorded in it (property)', () => {
    const month = { first: '2025-03-01', last: '2025-03-31' };
    const line = fc.record({
      day: fc.integer({ min: -800, max: 800 }),
      cost: fc.integer({ min: 0, max: 1_000_000 }),
      outcome: fc.constantFrom('ok' as const, 'failed' as const),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.integer({ min: 1, max: 31 }), (lines, today) => {
        const now = at(today);
        const records = lines.map((l, i) => req(`r${i}`, now + l.day * DAY, l.cost, l.outcome));
        const state = fold(records);
        pruneState(state, dayOf, now);
        const recorded = records
          .filter((r) => r.outcome === 'ok' && r.at >= at(1, 0) && r.at < at(32, 0))
          .reduce((s, r) => s + r.costMicros, 0);
        const inMonth = periodCounter(state, 'month', `2025-03-${String(today).padStart(2, '0')}`, cal).costMicros;
        expect(inMonth).toBe(recorded);
        expect(sumDays(state, month)[4]).toBe(recorded);
      }),
    );
  });
});

describe('edges of the fold', () => {
  it('usage at the very millisecond of a reset counts after it; a later reset moves the counter on', () => {
    const t = at(20, 10);
    const state = fold([
      req('before', t - 1, 1),
      { kind: 'reset', id: 'z1', at: t, period: 'day' },
      req('same', t, 2),
      { kind: 'reset', id: 'a1', at: t, period: 'all' },
      req('same-all', t, 4),
    ]);
    expect(periodCounter(state, 'day', '2025-03-20', cal).costMicros).toBe(4);
    expect(totalCounter(state).costMicros).toBe(4);
    const again = fold([
      req('a', t, 1),
      { kind: 'reset', id: 'z1', at: t, period: 'week' },
      req('b', t + 1, 2),
      { kind: 'reset', id: 'z2', at: t + 2, period: 'week' },
      req('c', t + 3, 8),
    ]);
    expect(periodCounter(again, 'week', '2025-03-20', cal).costMicros).toBe(8);
  });

  it('a session start alone opens a session; a blocked request joins it without adding usage', () => {
    const state = fold([
      { kind: 'session-start', id: 'st', at: at(20, 9), sessionId: 'solo' },
      { ...req('blocked', at(20, 10), 0, 'blocked'), sessionId: 'solo' },
    ]);
    expect(state.sessions.solo).toEqual({
      first: at(20, 9),
      last: at(20, 10),
      requests: 0,
      failed: 0,
      costMicros: 0,
      audioMs: 0,
      ended: false,
    });
    expect(totalCounter(state).requests).toBe(0);
  });
});
