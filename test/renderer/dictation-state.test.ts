import { describe, expect, it } from 'vitest';
import type { AppEvent, ChunkEvent, StatsEvent } from '../../src-shared/app-contract/events';
import type { UsageSummaryView } from '../../src-shared/app-contract/views';
import {
  dictationReducer,
  initialDictationState,
  recordStatus,
  transcriptText,
  type DictationAction,
  type DictationState,
} from '../../src-renderer/src/dictation-state';

const ACTIONS: ReadonlySet<string> = new Set(['event', 'usageLoaded', 'clear', 'dismiss', 'notice']);

/** Folds core events (and window actions) through the reducer, as the window does. */
function run(items: Array<AppEvent | DictationAction>, from: DictationState = initialDictationState): DictationState {
  return items.reduce<DictationState>(
    (state, item) =>
      dictationReducer(
        state,
        ACTIONS.has(item.type) ? (item as DictationAction) : { type: 'event', event: item as AppEvent },
      ),
    from,
  );
}

function chunk(
  sessionId: string,
  index: number,
  status: ChunkEvent['status'],
  text = '',
  extra: Partial<ChunkEvent> = {},
): AppEvent {
  return {
    type: 'chunk',
    sessionId,
    index,
    status,
    startMs: index * 1000,
    endMs: index * 1000 + 900,
    text,
    costMicros: 0,
    ...extra,
  };
}

function stats(sessionId: string, startedAt: number, extra: Partial<StatsEvent> = {}): AppEvent {
  return {
    type: 'stats',
    sessionId,
    startedAt,
    elapsedMs: 1000,
    recordedMs: 1000,
    sentAudioMs: 500,
    requests: 1,
    failedRequests: 0,
    words: 3,
    costMicros: 100,
    lastLatencyMs: 300,
    ...extra,
  };
}

const budget = { code: 'daily_limit', message: { fa: 'سقف روزانه پر شد.', en: 'Daily budget used up.' } };
const texts = (state: DictationState, session = 0) =>
  state.sessions[session].chunks.map((c) => `${c.index}:${c.status}:${c.text}`);

describe('dictationReducer: the transcript', () => {
  it('puts chunks in spoken order whatever order their events come in', () => {
    const state = run([chunk('a', 2, 'ok', 'سه'), chunk('a', 0, 'ok', 'یک'), chunk('a', 1, 'ok', 'دو')]);
    expect(texts(state)).toEqual(['0:ok:یک', '1:ok:دو', '2:ok:سه']);
  });

  it('a later event for the same chunk replaces it instead of adding a block', () => {
    const state = run([
      chunk('a', 0, 'queued'),
      chunk('a', 0, 'sending'),
      chunk('a', 0, 'failed', '', { error: { code: 'network', message: budget.message } }),
      chunk('a', 0, 'ok', 'سلام'),
    ]);
    expect(texts(state)).toEqual(['0:ok:سلام']);
    expect(state.sessions[0].chunks[0].error).toBeUndefined();
  });

  it(
    'groups chunks by dictation, numbered in the order they appeared; the same index in two ' +
      'dictations is two chunks',
    () => {
      const state = run([chunk('a', 0, 'ok', 'الف'), chunk('b', 0, 'ok', 'ب'), chunk('a', 1, 'ok', 'الف۲')]);
      expect(state.sessions.map((s) => [s.sessionId, s.ordinal, s.chunks.length])).toEqual([
        ['a', 1, 2],
        ['b', 2, 1],
      ]);
    },
  );

  it('keeps unchanged chunks and dictations as the same objects, so memoised blocks skip re-rendering', () => {
    const before = run([chunk('a', 0, 'ok', 'یک'), chunk('a', 1, 'sending'), chunk('b', 0, 'ok', 'دو')]);
    const after = dictationReducer(before, { type: 'event', event: chunk('a', 1, 'ok', 'تازه') });
    expect(after.sessions[0].chunks[0]).toBe(before.sessions[0].chunks[0]);
    expect(after.sessions[0].chunks[1]).not.toBe(before.sessions[0].chunks[1]);
    expect(after.sessions[1]).toBe(before.sessions[1]);
    expect(before.sessions[0].chunks[1].status).toBe('sending');
  });

  it('sorts a thousand shuffled chunks', () => {
    const order = Array.from({ length: 1000 }, (_, i) => (i * 617) % 1000);
    const state = run(order.map((index) => chunk('long', index, 'ok', `w${index}`)));
    expect(state.sessions[0].chunks.map((c) => c.index)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('clear hides what was shown; updates to cleared chunks stay hidden, new speech shows', () => {
    let state = run([chunk('a', 0, 'ok', 'قدیم'), chunk('a', 1, 'sending')]);
    state = dictationReducer(state, { type: 'clear' });
    expect(state.sessions).toEqual([]);
    state = run([chunk('a', 1, 'ok', 'دیر رسید'), chunk('a', 2, 'ok', 'تازه')], state);
    expect(texts(state)).toEqual(['2:ok:تازه']);
  });

  it('copies only transcribed text, in order, dictations separated by a blank line', () => {
    const state = run([
      chunk('a', 1, 'ok', 'دو'),
      chunk('a', 0, 'ok', ' یک '),
      chunk('a', 2, 'failed'),
      chunk('a', 3, 'dropped'),
      chunk('b', 0, 'ok', 'سه'),
    ]);
    expect(transcriptText(state.sessions)).toBe('یک دو\n\nسه');
  });
});

describe('dictationReducer: state, stats and usage', () => {
  it('follows the core recording state and opens the dictation group at once', () => {
    const state = run([{ type: 'state', state: 'listening', sessionId: 'a' }]);
    expect(state.recording).toBe('listening');
    expect(state.sessions.map((s) => s.sessionId)).toEqual(['a']);
  });

  it('keeps the latest dictation stats; late stats of an older one do not replace them', () => {
    const state = run([stats('a', 1000, { words: 5 }), stats('b', 2000, { words: 9 }), stats('a', 1000, { words: 6 })]);
    expect(state.stats?.sessionId).toBe('b');
    expect(state.stats?.words).toBe(9);
    expect(state.sessions.find((s) => s.sessionId === 'a')?.startedAt).toBe(1000);
  });

  it('takes usage pushed by the core over a first load that answered later', () => {
    const zero = { requests: 0, failedRequests: 0, audioMs: 0, billedSeconds: 0, costMicros: 0 };
    const old: UsageSummaryView = { today: zero, week: zero, month: zero, total: zero };
    const fresh: UsageSummaryView = { ...old, today: { ...zero, costMicros: 500 } };
    const state = run([
      { type: 'usage', summary: fresh },
      { type: 'usageLoaded', summary: old },
    ]);
    expect(state.usage?.today.costMicros).toBe(500);
  });
});

describe('dictationReducer: banners', () => {
  const warning: AppEvent = {
    type: 'warning',
    scope: 'daily',
    level: 'warn',
    spentMicros: 80,
    limitMicros: 100,
    message: { fa: '۸۰٪ خرج شد', en: '80% spent' },
  };

  it('shows a warning once however often it comes, and again after dismissal when the core raises it anew', () => {
    let state = run([warning, warning]);
    expect(state.banners).toHaveLength(1);
    state = dictationReducer(state, { type: 'dismiss', key: state.banners[0].key });
    expect(state.banners).toHaveLength(0);
    state = run([{ ...warning, level: 'limit', message: { fa: 'تمام شد', en: 'used up' } }, warning], state);
    expect(state.banners.map((b) => b.tone)).toEqual(['limit', 'warn']);
  });

  it('budget-blocked chunks raise one "send anyway" banner per dictation, which stays closed once dismissed', () => {
    let state = run([chunk('a', 0, 'blocked', '', { error: budget }), chunk('a', 1, 'blocked', '', { error: budget })]);
    expect(state.banners).toEqual([{ key: 'budget:a', tone: 'limit', message: budget.message, budget: true }]);
    state = dictationReducer(state, { type: 'dismiss', key: 'budget:a' });
    state = run(
      [
        chunk('a', 2, 'blocked', '', { error: budget }),
        { type: 'state', state: 'blocked', sessionId: 'a', error: budget },
      ],
      state,
    );
    expect(state.banners).toEqual([]);
    state = run([chunk('b', 0, 'blocked', '', { error: budget })], state);
    expect(state.banners.map((b) => b.key)).toEqual(['budget:b']);
  });

  it('an error event and the error state it comes with make one banner', () => {
    const message = { fa: 'کلید نادرست است.', en: 'The key is wrong.' };
    const state = run([
      { type: 'error', code: 'auth', message, sessionId: 'a' },
      { type: 'state', state: 'error', sessionId: 'a', error: { code: 'auth', message } },
    ]);
    expect(state.banners).toHaveLength(1);
    expect(state.recordingError?.code).toBe('auth');
  });

  it('a failure the window saw itself is a banner too', () => {
    const state = dictationReducer(initialDictationState, {
      type: 'notice',
      key: 'start',
      message: { fa: 'نشد', en: 'failed' },
    });
    expect(state.banners).toEqual([
      { key: 'local:start', tone: 'error', message: { fa: 'نشد', en: 'failed' }, budget: false },
    ]);
  });
});

describe('recordStatus', () => {
  it('says "listening" only once audio flows', () => {
    expect(recordStatus('opening', false, 'idle')).toBe('opening');
    expect(recordStatus('recording', false, 'starting')).toBe('starting');
    expect(recordStatus('recording', true, 'starting')).toBe('listening');
    expect(recordStatus('recording', false, 'listening')).toBe('listening');
  });

  it('shows the core sending after a stop, and a budget stop or error above all', () => {
    expect(recordStatus('stopping', true, 'sending')).toBe('sending');
    expect(recordStatus('idle', false, 'sending')).toBe('sending');
    expect(recordStatus('recording', true, 'blocked')).toBe('blocked');
    expect(recordStatus('idle', false, 'error')).toBe('error');
    expect(recordStatus('idle', false, 'idle')).toBe('idle');
  });
});
