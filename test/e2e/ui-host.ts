import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { tempDir } from '../integration/cli-harness';

/** A running `sokhan ui` process: its address (with the token), its data folder, and how to stop it. */
export interface UiHost {
  url: string;
  origin: string;
  dataDir: string;
  stop(): Promise<number | null>;
}

/** Starts the real `sokhan ui --no-open` on a fresh data folder with these settings, and waits for its address line. */
export async function startUiHost(
  options: {
    settings?: Record<string, unknown>;
    env?: Record<string, string>;
    /** Runs on the data folder before the host starts (e.g. writes usage into its ledger). */
    prepare?: (dataDir: string) => Promise<void> | void;
  } = {},
): Promise<UiHost> {
  const dataDir = tempDir('sokhan-ui-');
  if (options.settings) writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(options.settings));
  await options.prepare?.(dataDir);
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/sokhan.mjs', 'ui', '--no-open', '--port', '0', '--data-dir', dataDir],
    {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (data) => (stderr += String(data)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`sokhan ui exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
