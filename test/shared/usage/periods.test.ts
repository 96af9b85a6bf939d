import { describe, it, expect } from 'vitest';
import {
  createDayKeyer,
  dayStartMs,
  monthKey,
  monthRange,
  periodRange,
  previousPeriodRange,
  persianDate,
  weekStart,
} from '../../../src-shared/usage/periods';

describe('local days', () => {
  it('cuts days at local midnight across a DST change (New York, 23-hour day)', () => {
    const dayOf = createDayKeyer('America/New_York');
    const start9 = dayStartMs('2025-03-09', 'America/New_York');
    const start10 = dayStartMs('2025-03-10', 'America/New_York');
    expect(new Date(start9).toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(start10 - start9).toBe(23 * 3_600_000);
    expect(dayOf(start10 - 1)).toBe('2025-03-09');
    expect(dayOf(start10)).toBe('2025-03-10');
    // A 25-hour day in autumn.
    expect(dayStartMs('2025-11-03', 'America/New_York') - dayStartMs('2025-11-02', 'America/New_York')).toBe(
      25 * 3_600_000,
    );
  });

  it('follows the injected zone, not UTC (Tehran is UTC+3:30)', () => {
    const dayOf = createDayKeyer('Asia/Tehran');
    expect(dayOf(Date.UTC(2025, 2, 20, 20, 29))).toBe('2025-03-20');
    expect(dayOf(Date.UTC(2025, 2, 20, 20, 30))).toBe('2025-03-21');
  });

  it('gives the same answers from its cache as computed fresh', () => {
    const cached = createDayKeyer('Europe/Berlin');
    for (let t = Date.UTC(2025, 2, 29); t < Date.UTC(2025, 3, 2); t += 7 * 60_000) {
      expect(cached(t)).toBe(createDayKeyer('Europe/Berlin')(t));
    }
  });
});

describe('weeks', () => {
  it('start on Saturday by default for Persian users, or Sunday/Monday when chosen', () => {
    // 2025-03-20 is a Thursday.
    expect(weekStart('2025-03-20', 'saturday')).toBe('2025-03-15');
    expect(weekStart('2025-03-20', 'sunday')).toBe('2025-03-16');
    expect(weekStart('2025-03-20', 'monday')).toBe('2025-03-17');
    expect(weekStart('2025-03-15', 'saturday')).toBe('2025-03-15');
    expect(periodRange('week', '2025-03-21', { weekStartsOn: 'saturday', calendar: 'gregorian' })).toEqual({
      first: '2025-03-15',
      last: '2025-03-21',
    });
  });
});

describe('months', () => {
  it('Jalali month boundary: 1 Farvardin 1404 is 21 March 2025', () => {
    expect(persianDate('2025-03-21')).toEqual([1404, 1, 1]);
    expect(persianDate('2025-03-20')).toEqual([1403, 12, 30]);
    expect(monthKey('2025-03-20', 'persian')).toBe('J1403-12');
    expect(monthKey('2025-03-21', 'persian')).toBe('J1404-01');
    expect(monthRange('2025-04-01', 'persian')).toEqual({ first: '2025-03-21', last: '2025-04-20' });
    // Esfand 1403 is a leap-year Esfand with 30 days.
    expect(monthRange('2025-03-01', 'persian')).toEqual({ first: '2025-02-19', last: '2025-03-20' });
  });

  it('Gregorian months by default, including leap February', () => {
    expect(monthRange('2024-02-10', 'gregorian')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(previousPeriodRange('month', '2025-03-05', { weekStartsOn: 'saturday', calendar: 'gregorian' })).toEqual({
      first: '2025-02-01',
      last: '2025-02-28',
    });
  });
});
