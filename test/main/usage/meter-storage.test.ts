import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AggregateState } from '../../../src-shared/usage/aggregate-state';
import { LEDGER_FILE_NAME } from '../../../src-main/usage/ledger-file';
import { until } from '../../support/until';
import { ledgerLines, openMeter, paidRequest, T, tmpDataDir, watchedStore } from './meter-fixtures';

describe('the meter and its files', () => {
  it(
    'a summary file that cannot be written costs nothing: usage stays counted, and the person ' + 'is told once',
    async () => {
      const dir = tmpDataDir();
      const { store } = watchedStore(dir, true);
      const meter = await openMeter(dir, { store, storeWriteDelayMs: 0 });
      await meter.record(paidRequest(T, 6_000));
      expect((await meter.counters()).today).toMatchObject({ requests: 1, costMicros: 6_000 });
      const notice = meter.notices().find((n) => n.code === 'store_write_failed');
      expect(notice?.message.en).toMatch(/space|disk/i);
      expect(notice?.message.fa).toMatch(/[\u0600-\u06FF]/);
      await meter.close();
      // The ledger is the truth: a fresh meter (with a working disk) sees the same spend.
      const again = await openMeter(dir);
      expect((await again.counters()).today).toMatchObject({ requests: 1, costMicros: 6_000 });
      await again.close();
    },
  );

  it('gathers changes before writing the summary, and writes what is left when closed', async () => {
    const dir = tmpDataDir();
    const { store, written } = watchedStore(dir);
    const meter = await openMeter(dir, { store, storeWriteDelayMs: 60_000 });
    const afterOpen = written.length;
    await meter.record(paidRequest(T, 1_000));
    await meter.record(paidRequest(T, 2_000));
    expect(written.length).toBe(afterOpen);
    await meter.close();
    expect(written.at(-1)?.total[4]).toBe(3_000);
    await expect(meter.counters()).rejects.toThrow(/closed/);
    await meter.close(); // closing twice is harmless
  });

  it('with a short delay, the summary on disk catches up by itself while the meter stays open', async () => {
    const dir = tmpDataDir();
    const { store, written } = watchedStore(dir);
    const meter = await openMeter(dir, { store, storeWriteDelayMs: 20 });
    await meter.record(paidRequest(T, 4_000));
    await until(() => written.some((s) => s.total[4] === 4_000));
    // And again for the next change: one write does not end the catching up.
    await meter.record(paidRequest(T, 500));
    await until(() => written.some((s) => s.total[4] === 4_500));
    await meter.close();
  });

  it('history deleted by the other process is history deleted here too: only what came after counts', async () => {
    const dir = tmpDataDir();
    const meter = await openMeter(dir, { storeWriteDelayMs: 0 });
    await meter.record(paidRequest(T, 5_000));
    const other = await openMeter(dir, { source: 'cli', storeWriteDelayMs: 0 });
    await other.deleteHistory();
    await other.record(paidRequest(T, 700));
    await other.record(paidRequest(T, 800)); // the new ledger is longer than the one this meter folded
    await other.close();
    expect((await meter.counters()).today).toMatchObject({ requests: 2, costMicros: 1_500 });
    await meter.close();
  });

  it(
    'a summary written for another time zone, or by an older version, is rebuilt quietly from ' + 'the ledger',
    async () => {
      const dir = tmpDataDir();
      const first = await openMeter(dir, { storeWriteDelayMs: 0 });
      await first.record(paidRequest(T, 1_234));
      await first.close();
      const tehran = await openMeter(dir, { timeZone: 'Asia/Tehran', storeWriteDelayMs: 0 });
      expect((await tehran.counters()).total.costMicros).toBe(1_234);
      expect(tehran.notices()).toEqual([]);
      await tehran.close();
      const file = path.join(dir, 'usage-aggregates.json');
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as AggregateState;
      fs.writeFileSync(file, JSON.stringify({ ...stored, version: 1 }));
      const upgraded = await openMeter(dir, { timeZone: 'Asia/Tehran' });
      expect((await upgraded.counters()).total.costMicros).toBe(1_234);
      expect(upgraded.notices()).toEqual([]);
      await upgraded.close();
    },
  );

  it('a summary that does not belong to this ledger (the ledger was replaced) is not trusted', async () => {
    const dir = tmpDataDir();
    const first = await openMeter(dir, { storeWriteDelayMs: 0 });
    await first.record(paidRequest(T, 9_000));
    await first.close();
    // The ledger is swapped for another (restored from a backup) whose lines differ from what the summary folded.
    fs.writeFileSync(
      path.join(dir, LEDGER_FILE_NAME),
      `${JSON.stringify(paidRequest(T, 300))}\n${JSON.stringify(paidRequest(T, 400))}\n`,
    );
    const meter = await openMeter(dir);
    expect((await meter.counters()).today).toMatchObject({ requests: 2, costMicros: 700 });
    await meter.close();
  });

  it('a session line sums what the session sent and paid; lines come back by day, each once', async () => {
    const dir = tmpDataDir();
    let now = T;
    const meter = await openMeter(dir, { now: () => now });
    await meter.startSession('s1');
    await meter.record(paidRequest(T, 6_000, { sessionId: 's1', audioMs: 60_000 }));
    await meter.record(paidRequest(T, 0, { sessionId: 's1', audioMs: 30_000, outcome: 'failed', billedSeconds: 0 }));
    now = T + 90_000;
    await meter.endSession({ sessionId: 's1', audioRecordedMs: 95_000, words: 42 });
    const session = ledgerLines(dir).find((l) => l.kind === 'session');
    expect(session).toMatchObject({
      sessionId: 's1',
      startedAt: T,
      at: T + 90_000,
      audioRecordedMs: 95_000,
      audioSentMs: 60_000, // the failed request's audio was not taken
      requests: 2,
      failedRequests: 1,
      costMicros: 6_000,
      words: 42,
      source: 'app',
    });
    const yesterday = paidRequest(T - 86_400_000, 10);
    expect(await meter.importRecords([yesterday, yesterday, paidRequest(T, 20)])).toEqual({ added: 2, duplicates: 1 });
    expect(await meter.importRecords([yesterday])).toEqual({ added: 0, duplicates: 1 });
    const all = await meter.records();
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect((await meter.records({ to: '2025-03-19' })).map((r) => r.id)).toEqual([yesterday.id]);
    expect((await meter.records({ from: '2025-03-20' })).some((r) => r.id === yesterday.id)).toBe(false);
    expect(await meter.records({ from: '2025-03-21' })).toEqual([]);
    await meter.close();
  });

  it(
    'a summary of this version with a part missing or mangled is damaged: rebuilt, kept aside ' + 'and said so',
    async () => {
      const dir = tmpDataDir();
      const first = await openMeter(dir, { storeWriteDelayMs: 0 });
      await first.record(paidRequest(T, 2_500));
      await first.close();
      const file = path.join(dir, 'usage-aggregates.json');
      const good = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      // A good summary opens without a word.
      const quiet = await openMeter(dir);
      expect(quiet.notices()).toEqual([]);
      await quiet.close();
      for (const broken of [
        { ...good, days: [] },
        { ...good, total: [1, 2] },
        { ...good, maxAt: 'yesterday' },
        { ...good, sessions: null },
        { ...good, ledger: { ...(good.ledger as object), size: '12' } },
        { ...good, timeZone: 7 },
        { ...good, version: 99 },
        { ...good, version: 0 },
        { ...good, version: 1.5 },
        { ...good, version: '1' },
        { ...good, marks: 'none' },
        { ...good, warned: null },
        { ...good, reservations: [] },
        { ...good, ledger: null },
        { ...good, total: 'seven!!' },
        null,
        ['not', 'a', 'summary'],
      ]) {
        fs.writeFileSync(file, JSON.stringify(broken));
        const meter = await openMeter(dir, { storeWriteDelayMs: 0 });
        expect((await meter.counters()).total.costMicros).toBe(2_500);
        expect(meter.notices().map((n) => n.code)).toEqual(['store_damaged']);
        await meter.close();
      }
    },
  );
});
