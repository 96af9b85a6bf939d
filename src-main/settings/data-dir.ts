import path from 'node:path';

/** Electron's productName; app.getPath('userData') is the platform's config folder plus this name. */
export const PRODUCT_NAME = 'SokhanNegar';

export interface DataDirInputs {
  /** --data-dir from the command line. */
  flag?: string;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homedir: string;
}

/**
 * The data folder: the flag, else SOKHAN_DATA_DIR, else the folder the desktop app uses, so the CLI sees the app's
 * data.
 */
export function resolveDataDir({ flag, env, platform, homedir }: DataDirInputs): string {
  if (flag && flag.trim() !== '') return path.resolve(flag);
  const fromEnv = env.SOKHAN_DATA_DIR;
  if (fromEnv && fromEnv.trim() !== '') return path.resolve(fromEnv);
  // Build with the target platform's path rules so a Windows answer is right even when computed elsewhere (tests).
  if (platform === 'win32') {
    const appData = env.APPDATA && env.APPDATA !== '' ? env.APPDATA : path.win32.join(homedir, 'AppData', 'Roaming');
    return path.win32.join(appData, PRODUCT_NAME);
  }
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support', PRODUCT_NAME);
  // Chromium (and so Electron) takes any non-empty XDG_CONFIG_HOME, else ~/.config.
  const xdg = env.XDG_CONFIG_HOME;
  const configHome = xdg && xdg !== '' ? xdg : path.posix.join(homedir, '.config');
  return path.posix.join(configHome, PRODUCT_NAME);
}
