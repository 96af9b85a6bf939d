import { describe, expect, it } from 'vitest';
import { RESULTS_HEADER, replaceReadmeBlock, replaceSection } from '../../bench/results-file';

describe('the benchmark results file', () => {
  it('replaces only the section that was measured again and keeps the others as they were', () => {
    let document = replaceSection(RESULTS_HEADER, 'vad', '#### VAD\n\nMeasured 2026-12-01.\n\n| a | 1 |');
    document = replaceSection(document, 'persian', '#### Persian\n\nMeasured 2026-12-01.\n\n| b | 2 |');
    const again = replaceSection(document, 'vad', '#### VAD\n\nMeasured 2026-12-03.\n\n| a | 3 |');
    expect(again).toContain('| a | 3 |');
    expect(again).not.toContain('| a | 1 |');
    expect(again).toContain('Measured 2026-12-01.\n\n| b | 2 |');
    expect(again.indexOf('#### VAD')).toBeLessThan(again.indexOf('#### Persian'));
    expect(again.startsWith('# Benchmark results')).toBe(true);
  });

  it('changes the README only between its bench markers', () => {
    const readme = '# App\n\n## Benchmarks\n\n<!-- bench:start -->\nold table\n<!-- bench:end -->\n\n## After\n';
    expect(replaceReadmeBlock(readme, 'new table')).toBe(
      '# App\n\n## Benchmarks\n\n<!-- bench:start -->\nnew table\n<!-- bench:end -->\n\n## After\n',
    );
    expect(() => replaceReadmeBlock('# no markers', 'x')).toThrow(/bench markers/);
  });
});
