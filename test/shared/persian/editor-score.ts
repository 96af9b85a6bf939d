/**
 * Prints the Persian editor's pass rate on the test set, by category, as a Markdown table for the README:
 *   npx tsx test/shared/persian/editor-score.ts [--failures]
 */
import { normalizePersian } from '../../../src-shared/persian/normalize-persian';
import { EDITOR_CASES, type EditorCase } from './editor-cases';

/** Runs one case through the editor the way the pipeline does. */
export function runCase(testCase: EditorCase): string {
  return normalizePersian(testCase.input, { digits: testCase.digits ?? 'keep', language: testCase.language ?? 'fa' });
}

/** Pass counts by category, in the test set's order, plus the total. */
export function scoreByCategory(
  run: (testCase: EditorCase) => string = runCase,
): { category: string; passed: number; total: number }[] {
  const rows = new Map<string, { passed: number; total: number }>();
  for (const testCase of EDITOR_CASES) {
    const row = rows.get(testCase.category) ?? { passed: 0, total: 0 };
    row.total += 1;
    if (run(testCase) === testCase.expected) row.passed += 1;
    rows.set(testCase.category, row);
  }
  const list = [...rows].map(([category, row]) => ({ category, ...row }));
  const passed = list.reduce((sum, row) => sum + row.passed, 0);
  return [...list, { category: 'all', passed, total: EDITOR_CASES.length }];
}

function percent(passed: number, total: number): string {
  return `${Math.round((100 * passed) / total)} %`;
}

if (process.argv[1]?.endsWith('editor-score.ts')) {
  console.log('| category | passed | rate |\n| --- | ---: | ---: |');
  for (const row of scoreByCategory())
    console.log(`| ${row.category} | ${row.passed}/${row.total} | ${percent(row.passed, row.total)} |`);
  if (process.argv.includes('--failures')) {
    for (const testCase of EDITOR_CASES) {
      const got = runCase(testCase);
      if (got !== testCase.expected)
        console.log(
          `✗ [${testCase.category}] ${JSON.stringify(testCase.input)} → ${JSON.stringify(got)} (want ` +
            `${JSON.stringify(testCase.expected)})`,
        );
    }
  }
}
