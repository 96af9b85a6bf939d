import { runCli } from './run-cli';

// The `sokhan` executable: real process streams and environment; everything else lives in runCli.
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: Date.now,
});
