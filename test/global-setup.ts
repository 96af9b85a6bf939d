import { ensureAppBuilt } from './support/app-build';

/** Builds the app once before any test file runs (the window tests and `sokhan ui` serve the built renderer). */
export default function setup(): void {
  ensureAppBuilt();
}
