import type { LedgerRecord } from './ledger-record';

/** What each counter (today, week, month, all time) shows. */
export interface Counter {
  /** Requests sent (successful and failed; blocked ones were never sent). */
  requests: number;
  failedRequests: number;
  /** Audio that was transcribed and charged, in ms (failed uploads are not counted twice). */
  audioMs: number;
  billedSeconds: number;
  /** Spend: what was charged plus the estimate for requests of unknown outcome (budgets count both). */
  costMicros: number;
  /** Requests sent whose answer never came (timeout, cut connection, kill): they may have been charged. */
  unknownRequests: number;
  /** The part of costMicros that is the estimate for those requests. */
  unknownCostMicros: number;
}

/**
 * The store keeps counters as arrays to stay small:
 * [requests, failed, audioMs, billedMs, costMicros, unknownRequests, unknownMicros].
 * Billed time is kept in integer ms so sums never drift; costMicros includes unknownMicros.
 */
export type PackedCounter = [number, number, number, number, number, number, number];

/** Fields in a packed counter (the aggregates store's shape; a change bumps AGGREGATE_STATE_VERSION). */
export const PACKED_FIELDS = 7;

/** A fresh all-zero packed counter. */
export function zeroPacked(): PackedCounter {
  return [0, 0, 0, 0, 0, 0, 0];
}

/** Adds `add` into `into` in place. */
export function addPacked(into: PackedCounter, add: Readonly<PackedCounter>): void {
  for (let i = 0; i < PACKED_FIELDS; i++) into[i] += add[i];
}

/** What one ledger line adds to the counters; null for lines that are not usage (resets, warnings, …). */
export function packRecord(record: LedgerRecord): PackedCounter | null {
  if (record.kind === 'request') {
    if (record.outcome === 'ok') {
      return [1, 0, record.audioMs, Math.round(record.billedSeconds * 1000), record.costMicros, 0, 0];
    }
    // Failed requests are counted but never charged, whatever the line claims.
    if (record.outcome === 'failed') return [1, 1, 0, 0, 0, 0, 0];
    // Maybe charged: its estimate is spend (budgets hold) but kept apart, since nobody confirmed it.
    if (record.outcome === 'unknown') return [1, 0, 0, 0, record.costMicros, 1, record.costMicros];
    return null;
  }
  if (record.kind === 'legacy') {
    return [0, record.failedRequests, record.audioMs, Math.round(record.billedSeconds * 1000), record.costMicros, 0, 0];
  }
  return null;
}

/** Converts the stored form to the shape people and the CLI see. */
export function unpack(p: Readonly<PackedCounter>): Counter {
  return {
    requests: p[0],
    failedRequests: p[1],
    audioMs: p[2],
    billedSeconds: p[3] / 1000,
    costMicros: p[4],
    unknownRequests: p[5] ?? 0,
    unknownCostMicros: p[6] ?? 0,
  };
}
