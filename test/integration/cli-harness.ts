import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTranscribeCommand,
  type TranscribeCommandOverrides,
} from '../../src-main/cli/commands/transcribe-command';
import { defaultCommands, runCli } from '../../src-main/cli/run-cli';

/** What one in-process CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'sokhan-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs `sokhan ARGS` in-process, as the real executable would, with retries that wait milliseconds, not seconds. */
export async function sokhan(
  args: string[],
  env: Record<string, string | undefined> = {},
  overrides: TranscribeCommandOverrides = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const commands = {
    ...defaultCommands(),
    transcribe: createTranscribeCommand({ retry: { baseDelayMs: 1, maxDelayMs: 4 }, ...overrides }),
  };
  const code = await runCli(
    args,
    {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env,
      now: Date.now,
    },
    commands,
  );
  return { code, stdout, stderr };
}

/** `sokhan usage --json` parsed. */
export async function usageJson(dataDir: string): Promise<{
  today: { requests: number; failedRequests: number; audioMs: number; billedSeconds: number; costUsd: number };
  total: { requests: number; failedRequests: number; audioMs: number; billedSeconds: number; costUsd: number };
}> {
  const run = await sokhan(['usage', '--json', '--data-dir', dataDir]);
  if (run.code !== 0) throw new Error(`usage failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
