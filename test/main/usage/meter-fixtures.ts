import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AggregateState } from '../../../src-shared/usage/aggregate-state';
import type { LedgerRecord, LedgerRequestRecord } from '../../../src-shared/usage/ledger-record';
import { createAggregateStore, type AggregateStorePort } from '../../../src-main/usage/aggregate-store';
import { LEDGER_FILE_NAME } from '../../../src-main/usage/ledger-file';
import { openUsageMeter, type OpenUsageMeterOptions, type UsageSettings } from '../../../src-main/usage/usage-meter';

/** The fixtures the meter's tests share: one set of settings, one paid request, one way to open a meter. */

/** 08:00 UTC on Thursday 20 March 2025: the tests' "now" unless they move the clock. */
export const T = Date.UTC(2025, 2, 20, 8);
export const DAY_MS = 86_400_000;

export const tmpDataDir = () => fs.mkdtempSync(path.join(tmpdir(), 'sokhan-usage-'));

/**
 * The app's defaults (no budget, hard stop off, a $1 session warning), with `budget` and `extra` laid over them.
 * Tests of the hard stop pass `blockAtLimit: true` themselves, so each test says which setting it depends on.
 */
export function usageSettings(
  budget: Partial<UsageSettings['budget']> = {},
  extra: Partial<UsageSettings> = {},
): UsageSettings {
  return {
    budget: { dailyUsd: null, monthlyUsd: null, warnPercent: 80, sessionWarnUsd: 1, blockAtLimit: false, ...budget },
    weekStartsOn: 'saturday',
    calendar: 'gregorian',
    ...extra,
  };
}

let seq = 0;
/** One whisper-1 request as the pipeline records it after the server answered: a minute of audio unless told. */
export function paidRequest(
  at: number,
  costMicros: number,
  extra: Partial<LedgerRequestRecord> = {},
): LedgerRequestRecord {
  seq += 1;
  const audioMs = extra.audioMs ?? 60_000;
  return {
    kind: 'request',
    id: `paid-${seq}-${at}`,
    at,
    sessionId: 'sess',
    model: 'whisper-1',
    provider: 'openai',
    audioMs,
    billed: { type: 'duration', seconds: audioMs / 1000 },
    billedSeconds: audioMs / 1000,
    costMicros,
    outcome: 'ok',
    ...extra,
  };
}

/** What the gate is asked before sending a minute of whisper-1 (at most 6 100 µ$ with the rounding second). */
export const MINUTE_REQUEST = { sessionId: 'sess', model: 'whisper-1', audioMs: 60_000 };

/** A meter on `dataDir` in UTC at the fixed time T, recording as the app, with default settings unless told. */
export function openMeter(dataDir: string, extra: Partial<OpenUsageMeterOptions> = {}) {
  return openUsageMeter({ dataDir, settings: usageSettings(), source: 'app', now: () => T, timeZone: 'UTC', ...extra });
}

/** A clock the test moves by setting `t`. */
export function clock(start = T) {
  const c = { t: start, now: () => c.t };
  return c;
}

/** Every line of the ledger in `dir`, parsed. */
export function ledgerLines(dir: string): LedgerRecord[] {
  return fs
    .readFileSync(path.join(dir, LEDGER_FILE_NAME), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LedgerRecord);
}

/** The aggregates store as the meter uses it, counting writes; `fail` makes every write fail like a full disk. */
export function watchedStore(dir: string, fail = false) {
  const real = createAggregateStore(dir);
  const written: AggregateState[] = [];
  const store: AggregateStorePort = {
    path: real.path,
    read: () => real.read(),
    moveAside: (now) => real.moveAside(now),
    async write(state) {
      if (fail) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      written.push(structuredClone(state));
      await real.write(state);
    },
  };
  return { store, written };
}
