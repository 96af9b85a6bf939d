/** A local calendar date 'YYYY-MM-DD' (Gregorian); every period is a run of whole local days. */
export type DayKey = string;

export type WeekStart = 'saturday' | 'sunday' | 'monday';
export type CalendarKind = 'gregorian' | 'persian';
export type PeriodKind = 'day' | 'week' | 'month';

/** How periods are cut: the person's time zone, first day of the week, and month calendar. */
export interface PeriodOptions {
  timeZone: string;
  weekStartsOn: WeekStart;
  calendar: CalendarKind;
}

/** First and last local day of a period, inclusive. */
export interface DayRange {
  first: DayKey;
  last: DayKey;
}

const WEEKDAY_INDEX: Record<WeekStart, number> = { sunday: 0, monday: 1, saturday: 6 };
const QUARTER_HOUR = 15 * 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The time zone the system runs in. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** True when Intl knows the zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function wallFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface Wall {
  y: number;
  m: number;
  d: number;
  /** The wall clock read as if it were UTC, in ms (whole seconds). */
  asUtc: number;
}

function wallClock(at: number, timeZone: string): Wall {
  const parts = wallFormatter(timeZone).formatToParts(at);
  const v: Record<string, number> = {};
  for (const p of parts) if (p.type !== 'literal') v[p.type] = Number(p.value);
  return { y: v.year, m: v.month, d: v.day, asUtc: Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second) };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function keyOf(at: number, timeZone: string): DayKey {
  const w = wallClock(at, timeZone);
  return `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)}`;
}

/** Finds the first instant of `key` near `guess`; zone offsets and DST jumps fall on quarter hours. */
function boundaryNear(guess: number, isInside: (t: number) => boolean): number | null {
  if (isInside(guess) && !isInside(guess - 1)) return guess;
  const base = Math.floor(guess / QUARTER_HOUR) * QUARTER_HOUR;
  for (let q = base - 12 * QUARTER_HOUR; q <= base + 12 * QUARTER_HOUR; q += QUARTER_HOUR) {
    if (isInside(q) && !isInside(q - 1)) return q;
  }
  return null;
}

/**
 * Returns a function mapping epoch ms to the local day in `timeZone`. It remembers the current day's
 * boundaries, so folding a year of mostly-chronological records costs a few Intl calls per day.
 */
export function createDayKeyer(timeZone: string): (at: number) => DayKey {
  let start = 1;
  let end = 0;
  let cached = '';
  return (at: number) => {
    if (at >= start && at < end) return cached;
    const w = wallClock(at, timeZone);
    const key = `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)}`;
    const offset = w.asUtc - (at - (((at % 1000) + 1000) % 1000));
    const inside = (t: number) => keyOf(t, timeZone) === key;
    const s = boundaryNear(Date.UTC(w.y, w.m - 1, w.d) - offset, inside);
    const nextInside = (t: number) => !inside(t);
    const e = boundaryNear(Date.UTC(w.y, w.m - 1, w.d + 1) - offset, (t) => nextInside(t) && t > at);
    // s is the day's first instant, so s <= at; e is found after `at`. Only a boundary not found stops caching.
    if (s !== null && e !== null) {
      start = s;
      end = e;
      cached = key;
    }
    return key;
  };
}

/** The first instant (epoch ms) of a local day in `timeZone`. */
export function dayStartMs(day: DayKey, timeZone: string): number {
  const [y, m, d] = parseDay(day);
  const noonGuess = Date.UTC(y, m - 1, d, 12);
  const offset = wallClock(noonGuess, timeZone).asUtc - noonGuess;
  const inside = (t: number) => keyOf(t, timeZone) === day;
  const found = boundaryNear(Date.UTC(y, m - 1, d) - offset, inside);
  if (found === null) throw new RangeError(`Cannot find the start of ${day} in ${timeZone}`);
  return found;
}

/** Splits 'YYYY-MM-DD' into numbers. */
export function parseDay(day: DayKey): [number, number, number] {
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];
}

/** True for a real Gregorian date written 'YYYY-MM-DD'. */
export function isDayKey(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = parseDay(text);
  const t = new Date(Date.UTC(y, m - 1, d));
  // A day or month out of range (02-30, 13-01, 04-00) rolls the date into another month; Date.UTC reads a year
  // below 100 as 19xx, which the year check refuses.
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1;
}

/** The day `n` days after (or before, if negative) `day`. */
export function addDays(day: DayKey, n: number): DayKey {
  const [y, m, d] = parseDay(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: DayKey, b: DayKey): number {
  const [y1, m1, d1] = parseDay(a);
  const [y2, m2, d2] = parseDay(b);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** First day of the week containing `day`. */
export function weekStart(day: DayKey, weekStartsOn: WeekStart): DayKey {
  const [y, m, d] = parseDay(day);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(day, -((weekday - WEEKDAY_INDEX[weekStartsOn] + 7) % 7));
}

const persianFormatter = new Intl.DateTimeFormat('en-US-u-ca-persian', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});
const persianCache = new Map<DayKey, [number, number, number]>();

/** Solar Hijri (Jalali) year, month, day of a Gregorian local day. */
export function persianDate(day: DayKey): [number, number, number] {
  let hit = persianCache.get(day);
  if (!hit) {
    const [y, m, d] = parseDay(day);
    const v: Record<string, number> = {};
    // Noon UTC keeps the civil date itself, whatever the formatter's zone handling.
    for (const p of persianFormatter.formatToParts(Date.UTC(y, m - 1, d, 12))) {
      if (p.type === 'year' || p.type === 'month' || p.type === 'day') v[p.type] = Number(p.value);
    }
    hit = [v.year, v.month, v.day];
    if (persianCache.size > 5000) persianCache.clear();
    persianCache.set(day, hit);
  }
  return hit;
}

/** A month's key: '2025-03' (Gregorian) or 'J1404-01' (Jalali). */
export function monthKey(day: DayKey, calendar: CalendarKind): string {
  if (calendar === 'gregorian') return day.slice(0, 7);
  const [y, m] = persianDate(day);
  return `J${pad(y, 4)}-${pad(m)}`;
}

/** First and last day of the month containing `day`. */
export function monthRange(day: DayKey, calendar: CalendarKind): DayRange {
  if (calendar === 'gregorian') {
    const [y, m] = parseDay(day);
    const first = `${pad(y, 4)}-${pad(m)}-01`;
    return { first, last: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
  }
  const first = addDays(day, 1 - persianDate(day)[2]);
  const key = monthKey(first, 'persian');
  let last = addDays(first, 28);
  while (monthKey(addDays(last, 1), 'persian') === key) last = addDays(last, 1);
  return { first, last };
}

/** The day, week or month that contains `day`. */
export function periodRange(kind: PeriodKind, day: DayKey, opts: Omit<PeriodOptions, 'timeZone'>): DayRange {
  if (kind === 'day') return { first: day, last: day };
  if (kind === 'week') {
    const first = weekStart(day, opts.weekStartsOn);
    return { first, last: addDays(first, 6) };
  }
  return monthRange(day, opts.calendar);
}

/** The period just before the one containing `day`. */
export function previousPeriodRange(kind: PeriodKind, day: DayKey, opts: Omit<PeriodOptions, 'timeZone'>): DayRange {
  return periodRange(kind, addDays(periodRange(kind, day, opts).first, -1), opts);
}

/** A stable key for the period containing `day` (used to warn once per period). */
export function periodKey(kind: PeriodKind, day: DayKey, opts: Omit<PeriodOptions, 'timeZone'>): string {
  if (kind === 'day') return day;
  if (kind === 'week') return `W${weekStart(day, opts.weekStartsOn)}`;
  return monthKey(day, opts.calendar);
}
