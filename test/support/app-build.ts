import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time under a folder (0 when it does not exist). */
export function newestMs(folder: string): number {
  if (!existsSync(folder)) return 0;
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const BUILT = join('out', 'renderer', 'index.html');
const SOURCES = ['src-renderer', 'src-shared', 'src-main'];

/**
 * Builds the app (main, preload, renderer) exactly as it ships, unless the build is newer than every source. The
 * tests' global setup calls it once before any file runs, so window tests never race a build emptying out/.
 */
export function ensureAppBuilt(): void {
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= Math.max(...SOURCES.map(newestMs))) return;
  execFileSync('npx', ['electron-vite', 'build'], {
    stdio: 'pipe',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
}

/**
 * Bundles the CLI (out/cli) from the current sources. `bin/sokhan.mjs` runs only that bundle, so the tests that start
 * the real executable must see fresh code; esbuild takes well under a second, so it always runs.
 */
export function buildCli(): void {
  execFileSync('npm', ['run', '--silent', 'build:cli'], { stdio: 'pipe' });
}
