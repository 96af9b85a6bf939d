import type { BilingualMessage } from '../../src-shared/bilingual';
import type { CliIo } from './cli-io';

// English comes first on a line because terminals rarely shape Persian right-to-left.

/** Prints a one-line error on stderr: "sokhan: <English> | <Persian>". */
export function printError(io: Pick<CliIo, 'stderr'>, message: BilingualMessage): void {
  io.stderr.write(`sokhan: ${message.en} | ${message.fa}\n`);
}

/** Prints a one-line warning on stderr. */
export function printWarning(io: Pick<CliIo, 'stderr'>, message: BilingualMessage): void {
  io.stderr.write(`sokhan: warning: ${message.en} | ${message.fa}\n`);
}
