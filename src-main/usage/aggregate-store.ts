import * as path from 'node:path';
import type { AggregateState } from '../../src-shared/usage/aggregate-state';
import { keepDamagedAside, readJsonFile, writeJsonFile } from '../fs/json-file';
import { toStorageError } from './storage-error';

/** The aggregates file's name, without extension. */
export const STORE_NAME = 'usage-aggregates';

/** What reading the aggregates file found. */
export type StoreReadResult =
  | { status: 'missing' }
  | { status: 'ok'; data: unknown }
  | { status: 'damaged'; reason: string };

/** All the aggregates file I/O the meter does; a port so tests can inject failures. */
export interface AggregateStorePort {
  readonly path: string;
  read(): StoreReadResult;
  /**
   * Atomic: afterwards the file holds either the old state or this one, never a mix. Implementations take their
   * copy of `state` before their first await, because the meter keeps folding into it.
   */
  write(state: AggregateState): Promise<void>;
  /** Renames a damaged file aside; returns the backup's path. */
  moveAside(now: number): string | null;
}

/**
 * The one module that owns `usage-aggregates.json` (the counters the tray and window read at a glance, rebuilt from
 * the ledger when lost), for the CLI and the desktop app alike. Written with Node's async I/O (temp file, fsync,
 * rename), so the fsync runs on libuv's thread pool instead of stalling a request being metered.
 */
export function createAggregateStore(dataDir: string): AggregateStorePort {
  const file = path.join(dataDir, `${STORE_NAME}.json`);
  return {
    path: file,
    read() {
      const result = readJsonFile(file);
      if (result.status === 'ok') return { status: 'ok', data: result.data };
      return result.status === 'missing' ? result : { status: 'damaged', reason: result.reason };
    },
    async write(state) {
      // writeJsonFile serialises before its first await: later folds into `state` cannot tear this write.
      try {
        await writeJsonFile(file, state);
      } catch (error) {
        throw toStorageError(error, file, 'write');
      }
    },
    moveAside: (now) => keepDamagedAside(file, STORE_NAME, now),
  };
}
