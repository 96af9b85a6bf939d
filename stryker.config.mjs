// Mutation testing (tracker issue 9): `npm run mutate`, or one folder with
// `npm run mutate -- --mutate 'src-main/usage/**/*.ts'`. Options: Stryker's PartialStrykerOptions.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // The machine is shared: two test workers at most.
  concurrency: 2,
  timeoutMS: 5_000,
  // A mutant in module-level code (a constant) would need every test run again for itself; they are reported as
  // ignored instead (their count is in the README).
  ignoreStatic: true,
  // A second run re-tests only the mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  mutate: [
    'src-main/usage/**/*.ts',
    'src-main/pipeline/**/*.ts',
    'src-shared/usage/**/*.ts',
    'src-main/transcription/**/*.ts',
    // The VAD's decision logic; the Silero model wrapper is left to the benchmark and npm test.
    'src-main/audio/vad/chunk-cutter.ts',
    'src-main/audio/vad/cut-point.ts',
    'src-main/audio/vad/chunker-options.ts',
    'src-main/audio/vad/energy-gate.ts',
    'src-main/electron/setup-security.ts',
    'src-main/electron/trust-policy.ts',
    'src-main/electron/ipc.ts',
    'src-main/electron/main-window.ts',
    // Of the overlay, only its webPreferences (the rest is layout).
    'src-main/electron/setup-overlay.ts:34-40',
  ],
  ignorePatterns: ['out', 'test-output', 'reports', 'bench/.cache', 'test/.cache', 'dist'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
