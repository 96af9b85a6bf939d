#!/usr/bin/env node
// Starts the CLI: the bundled build (out/cli) when it is newer than every source file, else the TypeScript sources
// through tsx — so `npx sokhan` works without a build step and a stale build is never run.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'cli', 'sokhan.mjs');

function newestSourceMs(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtIsFresh() {
  try {
    const builtMs = statSync(built).mtimeMs;
    return ['src-main', 'src-shared'].every((folder) => newestSourceMs(join(root, folder)) <= builtMs);
  } catch {
    return false;
  }
}

if (builtIsFresh()) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src-main', 'cli', 'sokhan.ts')).href);
}
