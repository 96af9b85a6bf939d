import { describe, it, expect, vi } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  createDayKeyer,
  dayStartMs,
  daysBetween,
  isDayKey,
  isValidTimeZone,
  monthKey,
  monthRange,
  parseDay,
  periodKey,
  periodRange,
  previousPeriodRange,
  persianDate,
  systemTimeZone,
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

describe('day keys', () => {
  it('only real Gregorian dates written YYYY-MM-DD', () => {
    expect(isDayKey('2024-02-29')).toBe(true);
    expect(isDayKey('2025-02-29')).toBe(false);
    expect(isDayKey('2025-04-31')).toBe(false);
    expect(isDayKey('2025-13-01')).toBe(false);
    expect(isDayKey('2025-00-10')).toBe(false);
    expect(isDayKey('2025-3-1')).toBe(false);
    expect(isDayKey('x2025-03-01')).toBe(false);
    expect(isDayKey('2025-03-01x')).toBe(false);
    expect(isDayKey('2025-03-00')).toBe(false);
    expect(isDayKey('2025-01-32')).toBe(false);
    // Date.UTC would read the year 50 as 1950.
    expect(isDayKey('0050-01-01')).toBe(false);
  });

  it('counting days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2025-03-20', 0)).toBe('2025-03-20');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-03-20', '2025-03-01')).toBe(-19);
    expect(parseDay('2025-03-09')).toEqual([2025, 3, 9]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: -2000, max: 2000 }), (n, k) => {
        const day = addDays('2000-01-01', n);
        return isDayKey(day) && daysBetween(day, addDays(day, k)) === k && addDays(addDays(day, k), -k) === day;
      }),
    );
  });

  it('zones: the system’s own, and only names Intl knows', () => {
    expect(isValidTimeZone(systemTimeZone())).toBe(true);
    expect(isValidTimeZone('Asia/Tehran')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('a system that names no zone has its days counted in UTC', () => {
    const real = Intl.DateTimeFormat.prototype.resolvedOptions;
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockImplementation(function (
      this: Intl.DateTimeFormat,
    ) {
      return { ...real.call(this), timeZone: '' };
    });
    try {
      expect(systemTimeZone()).toBe('UTC');
    } finally {
      spy.mockRestore();
    }
  });
});

/** The local day by Intl alone, for checking the cached keyer against. */
const reference = (tz: string) => {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (t: number) => f.format(t);
};
const ZONES = [
  'UTC',
  'Asia/Tehran',
  'America/New_York',
  'Europe/Berlin',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/St_Johns',
  'Pacific/Apia',
];

describe('local days in any zone', () => {
  it('the keyer gives Intl’s day for any instant, asked in any order (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.array(fc.integer({ min: Date.UTC(1960, 0, 1), max: Date.UTC(2040, 0, 1) }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), { maxLength: 40 }),
        (tz, instants, steps) => {
          const dayOf = createDayKeyer(tz);
          const ref = reference(tz);
          // Scattered instants, then a walk near the first one (the cache's own day and its edges).
          for (const t of [...instants, ...steps.map((s) => instants[0] + s)]) expect(dayOf(t)).toBe(ref(t));
        },
      ),
    );
  });

  it('right at midnight and one millisecond before it, before 1970 too', () => {
    for (const tz of ZONES) {
      const dayOf = createDayKeyer(tz);
      for (const day of ['1969-12-31', '2025-03-09', '2025-03-10', '2025-11-02', '2025-04-06', '2025-10-05']) {
        const start = dayStartMs(day, tz);
        expect(dayOf(start), `${tz} ${day}`).toBe(day);
        expect(dayOf(start - 1), `${tz} ${day} - 1 ms`).toBe(addDays(day, -1));
        expect(dayOf(start + 1), `${tz} ${day} + 1 ms`).toBe(day);
        expect(dayOf(start - 1500), `${tz} ${day} - 1.5 s`).toBe(addDays(day, -1));
      }
    }
  });

  it('a day’s start is its first instant, whatever the zone’s offset (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 25_000 }), (tz, n) => {
        const day = addDays('1970-01-01', n);
        const start = dayStartMs(day, tz);
        const ref = reference(tz);
        return ref(start) === day && ref(start - 1) < day;
      }),
    );
  });

  it('a day a zone skipped has no start', () => {
    // Samoa moved across the date line: 30 December 2011 never happened in Apia.
    expect(() => dayStartMs('2011-12-30', 'Pacific/Apia')).toThrow(
      'Cannot find the start of 2011-12-30 in Pacific/Apia',
    );
    expect(createDayKeyer('Pacific/Apia')(Date.UTC(2011, 11, 30, 12))).toBe('2011-12-31');
  });
});

describe('periods', () => {
  const opts = { weekStartsOn: 'saturday', calendar: 'gregorian' } as const;

  it('a week holds its day and starts on the chosen weekday (property)', () => {
    const startDay = { saturday: 6, sunday: 0, monday: 1 } as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.constantFrom('saturday' as const, 'sunday' as const, 'monday' as const),
        (n, weekStartsOn) => {
          const day = addDays('2000-01-01', n);
          const range = periodRange('week', day, { ...opts, weekStartsOn });
          return (
            range.first <= day &&
            day <= range.last &&
            daysBetween(range.first, range.last) === 6 &&
            new Date(`${range.first}T00:00:00Z`).getUTCDay() === startDay[weekStartsOn]
          );
        },
      ),
    );
  });

  it('a Jalali month holds its day, and the days around it are in other months (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15_000 }), (n) => {
        const day = addDays('2000-01-01', n);
        const { first, last } = monthRange(day, 'persian');
        const key = monthKey(day, 'persian');
        return (
          first <= day &&
          day <= last &&
          monthKey(first, 'persian') === key &&
          monthKey(last, 'persian') === key &&
          monthKey(addDays(first, -1), 'persian') !== key &&
          monthKey(addDays(last, 1), 'persian') !== key &&
          persianDate(first)[2] === 1
        );
      }),
    );
    // Farvardin has 31 days, Mehr 30, Esfand 29 outside a leap year.
    expect(monthRange('2025-03-25', 'persian')).toEqual({ first: '2025-03-21', last: '2025-04-20' });
    expect(monthRange('2025-10-01', 'persian')).toEqual({ first: '2025-09-23', last: '2025-10-22' });
    expect(monthRange('2026-03-01', 'persian')).toEqual({ first: '2026-02-20', last: '2026-03-20' });
  });

  it('Gregorian months of every length', () => {
    expect(monthRange('2025-04-30', 'gregorian')).toEqual({ first: '2025-04-01', last: '2025-04-30' });
    expect(monthRange('2025-12-01', 'gregorian')).toEqual({ first: '2025-12-01', last: '2025-12-31' });
    expect(monthRange('2025-02-14', 'gregorian')).toEqual({ first: '2025-02-01', last: '2025-02-28' });
    expect(periodRange('day', '2025-03-20', opts)).toEqual({ first: '2025-03-20', last: '2025-03-20' });
    expect(periodRange('month', '2025-03-20', { ...opts, calendar: 'persian' })).toEqual({
      first: '2025-02-19',
      last: '2025-03-20',
    });
  });

  it('the period before: yesterday, last week, last month', () => {
    expect(previousPeriodRange('day', '2025-03-01', opts)).toEqual({ first: '2025-02-28', last: '2025-02-28' });
    expect(previousPeriodRange('week', '2025-03-20', opts)).toEqual({ first: '2025-03-08', last: '2025-03-14' });
    expect(previousPeriodRange('month', '2025-03-21', { ...opts, calendar: 'persian' })).toEqual({
      first: '2025-02-19',
      last: '2025-03-20',
    });
  });

  it('keys that name a period once: the day, the week by its first day, the month in its calendar', () => {
    expect(periodKey('day', '2025-03-20', opts)).toBe('2025-03-20');
    expect(periodKey('week', '2025-03-20', opts)).toBe('W2025-03-15');
    expect(periodKey('week', '2025-03-20', { ...opts, weekStartsOn: 'monday' })).toBe('W2025-03-17');
    expect(periodKey('month', '2025-03-20', opts)).toBe('2025-03');
    expect(periodKey('month', '2025-03-20', { ...opts, calendar: 'persian' })).toBe('J1403-12');
    expect(monthKey('2021-03-21', 'persian')).toBe('J1400-01');
  });
});
