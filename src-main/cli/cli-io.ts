import type { Logger } from '../../src-shared/log-line';

/** What a CLI command may touch; injected so commands run in-process under tests. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** The resolved data folder (flag, SOKHAN_DATA_DIR, or the desktop app's folder). */
  dataDir: string;
  /** Epoch ms; injected so tests control time. */
  now(): number;
  /** With --verbose: ids, durations, sizes, statuses and costs to stderr and logs/cli.log (never text or keys). */
  log?: Logger;
}

/** A subcommand: gets the words after its own name, returns the process exit code. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;
