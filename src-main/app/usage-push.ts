import { watch, type FSWatcher } from 'node:fs';
import type { AppEvent } from '../../src-shared/app-contract/events';
import { LEDGER_FILE_NAME } from '../usage/ledger-file';
import type { UsageMeter } from '../usage/usage-meter';

/** Gathers bursts (several chunks metered at once, a CLI import) into one update. */
const SETTLE_MS = 100;

/**
 * Pushes the usage counters to the window whenever they change: after each request this app meters, and when
 * another process (the CLI) appends to the same ledger — watched on disk, so the cards never go stale or poll.
 */
export class UsagePush {
  private timer: NodeJS.Timeout | null = null;
  private watcher: FSWatcher | null = null;
  private closed = false;

  constructor(
    private readonly meter: UsageMeter,
    private readonly emit: (event: AppEvent) => void,
  ) {}

  /** Starts watching the data folder for ledger writes by other processes. */
  watchLedger(dataDir: string): void {
    try {
      // The folder, not the file: the ledger may not exist yet, and a rewrite replaces the file.
      this.watcher = watch(dataDir, { persistent: false }, (_event, name) => {
        if (name === null || name === LEDGER_FILE_NAME) this.soon();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // No file watching on this system: this app's own requests still update the cards.
      this.watcher = null;
    }
  }

  /** Something was metered: send fresh counters shortly. */
  readonly soon = (): void => {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pushNow();
    }, SETTLE_MS);
    this.timer.unref?.();
  };

  /** Sends the counters now. */
  async pushNow(): Promise<void> {
    if (this.closed) return;
    try {
      const summary = await this.meter.counters();
      if (!this.closed) this.emit({ type: 'usage', summary });
    } catch {
      // The meter is closing; the next change will bring fresh numbers.
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
  }
}
