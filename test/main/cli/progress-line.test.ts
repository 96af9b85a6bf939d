import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../../src-main/cli/progress-line';

function terminal(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } };
}

/** What a terminal would show: only the text after the last carriage return / clear-line. */
function screen(writes: string[]): string {
  const all = writes.join('');
  return all.slice(all.lastIndexOf('\r')).replace('\r\x1b[2K', '');
}

describe('progress on a terminal', () => {
  it('counts chunks, percent and money as chunks finish', () => {
    const { writes, stream } = terminal(true);
    const progress = new ProgressLine(stream, 600_000);
    progress.stage('chunking');
    expect(screen(writes)).toBe('chunking 10:00 …');
    progress.setChunkCount(4);
    progress.chunkDone(2_900, 'ok');
    expect(screen(writes)).toBe('chunks 1/4 · 25 % · $0.0029');
    progress.chunkDone(0, 'failed');
    expect(screen(writes)).toBe('chunks 2/4 · 50 % · $0.0029 · failed 1');
    progress.clear();
    expect(screen(writes)).toBe('');
  });

  it('prints nothing when stderr is a pipe or a log file', () => {
    const { writes, stream } = terminal(false);
    const progress = new ProgressLine(stream, 60_000);
    progress.stage('chunking');
    progress.setChunkCount(2);
    progress.chunkDone(100, 'ok');
    progress.clear();
    expect(writes).toEqual([]);
  });
});
