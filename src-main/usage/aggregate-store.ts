import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AggregateState } from '../../src-shared/usage/aggregate-state';
import { toStorageError } from './storage-error';

/** The aggregates file's name (without extension, as conf / electron-store take it). */
export const STORE_NAME = 'usage-aggregates';

/** What reading the aggregates file found. */
export type StoreReadResult =
  | { status: 'missing' }
  | { status: 'ok'; data: unknown }
  | { status: 'damaged'; reason: string };

/** All the aggregates file I/O the meter does; a port so tests and the desktop app can swap it. */
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

function readJson(file: string): StoreReadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'damaged', reason: String((error as Error).message) };
  }
  try {
    return { status: 'ok', data: JSON.parse(text) as unknown };
  } catch (error) {
    return { status: 'damaged', reason: (error as Error).message };
  }
}

function moveAsideFile(dataDir: string, file: string, now: number): string | null {
  const backup = path.join(dataDir, `${STORE_NAME}.damaged-${new Date(now).toISOString().replace(/[:.]/g, '-')}.json`);
  try {
    fs.renameSync(file, backup);
    return backup;
  } catch {
    return null;
  }
}

/**
 * The same file written with Node's async I/O (temp file, fsync, rename — the steps conf's `atomically` takes), so
 * the fsync runs on libuv's thread pool instead of stalling a request being metered. The meter's default.
 */
export function createNodeAggregateStore(dataDir: string): AggregateStorePort {
  const file = path.join(dataDir, `${STORE_NAME}.json`);
  let counter = 0;
  return {
    path: file,
    read: () => readJson(file),
    async write(state) {
      const text = JSON.stringify(state);
      const tmp = `${file}.tmp-${process.pid}-${counter++}`;
      try {
        const handle = await fs.promises.open(tmp, 'w');
        try {
          await handle.writeFile(text);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.promises.rename(tmp, file);
      } catch (error) {
        await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
        throw toStorageError(error, file, 'write');
      }
    },
    moveAside: (now) => moveAsideFile(dataDir, file, now),
  };
}

/** The slice of conf's API the store uses; electron-store (a conf subclass) has it too. */
export interface ConfLike {
  store: Record<string, unknown>;
}

/** Opens a conf-compatible store: conf itself for the CLI, electron-store in the desktop app. */
export type ConfOpener = (options: {
  cwd: string;
  name: string;
  serialize: (value: Record<string, unknown>) => string;
  clearInvalidConfig: boolean;
}) => ConfLike | Promise<ConfLike>;

const openWithConf: ConfOpener = async ({ name, ...options }) => {
  const { default: ConfClass } = await import('conf');
  return new ConfClass<Record<string, unknown>>({ ...options, configName: name });
};

/**
 * The aggregates kept through conf or electron-store in the data folder, serialised compactly — the electron-store
 * file the tray and window read. Reads go straight to the JSON file, because loading conf (and its JSON-schema
 * validator) costs ~100 ms that the cold `sokhan usage` path does not have; the store is opened on the first write.
 */
export function createConfAggregateStore(dataDir: string, open: ConfOpener = openWithConf): AggregateStorePort {
  const file = path.join(dataDir, `${STORE_NAME}.json`);
  let conf: ConfLike | null = null;
  return {
    path: file,
    read: () => readJson(file),
    async write(state) {
      const copy = structuredClone(state);
      try {
        conf ??= await open({
          cwd: dataDir,
          name: STORE_NAME,
          serialize: (value) => JSON.stringify(value),
          clearInvalidConfig: true,
        });
        // conf writes through `atomically` (temp file + fsync + rename).
        conf.store = copy as unknown as Record<string, unknown>;
      } catch (error) {
        throw toStorageError(error, file, 'write');
      }
    },
    moveAside: (now) => moveAsideFile(dataDir, file, now),
  };
}
