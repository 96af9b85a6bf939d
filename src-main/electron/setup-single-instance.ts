import type { RequestAction } from '../../src-shared/app-contract/events';
import { forwardedRequest, parseLaunchArgs } from './launch-args';

/** The parts of Electron's `app` the single-instance lock needs. */
export interface InstanceAppPort {
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void,
  ): void;
  quit(): void;
}

export interface SingleInstanceDeps {
  app: InstanceAppPort;
  argv: readonly string[];
  /** Asks the running app to act (through the core, to the window's microphone flow). */
  request(action: RequestAction): void;
  /** Brings the main window forward. */
  showWindow(): void;
}

/**
 * One app per person: a second launch hands its request to the running instance and quits. `--toggle` becomes a
 * toggle request (people bind `sokhan-negar --toggle` in GNOME/KDE where global shortcuts are not allowed); a plain
 * second launch shows the window. Returns false in the second instance (which is quitting), and what the first
 * launch itself asked for otherwise.
 */
export function setupSingleInstance(
  deps: SingleInstanceDeps,
): { primary: false } | { primary: true; launchAction: RequestAction | null } {
  const own = parseLaunchArgs(deps.argv);
  if (!deps.app.requestSingleInstanceLock(own.action ? { action: own.action } : {})) {
    deps.app.quit();
    return { primary: false };
  }
  deps.app.on('second-instance', (_event, argv, _cwd, additionalData) => {
    const { action } = forwardedRequest(argv, additionalData);
    if (action) deps.request(action);
    else deps.showWindow();
  });
  return { primary: true, launchAction: own.action };
}
