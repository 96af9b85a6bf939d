/**
 * bench/RESULTS.md holds one section per benchmark between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`
 * markers, each with the date and machine it was measured on, so `--only NAME` replaces its own section and leaves
 * the others as they were measured.
 */

export const RESULTS_FILE = 'bench/RESULTS.md';

export const RESULTS_HEADER = `# Benchmark results

Written by \`npm run bench\` (see the Benchmarks section of [the README](../README.md) for what is measured and how to
run one part). Each section says when and on which machine it was measured: \`npm run bench -- --only NAME\` replaces
only its own section, and "Against the targets" is rewritten only by a full run.
`;

/** Puts `body` between the named markers, replacing what was there, or appends the section when it is new. */
export function replaceSection(document: string, name: string, body: string): string {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const from = document.indexOf(start);
  const to = document.indexOf(end, from);
  if (from === -1 || to === -1) return `${document.trimEnd()}\n\n${block}\n`;
  return document.slice(0, from) + block + document.slice(to + end.length);
}

/** The README keeps only the targets table, between `<!-- bench:start -->` and `<!-- bench:end -->`. */
export function replaceReadmeBlock(readme: string, body: string): string {
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end, from);
  if (from === -1 || to === -1) throw new Error('README.md has no bench markers');
  return `${readme.slice(0, from + start.length)}\n${body.trim()}\n${readme.slice(to)}`;
}
