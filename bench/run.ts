/**
 * `npm run bench`: runs every benchmark and writes the figures into README.md between the bench markers, with the
 * machine they ran on. `--only vad|meter|pipeline` runs one; `--no-readme` only prints.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { runMeterBench } from './meter-bench';
import { runPipelineBench } from './pipeline-bench';
import { runVadBench } from './vad-bench';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

const BENCHES: Record<string, { title: string; run: () => Promise<Record<string, unknown>> }> = {
  vad: { title: 'Voice chunking (Silero VAD, Persian speech from espeak-ng, known speech intervals)', run: () => runVadBench() },
  pipeline: { title: 'Whole pipeline: 30 min of speech through `sokhan transcribe` on one core, local server answering at once', run: () => runPipelineBench(30) },
  meter: { title: 'Usage meter with a heavy user\'s year (100 000 requests in the ledger)', run: () => runMeterBench() },
};

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}

/** Flattens nested figures to "a › b" rows so every number gets a line. */
function rows(value: unknown, prefix = ''): Array<[string, string]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => rows(inner, prefix ? `${prefix} › ${key}` : key));
  }
  return [[prefix, Array.isArray(value) ? value.join(', ') : String(value)]];
}

function table(figures: Record<string, unknown>): string {
  return ['| measure | value |', '| --- | --- |', ...rows(figures).map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const writeReadme = !process.argv.includes('--no-readme') && !only;
// The CLI is measured as shipped: bundled, not compiled on the fly.
execFileSync('npm', ['run', '--silent', 'build:cli'], { stdio: 'inherit' });

const sections: string[] = [`Measured ${new Date().toISOString().slice(0, 10)} on: ${machine()}.`];
for (const [name, bench] of Object.entries(BENCHES)) {
  if (only && only !== name) continue;
  console.log(`\n## ${bench.title}`);
  const figures = await bench.run();
  const rendered = table(figures);
  console.log(rendered);
  sections.push(`#### ${bench.title}\n\n${rendered}`);
}

if (writeReadme) {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) throw new Error('README.md has no bench markers');
  writeFileSync('README.md', `${readme.slice(0, start + START.length)}\n${sections.join('\n\n')}\n${readme.slice(end)}`);
  console.log('\nREADME.md updated.');
}
