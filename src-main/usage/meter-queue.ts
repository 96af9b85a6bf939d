import type { AggregateStorePort } from './aggregate-store';
import type { LedgerMirror } from './ledger-mirror';
import type { MeterNotice } from './meter-notices';
import { toStorageError } from './storage-error';

/**
 * Runs the meter's operations one at a time (so in-process calls see each other's reservations) and writes the
 * aggregates file behind them: after every change when the delay is 0, otherwise gathered for `writeDelayMs`.
 */
export class MeterQueue {
  closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pendingWrite: Promise<void> = Promise.resolve();

  constructor(
    private readonly mirror: LedgerMirror,
    private readonly store: AggregateStorePort,
    private readonly notices: MeterNotice[],
    private readonly writeDelayMs: number,
  ) {}

  serial<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      if (this.closed) throw new Error('The usage meter is closed.');
      const result = await fn();
      await this.afterChange();
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Writes now (delay 0) or schedules the write. */
  async afterChange(): Promise<void> {
    if (this.writeDelayMs === 0) await this.flush();
    else this.scheduleFlush();
  }

  /** Waits for a write in progress, then writes what is still unwritten. */
  async drain(): Promise<void> {
    await this.pendingWrite;
    await this.flush();
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.mirror.dirty) return;
    this.mirror.dirty = false;
    try {
      await this.store.write(this.mirror.state);
    } catch (error) {
      // The ledger is the truth; a failed aggregates write only costs a catch-up next time.
      const e = toStorageError(error, this.store.path, 'write');
      this.notices.push({ code: 'store_write_failed', message: e.bilingual });
    }
  }

  private scheduleFlush(): void {
    if (!this.mirror.dirty || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Only the snapshot is taken in turn; the write itself overlaps the next requests.
      this.queue = this.queue.then(() => {
        const flush = () => this.flush();
        this.pendingWrite = this.pendingWrite.then(flush, flush);
      });
    }, this.writeDelayMs);
    this.timer.unref();
  }
}
