import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../../src-main/audio/wav';
import { Spool, type SpoolEntryMeta } from '../../../src-main/pipeline/spool';
import { TranscriptStore } from '../../../src-main/pipeline/transcript-store';
import { tempDir } from '../../integration/cli-harness';
import { sessionHarness } from './session-harness';

const EARLIER = '20250101T000000-aaaaaaaa';

/** A chunk an earlier run left in the spool (its lease given back, as a finished run leaves it). */
async function leftInSpool(dataDir: string, meta: Partial<SpoolEntryMeta> & { index: number }, ms = 2000) {
  const spool = new Spool(join(dataDir, 'spool'));
  const entry = await spool.put(
    {
      sessionId: EARLIER,
      startMs: meta.index * ms,
      endMs: (meta.index + 1) * ms,
      audioMs: ms,
      speechMs: ms,
      model: 'gpt-transcribe',
      language: 'fa',
      createdAt: 1,
      ...meta,
    },
    encodeWav(new Int16Array((ms * 16_000) / 1000).fill(900)),
  );
  const { status, attempts, paid, sentAt } = meta;
  await spool.mark(entry, {
    status: status ?? 'failed',
    attempts: attempts ?? 1,
    ...(paid ? { paid } : {}),
    ...(sentAt ? { sentAt } : {}),
  });
  await spool.release(entry);
}

describe('retrying chunks an earlier run left in the spool', () => {
  it('they go out as they were recorded (model, language), into their own dictation, after its stored text', async () => {
    const dataDir = tempDir();
    const store = new TranscriptStore(join(dataDir, 'transcripts'));
    await store.append(EARLIER, { index: 0, startMs: 0, endMs: 2000, text: 'آغاز', status: 'ok', at: 1 });
    await store.append(EARLIER, { index: 1, startMs: 2000, endMs: 4000, text: 'ناپیدا', status: 'dropped', at: 1 });
    await store.append(EARLIER, { index: 5, startMs: 10_000, endMs: 12_000, text: 'بعدی', status: 'ok', at: 1 });
    await leftInSpool(dataDir, { index: 2, language: 'en' });
    await leftInSpool(dataDir, { index: 3, language: 'en' });

    const h = sessionHarness((_r, n) => ({ text: `tried ${n}` }), {
      dataDir,
      now: () => 77,
      settings: { model: 'whisper-1', language: 'fa', maxConcurrentRequests: 1 },
    });
    h.session.addSpooled(await h.spool.list());
    const result = await h.session.finish();

    expect(h.api.requests.map((r) => [r.model, r.language, r.prompt])).toEqual([
      ['gpt-transcribe', 'en', 'آغاز'],
      ['gpt-transcribe', 'en', 'آغاز tried 1'],
    ]);
    // Metered as the model it was recorded with, under the dictation it belongs to.
    expect(h.meter.authorized.map((a) => a.model)).toEqual(['gpt-transcribe', 'gpt-transcribe']);
    expect(h.meter.records.map((r) => [r.record.sessionId, r.record.model, r.record.costMicros])).toEqual([
      [EARLIER, 'gpt-transcribe', 150],
      [EARLIER, 'gpt-transcribe', 150],
    ]);
    expect(result.text).toBe('tried 1 tried 2');
    expect((await store.read(EARLIER)).map((p) => [p.index, p.text])).toEqual([
      [0, 'آغاز'],
      [1, 'ناپیدا'],
      [2, 'tried 1'],
      [3, 'tried 2'],
      [5, 'بعدی'],
    ]);
    expect(await h.spool.list()).toEqual([]);
  });

  it('chunks handed over in any order are sent in spoken order', async () => {
    const dataDir = tempDir();
    for (const index of [0, 1, 2]) await leftInSpool(dataDir, { index });
    const h = sessionHarness((request) => ({ text: request.prompt ? 'with a prompt' : 'alone' }), {
      dataDir,
      settings: { maxConcurrentRequests: 1 },
    });
    h.session.addSpooled((await h.spool.list()).reverse());
    const result = await h.session.finish();
    // The last chunk was taken first (nothing else was queued yet); the other two then in their order.
    expect(h.api.requests.map((r) => r.prompt)).toEqual([undefined, undefined, 'alone']);
    expect(result.chunks.map((c) => c.index)).toEqual([0, 1, 2]);
  });

  it('a chunk whose meta was lost goes with the settings of today', async () => {
    const dataDir = tempDir();
    await leftInSpool(dataDir, { index: 0, model: '', language: undefined });
    const h = sessionHarness(() => ({ text: 'سلام' }), { dataDir, settings: { model: 'whisper-1', language: 'fa' } });
    h.session.addSpooled(await h.spool.list());
    await h.session.finish();
    expect(h.api.requests.map((r) => [r.model, r.language])).toEqual([['whisper-1', 'fa']]);
    expect(h.meter.records[0].record.model).toBe('whisper-1');
  });

  it('an answer already paid for is stored without a new request', async () => {
    const dataDir = tempDir();
    await leftInSpool(dataDir, {
      index: 0,
      status: 'paid',
      paid: { text: 'پرداخت‌شده', status: 'ok', costMicros: 150 },
    });
    const h = sessionHarness(() => ({ text: 'دوباره' }), { dataDir, now: () => 99 });
    h.session.addSpooled(await h.spool.list());
    const result = await h.session.finish();
    expect(h.api.requests).toHaveLength(0);
    expect(h.meter.records).toHaveLength(0);
    expect(h.meter.authorized).toHaveLength(0);
    expect(result.text).toBe('پرداخت‌شده');
    expect(h.events).toContainEqual({ type: 'chunk-done', index: 0, status: 'ok', text: 'پرداخت‌شده', costMicros: 0 });
    expect(await new TranscriptStore(join(dataDir, 'transcripts')).read(EARLIER)).toEqual([
      { index: 0, startMs: 0, endMs: 2000, text: 'پرداخت‌شده', status: 'ok', at: 99 },
    ]);
    expect(await h.spool.list()).toEqual([]);
  });

  it('a request its last owner never saw answered is recorded as unknown, then the chunk is sent again', async () => {
    const dataDir = tempDir();
    await leftInSpool(dataDir, { index: 0, sentAt: 5 });
    const h = sessionHarness(() => ({ text: 'دوباره' }), { dataDir });
    h.session.addSpooled(await h.spool.list());
    const result = await h.session.finish();
    expect(
      h.meter.records.map(({ record, reservationId }) => [record.outcome, record.errorCode, reservationId]),
    ).toEqual([
      ['unknown', 'aborted', undefined],
      ['ok', undefined, 'r1'],
    ]);
    expect(h.meter.records[0].record.costMicros).toBe(150);
    expect(result.usage).toMatchObject({ requests: 2, unknownRequests: 1, unknownCostMicros: 150 });
    expect(result.text).toBe('دوباره');
  });

  it('an orphaned request is recorded once, even when the chunk fails again', async () => {
    const dataDir = tempDir();
    await leftInSpool(dataDir, { index: 0, sentAt: 5 });
    const h = sessionHarness(() => ({ text: 'x' }), { dataDir });
    h.session.cancel();
    h.session.addSpooled(await h.spool.list());
    await h.session.finish();
    const [kept] = await h.spool.list();
    expect(kept.meta.sentAt).toBeUndefined();
    const again = sessionHarness(() => ({ text: 'x' }), { dataDir });
    again.session.cancel();
    again.session.addSpooled(await again.spool.list());
    await again.session.finish();
    expect(again.meter.records).toHaveLength(0);
  });

  it('a chunk another process is sending is left to it, and not counted as waiting here', async () => {
    const dataDir = tempDir();
    await leftInSpool(dataDir, { index: 0 });
    await leftInSpool(dataDir, { index: 1 });
    const other = new Spool(join(dataDir, 'spool'));
    const [owned] = await other.list();
    expect(await other.claim(owned)).toBe(true);
    const h = sessionHarness(() => ({ text: 'سلام' }), { dataDir });
    h.session.addSpooled(await h.spool.list());
    const result = await h.session.finish();
    expect(h.api.requests).toHaveLength(1);
    expect(result.ownedElsewhere).toBe(1);
    expect(result.spooled).toBe(0);
    expect(result.chunks.map((c) => [c.index, c.status, c.errorCode])).toEqual([
      [0, 'failed', 'owned_elsewhere'],
      [1, 'ok', undefined],
    ]);
    expect(h.events.filter((e) => e.type === 'error')).toEqual([
      expect.objectContaining({ index: 0, code: 'owned_elsewhere', stopsSession: false }),
    ]);
  });
});
