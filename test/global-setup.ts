import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time under a folder (0 when it does not exist). */
function newestMs(folder: string): number {
  if (!existsSync(folder)) return 0;
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the app once before any test file runs (the window tests load the renderer exactly as it ships, and
 * `sokhan ui` serves it); skipped when the build is newer than every source, so a re-run starts at once.
 */
export default function setup(): void {
  const built = join('out', 'renderer', 'index.html');
  const sources = Math.max(newestMs('src-renderer'), newestMs('src-shared'), newestMs('src-main'));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'pipe', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
}
