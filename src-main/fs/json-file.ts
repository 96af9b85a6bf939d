import { readFileSync, renameSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write';

/**
 * The one way this app keeps a JSON file (the settings and the usage aggregates): read it ourselves so a damaged
 * file is noticed and kept aside instead of silently cleared, and write it atomically (temp file, fsync, rename).
 * Each file still has exactly one module that owns it (`settings-store.ts`, `aggregate-store.ts`); this is their
 * shared mechanism, not a place that knows either file's content.
 */
export type JsonReadResult =
  | { status: 'missing' }
  | { status: 'ok'; data: unknown; text: string }
  | { status: 'damaged'; reason: string; readError?: NodeJS.ErrnoException };

/** Reads and parses `file`; a byte-order mark (Windows editors add one) is ignored. */
export function readJsonFile(file: string): JsonReadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'damaged', reason: (error as Error).message, readError: error as NodeJS.ErrnoException };
  }
  try {
    return { status: 'ok', data: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown, text };
  } catch (error) {
    return { status: 'damaged', reason: (error as Error).message };
  }
}

/** The text a JSON file is written as: tab-indented for a file people may open (settings), compact otherwise. */
export function jsonText(value: unknown, readable: boolean): string {
  return readable ? `${JSON.stringify(value, undefined, '\t')}\n` : JSON.stringify(value);
}

export async function writeJsonFile(file: string, value: unknown, readable = false): Promise<void> {
  await writeFileAtomic(file, jsonText(value, readable));
}

export function writeJsonFileSync(file: string, value: unknown, readable = false): void {
  writeFileAtomicSync(file, jsonText(value, readable));
}

/** `2025-03-20T08-00-00-000Z`: a moment as file names can hold it on every OS. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}

/** `base.json` in `folder`, or `base-2.json`, `base-3.json`… when that name is taken. */
export function freeJsonPath(folder: string, base: string): string {
  let candidate = join(folder, `${base}.json`);
  for (let n = 2; existsSync(candidate); n += 1) candidate = join(folder, `${base}-${n}.json`);
  return candidate;
}

/** Renames a damaged file to `<base>.damaged-<stamp>.json` beside it, so nothing a person had is destroyed. */
export function keepDamagedAside(file: string, base: string, now: number): string | null {
  const keptAt = freeJsonPath(dirname(file), `${base}.damaged-${fileStamp(now)}`);
  try {
    renameSync(file, keptAt);
    return keptAt;
  } catch {
    return null;
  }
}
