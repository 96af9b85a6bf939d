import { formatUsd } from '../../src-shared/money';

interface Terminal {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * One self-rewriting status line on a terminal ("chunks 12/40 · 30 % · $0.0123") so long files show progress;
 * silent when stderr is not a terminal, so logs and pipes get only the real output.
 */
export class ProgressLine {
  private total = 0;
  private done = 0;
  private costMicros = 0;
  private failed = 0;
  private shown = false;

  constructor(
    private readonly terminal: Terminal,
    private readonly audioMs: number,
  ) {}

  /** Shows what is happening before chunks exist (decoding, voice detection). */
  stage(name: string): void {
    this.render(`${name} ${formatDuration(this.audioMs)} …`);
  }

  setChunkCount(total: number): void {
    this.total = total;
    this.render(this.summary());
  }

  chunkDone(costMicros: number, status: string): void {
    this.done += 1;
    this.costMicros += costMicros;
    if (status === 'failed' || status === 'blocked') this.failed += 1;
    this.render(this.summary());
  }

  /** Prints a full line (a warning) without tearing the status line. */
  interrupt(print: () => void): void {
    this.clear();
    print();
    this.render(this.summary());
  }

  /** Removes the status line before the final output. */
  clear(): void {
    if (this.shown) this.terminal.write('\r\x1b[2K');
    this.shown = false;
  }

  private summary(): string {
    const percent = this.total === 0 ? 100 : Math.floor((this.done / this.total) * 100);
    const failed = this.failed > 0 ? ` · failed ${this.failed}` : '';
    return `chunks ${this.done}/${this.total} · ${percent} % · ${formatUsd(this.costMicros, 'en')}${failed}`;
  }

  private render(text: string): void {
    if (!this.terminal.isTTY) return;
    this.terminal.write(`\r\x1b[2K${text}`);
    this.shown = true;
  }
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
