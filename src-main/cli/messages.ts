import type { CliIo } from './cli-io';

/** A message in both languages; the CLI prints English first because terminals rarely shape Persian right-to-left. */
export interface Bilingual {
  fa: string;
  en: string;
}

/** Prints a one-line error on stderr: "sokhan: <English> | <Persian>". */
export function printError(io: Pick<CliIo, 'stderr'>, message: Bilingual): void {
  io.stderr.write(`sokhan: ${message.en} | ${message.fa}\n`);
}

/** Prints a one-line warning on stderr. */
export function printWarning(io: Pick<CliIo, 'stderr'>, message: Bilingual): void {
  io.stderr.write(`sokhan: warning: ${message.en} | ${message.fa}\n`);
}
