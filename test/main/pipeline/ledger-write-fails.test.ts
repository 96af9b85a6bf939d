import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptStore } from '../../../src-main/pipeline/transcript-store';
import { tempDir } from '../../integration/cli-harness';
import { chunk, recordingMeter, sessionHarness } from './session-harness';

const diskFull = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** A meter whose ledger cannot be written for the first `failures` records (a full disk), then recovers. */
function meterWithFullDisk(failures: number) {
  const meter = recordingMeter();
  const record = meter.meter.record;
  let refused = 0;
  meter.meter.record = async (line, reservationId) => {
    if (refused < failures) {
      refused += 1;
      throw diskFull();
    }
    return record(line, reservationId);
  };
  return meter;
}

describe('the server answered, but the usage ledger cannot be written', () => {
  it('the text is shown and kept with its cost; the retry meters it once and stores it, unpaid again', async () => {
    const dataDir = tempDir();
    const first = sessionHarness(() => ({ text: 'کتاب را خواندم', requestId: 'req_paid_once' }), {
      dataDir,
      meter: meterWithFullDisk(1).meter,
    });
    await first.session.addChunk(chunk(0));
    await first.session.addChunk(chunk(1));
    const stopped = await first.session.finish();

    // The person sees the text, and why sending stopped, in both languages.
    expect(stopped.text).toBe('کتاب را خواندم');
    expect(stopped.stoppedBy?.code).toBe('ledger_write');
    expect(stopped.stoppedBy?.message.en).toMatch(/could not be written to the usage ledger \(ENOSPC/);
    expect(stopped.stoppedBy?.message.fa).toContain('در دفتر مصرف ثبت نشد');
    expect(first.api.requests).toHaveLength(1);
    const [paid, waiting] = await first.spool.list();
    expect(paid.meta.status).toBe('paid');
    expect(paid.meta.paid?.text).toBe('کتاب را خواندم');
    expect(paid.meta.paid?.unmetered).toMatchObject({ outcome: 'ok', requestId: 'req_paid_once', billedSeconds: 2 });
    expect(waiting.meta.status).toBe('failed');

    // The disk has room again: the retry pays nothing for the first chunk and meters it exactly once.
    const retry = sessionHarness(() => ({ text: 'ادامه', requestId: 'req_second' }), { dataDir, now: () => 50 });
    retry.session.addSpooled(await retry.spool.list());
    const done = await retry.session.finish();

    expect(retry.api.requests).toHaveLength(1);
    expect(retry.meter.records.map(({ record }) => record.requestId)).toEqual(['req_paid_once', 'req_second']);
    expect(done.usage.requests).toBe(2);
    expect(done.usage.costMicros).toBe(retry.meter.records.reduce((sum, r) => sum + r.record.costMicros, 0));
    const stored = await new TranscriptStore(join(dataDir, 'transcripts')).read(paid.meta.sessionId);
    expect(stored.map((part) => part.text)).toEqual(['کتاب را خواندم', 'ادامه']);
    expect(await retry.spool.list()).toEqual([]);
  });

  it('a ledger still full at the retry keeps the answer and its cost for the next, with no new request', async () => {
    const dataDir = tempDir();
    const first = sessionHarness(() => ({ text: 'سلام', requestId: 'req_a' }), {
      dataDir,
      meter: meterWithFullDisk(1).meter,
    });
    await first.session.addChunk(chunk(0));
    await first.session.finish();

    const stillFull = meterWithFullDisk(1);
    const retry = sessionHarness(() => ({ text: 'دوباره' }), { dataDir, meter: stillFull.meter });
    retry.session.addSpooled(await retry.spool.list());
    const result = await retry.session.finish();

    expect(retry.api.requests).toHaveLength(0);
    expect(result.text).toBe('سلام');
    expect(result.stoppedBy?.code).toBe('ledger_write');
    expect(stillFull.records).toEqual([]);
    const [kept] = await retry.spool.list();
    expect(kept.meta.paid?.unmetered?.requestId).toBe('req_a');
  });
});

describe('the usage ledger cannot be written before a chunk is sent', () => {
  it('nothing is sent, the audio waits in the spool, and the person is told why, in both languages', async () => {
    const meter = recordingMeter();
    meter.meter.authorize = async () => {
      throw diskFull();
    };
    meter.meter.endSession = async () => {
      throw diskFull();
    };
    const h = sessionHarness(() => ({ text: 'سلام' }), { meter: meter.meter });
    await h.session.addChunk(chunk(0));
    await h.session.addChunk(chunk(1));
    const result = await h.session.finish();

    expect(h.api.requests).toHaveLength(0);
    expect(result.stoppedBy?.code).toBe('ledger_write');
    expect(result.stoppedBy?.message.en).toMatch(/usage ledger cannot be written \(ENOSPC.*the audio was not sent/);
    expect(result.stoppedBy?.message.fa).toContain('صدا فرستاده نشد');
    expect(result.spooled).toBe(2);
    expect((await h.spool.list()).map((e) => [e.meta.index, e.meta.status])).toEqual([
      [0, 'pending'],
      [1, 'failed'],
    ]);
  });
});
