import type { RequestAction } from '../../src-shared/app-contract/events';

/** What a launch asks of the app: `sokhan-negar --toggle` (bound in GNOME/KDE keyboard settings) or `--cancel`. */
export interface LaunchRequest {
  action: RequestAction | null;
}

/** Reads the app's own switches from a command line (Chromium's and Electron's are ignored). */
export function parseLaunchArgs(argv: readonly string[]): LaunchRequest {
  if (argv.includes('--toggle')) return { action: 'toggle' };
  if (argv.includes('--start')) return { action: 'start' };
  if (argv.includes('--stop')) return { action: 'stop' };
  if (argv.includes('--cancel')) return { action: 'cancel' };
  return { action: null };
}

/** The request a second launch forwards: the lock's additional data when present (reliable), else its argv. */
export function forwardedRequest(argv: readonly string[], additionalData: unknown): LaunchRequest {
  if (typeof additionalData === 'object' && additionalData !== null && 'action' in additionalData) {
    const action = (additionalData as { action: unknown }).action;
    const parsed = parseLaunchArgs(typeof action === 'string' ? [`--${action}`] : []);
    if (parsed.action) return parsed;
  }
  return parseLaunchArgs(argv);
}

/**
 * Chromium switches to add before the app is ready. On a Wayland session globalShortcut works only through the
 * desktop's GlobalShortcuts portal (KDE, GNOME 48+), which Electron uses when this feature is on.
 */
export function platformSwitches(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
): Array<[string, string]> {
  const wayland = env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY);
  return platform === 'linux' && wayland ? [['enable-features', 'GlobalShortcutsPortal']] : [];
}

/**
 * What closing the main window does. It hides into the tray; on GNOME, which shows no tray icons without an
 * extension, it minimizes instead, so the window (in the dock and the overview) stays the way in.
 */
export function closeBehaviour(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
): 'hide' | 'minimize' {
  if (platform !== 'linux') return 'hide';
  const desktop = (env.XDG_CURRENT_DESKTOP ?? '').toLowerCase();
  return desktop.includes('gnome') && !desktop.includes('unity') ? 'minimize' : 'hide';
}
