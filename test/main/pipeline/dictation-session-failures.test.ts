import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WAITING_FOR_NETWORK } from '../../../src-shared/app-contract/waiting-audio';
import type { SessionEvent } from '../../../src-main/pipeline/dictation-session';
import { WAITING_FOR_NETWORK_MESSAGE } from '../../../src-main/pipeline/network-outage';
import { Spool } from '../../../src-main/pipeline/spool';
import { TranscriptStore } from '../../../src-main/pipeline/transcript-store';
import { TranscriptionError, describeTranscriptionError } from '../../../src-main/transcription/transcription-error';
import { tempDir } from '../../integration/cli-harness';
import { chunk, deferred, waitFor, recordingMeter, sessionHarness } from './session-harness';

const BUDGET_MESSAGE = { fa: 'بودجهٔ روزانه تمام شد', en: 'The daily budget is spent' };
const serverError = (status = 500) =>
  new TranscriptionError('server', { retryable: true, status, detail: `HTTP ${status} from the test` });
const timeout = () => new TranscriptionError('timeout', { retryable: true, detail: 'no answer in time' });
const refused = () => new TranscriptionError('network', { retryable: true, detail: 'connect ECONNREFUSED' });

const errorsOf = (events: SessionEvent[]) => events.filter((e) => e.type === 'error');

describe('the budget gate', () => {
  it('a refused chunk is not sent: it waits in the spool as blocked, and the person is told why', async () => {
    const h = sessionHarness(() => ({ text: 'سلام' }));
    const meter = recordingMeter((n) =>
      n === 1 ? { ok: false, code: 'daily_limit', message: BUDGET_MESSAGE } : { ok: true, reservationId: `r${n}` },
    );
    const session = sessionHarness(() => ({ text: 'سلام' }), { meter: meter.meter, dataDir: h.dataDir });
    await session.session.addChunk(chunk(0));
    await session.session.addChunk(chunk(1));
    const result = await session.session.finish();

    expect(result.chunks.map((c) => [c.index, c.status, c.errorCode])).toEqual([
      [0, 'blocked', 'daily_limit'],
      [1, 'ok', undefined],
    ]);
    expect(result.text).toBe('سلام');
    expect(result.spooled).toBe(1);
    expect(session.api.requests).toHaveLength(1);
    expect(meter.records.map((r) => r.reservationId)).toEqual(['r2']);
    expect(errorsOf(session.events)).toEqual([
      { type: 'error', index: 0, code: 'daily_limit', message: BUDGET_MESSAGE, stopsSession: false },
    ]);
    const [kept] = await session.spool.list();
    expect(kept.meta).toMatchObject({
      index: 0,
      status: 'blocked',
      attempts: 1,
      lastError: { code: 'daily_limit', message: 'daily_limit' },
    });
    // Left for a later retry: the chunk's lease is given back.
    expect(await new Spool(join(h.dataDir, 'spool')).claim(kept)).toBe(true);
  });

  it('a refusal settles the first request: the chunks after it go out together', async () => {
    const answers = [deferred<{ text: string }>(), deferred<{ text: string }>()];
    const meter = recordingMeter((n) =>
      n === 1 ? { ok: false, code: 'monthly_limit', message: BUDGET_MESSAGE } : { ok: true, reservationId: `r${n}` },
    );
    // Chunks 1 and 2 last 2 and 3 s: their answers are told apart by length, whichever request goes first.
    const h = sessionHarness((request) => answers[request.audioMs / 1000 - 2].promise, { meter: meter.meter });
    for (const i of [0, 1, 2]) await h.session.addChunk(chunk(i, (i + 1) * 1000));
    const finished = h.session.finish();
    await waitFor(() => h.api.requests.length === 2);
    answers[0].resolve({ text: 'دو' });
    answers[1].resolve({ text: 'سه' });
    expect((await finished).text).toBe('دو سه');
  });

  it('Ctrl-C while the gate decides: the reservation is given back and the chunk stays pending', async () => {
    const gate = deferred<{ ok: true; reservationId: string }>();
    const meter = recordingMeter(() => gate.promise);
    const h = sessionHarness(() => ({ text: 'سلام' }), { meter: meter.meter });
    await h.session.addChunk(chunk(0));
    const finished = h.session.finish();
    await waitFor(() => meter.authorized.length === 1);
    h.session.stopTaking();
    gate.resolve({ ok: true, reservationId: 'held' });
    const result = await finished;
    expect(h.api.requests).toHaveLength(0);
    expect(meter.released).toEqual(['held']);
    expect(result.chunks.map((c) => [c.status, c.errorCode])).toEqual([['failed', 'interrupted']]);
    const [kept] = await h.spool.list();
    expect(kept.meta).toMatchObject({ status: 'pending', lastError: { code: 'interrupted' } });
  });
});

describe('retries', () => {
  it('an answered failure is recorded free and retried on the same reservation', async () => {
    const h = sessionHarness((_r, n) => {
      if (n === 1) throw serverError();
      return { text: 'دوباره' };
    });
    await h.session.addChunk(chunk(0));
    const result = await h.session.finish();
    expect(result.text).toBe('دوباره');
    expect(h.api.requests).toHaveLength(2);
    expect(h.meter.authorized).toHaveLength(1);
    expect(
      h.meter.records.map(({ record, reservationId }) => [record.outcome, record.errorCode, reservationId]),
    ).toEqual([
      ['failed', 'server', undefined],
      ['ok', undefined, 'r1'],
    ]);
    expect(h.meter.records[0].record).toMatchObject({ billed: { type: 'none' }, billedSeconds: 0, costMicros: 0 });
    expect(result.usage).toMatchObject({ requests: 2, failedRequests: 1, unknownRequests: 0, costMicros: 200 });
    expect(h.events.filter((e) => e.type === 'chunk-sending')).toEqual([
      { type: 'chunk-sending', index: 0, attempt: 1 },
      { type: 'chunk-sending', index: 0, attempt: 2, after: { code: 'server', detail: 'HTTP 500 from the test' } },
    ]);
  });

  it('a retry after a failure without detail says only its code', async () => {
    const h = sessionHarness((_r, n) => {
      if (n === 1) throw new TranscriptionError('rate_limited', { retryable: true, status: 429 });
      return { text: 'سلام' };
    });
    await h.session.addChunk(chunk(0));
    await h.session.finish();
    expect(h.events).toContainEqual({ type: 'chunk-sending', index: 0, attempt: 2, after: { code: 'rate_limited' } });
  });

  it('a request that may have been billed counts its estimate, and the retry passes the gate again', async () => {
    const h = sessionHarness((_r, n) => {
      if (n === 1) throw timeout();
      return { text: 'رسید' };
    });
    await h.session.addChunk(chunk(0));
    const result = await h.session.finish();
    expect(h.meter.authorized).toHaveLength(2);
    expect(
      h.meter.records.map(({ record, reservationId }) => [record.outcome, record.costMicros, reservationId]),
    ).toEqual([
      ['unknown', 200, 'r1'],
      ['ok', 200, 'r2'],
    ]);
    expect(h.meter.records[0].record).toMatchObject({
      errorCode: 'timeout',
      billed: { type: 'none' },
      billedSeconds: 0,
    });
    expect(h.meter.records[0].record).not.toHaveProperty('priceUnknown');
    expect(h.meter.released).toEqual([]);
    expect(result.usage).toEqual({
      requests: 2,
      failedRequests: 0,
      sentAudioMs: 2000,
      billedSeconds: 2,
      costMicros: 400,
      unknownRequests: 1,
      unknownCostMicros: 200,
    });
  });

  it('an unknown outcome with a model of no known price is marked so', async () => {
    const h = sessionHarness(
      (_r, n) => {
        if (n === 1) throw timeout();
        return { text: 'رسید' };
      },
      { settings: { model: 'my-model' } },
    );
    await h.session.addChunk(chunk(0));
    await h.session.finish();
    expect(h.meter.records[0].record).toMatchObject({ outcome: 'unknown', priceUnknown: true, costMicros: 0 });
  });

  it('when the billed attempt spent the budget, the retry is not sent: the chunk waits as blocked', async () => {
    const meter = recordingMeter((n) =>
      n === 1 ? { ok: true, reservationId: 'r1' } : { ok: false, code: 'daily_limit', message: BUDGET_MESSAGE },
    );
    const h = sessionHarness(
      () => {
        throw timeout();
      },
      { meter: meter.meter },
    );
    await h.session.addChunk(chunk(0));
    const result = await h.session.finish();
    expect(h.api.requests).toHaveLength(1);
    expect(meter.released).toEqual([]);
    expect(result.chunks.map((c) => [c.status, c.errorCode])).toEqual([['blocked', 'daily_limit']]);
    expect(errorsOf(h.events)).toEqual([
      { type: 'error', index: 0, code: 'daily_limit', message: BUDGET_MESSAGE, stopsSession: false },
    ]);
    expect((await h.spool.list())[0].meta).toMatchObject({ status: 'blocked', lastError: { code: 'daily_limit' } });
  });

  it('Ctrl-C during the wait before a retry: nothing more is sent, an unspent reservation is given back', async () => {
    let stop = (): void => undefined;
    const h = sessionHarness(
      () => {
        throw serverError();
      },
      { retry: { sleep: async () => stop() } },
    );
    stop = () => h.session.stopTaking();
    await h.session.addChunk(chunk(0));
    const result = await h.session.finish();
    expect(h.api.requests).toHaveLength(1);
    expect(h.meter.released).toEqual(['r1']);
    expect(result.chunks.map((c) => [c.status, c.errorCode])).toEqual([['failed', 'interrupted']]);
    expect(errorsOf(h.events)).toEqual([]);
    expect((await h.spool.list())[0].meta).toMatchObject({ status: 'pending', lastError: { code: 'interrupted' } });
  });

  it('Ctrl-C after a request that may have been billed: its reservation is spent, not given back', async () => {
    let stop = (): void => undefined;
    const h = sessionHarness(
      () => {
        throw timeout();
      },
      { retry: { sleep: async () => stop() } },
    );
    stop = () => h.session.stopTaking();
    await h.session.addChunk(chunk(0));
    await h.session.finish();
    expect(h.meter.released).toEqual([]);
    expect(h.meter.records.map((r) => [r.record.outcome, r.reservationId])).toEqual([['unknown', 'r1']]);
  });
});

describe('failures that end a chunk or the session', () => {
  it('a request refused for good is recorded on its reservation; the chunk stays in the spool as failed', async () => {
    const h = sessionHarness(() => {
      throw new TranscriptionError('too_large', { retryable: false, status: 413, detail: 'file too big' });
    });
    await h.session.addChunk(chunk(0));
    await h.session.addChunk(chunk(1));
    const result = await h.session.finish();
    // Not a session-stopping error: the second chunk was tried too.
    expect(h.api.requests).toHaveLength(2);
    expect(result.stoppedBy).toBeUndefined();
    expect(h.meter.records.map((r) => [r.record.outcome, r.reservationId])).toEqual([
      ['failed', 'r1'],
      ['failed', 'r2'],
    ]);
    expect(h.meter.released).toEqual([]);
    expect(result.spooled).toBe(2);
    expect(result.usage).toMatchObject({ requests: 2, failedRequests: 2, costMicros: 0 });
    expect(errorsOf(h.events)[0]).toEqual({
      type: 'error',
      index: 0,
      code: 'too_large',
      message: describeTranscriptionError('too_large'),
      stopsSession: false,
      detail: 'file too big',
    });
    const [first] = await h.spool.list();
    expect(first.meta).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: { code: 'too_large', message: `${describeTranscriptionError('too_large').en} (file too big)` },
    });
    expect(first.meta.sentAt).toBeUndefined();
  });

  it('a bad key stops the session: later chunks are not sent, all wait in the spool', async () => {
    const h = sessionHarness(() => {
      throw new TranscriptionError('bad_key', { retryable: false, status: 401 });
    });
    for (const i of [0, 1, 2]) await h.session.addChunk(chunk(i));
    const result = await h.session.finish();
    expect(h.api.requests).toHaveLength(1);
    expect(result.stoppedBy).toEqual({ code: 'bad_key', message: describeTranscriptionError('bad_key') });
    expect(result.chunks.map((c) => [c.status, c.errorCode])).toEqual([
      ['failed', 'bad_key'],
      ['failed', 'bad_key'],
      ['failed', 'bad_key'],
    ]);
    expect(result.spooled).toBe(3);
    expect(errorsOf(h.events)).toEqual([
      { type: 'error', index: 0, code: 'bad_key', message: describeTranscriptionError('bad_key'), stopsSession: true },
    ]);
    expect((await h.spool.list()).map((e) => e.meta.status)).toEqual(['failed', 'failed', 'failed']);
  });

  for (const code of ['region_blocked', 'permission_denied', 'quota_exhausted', 'model_not_found'] as const) {
    it(`${code} stops the session too`, async () => {
      const h = sessionHarness(() => {
        throw new TranscriptionError(code, { retryable: false, status: 403 });
      });
      await h.session.addChunk(chunk(0));
      await h.session.addChunk(chunk(1));
      const result = await h.session.finish();
      expect(result.stoppedBy?.code).toBe(code);
      expect(h.api.requests).toHaveLength(1);
    });
  }

  it('the first stopping error is the one reported', async () => {
    // Both requests are out before either fails: the first chunk settles the first request, then two go at once.
    const gate = deferred<void>();
    const slow = sessionHarness(
      async (_r, n) => {
        if (n > 1) await gate.promise;
        if (n === 1) return { text: 'اول' };
        throw new TranscriptionError(n === 2 ? 'quota_exhausted' : 'bad_key', { retryable: false, status: 401 });
      },
      { settings: { maxConcurrentRequests: 2 } },
    );
    for (const i of [0, 1, 2]) await slow.session.addChunk(chunk(i));
    const finished = slow.session.finish();
    await waitFor(() => slow.api.requests.length === 3);
    gate.resolve();
    expect((await finished).stoppedBy?.code).toBe('quota_exhausted');
  });

  it('cancel: chunks not yet sent stay in the spool, quietly (the person asked for it)', async () => {
    const h = sessionHarness(() => ({ text: 'سلام' }));
    await h.session.addChunk(chunk(0));
    h.session.cancel();
    const result = await h.session.finish();
    expect(h.api.requests).toHaveLength(0);
    expect(result.chunks.map((c) => [c.status, c.errorCode])).toEqual([['failed', 'aborted']]);
    expect(errorsOf(h.events)).toEqual([]);
    expect((await h.spool.list())[0].meta).toMatchObject({ status: 'failed', lastError: { code: 'aborted' } });
  });

  it('cancel with a request out: it may have been billed (unknown), the chunk stays, even with a resender', async () => {
    const reportedDown: number[] = [];
    const h = sessionHarness(
      (request) =>
        new Promise((_resolve, reject) => {
          request.signal?.addEventListener('abort', () =>
            reject(new TranscriptionError('aborted', { retryable: false })),
          );
        }),
      { outage: { isDown: () => false, reportDown: () => reportedDown.push(1) } },
    );
    await h.session.addChunk(chunk(0));
    const finished = h.session.finish();
    await waitFor(() => h.api.requests.length === 1);
    h.session.cancel();
    const result = await finished;
    expect(h.meter.records.map((r) => r.record.outcome)).toEqual(['unknown']);
    expect(result.chunks.map((c) => [c.status, c.errorCode])).toEqual([['failed', 'aborted']]);
    expect(errorsOf(h.events)).toEqual([]);
    expect(reportedDown).toEqual([]);
    expect((await h.spool.list())[0].meta.outage).toBeUndefined();
  });

  it('Ctrl-C before a chunk is sent keeps it pending', async () => {
    const h = sessionHarness(() => ({ text: 'سلام' }));
    await h.session.addChunk(chunk(0));
    h.session.stopTaking();
    const result = await h.session.finish();
    expect(h.api.requests).toHaveLength(0);
    expect(h.meter.authorized).toHaveLength(0);
    expect(result.chunks.map((c) => [c.status, c.errorCode])).toEqual([['failed', 'interrupted']]);
    expect((await h.spool.list())[0].meta).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('an error outside the request (the spooled audio cannot be read) fails the chunk as unknown', async () => {
    const dataDir = tempDir();
    const spool = new Spool(join(dataDir, 'spool'));
    spool.readWav = async () => {
      throw new Error('disk gone');
    };
    const h = sessionHarness(() => ({ text: 'سلام' }), { spool, dataDir });
    await h.session.addChunk(chunk(0));
    const result = await h.session.finish();
    expect(h.api.requests).toHaveLength(0);
    expect(h.meter.released).toEqual(['r1']);
    expect(result.chunks.map((c) => [c.status, c.errorCode])).toEqual([['failed', 'unknown']]);
    expect(errorsOf(h.events)[0]).toMatchObject({ code: 'unknown', detail: 'Error: disk gone' });
  });
});

describe('the network down (the app has a resender)', () => {
  it('while the endpoint is known to be down, new chunks wait in the spool without a request', async () => {
    const h = sessionHarness(() => ({ text: 'سلام' }), { outage: { isDown: () => true, reportDown: () => undefined } });
    await h.session.addChunk(chunk(0));
    const result = await h.session.finish();
    expect(h.api.requests).toHaveLength(0);
    expect(h.meter.authorized).toHaveLength(0);
    expect(result.chunks.map((c) => [c.status, c.errorCode])).toEqual([['failed', 'network']]);
    expect(errorsOf(h.events)).toEqual([
      { type: 'error', index: 0, code: WAITING_FOR_NETWORK, message: WAITING_FOR_NETWORK_MESSAGE, stopsSession: false },
    ]);
    expect((await h.spool.list())[0].meta).toMatchObject({
      status: 'failed',
      outage: true,
      lastError: { code: 'network', message: 'not sent: the endpoint was unreachable' },
    });
  });

  for (const [what, error] of [
    ['a refused connection', refused],
    ['a gateway that answers 503', () => serverError(503)],
  ] as const) {
    it(`${what} after the retries: the resender is told, the chunk waits for it`, async () => {
      let downs = 0;
      const h = sessionHarness(
        () => {
          throw error();
        },
        { outage: { isDown: () => false, reportDown: () => downs++ }, retry: { maxAttempts: 2, baseDelayMs: 1 } },
      );
      await h.session.addChunk(chunk(0));
      const result = await h.session.finish();
      expect(h.api.requests).toHaveLength(2);
      expect(downs).toBe(1);
      expect(result.chunks.map((c) => c.status)).toEqual(['failed']);
      expect(errorsOf(h.events).map((e) => e.code)).toEqual([WAITING_FOR_NETWORK]);
      const [kept] = await h.spool.list();
      expect(kept.meta).toMatchObject({ outage: true, lastError: { code: error().code, message: error().message } });
    });
  }

  it('without a resender (the CLI) a network failure is an error the person sees', async () => {
    const h = sessionHarness(
      () => {
        throw refused();
      },
      { retry: { maxAttempts: 1 } },
    );
    await h.session.addChunk(chunk(0));
    await h.session.finish();
    expect(errorsOf(h.events).map((e) => [e.code, e.stopsSession])).toEqual([['network', false]]);
    expect((await h.spool.list())[0].meta.outage).toBeUndefined();
  });

  it('a server error that is not the gateway is not an outage', async () => {
    let downs = 0;
    const h = sessionHarness(
      () => {
        throw serverError(500);
      },
      { outage: { isDown: () => false, reportDown: () => downs++ }, retry: { maxAttempts: 1 } },
    );
    await h.session.addChunk(chunk(0));
    await h.session.finish();
    expect(downs).toBe(0);
    expect(errorsOf(h.events).map((e) => e.code)).toEqual(['server']);
  });
});

describe('the disk', () => {
  it('audio that cannot be spooled is never sent; the session stops and says why', async () => {
    const dataDir = tempDir();
    const spool = new Spool(join(dataDir, 'spool'));
    spool.put = async () => {
      throw new Error('ENOSPC: no space left');
    };
    const h = sessionHarness(() => ({ text: 'سلام' }), { spool, dataDir });
    expect(h.session.spoolFailed).toBe(false);
    await expect(h.session.addChunk(chunk(0))).resolves.toBeUndefined();
    const result = await h.session.finish();
    expect(h.session.spoolFailed).toBe(true);
    expect(h.api.requests).toHaveLength(0);
    expect(result.stoppedBy?.code).toBe('spool_write');
    expect(result.stoppedBy?.message.en).toContain('(ENOSPC: no space left)');
    expect(result.stoppedBy?.message.fa).toContain('(ENOSPC: no space left)');
    expect(errorsOf(h.events)).toEqual([
      { type: 'error', code: 'spool_write', message: result.stoppedBy?.message, stopsSession: true },
    ]);
  });

  it('the text is on disk before the chunk leaves the spool', async () => {
    const dataDir = tempDir();
    const transcripts = new TranscriptStore(join(dataDir, 'transcripts'));
    const spool = new Spool(join(dataDir, 'spool'));
    const audioThere: boolean[] = [];
    const append = transcripts.append.bind(transcripts);
    transcripts.append = async (sessionId, part) => {
      const [entry] = await spool.list(sessionId);
      audioThere.push(entry !== undefined && existsSync(entry.wavPath));
      await append(sessionId, part);
    };
    const h = sessionHarness(() => ({ text: 'سلام' }), { spool, transcripts, dataDir });
    await h.session.addChunk(chunk(0));
    await h.session.finish();
    expect(audioThere).toEqual([true]);
    expect(await spool.list()).toEqual([]);
  });

  it('a marker that cannot be written does not keep a chunk from being transcribed', async () => {
    const dataDir = tempDir();
    const spool = new Spool(join(dataDir, 'spool'));
    const mark = spool.mark.bind(spool);
    spool.mark = async (entry, update) => {
      if (update.sentAt !== undefined) throw new Error('ENOSPC');
      return mark(entry, update);
    };
    const h = sessionHarness(() => ({ text: 'سلام' }), { spool, dataDir });
    await h.session.addChunk(chunk(0));
    expect((await h.session.finish()).text).toBe('سلام');
  });

  it('paid text that cannot be stored stays with its audio, marked paid; sending stops', async () => {
    const dataDir = tempDir();
    const transcripts = new TranscriptStore(join(dataDir, 'transcripts'));
    transcripts.append = async () => {
      throw new Error('EACCES: permission denied');
    };
    const h = sessionHarness((_r, n) => ({ text: `بخش ${n}` }), { transcripts, dataDir });
    await h.session.addChunk(chunk(0));
    await h.session.addChunk(chunk(1));
    const result = await h.session.finish();
    expect(h.api.requests).toHaveLength(1);
    expect(result.text).toBe('بخش 1');
    expect(result.stoppedBy?.code).toBe('transcript_write');
    expect(result.stoppedBy?.message.en).toContain('(EACCES: permission denied)');
    expect(result.stoppedBy?.message.fa).toContain('(EACCES: permission denied)');
    expect(result.chunks.map((c) => [c.status, c.errorCode])).toEqual([
      ['ok', undefined],
      ['failed', 'transcript_write'],
    ]);
    expect(h.events).toContainEqual({ type: 'chunk-done', index: 0, status: 'ok', text: 'بخش 1', costMicros: 200 });
    expect(errorsOf(h.events)).toEqual([
      { type: 'error', index: 0, code: 'transcript_write', message: result.stoppedBy?.message, stopsSession: true },
    ]);
    const [paid, waiting] = await h.spool.list();
    expect(paid.meta).toMatchObject({
      status: 'paid',
      paid: { text: 'بخش 1', status: 'ok', costMicros: 200 },
      lastError: { code: 'transcript_write', message: result.stoppedBy?.message.en },
    });
    expect(paid.meta.sentAt).toBeUndefined();
    expect(waiting.meta.status).toBe('failed');
    // Both are free for the retry that comes later.
    const other = new Spool(join(dataDir, 'spool'));
    expect(await other.claim(paid)).toBe(true);
    expect(await other.claim(waiting)).toBe(true);
  });

  it('when neither the transcript nor the spool can be written, the text still reaches the person', async () => {
    const dataDir = tempDir();
    const transcripts = new TranscriptStore(join(dataDir, 'transcripts'));
    transcripts.append = async () => {
      throw new Error('EROFS');
    };
    const spool = new Spool(join(dataDir, 'spool'));
    const mark = spool.mark.bind(spool);
    spool.mark = async (entry, update) => {
      if (update.status === 'paid') throw new Error('EROFS');
      return mark(entry, update);
    };
    const h = sessionHarness(() => ({ text: 'سلام' }), { transcripts, spool, dataDir });
    await h.session.addChunk(chunk(0));
    const result = await h.session.finish();
    expect(result.text).toBe('سلام');
    expect(result.stoppedBy?.code).toBe('transcript_write');
  });
});
