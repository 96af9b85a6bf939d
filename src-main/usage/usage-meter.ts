import { catalogueEntry } from '../../src-shared/pricing/catalogue';
import { randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { usdToMicros } from '../../src-shared/money';
import {
  AGGREGATE_STATE_VERSION,
  emptyAggregateState,
  foldRecord,
  pruneState,
  reservedMicros,
  sumDays,
  type AggregateState,
} from '../../src-shared/usage/aggregate-state';
import {
  blockedMessage,
  budgetLimits,
  budgetRange,
  crossedThresholds,
  warningMessage,
  type BudgetConfig,
  type BudgetWarning,
} from '../../src-shared/usage/budget';
import { PACKED_FIELDS, type Counter } from '../../src-shared/usage/counter';
import { upperBoundMicros } from '../../src-shared/usage/estimate';
import type {
  LedgerRecord,
  LedgerRequestRecord,
  LedgerWarningRecord,
  RecordSource,
  ResetPeriod,
} from '../../src-shared/usage/ledger-record';
import {
  createDayKeyer,
  isValidTimeZone,
  periodKey,
  periodRange,
  systemTimeZone,
  type CalendarKind,
  type DayKey,
  type WeekStart,
} from '../../src-shared/usage/periods';
import { usageSnapshot, type UsageSnapshot } from '../../src-shared/usage/views';
import { createAggregateStore, type AggregateStorePort } from './aggregate-store';
import { LEDGER_FILE_NAME, LedgerFile, type LedgerFs } from './ledger-file';
import { toStorageError, UsageStorageError } from './storage-error';

export type { BudgetWarning } from '../../src-shared/usage/budget';

/** The part of Settings the meter uses (passed in, so the meter never races the settings file). */
export interface UsageSettings {
  budget: BudgetConfig;
  weekStartsOn: WeekStart;
  calendar: CalendarKind;
  /** Price for models outside the catalogue, for budget estimates. */
  customPricePerMinuteUsd?: number | null;
}

/** Something the person should be told once (the app shows a banner, the CLI prints to stderr). */
export interface MeterNotice {
  code: 'store_damaged' | 'ledger_lines_skipped' | 'store_write_failed';
  message: { fa: string; en: string };
}

export type AuthorizeResult =
  | { ok: true; reservationId: string }
  | { ok: false; code: 'daily_limit' | 'monthly_limit' | 'price_unknown'; message: { fa: string; en: string } };

/** The usage meter: the pipeline, the window, the tray and the CLI all go through this. */
export interface UsageMeter {
  /** Budget gate before a request; reservation released by record(). */
  authorize(req: {
    sessionId: string;
    model: string;
    audioMs: number;
    customMicrosPerMinute?: number | null;
  }): Promise<AuthorizeResult>;
  /** Appends one request record; returns warnings newly crossed by it. */
  record(record: LedgerRequestRecord, reservationId?: string): Promise<{ warnings: BudgetWarning[] }>;
  /** Gives a reservation back when its request will not be sent after all. */
  release(reservationId: string): Promise<void>;
  startSession(sessionId: string): Promise<void>;
  endSession(summary: { sessionId: string; audioRecordedMs: number; words: number }): Promise<void>;
  counters(): Promise<{ today: Counter; week: Counter; month: Counter; total: Counter }>;
  /** Counters, budgets, forecast, comparisons and current warnings. */
  snapshot(): Promise<UsageSnapshot>;
  /** Zeroes a counter from now on; the ledger keeps the history and the reset itself. */
  reset(period: ResetPeriod): Promise<void>;
  /** Every ledger line (optionally only those on local days from..to inclusive), de-duplicated by id. */
  records(range?: { from?: DayKey; to?: DayKey }): Promise<LedgerRecord[]>;
  /** Appends lines not already in the ledger (by id). */
  importRecords(records: readonly LedgerRecord[]): Promise<{ added: number; duplicates: number }>;
  /** Deletes the whole usage history (ledger and aggregates). Explicit, separate from reset. */
  deleteHistory(): Promise<void>;
  updateSettings(settings: UsageSettings): void;
  /** Notices gathered since opening (damaged store rebuilt, torn lines skipped, …). */
  notices(): MeterNotice[];
  /** Local day of an instant in the meter's time zone. */
  dayOf(at: number): DayKey;
  readonly timeZone: string;
  readonly dataDir: string;
  /** The aggregates as last folded (for views and the benchmark). */
  state(): AggregateState;
  close(): Promise<void>;
}

/** Options for openUsageMeter. */
export interface OpenUsageMeterOptions {
  dataDir: string;
  settings: UsageSettings;
  source: RecordSource;
  now?: () => number;
  timeZone?: string;
  store?: AggregateStorePort;
  fs?: LedgerFs;
  /** How long to gather changes before writing the aggregates file; 0 writes after every change. */
  storeWriteDelayMs?: number;
}

function isAggregateState(data: unknown): data is AggregateState {
  if (typeof data !== 'object' || data === null) return false;
  const s = data as Partial<AggregateState>;
  const obj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return (
    s.version === AGGREGATE_STATE_VERSION &&
    typeof s.timeZone === 'string' &&
    obj(s.ledger) &&
    typeof s.ledger?.size === 'number' &&
    Array.isArray(s.total) &&
    s.total.length === PACKED_FIELDS &&
    obj(s.days) &&
    obj(s.marks) &&
    obj(s.warned) &&
    obj(s.sessions) &&
    obj(s.reservations) &&
    typeof s.maxAt === 'number'
  );
}

function isOlderVersion(data: unknown): boolean {
  const version = (data as { version?: unknown } | null)?.version;
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 && version < AGGREGATE_STATE_VERSION;
}

/** Opens (and if needed rebuilds) the meter for a data folder. */
export async function openUsageMeter(opts: OpenUsageMeterOptions): Promise<UsageMeter> {
  const timeZone = opts.timeZone ?? systemTimeZone();
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const now = opts.now ?? Date.now;
  const fsPort = opts.fs ?? nodeFs;
  try {
    fsPort.mkdirSync(opts.dataDir, { recursive: true });
  } catch (error) {
    throw toStorageError(error, opts.dataDir, 'write');
  }
  const ledger = new LedgerFile(path.join(opts.dataDir, LEDGER_FILE_NAME), fsPort);
  const store = opts.store ?? createAggregateStore(opts.dataDir);
  const dayOf = createDayKeyer(timeZone);
  const writeDelay = opts.storeWriteDelayMs ?? 1000;
  let settings = opts.settings;
  const notices: MeterNotice[] = [];
  /** Reservations this process wrote to the ledger and has not released yet. */
  const held = new Set<string>();
  let state = emptyAggregateState(timeZone);
  /** Inode of the ledger file the state belongs to (a new inode means history was deleted elsewhere). */
  let position: { ino?: number } = {};
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const cal = () => ({ weekStartsOn: settings.weekStartsOn, calendar: settings.calendar });

  const noteSkipped = (skipped: number) => {
    if (skipped === 0) return;
    state.ledger.skippedLines += skipped;
    notices.push({
      code: 'ledger_lines_skipped',
      message: {
        fa: `${skipped} سطر خراب در دفتر کارکرد نادیده گرفته شد (احتمالاً قطع برق هنگام نوشتن). بقیهٔ کارکردها سالم‌اند.`,
        en: `${skipped} damaged line(s) in the usage ledger were skipped (probably a power cut mid-write). All other usage is intact.`,
      },
    });
  };

  const rebuild = () => {
    const { ino } = ledger.stat();
    const chunk = ledger.read(0);
    state = emptyAggregateState(timeZone);
    const seen = new Set<string>();
    for (const record of chunk.records) {
      if (seen.has(record.id)) continue;
      seen.add(record.id);
      foldRecord(state, record, dayOf);
    }
    state.ledger.size = chunk.consumed;
    noteSkipped(chunk.skipped);
    pruneState(state, dayOf, now());
    position = { ino };
    dirty = true;
  };

  /** Folds whatever the ledger gained since the state was written (this is how the other process's lines arrive). */
  const catchUp = () => {
    const { size, ino } = ledger.stat();
    if (position.ino !== undefined && ino !== position.ino && size > 0) return rebuild();
    if (size === state.ledger.size) {
      position.ino = ino;
      return;
    }
    if (size < state.ledger.size) return rebuild();
    const chunk = ledger.read(state.ledger.size);
    for (const record of chunk.records) foldRecord(state, record, dayOf);
    state.ledger.size += chunk.consumed;
    position.ino = ino;
    noteSkipped(chunk.skipped);
    if (chunk.records.length > 0) {
      pruneState(state, dayOf, now());
      dirty = true;
    }
  };

  let pendingWrite: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!dirty) return;
    dirty = false;
    try {
      await store.write(state);
    } catch (error) {
      // The ledger is the truth; a failed aggregates write only costs a catch-up next time.
      const e = error instanceof UsageStorageError ? error : toStorageError(error, store.path, 'write');
      notices.push({ code: 'store_write_failed', message: e.bilingual });
    }
  };

  const scheduleFlush = () => {
    if (!dirty || closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      // Only the snapshot is taken in turn; the write itself overlaps the next requests.
      queue = queue.then(() => {
        pendingWrite = pendingWrite.then(flush, flush);
      });
    }, writeDelay);
    timer.unref?.();
  };

  /** Runs operations one at a time so in-process calls see each other's reservations. */
  const serial = <T>(fn: () => T | Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      if (closed) throw new Error('The usage meter is closed.');
      const result = await fn();
      if (writeDelay === 0) await flush();
      else scheduleFlush();
      return result;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const newId = (prefix: string) => `${prefix}-${randomUUID()}`;

  const appendAndFold = (records: LedgerRecord[]) => {
    ledger.append(records);
    catchUp();
  };

  // Open: trust the aggregates only if they match the ledger; otherwise rebuild (and say why if it was damaged).
  const found = store.read();
  if (found.status === 'ok' && isAggregateState(found.data) && found.data.timeZone === timeZone) {
    const candidate = found.data;
    const { size, ino } = ledger.stat();
    const matches =
      candidate.ledger.size <= size &&
      (candidate.ledger.size === 0 || ledger.lastIdBefore(candidate.ledger.size) === candidate.ledger.lastId);
    if (matches) {
      state = candidate;
      position = { ino };
      catchUp();
    } else rebuild();
  } else {
    // An older version's store (written before the counters changed shape) is outdated, not damaged: rebuilt quietly.
    if (
      found.status === 'damaged' ||
      (found.status === 'ok' && !isAggregateState(found.data) && !isOlderVersion(found.data))
    ) {
      const backup = store.moveAside(now());
      notices.push({
        code: 'store_damaged',
        message: {
          fa: `پروندهٔ خلاصهٔ کارکرد خراب بود و از روی دفتر کارکرد دوباره ساخته شد؛ هیچ کارکردی از دست نرفت.${backup ? ` نسخهٔ خراب: ${backup}` : ''}`,
          en: `The usage summary file was damaged and has been rebuilt from the usage ledger; no usage was lost.${backup ? ` Damaged copy kept at ${backup}` : ''}`,
        },
      });
    }
    rebuild();
  }
  if (writeDelay === 0) await flush();
  else scheduleFlush();

  const spendingNow = (at: number, sessionId?: string) => {
    const today = dayOf(at);
    return {
      dayKey: today,
      dayMicros: sumDays(state, budgetRange({ first: today, last: today }))[4],
      monthKey: periodKey('month', today, cal()),
      monthMicros: sumDays(state, budgetRange(periodRange('month', today, cal())))[4],
      sessionId,
      sessionMicros: sessionId ? (state.sessions[sessionId]?.costMicros ?? 0) : undefined,
    };
  };

  const newWarnings = (sessionId?: string): BudgetWarning[] => {
    const at = now();
    const fresh = crossedThresholds(spendingNow(at, sessionId), settings.budget).filter((t) => !state.warned[t.key]);
    if (fresh.length === 0) return [];
    const lines: LedgerWarningRecord[] = fresh.map((t) => ({
      kind: 'warning',
      id: newId('w'),
      at,
      source: opts.source,
      ...t,
    }));
    appendAndFold(lines);
    // Both processes may cross together; the first warning line in the ledger wins, so it is shown once.
    return fresh
      .filter((t, i) => state.warned[t.key]?.id === lines[i].id)
      .map((t) => ({
        scope: t.scope,
        level: t.level,
        spentMicros: t.spentMicros,
        limitMicros: t.limitMicros,
        message: warningMessage(t, settings.budget.blockAtLimit),
      }));
  };

  return {
    timeZone,
    dataDir: opts.dataDir,
    dayOf,
    state: () => state,
    notices: () => [...notices],
    updateSettings(next) {
      settings = next;
    },

    authorize(req) {
      return serial((): AuthorizeResult => {
        catchUp();
        const limits = budgetLimits(settings.budget);
        if (!settings.budget.blockAtLimit || (limits.daily === null && limits.monthly === null)) {
          return { ok: true, reservationId: newId('free') };
        }
        const fromSettings = settings.customPricePerMinuteUsd;
        const custom =
          req.customMicrosPerMinute !== undefined
            ? req.customMicrosPerMinute
            : fromSettings == null
              ? null
              : usdToMicros(fromSettings);
        // A hard limit cannot be kept with a price nobody knows: refuse rather than meter the audio as free.
        if (custom === null && catalogueEntry(req.model).billing.kind === 'custom') {
          return { ok: false, code: 'price_unknown', message: priceUnknownMessage(req.model) };
        }
        const estimate = upperBoundMicros(req.model, req.audioMs, custom ?? 0);
        const at = now();
        const today = dayOf(at);
        const ranges = {
          daily: budgetRange({ first: today, last: today }),
          monthly: budgetRange(periodRange('month', today, cal())),
        };
        const refusal = (upTo: string | null): AuthorizeResult | null => {
          for (const scope of ['daily', 'monthly'] as const) {
            const limit = limits[scope];
            if (limit === null) continue;
            const holding = reservedMicros(state, ranges[scope], at, upTo ?? undefined) + (upTo ? 0 : estimate);
            const spent = sumDays(state, ranges[scope])[4];
            if (spent + holding > limit) {
              return {
                ok: false,
                code: scope === 'daily' ? 'daily_limit' : 'monthly_limit',
                message: blockedMessage(scope, spent + holding, limit),
              };
            }
          }
          return null;
        };
        const early = refusal(null);
        if (early) return early;
        // The hold goes into the ledger so the other process counts it too; ledger order decides ties.
        const id = newId('r');
        appendAndFold([
          {
            kind: 'reservation',
            id,
            at,
            sessionId: req.sessionId,
            model: req.model,
            audioMs: req.audioMs,
            maxMicros: estimate,
            source: opts.source,
          },
        ]);
        const late = refusal(id);
        if (late) {
          appendAndFold([{ kind: 'release', id: newId('x'), at, reservationId: id, source: opts.source }]);
          return late;
        }
        held.add(id);
        return { ok: true, reservationId: id };
      });
    },

    record(record, reservationId) {
      return serial(() => {
        catchUp();
        const line: LedgerRequestRecord = { ...record, source: record.source ?? opts.source };
        if (reservationId && held.has(reservationId)) {
          line.reservationId = reservationId;
          held.delete(reservationId);
        } else delete line.reservationId;
        appendAndFold([line]);
        return { warnings: newWarnings(record.sessionId) };
      });
    },

    release(reservationId) {
      return serial(() => {
        if (!held.delete(reservationId)) return;
        appendAndFold([{ kind: 'release', id: newId('x'), at: now(), reservationId, source: opts.source }]);
      });
    },

    startSession(sessionId) {
      return serial(() =>
        appendAndFold([{ kind: 'session-start', id: newId('s'), at: now(), sessionId, source: opts.source }]),
      );
    },

    endSession(summary) {
      return serial(() => {
        catchUp();
        const at = now();
        const t = state.sessions[summary.sessionId];
        appendAndFold([
          {
            kind: 'session',
            id: newId('e'),
            at,
            sessionId: summary.sessionId,
            startedAt: t?.first ?? at,
            audioRecordedMs: summary.audioRecordedMs,
            audioSentMs: t?.audioMs ?? 0,
            requests: t?.requests ?? 0,
            failedRequests: t?.failed ?? 0,
            costMicros: t?.costMicros ?? 0,
            words: summary.words,
            source: opts.source,
          },
        ]);
      });
    },

    counters() {
      return serial(() => {
        catchUp();
        const { counters } = usageSnapshot(state, now(), dayOf(now()), cal(), settings.budget);
        return counters;
      });
    },

    snapshot() {
      return serial(() => {
        catchUp();
        const at = now();
        return usageSnapshot(state, at, dayOf(at), cal(), settings.budget);
      });
    },

    reset(period) {
      return serial(() => appendAndFold([{ kind: 'reset', id: newId('z'), at: now(), period, source: opts.source }]));
    },

    records(range) {
      return serial(() => {
        const chunk = ledger.read(0);
        const seen = new Set<string>();
        return chunk.records.filter((r) => {
          if (seen.has(r.id)) return false;
          seen.add(r.id);
          if (!range?.from && !range?.to) return true;
          const day = dayOf(r.at);
          return (!range.from || day >= range.from) && (!range.to || day <= range.to);
        });
      });
    },

    importRecords(records) {
      return serial(() => {
        catchUp();
        const seen = new Set(ledger.read(0).records.map((r) => r.id));
        const fresh: LedgerRecord[] = [];
        for (const r of records) {
          if (seen.has(r.id)) continue;
          seen.add(r.id);
          fresh.push(r);
        }
        appendAndFold(fresh);
        return { added: fresh.length, duplicates: records.length - fresh.length };
      });
    },

    deleteHistory() {
      return serial(async () => {
        ledger.remove();
        held.clear();
        rebuild();
        await flush();
      });
    },

    close() {
      return serial(async () => {
        await pendingWrite;
        await flush();
        closed = true;
      }).catch((error: unknown) => {
        if (!closed) throw error;
      });
    },
  };
}

function priceUnknownMessage(model: string): { fa: string; en: string } {
  return {
    fa: `قیمت مدل ${model} معلوم نیست و سقف بودجه فعال است، پس صدا فرستاده نشد و در صف ماند. قیمت هر دقیقه را با «sokhan config set customPricePerMinuteUsd 0.006» (یا در تنظیمات) بگذارید؛ برای سرور محلی رایگان ۰.`,
    en: `The price of ${model} is not known and a hard budget is on, so the audio was not sent; it waits in the spool. Set its price per minute with "sokhan config set customPricePerMinuteUsd 0.006" (or in Settings); 0 for a free local server.`,
  };
}
