import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, it, expect } from 'vitest';
import { LEDGER_FILE_NAME } from '../../../src-main/usage/ledger-file';
import { openUsageMeter } from '../../../src-main/usage/usage-meter';
import { UsageStorageError } from '../../../src-main/usage/storage-error';
import { clock, DAY_MS, openMeter, paidRequest, T, tmpDataDir, usageSettings } from './meter-fixtures';

const run = promisify(execFile);

describe('usage meter', () => {
  it('rolls counters over at local midnight with an injected clock and time zone', async () => {
    const dir = tmpDataDir();
    const c = clock(Date.UTC(2025, 2, 20, 20, 0)); // 23:30 in Tehran, Thursday 20 March
    const meter = await openUsageMeter({
      dataDir: dir,
      settings: usageSettings(),
      source: 'app',
      now: c.now,
      timeZone: 'Asia/Tehran',
    });
    await meter.record(paidRequest(c.t, 6000));
    c.t = Date.UTC(2025, 2, 20, 21, 0); // 00:30 Friday 21 March in Tehran
    await meter.record(paidRequest(c.t, 4000));
    const counters = await meter.counters();
    expect(counters.today.costMicros).toBe(4000);
    expect(counters.week.costMicros).toBe(10_000);
    expect(counters.total).toEqual({
      requests: 2,
      failedRequests: 0,
      audioMs: 120_000,
      billedSeconds: 120,
      costMicros: 10_000,
      unknownRequests: 0,
      unknownCostMicros: 0,
    });
    c.t = Date.UTC(2025, 2, 21, 21, 0); // Saturday: a new week begins
    expect((await meter.counters()).week.costMicros).toBe(0);
    await meter.close();
  });

  it('uses the Jalali month for monthly counters when asked', async () => {
    const dir = tmpDataDir();
    const c = clock(Date.UTC(2025, 2, 20, 12));
    const meter = await openUsageMeter({
      dataDir: dir,
      settings: usageSettings({}, { calendar: 'persian' }),
      source: 'app',
      now: c.now,
      timeZone: 'Asia/Tehran',
    });
    await meter.record(paidRequest(c.t, 1000)); // 30 Esfand 1403
    c.t = Date.UTC(2025, 2, 21, 12); // 1 Farvardin 1404
    await meter.record(paidRequest(c.t, 2000));
    expect((await meter.counters()).month.costMicros).toBe(2000);
    meter.updateSettings(usageSettings());
    expect((await meter.counters()).month.costMicros).toBe(3000);
    await meter.close();
  });

  it('warns once per threshold per period, even after a restart, and again the next day', async () => {
    const dir = tmpDataDir();
    const c = clock(Date.UTC(2025, 2, 20, 8));
    const s = usageSettings({ dailyUsd: 0.1, sessionWarnUsd: 0 });
    let meter = await openMeter(dir, { settings: s, now: c.now });
    expect((await meter.record(paidRequest(c.t, 79_999))).warnings).toEqual([]);
    const first = await meter.record(paidRequest(c.t, 1));
    expect(first.warnings.map((w) => [w.scope, w.level, w.spentMicros, w.limitMicros])).toEqual([
      ['daily', 'warn', 80_000, 100_000],
    ]);
    expect(first.warnings[0].message.fa).toContain('۸۰٪');
    expect((await meter.record(paidRequest(c.t, 1))).warnings).toEqual([]);
    // The warning was written to the ledger once, not again with each request after it.
    expect((await meter.records()).filter((r) => r.kind === 'warning')).toHaveLength(1);
    await meter.close();
    meter = await openMeter(dir, { settings: s, source: 'cli', now: c.now });
    expect((await meter.record(paidRequest(c.t, 1))).warnings).toEqual([]);
    const limit = await meter.record(paidRequest(c.t, 20_000));
    expect(limit.warnings.map((w) => w.level)).toEqual(['limit']);
    c.t += 86_400_000;
    expect((await meter.record(paidRequest(c.t, 90_000))).warnings.map((w) => w.level)).toEqual(['warn']);
    await meter.close();
  });

  it('warns when one session passes the per-session threshold ($1.00 by default)', async () => {
    const c = clock(Date.UTC(2025, 2, 20, 8));
    const meter = await openMeter(tmpDataDir(), { now: c.now });
    await meter.startSession('long');
    expect((await meter.record(paidRequest(c.t, 999_999, { sessionId: 'long' }))).warnings).toEqual([]);
    const w = await meter.record(paidRequest(c.t, 1, { sessionId: 'long' }));
    expect(w.warnings).toMatchObject([
      { scope: 'session', level: 'warn', spentMicros: 1_000_000, limitMicros: 1_000_000 },
    ]);
    expect((await meter.record(paidRequest(c.t, 5, { sessionId: 'other' }))).warnings).toEqual([]);
    await meter.endSession({ sessionId: 'long', audioRecordedMs: 200_000, words: 321 });
    const end = (await meter.records()).find((r) => r.kind === 'session');
    expect(end).toMatchObject({
      sessionId: 'long',
      requests: 2,
      costMicros: 1_000_000,
      audioSentMs: 120_000,
      audioRecordedMs: 200_000,
      words: 321,
    });
    await meter.close();
  });

  it('block at limit: concurrent reservations never let spending pass the limit', async () => {
    const dir = tmpDataDir();
    const c = clock(Date.UTC(2025, 2, 20, 8));
    // $0.05 daily; each 60 s whisper-1 chunk costs $0.006 (upper bound $0.0061 with the rounding second).
    const meter = await openMeter(dir, { settings: usageSettings({ dailyUsd: 0.05, blockAtLimit: true }), now: c.now });
    const grants = await Promise.all(
      Array.from({ length: 12 }, () => meter.authorize({ sessionId: 'sess', model: 'whisper-1', audioMs: 60_000 })),
    );
    const granted = grants.filter((g) => g.ok);
    expect(granted.length).toBe(8); // 8 × 6 100 = 48 800 ≤ 50 000; a 9th would be 54 900
    const refused = grants.find((g) => !g.ok);
    expect(refused).toMatchObject({ ok: false, code: 'daily_limit' });
    if (refused && !refused.ok) expect(refused.message.en).toContain('kept in the queue');
    await Promise.all(granted.map((g) => g.ok && meter.record(paidRequest(c.t, 6000), g.reservationId)));
    const spent = (await meter.counters()).today.costMicros;
    expect(spent).toBe(48_000);
    // Reservations were released by the request lines: room for exactly one more.
    expect((await meter.authorize({ sessionId: 'sess', model: 'whisper-1', audioMs: 10_000 })).ok).toBe(true);
    expect((await meter.authorize({ sessionId: 'sess', model: 'whisper-1', audioMs: 10_000 })).ok).toBe(false);
    await meter.close();
  });

  it('a record dated two years ahead neither zeroes this month nor lifts the hard limit', async () => {
    const dir = tmpDataDir();
    const c = clock(Date.UTC(2025, 2, 20, 8));
    const meter = await openMeter(dir, {
      settings: usageSettings({ dailyUsd: 0.05, monthlyUsd: 1, blockAtLimit: true }),
      now: c.now,
    });
    await meter.record(paidRequest(c.t, 45_000));
    // A machine with a wrong clock (or a bad import) appends a line from 2027.
    await meter.record(paidRequest(Date.UTC(2027, 2, 20, 8), 10));
    expect((await meter.counters()).today.costMicros).toBe(45_000);
    expect((await meter.counters()).month.costMicros).toBe(45_000);
    // $0.045 spent of $0.05: a 60 s chunk (≤ $0.0061) would pass the limit, so it is refused.
    expect(await meter.authorize({ sessionId: 'sess', model: 'whisper-1', audioMs: 60_000 })).toMatchObject({
      ok: false,
      code: 'daily_limit',
    });
    await meter.close();
    // The same holds after the aggregates are rebuilt from the ledger (a fresh process).
    const again = await openMeter(dir, {
      settings: usageSettings({ dailyUsd: 0.05, blockAtLimit: true }),
      source: 'cli',
      now: c.now,
    });
    expect((await again.counters()).today.costMicros).toBe(45_000);
    await again.close();
  });

  it('a clock set back does not forget what was spent "later" today: it still counts against the budget', async () => {
    const dir = tmpDataDir();
    const c = clock(Date.UTC(2025, 2, 20, 8));
    const meter = await openMeter(dir, { settings: usageSettings({ dailyUsd: 0.05, blockAtLimit: true }), now: c.now });
    await meter.record(paidRequest(c.t, 48_000));
    c.t = Date.UTC(2025, 2, 19, 8); // the clock goes back a day
    expect(await meter.authorize({ sessionId: 'sess', model: 'whisper-1', audioMs: 60_000 })).toMatchObject({
      ok: false,
      code: 'daily_limit',
    });
    await meter.close();
  });

  it(
    'a model with no known price is never metered as free under a hard budget: sending is ' +
      'refused, naming the setting',
    async () => {
      const dir = tmpDataDir();
      const c = clock(Date.UTC(2025, 2, 20, 8));
      const meter = await openMeter(dir, { settings: usageSettings({ dailyUsd: 1, blockAtLimit: true }), now: c.now });
      const refused = await meter.authorize({
        sessionId: 'sess',
        model: 'my-relay-whisper',
        audioMs: 10_000,
        customMicrosPerMinute: null,
      });
      expect(refused).toMatchObject({ ok: false, code: 'price_unknown' });
      if (!refused.ok) expect(refused.message.en).toContain('customPricePerMinuteUsd');
      // Once the person sets a price (even 0 for a local server), it goes.
      expect(
        (
          await meter.authorize({
            sessionId: 'sess',
            model: 'my-relay-whisper',
            audioMs: 10_000,
            customMicrosPerMinute: 0,
          })
        ).ok,
      ).toBe(true);
      // A catalogue model needs no price setting.
      expect(
        (await meter.authorize({ sessionId: 'sess', model: 'whisper-1', audioMs: 10_000, customMicrosPerMinute: null }))
          .ok,
      ).toBe(true);
      await meter.close();
    },
  );

  it('skips a torn last line instead of failing, and keeps appending after it', async () => {
    const dir = tmpDataDir();
    const c = clock(Date.UTC(2025, 2, 20, 8));
    let meter = await openMeter(dir, { now: c.now, storeWriteDelayMs: 0 });
    await meter.record(paidRequest(c.t, 111));
    await meter.close();
    fs.appendFileSync(path.join(dir, LEDGER_FILE_NAME), '{"kind":"request","id":"torn","at":17');
    meter = await openMeter(dir, { now: c.now });
    await meter.record(paidRequest(c.t, 222));
    expect((await meter.counters()).total.costMicros).toBe(333);
    await meter.close();
    fs.rmSync(path.join(dir, 'usage-aggregates.json'));
    meter = await openMeter(dir, { now: c.now });
    expect((await meter.counters()).total.costMicros).toBe(333);
    expect(meter.notices().map((n) => n.code)).toContain('ledger_lines_skipped');
    await meter.close();
  });

  it('rebuilds a damaged aggregates file from the ledger, keeps a backup and says so', async () => {
    const dir = tmpDataDir();
    const c = clock(Date.UTC(2025, 2, 20, 8));
    let meter = await openMeter(dir, { now: c.now, storeWriteDelayMs: 0 });
    await meter.record(paidRequest(c.t, 4242));
    await meter.close();
    const storePath = path.join(dir, 'usage-aggregates.json');
    expect(fs.statSync(storePath).size).toBeGreaterThan(0);
    fs.writeFileSync(storePath, '{"version":1,"tim');
    meter = await openMeter(dir, { now: c.now });
    expect((await meter.counters()).total.costMicros).toBe(4242);
    const notice = meter.notices().find((n) => n.code === 'store_damaged');
    expect(notice?.message.en).toContain('rebuilt');
    expect(notice?.message.fa).toContain('دوباره ساخته شد');
    await meter.close();
    const backups = fs.readdirSync(dir).filter((f) => f.includes('damaged'));
    expect(backups).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, backups[0]), 'utf8')).toBe('{"version":1,"tim');
    expect(JSON.parse(fs.readFileSync(storePath, 'utf8')).ledger.records).toBe(1);
  });

  it('picks up lines appended by the other process (the store is stale) without double counting', async () => {
    const dir = tmpDataDir();
    const c = clock(Date.UTC(2025, 2, 20, 8));
    const app = await openMeter(dir, { now: c.now });
    const cli = await openMeter(dir, { source: 'cli', now: c.now });
    await app.record(paidRequest(c.t, 10));
    await cli.record(paidRequest(c.t, 20));
    await app.record(paidRequest(c.t, 40));
    expect((await app.counters()).today.costMicros).toBe(70);
    expect((await cli.counters()).today.costMicros).toBe(70);
    await app.close();
    await cli.close();
  });

  // Under mutation testing (npm run mutate) this is skipped: its meters run in child processes, which never run a
  // mutant.
  it.skipIf(process.env.STRYKER_MUTATOR_WORKER !== undefined)(
    'two processes appending at once lose nothing',
    async () => {
      const dir = tmpDataDir();
      const worker = path.join(import.meta.dirname, 'meter-worker.ts');
      const n = 150;
      await Promise.all([
        run(process.execPath, ['--import', 'tsx', worker, dir, 'app', String(n)]),
        run(process.execPath, ['--import', 'tsx', worker, dir, 'cli', String(n)]),
      ]);
      // Every line whole and no blank lines: neither process mistook the other's write in progress for a torn line.
      const text = fs.readFileSync(path.join(dir, LEDGER_FILE_NAME), 'utf8');
      expect(text).not.toMatch(/\n\n/);
      const lines = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string });
      expect(new Set(lines.map((l) => l.id)).size).toBe(2 * n);
      const meter = await openUsageMeter({ dataDir: dir, settings: usageSettings(), source: 'app', timeZone: 'UTC' });
      expect((await meter.counters()).total).toMatchObject({ requests: 2 * n, costMicros: 2 * n * 100 });
      await meter.close();
    },
  );

  it('resets keep history: the ledger and exports still hold every request and the reset itself', async () => {
    const dir = tmpDataDir();
    const c = clock(Date.UTC(2025, 2, 20, 8));
    const meter = await openMeter(dir, { now: c.now });
    await meter.record(paidRequest(c.t, 500));
    c.t += 1000;
    await meter.reset('month');
    c.t += 1000;
    await meter.record(paidRequest(c.t, 7));
    const counters = await meter.counters();
    expect([counters.today.costMicros, counters.month.costMicros, counters.total.costMicros]).toEqual([507, 7, 507]);
    const kinds = (await meter.records()).map((r) => r.kind);
    expect(kinds).toEqual(['request', 'reset', 'request']);
    await meter.deleteHistory();
    expect((await meter.counters()).total.costMicros).toBe(0);
    expect(await meter.records()).toEqual([]);
    await meter.close();
  });

  it(
    'import of its own records into an empty folder reproduces the counters; importing twice ' + 'adds nothing',
    async () => {
      const c = clock(Date.UTC(2025, 2, 20, 8));
      const a = await openMeter(tmpDataDir(), { now: c.now });
      await a.record(paidRequest(c.t - 86_400_000, 900));
      await a.record(paidRequest(c.t, 100, { outcome: 'failed', costMicros: 0, billedSeconds: 0 }));
      await a.reset('day');
      await a.record(paidRequest(c.t + 5, 33));
      const records = await a.records();
      const b = await openMeter(tmpDataDir(), { source: 'cli', now: c.now });
      expect(await b.importRecords(records)).toEqual({ added: 4, duplicates: 0 });
      expect(await b.importRecords(records)).toEqual({ added: 0, duplicates: 4 });
      expect(await b.counters()).toEqual(await a.counters());
      await a.close();
      await b.close();
    },
  );

  it('a data folder that cannot be created gives a clear bilingual error', async () => {
    const file = path.join(tmpDataDir(), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const error = await openUsageMeter({
      dataDir: path.join(file, 'data'),
      settings: usageSettings(),
      source: 'cli',
      timeZone: 'UTC',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageStorageError);
    expect((error as UsageStorageError).bilingual.en).toContain('--data-dir');
    expect((error as UsageStorageError).bilingual.fa).toContain('پوشهٔ داده');
  });

  it('a full disk refuses the new record with a clear error and loses nothing already written', async () => {
    const dir = tmpDataDir();
    const c = clock(Date.UTC(2025, 2, 20, 8));
    let full = false;
    const failingFs = {
      ...fs,
      writeSync: ((...args: Parameters<typeof fs.writeSync>) => {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return (fs.writeSync as (...a: unknown[]) => number)(...args);
      }) as typeof fs.writeSync,
    };
    const meter = await openMeter(dir, { now: c.now, fs: failingFs });
    await meter.record(paidRequest(c.t, 1234));
    full = true;
    const error = await meter.record(paidRequest(c.t, 99)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageStorageError);
    expect((error as UsageStorageError).bilingual.en).toMatch(/disk is full.*intact/);
    expect((error as UsageStorageError).bilingual.fa).toContain('دیسک پر است');
    full = false;
    await meter.close();
    const reopened = await openMeter(dir, { now: c.now });
    expect((await reopened.counters()).total.costMicros).toBe(1234);
    await reopened.close();
  });

  it('keeps the aggregates file small for a heavy user’s year', async () => {
    const dir = tmpDataDir();
    const start = Date.UTC(2024, 0, 1);
    const lines: string[] = [];
    const models = ['whisper-1', 'gpt-4o-mini-transcribe', 'whisper-large-v3-turbo'];
    for (let i = 0; i < 20_000; i++)
      lines.push(
        JSON.stringify(
          paidRequest(start + i * 1_576_800, 600, { model: models[i % 3], sessionId: `s${Math.floor(i / 40)}` }),
        ),
      );
    fs.writeFileSync(path.join(dir, LEDGER_FILE_NAME), `${lines.join('\n')}\n`);
    const meter = await openUsageMeter({
      dataDir: dir,
      settings: usageSettings(),
      source: 'app',
      now: () => start + 365 * 86_400_000,
      timeZone: 'UTC',
      storeWriteDelayMs: 0,
    });
    expect((await meter.counters()).total.costMicros).toBe(20_000 * 600);
    await meter.close();
    expect(fs.statSync(path.join(dir, 'usage-aggregates.json')).size).toBeLessThan(200_000);
  });
});

describe('usage meter: the smaller promises', () => {
  it('refuses to open with a time zone that does not exist, naming it', async () => {
    await expect(openMeter(tmpDataDir(), { timeZone: 'Mars/Olympus' })).rejects.toThrow(
      'Unknown time zone: Mars/Olympus',
    );
  });

  it('tells which folder and zone it keeps, and the local day of an instant', async () => {
    const dir = tmpDataDir();
    const meter = await openMeter(dir, { timeZone: 'Asia/Tehran' });
    expect([meter.dataDir, meter.timeZone]).toEqual([dir, 'Asia/Tehran']);
    expect(meter.dayOf(Date.UTC(2025, 2, 20, 21))).toBe('2025-03-21'); // 00:30 in Tehran
    await meter.record(paidRequest(T, 77));
    expect(meter.state().total[4]).toBe(77);
    await meter.close();
  });

  it('a request recorded by the other side keeps its own source; one without a source is this meter’s', async () => {
    const dir = tmpDataDir();
    const meter = await openMeter(dir, { source: 'cli' });
    await meter.record(paidRequest(T, 1, { source: 'app' }));
    await meter.record(paidRequest(T, 2));
    expect((await meter.records()).map((r) => r.source)).toEqual(['app', 'cli']);
    await meter.close();
  });

  it('makes its data folder, however deep, on first use', async () => {
    const dir = path.join(tmpDataDir(), 'a', 'b');
    const meter = await openMeter(dir);
    await meter.record(paidRequest(T, 1));
    expect(fs.existsSync(path.join(dir, LEDGER_FILE_NAME))).toBe(true);
    await meter.close();
  });

  it('a session starts when it is started, not at its first request', async () => {
    const c = clock();
    const meter = await openMeter(tmpDataDir(), { now: c.now });
    await meter.startSession('s1');
    c.t += 60_000;
    await meter.record(paidRequest(c.t, 10, { sessionId: 's1' }));
    await meter.endSession({ sessionId: 's1', audioRecordedMs: 60_000, words: 3 });
    const lines = await meter.records();
    expect(lines[0]).toMatchObject({ kind: 'session-start', sessionId: 's1', at: T, source: 'app' });
    expect(lines.find((r) => r.kind === 'session')).toMatchObject({ startedAt: T, at: T + 60_000, requests: 1 });
    await meter.close();
  });

  it('a request metered days late (an old spooled chunk) is counted, with the session warning on', async () => {
    const meter = await openMeter(tmpDataDir());
    await meter.record(paidRequest(T, 1));
    // The session ended days ago: there is nothing to stop recording in, so no session warning.
    const late = await meter.record(paidRequest(T - 3 * DAY_MS, 2_000_000, { sessionId: 'old' }));
    expect((await meter.counters()).total.costMicros).toBe(2_000_001);
    expect(late.warnings).toEqual([]);
    await meter.close();
  });

  it('ending a session it never saw a request of still writes the session line, with nothing sent', async () => {
    const c = clock();
    const meter = await openMeter(tmpDataDir(), { now: c.now });
    await meter.endSession({ sessionId: 'silent', audioRecordedMs: 4_000, words: 0 });
    expect((await meter.records()).find((r) => r.kind === 'session')).toMatchObject({
      sessionId: 'silent',
      startedAt: T,
      at: T,
      audioRecordedMs: 4_000,
      audioSentMs: 0,
      requests: 0,
      failedRequests: 0,
      costMicros: 0,
      words: 0,
    });
    await meter.close();
  });

  it('after history is deleted, a hold granted before it is gone: giving it back or recording with it writes no trace of it', async () => {
    const dir = tmpDataDir();
    const meter = await openMeter(dir, { settings: usageSettings({ dailyUsd: 1, blockAtLimit: true }) });
    const grant = await meter.authorize({ sessionId: 'sess', model: 'whisper-1', audioMs: 60_000 });
    const other = await meter.authorize({ sessionId: 'sess', model: 'whisper-1', audioMs: 60_000 });
    if (!grant.ok || !other.ok) throw new Error('the holds should have been granted');
    await meter.deleteHistory();
    await meter.release(grant.reservationId);
    await meter.record(paidRequest(T, 5), other.reservationId);
    expect(await meter.records()).toEqual([expect.not.objectContaining({ reservationId: expect.anything() })]);
    await meter.close();
  });

  it('a grant with no budget to keep holds nothing: giving it back writes nothing', async () => {
    const dir = tmpDataDir();
    const meter = await openMeter(dir);
    const grant = await meter.authorize({ sessionId: 'sess', model: 'whisper-1', audioMs: 60_000 });
    expect(grant.ok).toBe(true);
    if (grant.ok) await meter.release(grant.reservationId);
    expect(await meter.records()).toEqual([]);
    await meter.close();
  });

  it('lists the lines of a range of days, from and to inclusive', async () => {
    const meter = await openMeter(tmpDataDir());
    const days = [-2, -1, 0, 1].map((d) => paidRequest(T + d * DAY_MS, 1));
    await meter.importRecords(days);
    const ids = async (range: { from?: string; to?: string }) => (await meter.records(range)).map((r) => r.id);
    expect(await ids({ from: '2025-03-19', to: '2025-03-20' })).toEqual([days[1].id, days[2].id]);
    expect(await ids({ from: '2025-03-20' })).toEqual([days[2].id, days[3].id]);
    expect(await ids({ to: '2025-03-18' })).toEqual([days[0].id]);
    expect(await ids({})).toHaveLength(4);
    await meter.close();
  });
});
