import { homedir } from 'node:os';
import { logFilePath, openLogFile } from '../logging/log-file';
import { resolveDataDir } from '../settings/data-dir';
import { UsageError } from './args';
import type { CliCommand, CliIo } from './cli-io';
import { printError } from './messages';

const HELP = `سخن‌نگار — SokhanNegar: Persian dictation with an exact usage meter

usage:
  sokhan transcribe FILE.wav [--json] [--model ID] [--language fa] [--base-url URL] [--data-dir DIR]
  sokhan usage [--json] | usage reset --period day|week|month|all \
| usage export --format csv|json [--from D] [--to D] [--out FILE]
  sokhan usage import FILE | usage import-legacy [PATH]
  sokhan config list [--json] | config get KEY | config set KEY VALUE
  sokhan spool list [--json] | spool retry | spool discard --yes
  sokhan ui [--port N] [--no-open] [--data-dir DIR]   the window in your browser (127.0.0.1 only); Ctrl-C stops

  --verbose (any command): log lines on stderr and in DATA_DIR/logs/cli.log, for a bug report (no text, no keys)

environment: OPENAI_API_KEY, OPENAI_BASE_URL, SOKHAN_DATA_DIR (the desktop app's folder by default)
`;

const VERSION = '0.1.0';

/** The subcommands by name; tests call runCli with their own (e.g. a transcribe command with fast retries). */
export function defaultCommands(): Record<string, CliCommand> {
  return {
    transcribe: lazy(async () => (await import('./commands/transcribe-command')).createTranscribeCommand()),
    usage: lazy(async () => (await import('./commands/usage-command')).runUsageCommand),
    config: lazy(async () => (await import('./commands/config-command')).runConfigCommand),
    spool: lazy(async () => (await import('./commands/spool-command')).runSpoolCommand),
    ui: lazy(async () => (await import('./commands/ui-command')).createUiCommand()),
  };
}

/** Loads a command's module only when it runs: `usage --json` should not pay for the openai SDK or the VAD. */
function lazy(load: () => Promise<CliCommand>): CliCommand {
  return async (args, io) => (await load())(args, io);
}

/**
 * Runs one command line in-process and returns the exit code (0 ok, 1 error, 2 bad usage, 3 stopped, 4 partial; 130/143
 * when Ctrl-C/SIGTERM stopped `transcribe`).
 */
export async function runCli(
  argv: string[],
  io: Omit<CliIo, 'dataDir'>,
  commands: Record<string, CliCommand> = defaultCommands(),
): Promise<number> {
  const words = [...argv];
  const dataDirFlag = takeFlag(words, 'data-dir');
  const verbose = takeSwitch(words, 'verbose');
  const [name, ...rest] = words;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(HELP);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`sokhan: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  if (dataDirFlag === true) {
    io.stderr.write('sokhan: --data-dir needs a folder\n');
    return 2;
  }
  const dataDir = resolveDataDir({ flag: dataDirFlag, env: io.env, platform: process.platform, homedir: homedir() });
  // --verbose: every line on stderr and in logs/cli.log, the same format as the desktop app's logs/main.log.
  const log = verbose
    ? await openLogFile({
        path: logFilePath(dataDir, 'cli'),
        scope: 'cli',
        secrets: () => [io.env.OPENAI_API_KEY ?? ''],
        now: io.now,
        echo: (line) => io.stderr.write(`${line}\n`),
      })
    : undefined;
  const startedAt = io.now();
  log?.log('info', 'command.start', {
    command: name,
    version: VERSION,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
  });
  const exitCode = await runCommand(name, command, rest, { ...io, dataDir, log });
  log?.log(exitCode === 0 ? 'info' : 'warn', 'command.end', { command: name, exitCode, ms: io.now() - startedAt });
  return exitCode;
}

async function runCommand(name: string, command: CliCommand, args: string[], io: CliIo): Promise<number> {
  try {
    return await command(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`sokhan ${name}: ${error.message}\n\n${HELP}`);
      return 2;
    }
    io.log?.log('error', 'command.failed', {
      command: name,
      error: error instanceof Error ? error.name : typeof error,
      code: (error as NodeJS.ErrnoException)?.code,
    });
    printError(io, unexpected(error));
    return 1;
  }
}

/** Removes a bare `--NAME` switch from the words; true when it was there. */
function takeSwitch(words: string[], name: string): boolean {
  const at = words.indexOf(`--${name}`);
  if (at === -1) return false;
  words.splice(at, 1);
  return true;
}

/** Removes `--NAME VALUE` / `--NAME=VALUE` from the words (global flags may stand anywhere). */
function takeFlag(words: string[], name: string): string | true | undefined {
  for (let i = 0; i < words.length; i++) {
    if (words[i] === `--${name}`) {
      const value = words[i + 1];
      const hasValue = value !== undefined && !value.startsWith('--');
      words.splice(i, hasValue ? 2 : 1);
      return hasValue ? value : true;
    }
    if (words[i].startsWith(`--${name}=`)) {
      const [word] = words.splice(i, 1);
      return word.slice(name.length + 3);
    }
  }
  return undefined;
}

function unexpected(error: unknown): { fa: string; en: string } {
  const detail = (error as NodeJS.ErrnoException)?.code ?? (error instanceof Error ? error.message : String(error));
  if (detail === 'ENOSPC')
    return {
      en: 'the disk is full — free some space and try again; nothing already saved was lost.',
      fa: 'دیسک پر است؛ کمی فضا آزاد کنید و دوباره امتحان کنید. چیزی از داده‌های ذخیره‌شده از دست نرفته است.',
    };
  if (detail === 'EACCES' || detail === 'EROFS' || detail === 'EPERM') {
    return {
      en: 'the data folder is not writable — check its permissions or choose another with --data-dir.',
      fa: 'پوشهٔ داده قابل نوشتن نیست؛ دسترسی‌ها را بررسی کنید یا با ‎--data-dir‎ پوشهٔ دیگری بدهید.',
    };
  }
  if (detail === 'ENOTDIR' || detail === 'EEXIST') {
    return {
      en:
        'the data folder path is a file, or lies inside one — move that file away or choose another folder ' +
        'with --data-dir.',
      fa:
        'مسیر پوشهٔ داده یک فایل است یا درون یک فایل قرار دارد؛ آن فایل را جابه‌جا کنید یا با ‎--data-dir‎ ' +
        'پوشهٔ دیگری بدهید.',
    };
  }
  return { en: `unexpected error: ${detail}`, fa: `خطای پیش‌بینی‌نشده: ${detail}` };
}
