import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant: the in-process tests of the mutated folders. Child-process, browser
 * and window tests cannot see a mutant (it is switched on inside the test worker) and need the built app, and the
 * app/CLI tests cost seconds per mutant on a shared 2-core machine, so they stay out; `npm test` runs them all.
 */
export default defineConfig({
  test: {
    include: [
      'test/main/usage/**/*.test.ts',
      'test/main/pipeline/**/*.test.ts',
      'test/main/transcription/**/*.test.ts',
      // The VAD's decisions (cut point, click filter, energy gate) on injected audio and probabilities; the Silero
      // and whole-chunker tests run the model for seconds per test, too dear per mutant.
      'test/main/audio/vad/cut-point.test.ts',
      'test/main/audio/vad/energy-gate.test.ts',
      'test/main/audio/vad/chunk-cutter.test.ts',
      'test/shared/usage/**/*.test.ts',
      'test/main/electron/security.test.ts',
      'test/main/electron/ipc.test.ts',
      'test/main/electron/trust-policy.test.ts',
    ],
    // It runs `sokhan` in child processes (seconds each, and a child never runs a mutant).
    exclude: ['test/main/pipeline/outcome-unknown.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    server: { deps: { inline: ['electron-store'] } },
  },
});
