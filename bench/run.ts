/**
 * `npm run bench`: runs every benchmark and writes the figures, with the machine they ran on, to bench/RESULTS.md
 * (one section per benchmark). `--only vad|persian|pipeline|meter|window` runs one and replaces only its section;
 * `--readme` also copies the targets table into README.md (after a full run); `--no-write` (or the older
 * `--no-readme`) only prints.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { runMeterBench } from './meter-bench';
import { runPersianBench } from './persian-bench';
import { runPipelineBench } from './pipeline-bench';
import { RESULTS_FILE, RESULTS_HEADER, replaceReadmeBlock, replaceSection } from './results-file';
import { runVadBench } from './vad-bench';
import { runWindowBench } from './window-bench';

const BENCHES: Record<string, { title: string; run: () => Promise<Record<string, unknown>> }> = {
  vad: {
    title: 'Voice chunking (Silero VAD, Persian speech from espeak-ng, known speech intervals)',
    run: () => runVadBench(),
  },
  persian: { title: 'Persian editor on a 100-word transcribed chunk', run: () => runPersianBench() },
  pipeline: {
    title: 'Whole pipeline: 30 min of speech through `sokhan transcribe` on one core, local server answering at once',
    run: () => runPipelineBench(30),
  },
  meter: { title: "Usage meter with a heavy user's year (100 000 requests in the ledger)", run: () => runMeterBench() },
  window: {
    title:
      'The window in headless Chromium via `sokhan ui` (fake Persian microphone, local server): speech to ' +
      'screen, Record latency, a 60-minute dictation, 1 000 chunks',
    run: () => runWindowBench(),
  },
};

const WINDOW_HOUR = '60-minute dictation into `sokhan ui` (Node client streaming, window showing every chunk)';

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return (
    `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ` +
    `${process.platform}`
  );
}

/** Flattens nested figures to "a › b" rows so every number gets a line. */
function rows(value: unknown, prefix = ''): Array<[string, string]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
      rows(inner, prefix ? `${prefix} › ${key}` : key),
    );
  }
  return [[prefix, Array.isArray(value) ? value.join(', ') : String(value)]];
}

function table(figures: Record<string, unknown>): string {
  return ['| measure | value |', '| --- | --- |', ...rows(figures).map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

/** The targets, each read from the figures just measured. */
const TARGETS: Array<{ what: string; path: string[]; target: string; ok: (v: number) => boolean }> = [
  {
    what: 'speech kept, clean',
    path: ['vad', 'speech, clean', 'whole', 'speechKeptPct'],
    target: '≥ 99 %',
    ok: (v) => v >= 99,
  },
  {
    what: 'speech kept, pink noise 10 dB SNR',
    path: ['vad', 'speech, pink 10 dB', 'whole', 'speechKeptPct'],
    target: '≥ 95 %',
    ok: (v) => v >= 95,
  },
  {
    what: 'audio sent per second of speech, clean',
    path: ['vad', 'speech, clean', 'whole', 'sentPerSpeechSecond'],
    target: '≤ 1.15',
    ok: (v) => v <= 1.15,
  },
  {
    what: 'audio sent per second of speech, 10 dB',
    path: ['vad', 'speech, pink 10 dB', 'whole', 'sentPerSpeechSecond'],
    target: '≤ 1.3',
    ok: (v) => v <= 1.3,
  },
  {
    what: 'chunk edges inside a word, 10 dB',
    path: ['vad', 'speech, pink 10 dB', 'whole', 'midWordBoundaries'],
    target: '0',
    ok: (v) => v === 0,
  },
  {
    what: 'requests for 20 s of silence',
    path: ['vad', '20 s silence', 'wholeChunks'],
    target: '0',
    ok: (v) => v === 0,
  },
  {
    what: 'requests for 20 s of pink noise',
    path: ['vad', '20 s pink noise -15 dBFS', 'wholeChunks'],
    target: '0',
    ok: (v) => v === 0,
  },
  {
    what: '30 min through the CLI on one core, wall s',
    path: ['pipeline', 'wallSeconds'],
    target: '< 30 s',
    ok: (v) => v < 30,
  },
  { what: 'record one request, p99 ms', path: ['meter', 'recordP99Ms'], target: '< 2 ms', ok: (v) => v < 2 },
  {
    what: '`usage --json` cold start, ms',
    path: ['meter', 'cliUsageJsonColdMs'],
    target: '< 300 ms',
    ok: (v) => v < 300,
  },
  {
    what: 'rebuild aggregates from 100 000 records, ms',
    path: ['meter', 'rebuildMs'],
    target: '< 1000 ms',
    ok: (v) => v < 1000,
  },
  { what: 'store file, bytes', path: ['meter', 'storeBytes'], target: '< 200 KB', ok: (v) => v < 200_000 },
  {
    what: 'Persian editor, ms per 100-word chunk',
    path: ['persian', 'editorMsPerChunk'],
    target: '< 1 ms',
    ok: (v) => v < 1,
  },
  {
    what: 'chunk end sent → text on screen beyond API latency, server 0 ms, max ms',
    path: ['window', '(a) beyond API latency, max ms', 'server 0 ms'],
    target: '≤ 150 ms',
    ok: (v) => v <= 150,
  },
  {
    what: 'chunk end sent → text on screen beyond API latency, server 300 ms, max ms',
    path: ['window', '(a) beyond API latency, max ms', 'server 300 ms'],
    target: '≤ 150 ms',
    ok: (v) => v <= 150,
  },
  {
    what: 'audio delivered vs wall clock while recording, %',
    path: [
      'window',
      'audio delivered while recording (server-0 run)',
      'after the pre-roll burst: audio vs wall clock, %',
    ],
    target: '± 1 %',
    ok: (v) => Math.abs(v) <= 1,
  },
  {
    what: 'renderer JS heap after a 60-minute dictation, MB',
    path: ['window', WINDOW_HOUR, 'renderer JS heap after forced GC, MB'],
    target: '< 150 MB',
    ok: (v) => v < 150,
  },
  {
    what: 'core RSS growth per chunk in the 60-minute dictation (read after a forced GC), KB',
    path: ['window', WINDOW_HOUR, 'core RSS after a forced GC, slope after 100 chunks, KB per chunk'],
    target: 'text only: ≤ 1 KB',
    ok: (v) => v <= 1,
  },
];

function targetTable(results: Record<string, unknown>): string {
  const lines = ['| what | measured | target | met |', '| --- | --- | --- | --- |'];
  for (const { what, path, target, ok } of TARGETS) {
    const value = path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], results);
    const met = typeof value === 'number' ? (ok(value) ? 'yes' : '**no**') : 'not measured';
    lines.push(`| ${what} | ${String(value)} | ${target} | ${met} |`);
  }
  return lines.join('\n');
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (only && !(only in BENCHES)) throw new Error(`--only takes one of: ${Object.keys(BENCHES).join(', ')}`);
const write = !process.argv.includes('--no-write') && !process.argv.includes('--no-readme');
const writeReadme = write && process.argv.includes('--readme');
if (writeReadme && only) throw new Error('--readme needs a full run: the README shows the targets table');
// The CLI is measured as shipped: bundled, not compiled on the fly.
execFileSync('npm', ['run', '--silent', 'build:cli'], { stdio: 'inherit' });

const measured = `Measured ${new Date().toISOString().slice(0, 10)} on: ${machine()}.`;
const sections: Record<string, string> = {};
const results: Record<string, Record<string, unknown>> = {};
for (const [name, bench] of Object.entries(BENCHES)) {
  if (only && only !== name) continue;
  console.log(`\n## ${bench.title}`);
  const figures = await bench.run();
  results[name] = figures;
  const rendered = table(figures);
  console.log(rendered);
  sections[name] = `#### ${bench.title}\n\n${measured}\n\n${rendered}`;
}
const targets = only ? undefined : `#### Against the targets\n\n${measured}\n\n${targetTable(results)}`;

if (write) {
  let document = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : RESULTS_HEADER;
  if (targets) document = replaceSection(document, 'targets', targets);
  for (const [name, section] of Object.entries(sections)) document = replaceSection(document, name, section);
  writeFileSync(RESULTS_FILE, document);
  console.log(`\n${RESULTS_FILE} updated (${Object.keys(sections).join(', ')}).`);
}
if (writeReadme && targets) {
  writeFileSync('README.md', replaceReadmeBlock(readFileSync('README.md', 'utf8'), targets));
  console.log('README.md updated (the targets table).');
}
