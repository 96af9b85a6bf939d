/**
 * `npm run faults -- --runs N`: the fault suite's kill case many times (npm test runs three seeds). Each run starts
 * `sokhan transcribe` in a process of its own against a slow local server, SIGKILLs it at a seeded random moment,
 * runs `sokhan spool retry`, and checks the books (test/support/fault-books.ts). Options: --runs N (default 50),
 * --seed N (first seed, default 1000), --same-seed (every run uses the first seed: to chase a rare failure). A failed
 * run's data folder is kept and named.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spool } from '../src-main/pipeline/spool';
import { checkBooks, seededRandom } from '../test/support/fault-books';
import { startFakeOpenAiServer } from '../test/support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, writeWav } from '../test/support/speech-fixtures';

const flag = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
};
const runs = Number(flag('runs', '50'));
const firstSeed = Number(flag('seed', '1000'));
const sameSeed = process.argv.includes('--same-seed');
const KEY = 'sk-faults';

/** Runs the CLI; `kill`, when given, decides when to SIGKILL it (resolving first means: let it finish). */
async function sokhan(args: string[], env: Record<string, string>, kill?: Promise<unknown>): Promise<number | null> {
  const child = spawn(process.execPath, ['bin/sokhan.mjs', ...args], {
    env: { ...process.env, OPENAI_API_KEY: KEY, ...env },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  if (kill) await Promise.race([kill.then(() => child.kill('SIGKILL')), exited]);
  return exited;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function firstRequest(requests: unknown[], after: number): Promise<void> {
  while (requests.length <= after) await sleep(20);
}

async function main(): Promise<void> {
  const fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 4), gapsMs: [1600, 1500, 1700] });
  const wav = join(mkdtempSync(join(tmpdir(), 'fault-runs-')), 'speech.wav');
  await writeWav(wav, fixture.pcm);
  const server = await startFakeOpenAiServer({ apiKey: KEY });
  const totals = { runs: 0, killed: 0, recoveredChunks: 0, records: 0, billed: 0, unknown: 0, failures: 0 };
  for (let run = 0; run < runs; run++) {
    const seed = sameSeed ? firstSeed : firstSeed + run;
    const random = seededRandom(seed);
    // as in the test: usually 0–2.5 s after the first request reaches the server, sometimes while starting up
    server.setDelayMs(200 + Math.floor(random() * 900));
    const early = random() < 0.25;
    const killAfterMs = early ? 300 + Math.floor(random() * 2700) : Math.floor(random() * 2500);
    const dataDir = mkdtempSync(join(tmpdir(), 'fault-run-'));
    const before = server.requests.length;
    const kill = (early ? Promise.resolve() : firstRequest(server.requests, before)).then(() => sleep(killAfterMs));
    const code = await sokhan(['transcribe', wav, '--data-dir', dataDir, '--base-url', server.baseUrl], {}, kill);
    server.setDelayMs(0);
    const waiting = (await new Spool(join(dataDir, 'spool')).list()).length;
    const retried = await sokhan(['spool', 'retry', '--data-dir', dataDir], { OPENAI_BASE_URL: server.baseUrl });
    const books = await checkBooks(dataDir, server.requests.slice(before));
    totals.runs++;
    if (code === null) totals.killed++;
    totals.recoveredChunks += waiting;
    totals.records += books.records;
    totals.billed += books.billedByServer;
    totals.unknown += books.unknownRecords;
    const bad = books.problems.length > 0 || books.pending > 0 || retried !== 0;
    if (bad) totals.failures++;
    console.log(
      `run ${run + 1} seed ${seed}: killed ${killAfterMs} ms after ` +
        `${early ? 'start' : 'the first request'}${code === null ? '' : ' (had finished)'}, ` +
        `${waiting} chunk(s) waiting, retry ${retried}, ${books.records} records, ${books.problems.length} problem(s)` +
        (bad ? ` ${JSON.stringify(books.problems)} pending ${books.pending}, data kept in ${dataDir}` : ''),
    );
  }
  await server.close();
  console.log(JSON.stringify(totals));
  if (totals.failures > 0) process.exitCode = 1;
}

await main();
