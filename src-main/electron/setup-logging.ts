import { app } from 'electron';
import type { Logger } from '../../src-shared/log-line';
import type { AppCore } from '../app/app-core-types';
import { logAppEvent } from '../logging/app-event-log';
import { logFilePath, openLogFile } from '../logging/log-file';

/**
 * The log a person can attach to a bug report: logs/main.log in the data folder (beside the CLI's logs/cli.log),
 * written by electron-log, rotated at 1 MiB into main.old.log, in the shared line format: ids, durations, statuses
 * and costs, never text or keys. In development the lines are also shown on the terminal.
 */
export async function setupLogging(core: AppCore, dataDir: string, apiKey: () => string): Promise<Logger> {
  const log = await openLogFile({
    path: logFilePath(dataDir, 'main'),
    scope: 'app',
    secrets: () => [apiKey()],
    now: Date.now,
    echo: app.isPackaged ? undefined : (line) => process.stdout.write(`${line}\n`),
  });
  log.log('info', 'app.start', {
    version: app.getVersion(),
    electron: process.versions.electron,
    platform: process.platform,
    arch: process.arch,
    packaged: app.isPackaged,
  });
  core.subscribe((event) => logAppEvent(log, event));
  app.on('render-process-gone', (_event, _contents, details) =>
    log.log('error', 'renderer.gone', { reason: details.reason, exitCode: details.exitCode }),
  );
  app.on('child-process-gone', (_event, details) =>
    log.log('error', 'child.gone', { type: details.type, reason: details.reason, exitCode: details.exitCode }),
  );
  app.on('will-quit', () => log.log('info', 'app.quit'));
  return log;
}
