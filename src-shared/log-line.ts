import { redactSecrets } from './redact';

/**
 * One line of the log a person can attach to a bug report, written the same way by the desktop app (electron-log)
 * and by `sokhan --verbose`:
 *
 *   2026-12-03T16:55:00.123Z INFO  cli chunk.done session=s-1 index=2 status=ok audioMs=4200 costUsd=0.00042
 *
 * It holds event names, ids, durations, sizes, statuses and costs, never what was said: a string field that is not a
 * short plain token (an id, a code, a model name) is replaced by its length, and the whole line goes through the
 * secret redaction, so neither transcript text nor an API key can reach the file, whoever calls the logger.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** A field's value: numbers, flags and short tokens only; anything else is dropped (see above). */
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface LogEntry {
  /** Epoch milliseconds. */
  time: number;
  level: LogLevel;
  /** Which part wrote it: 'app', 'cli', 'core', … */
  scope: string;
  /** A dotted event name such as 'chunk.done'. */
  event: string;
  fields?: LogFields;
}

/** Ids, codes, statuses, model names, versions: letters, digits and `_ . : -`, up to 80 characters. */
const TOKEN = /^[A-Za-z0-9_.:-]{1,80}$/;
const EVENT = /^[a-z][a-z0-9_.-]{0,60}$/;
const KEY = /^[A-Za-z][A-Za-z0-9_]{0,40}$/;

/** A field value as it may appear in the log: text that is not a plain token becomes `<N chars>`. */
export function safeLogValue(value: LogValue): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NaN';
  return TOKEN.test(value) ? value : `<${[...value].length} chars>`;
}

/** Formats one entry as a single line (no newline); `secrets` are exact values to redact (the API key). */
export function formatLogLine(entry: LogEntry, secrets: readonly string[] = []): string {
  const event = EVENT.test(entry.event) ? entry.event : 'invalid-event';
  const scope = TOKEN.test(entry.scope) ? entry.scope : 'unknown';
  const parts = [new Date(entry.time).toISOString(), entry.level.toUpperCase().padEnd(5), scope, event];
  for (const [key, value] of Object.entries(entry.fields ?? {})) {
    if (value === undefined || !KEY.test(key)) continue;
    parts.push(`${key}=${safeLogValue(value)}`);
  }
  return redactSecrets(parts.join(' '), secrets);
}

/** Writes log entries somewhere (a file through electron-log, stderr); created per host. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}
