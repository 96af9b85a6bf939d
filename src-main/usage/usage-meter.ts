import { randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type { AggregateState } from '../../src-shared/usage/aggregate-state';
import type { BudgetWarning } from '../../src-shared/usage/budget';
import type { Counter } from '../../src-shared/usage/counter';
import type {
  LedgerRecord,
  LedgerRequestRecord,
  RecordSource,
  ResetPeriod,
} from '../../src-shared/usage/ledger-record';
import { createDayKeyer, isValidTimeZone, systemTimeZone, type DayKey } from '../../src-shared/usage/periods';
import { usageSnapshot, type UsageSnapshot } from '../../src-shared/usage/views';
import { createAggregateStore, type AggregateStorePort } from './aggregate-store';
import {
  authorizeRequest,
  newWarnings,
  type AuthorizeRequest,
  type AuthorizeResult,
  type BudgetContext,
  type UsageSettings,
} from './budget-gate';
import { LedgerMirror } from './ledger-mirror';
import { LEDGER_FILE_NAME, LedgerFile, type LedgerFs } from './ledger-file';
import type { MeterNotice } from './meter-notices';
import { MeterQueue } from './meter-queue';
import { toStorageError } from './storage-error';

export type { BudgetWarning } from '../../src-shared/usage/budget';
export type { AuthorizeResult, UsageSettings } from './budget-gate';
export type { MeterNotice } from './meter-notices';

/** The usage meter: the pipeline, the window, the tray and the CLI all go through this. */
export interface UsageMeter {
  /** Budget gate before a request; reservation released by record(). */
  authorize(req: AuthorizeRequest): Promise<AuthorizeResult>;
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

/** Opens (and if needed rebuilds) the meter for a data folder. */
export async function openUsageMeter(opts: OpenUsageMeterOptions): Promise<UsageMeter> {
  const timeZone = opts.timeZone ?? systemTimeZone();
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const now = opts.now ?? Date.now;
  const ledger = openLedger(opts.dataDir, opts.fs ?? nodeFs);
  const store = opts.store ?? createAggregateStore(opts.dataDir);
  const dayOf = createDayKeyer(timeZone);
  const notices: MeterNotice[] = [];
  const mirror = new LedgerMirror(ledger, timeZone, dayOf, now, notices);
  const queue = new MeterQueue(mirror, store, notices, opts.storeWriteDelayMs ?? 1000);
  mirror.open(store);
  await queue.afterChange();
  return createMeter({ opts, timeZone, now, dayOf, ledger, mirror, queue, notices });
}

/** Makes the data folder and names the ledger in it; a folder that cannot be made is a storage error. */
function openLedger(dataDir: string, fsPort: LedgerFs): LedgerFile {
  try {
    fsPort.mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw toStorageError(error, dataDir, 'write');
  }
  return new LedgerFile(path.join(dataDir, LEDGER_FILE_NAME), fsPort);
}

interface MeterParts {
  opts: OpenUsageMeterOptions;
  timeZone: string;
  now: () => number;
  dayOf: (at: number) => DayKey;
  ledger: LedgerFile;
  mirror: LedgerMirror;
  queue: MeterQueue;
  notices: MeterNotice[];
}

/** The meter's operations, each run in turn on the caught-up aggregates. */
function createMeter({ opts, timeZone, now, dayOf, ledger, mirror, queue, notices }: MeterParts): UsageMeter {
  let settings = opts.settings;
  /** Reservations this process wrote to the ledger and has not released yet. */
  const held = new Set<string>();
  const source = opts.source;
  const newId = (prefix: string) => `${prefix}-${randomUUID()}`;
  const budgetContext: BudgetContext = {
    mirror,
    get settings() {
      return settings;
    },
    now,
    dayOf,
    source,
    newId,
    held,
  };
  const cal = () => ({ weekStartsOn: settings.weekStartsOn, calendar: settings.calendar });
  const serial = <T>(fn: () => T | Promise<T>) => queue.serial(fn);
  const append = (records: LedgerRecord[]) => mirror.append(records);

  return {
    timeZone,
    dataDir: opts.dataDir,
    dayOf,
    state: () => mirror.state,
    notices: () => [...notices],
    updateSettings(next) {
      settings = next;
    },

    authorize(req) {
      return serial((): AuthorizeResult => {
        mirror.catchUp();
        return authorizeRequest(budgetContext, req);
      });
    },

    record(record, reservationId) {
      return serial(() => {
        mirror.catchUp();
        const line: LedgerRequestRecord = { ...record, source: record.source ?? source };
        if (reservationId && held.has(reservationId)) {
          line.reservationId = reservationId;
          held.delete(reservationId);
        } else delete line.reservationId;
        append([line]);
        return { warnings: newWarnings(budgetContext, record.sessionId) };
      });
    },

    release(reservationId) {
      return serial(() => {
        if (!held.delete(reservationId)) return;
        append([{ kind: 'release', id: newId('x'), at: now(), reservationId, source }]);
      });
    },

    startSession(sessionId) {
      return serial(() => append([{ kind: 'session-start', id: newId('s'), at: now(), sessionId, source }]));
    },

    endSession(summary) {
      return serial(() => {
        mirror.catchUp();
        const at = now();
        const t = mirror.state.sessions[summary.sessionId];
        append([
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
            source,
          },
        ]);
      });
    },

    counters() {
      return serial(() => {
        mirror.catchUp();
        const { counters } = usageSnapshot(mirror.state, now(), dayOf(now()), cal(), settings.budget);
        return counters;
      });
    },

    snapshot() {
      return serial(() => {
        mirror.catchUp();
        const at = now();
        return usageSnapshot(mirror.state, at, dayOf(at), cal(), settings.budget);
      });
    },

    reset(period) {
      return serial(() => append([{ kind: 'reset', id: newId('z'), at: now(), period, source }]));
    },

    records(range) {
      return serial(() => uniqueRecords(ledger, dayOf, range));
    },

    importRecords(records) {
      return serial(() => {
        mirror.catchUp();
        const fresh = notYetInLedger(ledger, records);
        append(fresh);
        return { added: fresh.length, duplicates: records.length - fresh.length };
      });
    },

    deleteHistory() {
      return serial(async () => {
        ledger.remove();
        held.clear();
        mirror.rebuild();
        await queue.flush();
      });
    },

    close() {
      // Nothing in here can fail but a second close, which finds the queue closed: there is nothing left to do.
      return serial(async () => {
        await queue.drain();
        queue.closed = true;
      }).catch(() => undefined);
    },
  };
}

/** Every ledger line once (by id), optionally only those on local days from..to inclusive. */
function uniqueRecords(
  ledger: LedgerFile,
  dayOf: (at: number) => DayKey,
  range?: { from?: DayKey; to?: DayKey },
): LedgerRecord[] {
  const seen = new Set<string>();
  return ledger.read(0).records.filter((r) => {
    if (seen.has(r.id)) return false;
    seen.add(r.id);
    if (!range?.from && !range?.to) return true;
    const day = dayOf(r.at);
    return (!range.from || day >= range.from) && (!range.to || day <= range.to);
  });
}

/** The records whose id the ledger does not hold yet (nor an earlier one of the same batch). */
function notYetInLedger(ledger: LedgerFile, records: readonly LedgerRecord[]): LedgerRecord[] {
  const seen = new Set(ledger.read(0).records.map((r) => r.id));
  const fresh: LedgerRecord[] = [];
  for (const r of records) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    fresh.push(r);
  }
  return fresh;
}
