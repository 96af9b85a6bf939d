import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BilingualMessage } from '../../../src-shared/bilingual';
import type { AppCore } from '../../app/app-core-types';
import { startUiServer, type UiServer } from '../../browser-host/ui-server';
import { parseArgs, stringFlag, UsageError } from '../args';
import type { CliCommand, CliIo } from '../cli-io';
import { printError, printWarning } from '../messages';
import { logAppEvent } from '../../logging/app-event-log';

const BOOLEAN_FLAGS = new Set(['no-open']);
const KNOWN_FLAGS = new Set(['no-open', 'port']);
const PACKAGE_NAME = 'sokhan-negar';

/** Test seams: stop without a signal, and a renderer folder or browser opener of their own. */
export interface UiCommandOverrides {
  /** Aborting it stops the command as SIGINT would. */
  signal?: AbortSignal;
  rendererDir?: string;
  openBrowser?: (url: string, io: CliIo) => void;
}

/**
 * `sokhan ui`: the window in the default browser, served by the browser host on 127.0.0.1 and backed by the same
 * app core as the desktop app; runs until SIGINT/SIGTERM (or the override's signal), then finishes any dictation.
 */
export function createUiCommand(overrides: UiCommandOverrides = {}): CliCommand {
  return async (words, io) => {
    const args = parseArgs(words, BOOLEAN_FLAGS);
    for (const flag of args.flags.keys()) if (!KNOWN_FLAGS.has(flag)) throw new UsageError(`unknown option --${flag}`);
    if (args.positionals.length > 0) throw new UsageError(`unexpected "${args.positionals[0]}"`);
    const port = parsePort(stringFlag(args, 'port'));

    const root = packageRoot(dirname(fileURLToPath(import.meta.url)));
    const rendererDir = overrides.rendererDir ?? (root ? join(root, 'out', 'renderer') : null);
    if (!rendererDir || !existsSync(join(rendererDir, 'index.html'))) {
      printError(io, NOT_BUILT(rendererDir ?? 'out/renderer'));
      return 1;
    }

    // Loaded only now: the core pulls in the VAD and the transcription client, which other commands do not need.
    const { openAppCore } = await import('../../app/app-core');
    const core: AppCore = await openAppCore({
      dataDir: io.dataDir,
      host: 'browser',
      version: root ? packageVersion(root) : '0.0.0',
      env: io.env,
      // Read on every dictation, so the key is whatever the environment held when `sokhan ui` started.
      apiKey: () => io.env.OPENAI_API_KEY ?? '',
      now: io.now,
      log: () => io.log ?? null,
    });
    if (io.log) {
      const log = io.log;
      core.subscribe((event) => logAppEvent(log, event));
    }

    let server: UiServer;
    try {
      server = await startUiServer({ core, rendererDir, port });
    } catch (error) {
      await core.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') return fail(io, PORT_IN_USE(port));
      if (code === 'EACCES') return fail(io, PORT_NOT_ALLOWED(port));
      throw error;
    }

    // Stopping is armed before the address is printed: whoever reads the address may stop us right away.
    const stopped = waitForStop(overrides.signal);
    // The one line on stdout, so scripts (and tests) can read the address as they would Jupyter's.
    io.stdout.write(`${server.url}\n`);
    io.stderr.write(
      'sokhan ui: the window is served on this machine only; keep the address private (it holds the access ' +
        'token). Ctrl-C stops. | ' +
        'پنجره فقط روی همین رایانه در دسترس است؛ این نشانی را به کسی ندهید (رمز دسترسی در آن است). برای توقف ' +
        'Ctrl-C را بزنید.\n',
    );
    if (args.flags.get('no-open') !== true) (overrides.openBrowser ?? openInBrowser)(server.url, io);

    await stopped;
    io.stderr.write(
      'sokhan ui: stopping — a dictation in progress is finished first; press Ctrl-C again to quit at once. | ' +
        'در حال توقف؛ اگر دیکته‌ای در جریان باشد اول تمام می‌شود. برای خروج فوری دوباره Ctrl-C را بزنید.\n',
    );
    await server.close();
    await core.close();
    return 0;
  };
}

/** Resolves on the first SIGINT/SIGTERM (or abort), then lets a second signal kill the process as usual. */
function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
}

/** The folder holding this app's package.json: src-main/cli/commands under tsx, out/cli when bundled. */
function packageRoot(from: string): string | null {
  for (let folder = from; ; folder = dirname(folder)) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: unknown };
      if (manifest.name === PACKAGE_NAME) return folder;
    } catch {
      // No (readable) package.json here; keep walking up.
    }
    if (dirname(folder) === folder) return null;
  }
}

function packageVersion(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535 (0 picks a free one), not "${value}"`);
  return port;
}

/** Opens the address in the default browser; if that fails the person still has the printed address. */
function openInBrowser(url: string, io: CliIo): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const report = (detail: string) =>
    printWarning(io, {
      en: `could not open a browser (${detail}); open the address above yourself.`,
      fa: `مرورگر باز نشد (${detail})؛ نشانی بالا را خودتان در مرورگر باز کنید.`,
    });
  try {
    // Verbatim on Windows: cmd parses its own line, and Node's quoting would turn `""` (start's title) into a path.
    const child = spawn(command, args, {
      detached: true,
      stdio: 'ignore',
      windowsHide: true,
      windowsVerbatimArguments: process.platform === 'win32',
    });
    child.on('error', (error: NodeJS.ErrnoException) => report(error.code ?? error.message));
    child.on('exit', (code) => {
      if (code !== null && code !== 0) report(`${command} exited with ${code}`);
    });
    child.unref();
  } catch (error) {
    report(error instanceof Error ? error.message : String(error));
  }
}

function fail(io: CliIo, message: BilingualMessage): number {
  printError(io, message);
  return 1;
}

const NOT_BUILT = (folder: string): BilingualMessage => ({
  en: `the window is not built (${folder} has no index.html) — run \`npm run build\` first.`,
  fa: `پنجرهٔ برنامه ساخته نشده است (${folder} فایل index.html ندارد)؛ اول ‎npm run build‎ را اجرا کنید.`,
});

const PORT_IN_USE = (port: number): BilingualMessage => ({
  en: `port ${port} is already in use — choose another with --port, or leave it out to pick a free one.`,
  fa: `درگاه ${port} در حال استفاده است؛ با ‎--port‎ درگاه دیگری بدهید یا آن را ندهید تا یک درگاه آزاد انتخاب شود.`,
});

const PORT_NOT_ALLOWED = (port: number): BilingualMessage => ({
  en: `not allowed to listen on port ${port} — use a port above 1023, or leave --port out.`,
  fa: `اجازهٔ گوش دادن روی درگاه ${port} نیست؛ درگاهی بالاتر از ۱۰۲۳ بدهید یا ‎--port‎ را ندهید.`,
});
