import { describe, expect, it } from 'vitest';
import { TranscriptAssembler } from '../../../src-main/pipeline/transcript-assembler';

const part = (index: number, text: string, status: 'ok' | 'failed' | 'dropped' = 'ok') => ({
  index,
  startMs: index * 1000,
  endMs: index * 1000 + 900,
  text,
  status,
});

describe('putting replies back in spoken order', () => {
  it('holds later text back until the earlier chunk arrives, so words are only ever added at the end', () => {
    const transcript = new TranscriptAssembler();
    [0, 1, 2].forEach((i) => transcript.expect(i));
    transcript.settle(part(2, 'سوم'));
    transcript.settle(part(1, 'دوم'));
    expect(transcript.shownText()).toBe('');
    transcript.settle(part(0, 'اول'));
    expect(transcript.shownText()).toBe('اول دوم سوم');
  });

  it('does not wait forever for a chunk that failed or was dropped, and shows no text for it', () => {
    const transcript = new TranscriptAssembler();
    [0, 1, 2].forEach((i) => transcript.expect(i));
    transcript.settle(part(0, 'سلام'));
    transcript.settle(part(2, 'خداحافظ'));
    expect(transcript.shownText()).toBe('سلام');
    transcript.settle(part(1, '', 'failed'));
    expect(transcript.shownText()).toBe('سلام خداحافظ');
    expect(transcript.inOrder().map((r) => r.status)).toEqual(['ok', 'failed', 'ok']);
  });

  it('orders retried chunks of an old session by their own numbers, not from zero', () => {
    const transcript = new TranscriptAssembler();
    [7, 9].forEach((i) => transcript.expect(i));
    transcript.settle(part(9, 'بعدی'));
    expect(transcript.shownText()).toBe('');
    transcript.settle(part(7, 'قبلی'));
    expect(transcript.fullText()).toBe('قبلی بعدی');
    expect(transcript.textBefore(9)).toBe('قبلی');
  });
});

describe('a chunk settled stays settled', () => {
  it('expecting a chunk again once it has its outcome does not hide its text', () => {
    const transcript = new TranscriptAssembler();
    transcript.expect(0);
    transcript.settle(part(0, 'سلام'));
    transcript.expect(0);
    expect(transcript.shownText()).toBe('سلام');
  });
});
