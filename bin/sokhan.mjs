#!/usr/bin/env node
// Starts the CLI from its bundled build (out/cli/sokhan.mjs), so `sokhan` runs from any folder after
// `npm install -g .` or `npm link` with nothing compiled at run time. `npm install` in the project builds it
// (the `prepare` script); in development `npm run sokhan -- ARGS` rebuilds it first, and the tests build it once.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'cli', 'sokhan.mjs');

if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  process.stderr.write(
    `sokhan: the command line is not built: ${built} is missing. In ${root} run \`npm run build:cli\` ` +
      '(`npm install` there builds it too), then try again. | ' +
      `خط فرمان سخن‌نگار ساخته نشده است: ${built} وجود ندارد. در ${root} دستور \`npm run build:cli\` را اجرا کنید ` +
      '(`npm install` در همان پوشه هم آن را می‌سازد) و دوباره امتحان کنید.\n',
  );
  process.exitCode = 1;
}
