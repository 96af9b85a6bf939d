import { joinTranscriptParts } from '../../src-shared/persian/normalize-persian';
import type { TranscriptPart } from './transcript-store';

/** One chunk's final state, as the CLI's JSON and the window report it: its stored part, plus why it failed. */
export type ChunkReport = Omit<TranscriptPart, 'at'> & { errorCode?: string };

/**
 * Puts chunk results back in spoken order. Replies arrive in any order when several requests are in flight; the
 * text shown grows only at its end, never inserting words into the middle of what the person already read.
 */
export class TranscriptAssembler {
  private readonly waiting = new Set<number>();
  private readonly reports = new Map<number, ChunkReport>();

  /** A chunk was queued: text after it is held back until it settles. */
  expect(index: number): void {
    if (!this.reports.has(index)) this.waiting.add(index);
  }

  /** A chunk has its outcome (text, dropped, failed or blocked). */
  settle(report: ChunkReport): void {
    this.waiting.delete(report.index);
    this.reports.set(report.index, report);
  }

  /** The text a person sees now: every transcribed chunk before the first one still waiting. */
  shownText(): string {
    // Infinity when nothing waits (Math.min of no numbers).
    const firstWaiting = Math.min(...this.waiting);
    return this.joinOk((report) => report.index < firstWaiting);
  }

  /** Text of the transcribed chunks before `index`, for the prompt of chunk `index`. */
  textBefore(index: number): string {
    return this.joinOk((report) => report.index < index);
  }

  /** All transcribed text, in spoken order. */
  fullText(): string {
    return this.joinOk(() => true);
  }

  /** Every settled chunk, in spoken order. */
  inOrder(): ChunkReport[] {
    return [...this.reports.values()].sort((a, b) => a.index - b.index);
  }

  private joinOk(include: (report: ChunkReport) => boolean): string {
    return joinTranscriptParts(
      this.inOrder()
        .filter((r) => r.status === 'ok' && include(r))
        .map((r) => r.text),
    );
  }
}
