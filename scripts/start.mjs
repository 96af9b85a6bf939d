#!/usr/bin/env node
// `npm start`: checks that Electron's binary is installed before starting electron-vite's development app, because
// without it electron only says "Electron failed to install correctly" and nothing about what to do. The binary is
// missing after an install with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or without internet. `--check` only checks.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Electron executable, as node_modules/electron finds it, or null when it is not there. */
function electronBinary() {
  let electronDir;
  try {
    electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
  if (relative === '' && !process.env.ELECTRON_OVERRIDE_DIST_PATH) return null;
  const binary = join(dist, relative || 'electron');
  return existsSync(binary) ? binary : null;
}

const MISSING =
  "npm start: Electron's program is not installed (node_modules/electron has no binary), so the desktop app cannot " +
  'start. Either, with internet, run `npm install` again without ELECTRON_SKIP_BINARY_DOWNLOAD set (it downloads ' +
  'Electron), or use the same window in your browser: `npm run build` once, then `npx sokhan ui`.\n' +
  'npm start: برنامهٔ Electron نصب نشده است (پوشهٔ node_modules/electron فایل اجرایی ندارد)، پس برنامهٔ دسکتاپ باز ' +
  'نمی‌شود. یا با اینترنت دوباره `npm install` را بدون ELECTRON_SKIP_BINARY_DOWNLOAD اجرا کنید (Electron را دانلود ' +
  'می‌کند)، یا همین پنجره را در مرورگر باز کنید: یک بار `npm run build` و بعد `npx sokhan ui`.\n';

if (!electronBinary()) {
  process.stderr.write(MISSING);
  process.exitCode = 1;
} else if (!process.argv.includes('--check')) {
  const require = createRequire(import.meta.url);
  const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const child = spawn(process.execPath, [electronVite, 'dev', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
