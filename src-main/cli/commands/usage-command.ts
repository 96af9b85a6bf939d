import { homedir } from 'node:os';
import * as path from 'node:path';
import type { ResetPeriod } from '../../../src-shared/usage/ledger-record';
import { isDayKey } from '../../../src-shared/usage/periods';
import { UsageStorageError } from '../../usage/storage-error';
import { type ParsedArgs, parseArgs, stringFlag, UsageError } from '../args';
import type { CliCommand, CliIo } from '../cli-io';
import { printError, printWarning } from '../messages';
import { exportUsage, importExportFile, importLegacyFile } from './usage/usage-files';
import { historyReport } from './usage/usage-history';
import { usageJson } from './usage/usage-json';
import { historyText, usageText } from './usage/usage-text';
import { withMeter } from './usage/with-meter';

const BOOLEAN_FLAGS = new Set(['json', 'delete', 'yes']);
const PERIODS: readonly ResetPeriod[] = ['day', 'week', 'month', 'all'];

const USAGE_TEXT = [
  'usage [--json]',
  'usage reset --period day|week|month|all',
  'usage export --format csv|json [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]',
  'usage import FILE',
  'usage import-legacy [PATH]',
  'usage history [--days 30|90|365] [--json]',
  'usage history --delete --yes',
].join(' | ');

/** One `sokhan usage` subcommand: its arguments after the subcommand's name, and the whole parse for flags. */
type Subcommand = (io: CliIo, args: ParsedArgs, rest: string[]) => Promise<number>;

const showCounters: Subcommand = (io, args) =>
  withMeter(io, async (meter) => {
    const snapshot = await meter.snapshot();
    io.stdout.write(args.flags.get('json') === true ? `${JSON.stringify(usageJson(snapshot))}\n` : usageText(snapshot));
    for (const warning of snapshot.warnings) printWarning(io, warning.message);
    return 0;
  });

const resetCounter: Subcommand = (io, args, rest) => {
  const period = stringFlag(args, 'period') ?? rest[0];
  if (!PERIODS.includes(period as ResetPeriod)) {
    throw new UsageError(`usage reset --period day|week|month|all\n${USAGE_TEXT}`);
  }
  return withMeter(io, async (meter) => {
    await meter.reset(period as ResetPeriod);
    const which = period === 'all' ? 'all-time and every other' : period;
    io.stdout.write(
      `The ${which} counter was reset; history is kept in the ledger and in exports.\n` +
        `شمارندهٔ ${period} صفر شد؛ سابقه در دفتر کارکرد و خروجی‌ها می‌ماند.\n`,
    );
    return 0;
  });
};

function dayFlag(args: ParsedArgs, name: string): string | undefined {
  const value = stringFlag(args, name);
  if (value !== undefined && !isDayKey(value)) {
    throw new UsageError(`--${name} must be a date like 2025-03-21 (YYYY-MM-DD)`);
  }
  return value;
}

const exportLedger: Subcommand = (io, args) => {
  const format = stringFlag(args, 'format');
  if (format !== 'csv' && format !== 'json')
    throw new UsageError(`usage export needs --format csv|json\n${USAGE_TEXT}`);
  return exportUsage(io, {
    format,
    from: dayFlag(args, 'from'),
    to: dayFlag(args, 'to'),
    out: stringFlag(args, 'out'),
  });
};

const importLedger: Subcommand = (io, _args, rest) => {
  if (rest.length !== 1) throw new UsageError(`usage import FILE\n${USAGE_TEXT}`);
  return importExportFile(io, rest[0]);
};

const importLegacy: Subcommand = (io, _args, rest) => {
  if (rest.length > 1) throw new UsageError(`usage import-legacy [PATH]\n${USAGE_TEXT}`);
  const home = io.env.HOME && io.env.HOME !== '' ? io.env.HOME : homedir();
  return importLegacyFile(io, rest[0] ?? path.join(home, '.sokhan_negar', 'usage_data.json'));
};

async function deleteHistory(io: CliIo, args: ParsedArgs): Promise<number> {
  if (args.flags.get('yes') !== true) {
    printError(io, {
      en:
        'this deletes ALL usage history (the ledger and every counter) and cannot be undone. ' +
        'Export it first if you may need it, then run: sokhan usage history --delete --yes',
      fa:
        'این کار همهٔ سابقهٔ کارکرد (دفتر و همهٔ شمارنده‌ها) را برای همیشه پاک می‌کند. ' +
        'اگر لازمش دارید اول خروجی بگیرید، سپس اجرا کنید: sokhan usage history --delete --yes',
    });
    return 2;
  }
  return withMeter(io, async (meter) => {
    await meter.deleteHistory();
    io.stdout.write('Usage history deleted. | سابقهٔ کارکرد پاک شد.\n');
    return 0;
  });
}

const showHistory: Subcommand = (io, args) => {
  if (args.flags.get('delete') === true) return deleteHistory(io, args);
  const daysText = stringFlag(args, 'days') ?? '30';
  if (!['30', '90', '365'].includes(daysText)) throw new UsageError(`--days must be 30, 90 or 365\n${USAGE_TEXT}`);
  return withMeter(io, async (meter) => {
    const report = await historyReport(meter, io.now(), Number(daysText));
    io.stdout.write(args.flags.get('json') === true ? `${JSON.stringify(report)}\n` : historyText(report));
    return 0;
  });
};

const SUBCOMMANDS: Record<string, Subcommand> = {
  reset: resetCounter,
  export: exportLedger,
  import: importLedger,
  'import-legacy': importLegacy,
  history: showHistory,
};

/** `sokhan usage …`: counters, resets, export/import, legacy import and history. */
export const runUsageCommand: CliCommand = async (words, io) => {
  const args = parseArgs(words, BOOLEAN_FLAGS);
  const [sub, ...rest] = args.positionals;
  try {
    if (sub === undefined) return await showCounters(io, args, rest);
    const subcommand = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (!subcommand) throw new UsageError(`unknown usage subcommand "${sub}"\n${USAGE_TEXT}`);
    return await subcommand(io, args, rest);
  } catch (error) {
    if (error instanceof UsageStorageError) {
      printError(io, error.bilingual);
      return 1;
    }
    if (error instanceof UsageError) {
      const message = error.message.includes(USAGE_TEXT) ? error.message : `${error.message}\n${USAGE_TEXT}`;
      io.stderr.write(`sokhan usage: ${message}\n`);
      return 2;
    }
    throw error;
  }
};
