import type { NodeLogger } from 'electron-log';
import { join } from 'node:path';
import { formatLogLine, type LogFields, type Logger, type LogLevel } from '../../src-shared/log-line';

/** A log file is rotated when it passes this size: it becomes NAME.old.log (replacing the previous one). */
export const LOG_MAX_BYTES = 1024 * 1024;

/** Where the logs live inside the data folder: logs/main.log (desktop app) and logs/cli.log (`sokhan --verbose`). */
export function logFilePath(dataDir: string, name: 'main' | 'cli'): string {
  return join(dataDir, 'logs', `${name}.log`);
}

export interface LogFileOptions {
  path: string;
  /** Which host writes: 'app' or 'cli'. */
  scope: string;
  /** Exact secrets to redact besides key-shaped text: the API key in use (read at each line, it may change). */
  secrets(): readonly string[];
  now(): number;
  /** Also shows each line (the CLI's stderr with --verbose, the terminal in development). */
  echo?(line: string): void;
  maxBytes?: number;
}

/**
 * Opens a log file written by electron-log (its file transport: synchronous appends, rotation at LOG_MAX_BYTES into
 * NAME.old.log) in the shared line format (`src-shared/log-line.ts`), which already redacts and drops text, so
 * electron-log adds nothing to a line. Both hosts use electron-log's Node entry: its Electron entry also listens on
 * an IPC channel of its own, unchecked, that would let a page write into the log around this format. Loaded on
 * first use, so CLI commands without --verbose pay nothing for it.
 */
export async function openLogFile(options: LogFileOptions): Promise<Logger> {
  const { default: electronLog } = await import('electron-log/node');
  const target: Pick<NodeLogger, 'transports' | LogLevel> = electronLog.create({ logId: `sokhan:${options.path}` });
  target.transports.file.resolvePathFn = () => options.path;
  target.transports.file.format = '{text}';
  target.transports.file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  target.transports.file.level = 'debug';
  target.transports.console.level = false;
  return {
    log(level: LogLevel, event: string, fields?: LogFields) {
      const line = formatLogLine(
        { time: options.now(), level, scope: options.scope, event, fields },
        options.secrets(),
      );
      target[level](line);
      options.echo?.(line);
    },
  };
}
