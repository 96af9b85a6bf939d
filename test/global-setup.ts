import { buildCli, ensureAppBuilt } from './support/app-build';

/**
 * Builds the app and the CLI once before any test file runs: the window tests and `sokhan ui` serve the built renderer,
 * and `bin/sokhan.mjs` runs the bundled CLI.
 */
export default function setup(): void {
  ensureAppBuilt();
  buildCli();
}
