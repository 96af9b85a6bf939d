import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { legacyDay, readLegacyMeter, type LegacyOptions } from '../../../src-shared/usage/legacy-import';
import { persianDate } from '../../../src-shared/usage/periods';

/** $0.006 a minute (whisper-1), plus a fixed fee so a line priced for no audio would show. */
const opts: LegacyOptions = {
  dayToAt: (d) => Date.parse(`${d}T12:00:00Z`),
  fallbackAt: Date.UTC(2024, 0, 1),
  priceMicros: (ms) => Math.round(ms / 10) + 7,
};

function read(data: unknown) {
  const result = readLegacyMeter(data, opts);
  if (!result.ok) throw new Error(result.message.en);
  return result;
}
const minutesByDay = (data: unknown) =>
  Object.fromEntries(read(data).records.map((r) => [r.day ?? 'undated', r.audioMs / 60_000]));

describe('dates as the old app may have written them', () => {
  it('Gregorian with -, / or . and one- or two-digit month and day, spaces around ignored', () => {
    expect(legacyDay('2024-05-01')).toBe('2024-05-01');
    expect(legacyDay('2024/5/1')).toBe('2024-05-01');
    expect(legacyDay(' 2024.12.31 ')).toBe('2024-12-31');
    expect(legacyDay('2024-05-01T10:00:00')).toBe('2024-05-01');
  });

  it('no such Gregorian day, or not a date at all: none', () => {
    expect(legacyDay('2025-02-29')).toBeNull();
    expect(legacyDay('2024-13-01')).toBeNull();
    expect(legacyDay('May 1, 2024')).toBeNull();
    expect(legacyDay('24-05-01')).toBeNull();
    expect(legacyDay('')).toBeNull();
  });

  it('Jalali (a year below 1700) in every part of the year, leap Esfand included', () => {
    expect(legacyDay('1403/01/01')).toBe('2024-03-20');
    expect(legacyDay('1403/1/5')).toBe('2024-03-24');
    expect(legacyDay('1403/06/31')).toBe('2024-09-21');
    expect(legacyDay('1403/07/01')).toBe('2024-09-22');
    expect(legacyDay('1403/12/30')).toBe('2025-03-20');
    expect(legacyDay('1399/12/30')).toBe('2021-03-20');
    expect(legacyDay('1404/12/29')).toBe('2026-03-20');
  });

  it('a Jalali date that does not exist: none', () => {
    expect(legacyDay('1404/12/30')).toBeNull();
    expect(legacyDay('1403/13/01')).toBeNull();
    expect(legacyDay('1403/00/10')).toBeNull();
    expect(legacyDay('1403/05/32')).toBeNull();
    expect(legacyDay('1403/05/00')).toBeNull();
  });

  it('every Jalali day from 1380 to 1420 reads back as the Gregorian day it is (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2001, 2, 21), max: Date.UTC(2041, 2, 19) }), (at) => {
        const day = new Date(at).toISOString().slice(0, 10);
        const [y, m, d] = persianDate(day);
        return legacyDay(`${y}/${m}/${d}`) === day;
      }),
    );
  });
});

describe('reading the old meter', () => {
  it('refuses what is not the old meter, saying where the file usually is', () => {
    for (const data of [null, 'text', 12, [{ total_minutes: 1 }], { minutes: 3 }, {}]) {
      const r = readLegacyMeter(data, opts);
      expect(r.ok, JSON.stringify(data)).toBe(false);
      if (!r.ok) {
        expect(r.message.en).toBe(
          'This file does not look like the old app’s meter (usage_data.json). Give the right path, usually ' +
            '~/.sokhan_negar/usage_data.json.',
        );
        expect(r.message.fa).toContain('~/.sokhan_negar/usage_data.json');
      }
    }
  });

  it('accepts a file with any one of the fields the old meter wrote', () => {
    for (const key of ['total_minutes', 'successful_minutes', 'failed_attempts', 'daily_aggregate', 'weekly_aggregate'])
      expect(readLegacyMeter({ [key]: 0 }, opts).ok, key).toBe(true);
  });

  it('per-day minutes as numbers, numeric text, or an object under any of the names it used', () => {
    expect(
      minutesByDay({
        daily_aggregate: {
          '2024-05-01': 1,
          '2024-05-02': ' 2.5 ',
          '2024-05-03': { successful_minutes: 3, minutes: 99 },
          '2024-05-04': { minutes: '4' },
          '2024-05-05': { total_minutes: 5 },
          '2024-05-06': { duration_minutes: 6 },
          '2024-05-07': { seconds: 420 },
          '2024-05-08': { total_seconds: '480' },
          '2024-05-09': { duration: 540 },
        },
      }),
    ).toEqual({
      '2024-05-01': 1,
      '2024-05-02': 2.5,
      '2024-05-03': 3,
      '2024-05-04': 4,
      '2024-05-05': 5,
      '2024-05-06': 6,
      '2024-05-07': 7,
      '2024-05-08': 8,
      '2024-05-09': 9,
    });
  });

  it('skips days it cannot read: no minutes, zero or negative minutes, text, or a date that is not one', () => {
    expect(
      minutesByDay({
        daily_aggregate: {
          '2024-05-01': 2,
          '2024-05-02': 0,
          '2024-05-03': -4,
          '2024-05-04': 'many',
          '2024-05-05': '',
          '2024-05-06': { note: 'x' },
          '2024-05-07': null,
          '2024-05-08': Number.NaN,
          yesterday: 3,
        },
      }),
    ).toEqual({ '2024-05-01': 2 });
  });

  it('a list of dated entries (date, day or week), adding up entries of the same day', () => {
    expect(
      minutesByDay({
        daily_aggregate: [
          { date: '2024-05-01', minutes: 1 },
          { day: '2024-05-01', minutes: 2 },
          { week: '2024-05-02', minutes: 4 },
          { date: 20240503, minutes: 8 },
          { minutes: 16 },
          'note',
          null,
        ],
      }),
    ).toEqual({ '2024-05-01': 3, '2024-05-02': 4 });
  });

  it('weekly minutes only when there is no daily detail, dated on the ISO week’s Monday', () => {
    expect(minutesByDay({ weekly_aggregate: { '2024-W01': 1, '2025w1': 2, '2024-W18': 3, '2024-05-08': 4 } })).toEqual({
      '2024-01-01': 1,
      '2024-12-30': 2,
      '2024-04-29': 3,
      '2024-05-08': 4,
    });
    // A week key with anything around it is not a week key (and not a date either); spaces are forgiven.
    expect(minutesByDay({ weekly_aggregate: { ' 2024-W18 ': 1, '2024-W18x': 2, 'x2024-W18': 3 } })).toEqual({
      '2024-04-29': 1,
    });
    const both = read({ daily_aggregate: { '2024-05-01': 2 }, weekly_aggregate: { '2024-W18': 7 } });
    expect(both.summary).toMatchObject({ datedMinutes: 2, detail: 'daily', days: 1 });
    const unreadableDaily = read({ daily_aggregate: { nonsense: 2 }, weekly_aggregate: { '2024-W18': 7 } });
    expect(unreadableDaily.summary).toMatchObject({ datedMinutes: 7, detail: 'weekly', days: 1 });
    expect(read({ daily_aggregate: 'none', total_minutes: 1 }).summary.detail).toBe('total-only');
  });

  it('the total beyond the dated minutes becomes one undated line at the first dated day', () => {
    const r = read({
      successful_minutes: 10,
      total_minutes: 50,
      daily_aggregate: { '2024-05-02': 3, '2024-05-01': 2 },
    });
    expect(r.records).toEqual([
      {
        kind: 'legacy',
        id: 'legacy-2024-05-01',
        at: opts.dayToAt('2024-05-01'),
        day: '2024-05-01',
        model: 'whisper-1',
        audioMs: 120_000,
        billedSeconds: 120,
        costMicros: 12_007,
        failedRequests: 0,
        source: 'legacy',
      },
      expect.objectContaining({ id: 'legacy-2024-05-02', audioMs: 180_000, costMicros: 18_007 }),
      expect.objectContaining({ id: 'legacy-undated', day: null, at: opts.dayToAt('2024-05-01'), audioMs: 300_000 }),
    ]);
    expect(r.summary).toEqual({
      datedMinutes: 5,
      undatedMinutes: 5,
      failedAttempts: 0,
      days: 2,
      costMicros: 12_007 + 18_007 + 30_007,
      detail: 'daily',
    });
  });

  it('a total within a hundredth of a minute of the dated minutes is rounding, not more usage', () => {
    const r = read({ total_minutes: 5.005, daily_aggregate: { '2024-05-01': 5 } });
    expect(r.records.map((x) => x.id)).toEqual(['legacy-2024-05-01']);
    expect(r.summary.undatedMinutes).toBe(0);
    const more = read({ total_minutes: 5.02, daily_aggregate: { '2024-05-01': 5 } });
    expect(more.summary.undatedMinutes).toBeCloseTo(0.02, 10);
    const less = read({ total_minutes: 3, daily_aggregate: { '2024-05-01': 5 } });
    expect(less.summary.undatedMinutes).toBe(0);
  });

  it('failed attempts are counted on the undated line, never charged; with no dates it is filed at the fallback', () => {
    const r = read({ failed_attempts: '2.6' });
    expect(r.records).toEqual([
      expect.objectContaining({
        id: 'legacy-undated',
        at: opts.fallbackAt,
        audioMs: 0,
        billedSeconds: 0,
        costMicros: 0,
        failedRequests: 3,
      }),
    ]);
    expect(r.summary).toMatchObject({ failedAttempts: 3, costMicros: 0, detail: 'total-only', days: 0 });
    expect(read({ failed_attempts: -4 }).records).toEqual([]);
    expect(read({ failed_attempts: 'none' }).records).toEqual([]);
  });

  it('reading the same file twice gives the same lines, so importing it twice adds nothing (property)', () => {
    const day = fc
      .integer({ min: Date.UTC(2021, 0, 1), max: Date.UTC(2025, 0, 1) })
      .map((t) => new Date(t).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.dictionary(day, fc.double({ min: 0.01, max: 600, noNaN: true })),
        fc.nat(10_000),
        (daily, total) => {
          const data = { daily_aggregate: daily, total_minutes: total };
          const first = read(data);
          expect(read(structuredClone(data))).toEqual(first);
          // Every minute is filed once: dated days plus the undated rest come to at least the total.
          const filed = first.summary.datedMinutes + first.summary.undatedMinutes;
          expect(filed).toBeGreaterThanOrEqual(total - 0.011);
          expect(new Set(first.records.map((r) => r.id)).size).toBe(first.records.length);
        },
      ),
    );
  });
});
