import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant: the in-process ones (test/main, test/shared). Child-process, browser
 * and window tests cannot see a mutant (it is switched on inside the test worker) and need the built app, so they
 * stay out; `npm test` runs them as usual.
 */
export default defineConfig({
  test: {
    include: ['test/main/**/*.test.ts', 'test/shared/**/*.test.ts'],
    exclude: ['test/main/electron/electron-smoke.test.ts', 'test/main/electron/paste-x11.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    server: { deps: { inline: ['electron-store'] } },
  },
});
