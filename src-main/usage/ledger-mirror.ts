import {
  AGGREGATE_STATE_VERSION,
  emptyAggregateState,
  foldRecord,
  pruneState,
  type AggregateState,
} from '../../src-shared/usage/aggregate-state';
import { PACKED_FIELDS } from '../../src-shared/usage/counter';
import type { LedgerRecord } from '../../src-shared/usage/ledger-record';
import type { DayKey } from '../../src-shared/usage/periods';
import type { AggregateStorePort } from './aggregate-store';
import type { LedgerFile } from './ledger-file';
import { skippedLinesNotice, storeDamagedNotice, type MeterNotice } from './meter-notices';

function isAggregateState(data: unknown): data is AggregateState {
  if (typeof data !== 'object' || data === null) return false;
  const s = data as Partial<AggregateState>;
  const obj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return (
    s.version === AGGREGATE_STATE_VERSION &&
    typeof s.timeZone === 'string' &&
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

/** A store written by an older version (before the counters changed shape) is outdated, not damaged. */
function isOlderVersion(data: unknown): boolean {
  const version = (data as { version?: unknown } | null)?.version;
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 && version < AGGREGATE_STATE_VERSION;
}

/**
 * The aggregates kept in step with the ledger file: the ledger is the truth, the aggregates a fold of it that is
 * caught up (with the other process's lines too) before every decision.
 */
export class LedgerMirror {
  state: AggregateState;
  /** Changed since the aggregates file was last written. */
  dirty = false;

  constructor(
    private readonly ledger: LedgerFile,
    private readonly timeZone: string,
    private readonly dayOf: (at: number) => DayKey,
    private readonly now: () => number,
    private readonly notices: MeterNotice[],
  ) {
    this.state = emptyAggregateState(timeZone);
  }

  /**
   * Opening: trusts the stored aggregates only if they match the ledger; otherwise rebuilds (saying why if damaged).
   */
  open(store: AggregateStorePort): void {
    const found = store.read();
    if (found.status === 'ok' && isAggregateState(found.data) && found.data.timeZone === this.timeZone) {
      if (this.isFoldOfLedger(found.data)) this.adopt(found.data);
      else this.rebuild();
      return;
    }
    const damaged =
      found.status === 'damaged' ||
      (found.status === 'ok' && !isAggregateState(found.data) && !isOlderVersion(found.data));
    if (damaged) this.notices.push(storeDamagedNotice(store.moveAside(this.now())));
    this.rebuild();
  }

  /** Folds whatever the ledger gained since the state was written (this is how the other process's lines arrive). */
  catchUp(): void {
    const size = this.ledger.size();
    // The state belongs to a ledger that is gone (history deleted, a backup restored) if the file is shorter, or no
    // longer has the line the state was folded up to. The file's inode cannot tell: a new ledger often gets the
    // deleted one's inode number back.
    if (size < this.state.ledger.size || !this.isFoldOfLedger(this.state)) {
      this.rebuild();
      return;
    }
    // Stryker disable next-line ConditionalExpression,BlockStatement: only spares reading an empty tail
    if (size === this.state.ledger.size) return;
    const chunk = this.ledger.read(this.state.ledger.size);
    // Only the start of a line the other process is still writing: nothing to fold yet.
    if (chunk.consumed === 0) return;
    for (const record of chunk.records) foldRecord(this.state, record, this.dayOf);
    this.state.ledger.size += chunk.consumed;
    this.noteSkipped(chunk.skipped);
    pruneState(this.state, this.dayOf, this.now());
    this.dirty = true;
  }

  /** Writes lines to the ledger, then folds them (and anything the other process wrote first). */
  append(records: LedgerRecord[]): void {
    this.ledger.append(records);
    this.catchUp();
  }

  /** Folds the whole ledger from its first line into fresh aggregates. */
  rebuild(): void {
    const chunk = this.ledger.read(0);
    this.state = emptyAggregateState(this.timeZone);
    const seen = new Set<string>();
    for (const record of chunk.records) {
      if (seen.has(record.id)) continue;
      seen.add(record.id);
      foldRecord(this.state, record, this.dayOf);
    }
    this.state.ledger.size = chunk.consumed;
    this.noteSkipped(chunk.skipped);
    pruneState(this.state, this.dayOf, this.now());
    this.dirty = true;
  }

  /**
   * A fold belongs to this ledger if the ledger still has the line it was folded up to. An empty fold (lastId null)
   * matches any ledger, and a fold past the ledger's end finds no line there (lastIdBefore: null).
   */
  private isFoldOfLedger(fold: AggregateState): boolean {
    return this.ledger.lastIdBefore(fold.ledger.size) === fold.ledger.lastId;
  }

  private adopt(candidate: AggregateState): void {
    this.state = candidate;
    this.catchUp();
  }

  private noteSkipped(skipped: number): void {
    if (skipped === 0) return;
    this.state.ledger.skippedLines += skipped;
    this.notices.push(skippedLinesNotice(skipped));
  }
}
