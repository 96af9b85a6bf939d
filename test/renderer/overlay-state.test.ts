import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/app-contract/events';
import { INITIAL_OVERLAY, lastWords, overlayReducer, overlayTexts } from '../../src-renderer/src/overlay/overlay-state';

const fold = (events: AppEvent[]) => events.reduce(overlayReducer, INITIAL_OVERLAY);
const chunk = (sessionId: string, index: number, text: string): AppEvent => ({
  type: 'chunk',
  sessionId,
  index,
  status: 'ok',
  startMs: 0,
  endMs: 1,
  text,
  costMicros: 300,
});

describe('overlay pill state', () => {
  it('shows the last words in spoken order, the cost so far and the level of this dictation only', () => {
    const state = fold([
      { type: 'state', state: 'listening', sessionId: 's1' },
      { type: 'level', sessionId: 's1', dbfs: -20 },
      chunk('s1', 1, 'دوم را هم گفتم و این آخرین جمله است'),
      chunk('s1', 0, 'جملهٔ اول'),
      chunk('old', 0, 'از دیکتهٔ قبلی'),
      {
        type: 'stats',
        sessionId: 's1',
        startedAt: 0,
        elapsedMs: 1,
        recordedMs: 1,
        sentAudioMs: 1,
        requests: 2,
        failedRequests: 0,
        words: 10,
        costMicros: 600,
        lastLatencyMs: 1,
      },
    ]);
    expect(lastWords(state, 4)).toBe('… این آخرین جمله است');
    expect(lastWords(state, 20)).toBe('جملهٔ اول دوم را هم گفتم و این آخرین جمله است');
    const texts = overlayTexts(state, 'en');
    expect(texts).toMatchObject({ status: 'Listening', cost: '$0.0006' });
    expect(texts.level).toBeCloseTo(40 / 60);
    expect(overlayTexts(state, 'fa').cost).toBe('۰٫۰۰۰۶ $');
  });

  it('a new dictation starts clean; a delivered one says "copied"', () => {
    const first = fold([{ type: 'state', state: 'listening', sessionId: 's1' }, chunk('s1', 0, 'قبلی')]);
    const second = overlayReducer(first, { type: 'state', state: 'starting', sessionId: 's2' });
    expect(lastWords(second)).toBe('');
    const done = [
      { type: 'transcript', sessionId: 's2', text: 'x' },
      { type: 'state', state: 'idle', sessionId: 's2' },
    ].reduce((s, e) => overlayReducer(s, e as AppEvent), second);
    expect(overlayTexts(done, 'fa').status).toBe('کپی شد');
    expect(done.dbfs).toBe(-100);
  });
});
