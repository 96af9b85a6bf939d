import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src-main/pipeline/dictation-session';
import { chunk, deferred, waitFor, sessionHarness, shownTexts } from './session-harness';

/** whisper-1 costs $0.006 a minute: 100 micro-dollars a second. */
const WHISPER_MICROS_PER_SECOND = 100;
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

describe('a dictation, chunk by chunk, as the person sees it', () => {
  it('each chunk is spooled, sent, metered and stored; the text comes out in spoken order', async () => {
    const h = sessionHarness((_request, n) => ({ text: `بخش ${n}`, requestId: `req-${n}` }), { now: () => NOW });
    await h.session.addChunk(chunk(0));
    await h.session.addChunk(chunk(1, 3000));
    h.session.setRecordedAudio(16_000 * 7);
    const result = await h.session.finish();

    expect(result.text).toBe('بخش 1 بخش 2');
    expect(result.spooled).toBe(0);
    expect(result.ownedElsewhere).toBe(0);
    expect(result.stoppedBy).toBeUndefined();
    expect(result.chunks).toEqual([
      { index: 0, startMs: 0, endMs: 2000, text: 'بخش 1', status: 'ok' },
      { index: 1, startMs: 3000, endMs: 6000, text: 'بخش 2', status: 'ok' },
    ]);
    // The session id says when it began (UTC), then a random part.
    expect(result.sessionId).toMatch(/^20260102T030405-[0-9a-f]{8}$/);
    expect(h.session.sessionId).toBe(result.sessionId);

    // Two requests, 5 s of audio, 500 micro-dollars: what `sokhan usage` will show for this session.
    expect(result.usage).toEqual({
      requests: 2,
      failedRequests: 0,
      sentAudioMs: 5000,
      billedSeconds: 5,
      costMicros: 5 * WHISPER_MICROS_PER_SECOND,
      unknownRequests: 0,
      unknownCostMicros: 0,
    });
    expect(
      h.meter.records.map(({ record, reservationId }) => ({ ...record, id: typeof record.id, reservationId })),
    ).toEqual([
      {
        kind: 'request',
        id: 'string',
        at: NOW,
        sessionId: result.sessionId,
        model: 'whisper-1',
        provider: 'openai',
        audioMs: 2000,
        source: 'cli',
        billed: { type: 'duration', seconds: 2 },
        billedSeconds: 2,
        costMicros: 200,
        outcome: 'ok',
        requestId: 'req-1',
        reservationId: 'r1',
      },
      {
        kind: 'request',
        id: 'string',
        at: NOW,
        sessionId: result.sessionId,
        model: 'whisper-1',
        provider: 'openai',
        audioMs: 3000,
        source: 'cli',
        billed: { type: 'duration', seconds: 3 },
        billedSeconds: 3,
        costMicros: 300,
        outcome: 'ok',
        requestId: 'req-2',
        reservationId: 'r2',
      },
    ]);
    expect(new Set(h.meter.records.map((r) => r.record.id)).size).toBe(2);
    // Every chunk passed the budget gate with its own length and model before it went out.
    expect(h.meter.authorized).toEqual([
      { sessionId: result.sessionId, model: 'whisper-1', audioMs: 2000, customMicrosPerMinute: null },
      { sessionId: result.sessionId, model: 'whisper-1', audioMs: 3000, customMicrosPerMinute: null },
    ]);
    expect(h.meter.released).toEqual([]);
    // The session record: opened once, closed with the recorded length (silence included) and the word count.
    expect(h.meter.started).toEqual([result.sessionId]);
    expect(h.meter.ended).toEqual([{ sessionId: result.sessionId, audioRecordedMs: 7000, words: 4 }]);

    // The audio went out as WAV (44-byte header + 2 bytes a sample), in the language and model set.
    expect(h.api.requests.map((r) => [r.model, r.language, r.audioMs, r.wavBytes])).toEqual([
      ['whisper-1', 'fa', 2000, 44 + 64_000],
      ['whisper-1', 'fa', 3000, 44 + 96_000],
    ]);
    // Text on disk, audio gone from the spool.
    expect(await h.spool.list()).toEqual([]);
    expect(await h.transcripts.read(result.sessionId)).toEqual([
      { index: 0, startMs: 0, endMs: 2000, text: 'بخش 1', status: 'ok', at: NOW },
      { index: 1, startMs: 3000, endMs: 6000, text: 'بخش 2', status: 'ok', at: NOW },
    ]);
  });

  it('a dictation with no speech still opens and closes its session record, with no words', async () => {
    const h = sessionHarness(() => ({ text: 'هرگز' }));
    h.session.setRecordedAudio(16_000 * 3);
    const result = await h.session.finish();
    expect(result.text).toBe('');
    expect(h.api.requests).toHaveLength(0);
    expect(h.meter.started).toEqual([result.sessionId]);
    expect(h.meter.ended).toEqual([{ sessionId: result.sessionId, audioRecordedMs: 3000, words: 0 }]);
  });

  it('tells what happens in order: queued, sending, done, and the text shown so far', async () => {
    const h = sessionHarness(() => ({ text: 'سلام' }));
    await h.session.addChunk(chunk(0, 1000));
    await h.session.finish();
    expect(h.events).toEqual<SessionEvent[]>([
      { type: 'chunk-queued', index: 0, startMs: 0, endMs: 1000, audioMs: 1000 },
      { type: 'chunk-sending', index: 0, attempt: 1 },
      { type: 'chunk-done', index: 0, status: 'ok', text: 'سلام', costMicros: 100 },
      { type: 'transcript', text: 'سلام' },
    ]);
  });

  it('a chunk spooled before it is sent: its audio is on disk while the request is out', async () => {
    const answer = deferred<{ text: string }>();
    const h = sessionHarness(() => answer.promise, { now: () => NOW });
    await h.session.addChunk(chunk(0, 2000, 1500));
    const finished = h.session.finish();
    await waitFor(() => h.api.requests.length === 1);
    const [entry] = await h.spool.list();
    expect(existsSync(entry.wavPath)).toBe(true);
    expect(entry.meta).toMatchObject({
      index: 0,
      startMs: 0,
      endMs: 2000,
      audioMs: 2000,
      speechMs: 1500,
      createdAt: NOW,
      status: 'pending',
      attempts: 0,
      model: 'whisper-1',
      language: 'fa',
    });
    // Marked as sent, so a crash now leaves a request the next owner records as "outcome unknown".
    expect(entry.meta.sentAt).toEqual(expect.any(Number));
    expect(h.session.inFlight).toBe(1);
    answer.resolve({ text: 'تمام' });
    expect((await finished).text).toBe('تمام');
    expect(h.session.inFlight).toBe(0);
  });

  it('later replies wait for earlier ones: the shown text only ever grows at its end', async () => {
    const answers = [deferred<{ text: string }>(), deferred<{ text: string }>(), deferred<{ text: string }>()];
    // Each chunk has its own length (1, 2, 3 s), which tells the answers apart whatever order requests go in.
    const h = sessionHarness((request) => answers[request.audioMs / 1000 - 1].promise);
    for (const i of [0, 1, 2]) await h.session.addChunk(chunk(i, (i + 1) * 1000));
    const finished = h.session.finish();
    // The first request goes alone (a bad key then fails once); its answer lets the other two go together.
    await waitFor(() => h.api.requests.length === 1);
    answers[0].resolve({ text: 'یک' });
    await waitFor(() => h.api.requests.length === 3);
    answers[2].resolve({ text: 'سه' });
    await waitFor(() => h.events.some((e) => e.type === 'chunk-done' && e.index === 2));
    answers[1].resolve({ text: 'دو' });
    const result = await finished;
    expect(result.text).toBe('یک دو سه');
    expect(shownTexts(h.events)).toEqual(['یک', 'یک', 'یک دو سه']);
    expect(h.api.mostInFlight).toBe(2);
  });

  it('never more requests at once than the setting allows, and at least one', async () => {
    for (const [setting, expected] of [
      [2, 2],
      [0, 1],
    ] as const) {
      // After the first, answers wait until every chunk is queued: what goes out at once is then the setting's.
      const queued = deferred<void>();
      const h = sessionHarness(
        async (_request, n) => {
          if (n > 1) await queued.promise;
          return { text: 'متن' };
        },
        { settings: { maxConcurrentRequests: setting } },
      );
      for (const i of [0, 1, 2, 3, 4]) await h.session.addChunk(chunk(i, 500));
      const finished = h.session.finish();
      await waitFor(() => h.session.inFlight === expected && h.api.requests.length === expected + 1);
      queued.resolve();
      const result = await finished;
      expect(result.chunks.map((c) => c.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
      expect(h.api.mostInFlight).toBe(expected);
    }
  });
});

describe('what is sent with each chunk as its prompt', () => {
  it('the tail of the text before it, once the chunk has a second of speech; none before that', async () => {
    const h = sessionHarness((_request, n) => ({ text: ['اول', 'دوم', 'سوم'][n - 1] }), {
      settings: { maxConcurrentRequests: 1 },
    });
    await h.session.addChunk(chunk(0));
    await h.session.addChunk(chunk(1, 2000, 1000));
    await h.session.addChunk(chunk(2, 2000, 999));
    await h.session.finish();
    // The first chunk has nothing before it; the third has too little speech (Whisper would echo the prompt).
    expect(h.api.requests.map((r) => r.prompt)).toEqual([undefined, 'اول', undefined]);
  });

  it('at most 300 characters, cut at a word', async () => {
    const long = Array.from({ length: 80 }, (_, i) => `واژه${i}`).join(' ');
    const h = sessionHarness((_request, n) => ({ text: n === 1 ? long : 'پایان' }));
    await h.session.addChunk(chunk(0));
    await h.session.addChunk(chunk(1));
    await h.session.finish();
    const prompt = h.api.requests[1].prompt ?? '';
    expect(prompt.length).toBeLessThanOrEqual(300);
    expect(prompt.length).toBeGreaterThan(280);
    expect(long.endsWith(prompt)).toBe(true);
    expect(prompt.startsWith('واژه')).toBe(true);
  });
});

describe('the settings the text is edited with', () => {
  for (const [digits, expected] of [
    ['persian', 'ساعت ۱۰ و ۲۰'],
    ['latin', 'ساعت 10 و 20'],
    ['keep', 'ساعت 10 و ۲۰'],
  ] as const) {
    it(`digits "${digits}": in the result, on screen and on disk`, async () => {
      const h = sessionHarness(() => ({ text: 'ساعت 10 و ۲۰' }), { settings: { digits } });
      await h.session.addChunk(chunk(0));
      const result = await h.session.finish();
      expect(result.text).toBe(expected);
      expect(shownTexts(h.events)).toEqual([expected]);
      expect((await h.transcripts.read(result.sessionId)).map((p) => p.text)).toEqual([expected]);
    });
  }

  it('the Persian editor switched off keeps the text as the API sent it', async () => {
    const raw = 'كتاب هاي من';
    const on = sessionHarness(() => ({ text: raw }));
    await on.session.addChunk(chunk(0));
    expect((await on.session.finish()).text).toBe('کتاب‌های من');
    const off = sessionHarness(() => ({ text: raw }), { settings: { persianEditor: false } });
    await off.session.addChunk(chunk(0));
    expect((await off.session.finish()).text).toBe(raw);
  });

  it('text in another language is not edited as Persian, and the language is sent with the audio', async () => {
    const h = sessionHarness(() => ({ text: 'كتاب هاي من' }), { settings: { language: 'ar' } });
    await h.session.addChunk(chunk(0));
    const result = await h.session.finish();
    expect(result.text).toBe('كتاب هاي من');
    expect(h.api.requests[0].language).toBe('ar');
  });
});

describe('answers that are not speech', () => {
  it('an empty answer is dropped: billed, no text, nothing kept as dropped text', async () => {
    const h = sessionHarness(() => ({ text: '   ' }));
    await h.session.addChunk(chunk(0));
    const result = await h.session.finish();
    expect(result.text).toBe('');
    expect(result.chunks).toEqual([{ index: 0, startMs: 0, endMs: 2000, text: '', status: 'dropped' }]);
    expect(h.meter.records[0].record).toMatchObject({ outcome: 'ok', costMicros: 200 });
    expect(h.meter.records[0].record).not.toHaveProperty('droppedText');
    expect(await h.spool.list()).toEqual([]);
    const [stored] = await h.transcripts.read(result.sessionId);
    expect(stored).toMatchObject({ status: 'dropped', text: '' });
    expect(stored).not.toHaveProperty('droppedText');
    expect(h.events).toContainEqual({ type: 'chunk-done', index: 0, status: 'dropped', text: '', costMicros: 200 });
  });

  it('a silence hallucination is dropped from the text but kept in the ledger and the transcript', async () => {
    const h = sessionHarness(() => ({ text: ' (موسیقی) ' }));
    await h.session.addChunk(chunk(0, 2000, 300));
    await h.session.addChunk(chunk(1, 3000, 3000));
    const result = await h.session.finish();
    // The second chunk has real speech: the same words are then taken as said.
    expect(result.text).toBe('(موسیقی)');
    expect(result.chunks.map((c) => [c.status, c.text, c.droppedText])).toEqual([
      ['dropped', '', '(موسیقی)'],
      ['ok', '(موسیقی)', undefined],
    ]);
    expect(h.meter.records[0].record.droppedText).toBe('(موسیقی)');
    expect(h.meter.records[1].record).not.toHaveProperty('droppedText');
    const stored = await h.transcripts.read(result.sessionId);
    expect(stored.map((p) => [p.status, p.text, p.droppedText])).toEqual([
      ['dropped', '', '(موسیقی)'],
      ['ok', '(موسیقی)', undefined],
    ]);
  });
});

describe('the meter', () => {
  it('a budget warning the meter reports reaches the person', async () => {
    const h = sessionHarness(() => ({ text: 'سلام' }));
    const warning = {
      scope: 'daily' as const,
      level: 'warn' as const,
      spentMicros: 800,
      limitMicros: 1000,
      message: { fa: 'هشدار', en: 'warning' },
    };
    h.meter.warnWith([warning]);
    await h.session.addChunk(chunk(0));
    await h.session.finish();
    expect(h.events).toContainEqual({ type: 'warning', warning });
  });

  it('a model outside the catalogue: priced at the set price per minute, or marked "price unknown"', async () => {
    const priced = sessionHarness(() => ({ text: 'سلام' }), {
      settings: { model: 'my-model', customMicrosPerMinute: 60_000 },
      providerOf: undefined,
    });
    await priced.session.addChunk(chunk(0, 3000));
    const result = await priced.session.finish();
    expect(result.usage.costMicros).toBe(3000);
    expect(priced.meter.authorized[0]).toMatchObject({ model: 'my-model', customMicrosPerMinute: 60_000 });
    expect(priced.meter.records[0].record).toMatchObject({ model: 'my-model', provider: 'custom', costMicros: 3000 });
    expect(priced.meter.records[0].record).not.toHaveProperty('priceUnknown');

    const unknown = sessionHarness(() => ({ text: 'سلام' }), { settings: { model: 'my-model' } });
    await unknown.session.addChunk(chunk(0, 3000));
    await unknown.session.finish();
    expect(unknown.meter.records[0].record).toMatchObject({ priceUnknown: true, costMicros: 0 });
  });

  it('the duration the server bills is what is counted, not the audio sent', async () => {
    const h = sessionHarness(() => ({ text: 'سلام', usage: { type: 'duration', seconds: 2.5 } }));
    await h.session.addChunk(chunk(0));
    const result = await h.session.finish();
    expect(result.usage).toMatchObject({ sentAudioMs: 2000, billedSeconds: 2.5, costMicros: 250 });
  });
});
