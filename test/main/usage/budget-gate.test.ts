import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LedgerRecord, LedgerRequestRecord } from '../../../src-shared/usage/ledger-record';
import { LEDGER_FILE_NAME, type LedgerFs } from '../../../src-main/usage/ledger-file';
import { openUsageMeter, type UsageSettings } from '../../../src-main/usage/usage-meter';

const tmp = () => fs.mkdtempSync(path.join(tmpdir(), 'sokhan-budget-'));

function settings(budget: Partial<UsageSettings['budget']> = {}, extra: Partial<UsageSettings> = {}): UsageSettings {
  return {
    budget: { dailyUsd: null, monthlyUsd: null, warnPercent: 80, sessionWarnUsd: 0, blockAtLimit: true, ...budget },
    weekStartsOn: 'saturday',
    calendar: 'gregorian',
    ...extra,
  };
}

let seq = 0;
/** One whisper-1 request as the pipeline records it after the server answered. */
function paid(at: number, costMicros: number, sessionId = 'sess'): LedgerRequestRecord {
  seq += 1;
  return {
    kind: 'request',
    id: `paid-${seq}`,
    at,
    sessionId,
    model: 'whisper-1',
    provider: 'openai',
    audioMs: 60_000,
    billed: { type: 'duration', seconds: 60 },
    billedSeconds: 60,
    costMicros,
    outcome: 'ok',
  };
}

const minute = { sessionId: 'sess', model: 'whisper-1', audioMs: 60_000 };

function ledgerLines(dir: string): LedgerRecord[] {
  return fs
    .readFileSync(path.join(dir, LEDGER_FILE_NAME), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LedgerRecord);
}

describe('the budget gate', () => {
  it('with the hard stop off, a used-up budget only warns: every chunk is still sent', async () => {
    let t = Date.UTC(2025, 2, 20, 8);
    const meter = await openUsageMeter({
      dataDir: tmp(),
      settings: settings({ dailyUsd: 0.05, monthlyUsd: 0.05, blockAtLimit: false }),
      source: 'app',
      now: () => t,
      timeZone: 'UTC',
      storeWriteDelayMs: 0,
    });
    const { warnings } = await meter.record(paid(t, 60_000));
    expect(warnings.map((w) => `${w.scope}:${w.level}`).sort()).toEqual([
      'daily:limit',
      'daily:warn',
      'monthly:limit',
      'monthly:warn',
    ]);
    expect(warnings.find((w) => w.level === 'limit')!.message.en).toContain('Sending continues');
    t += 60_000;
    expect(await meter.authorize(minute)).toMatchObject({ ok: true });
    await meter.close();
  });

  it('with the hard stop on but no budget set, nothing is refused', async () => {
    const t = Date.UTC(2025, 2, 20, 8);
    const meter = await openUsageMeter({
      dataDir: tmp(),
      settings: settings({ blockAtLimit: true }),
      source: 'app',
      now: () => t,
      timeZone: 'UTC',
    });
    await meter.record(paid(t, 100_000_000));
    expect(await meter.authorize({ ...minute, audioMs: 3_600_000 })).toMatchObject({ ok: true });
    await meter.close();
  });

  it('a monthly budget alone stops sending once this month would pass it; the next month starts afresh', async () => {
    let t = Date.UTC(2025, 2, 2, 8);
    const meter = await openUsageMeter({
      dataDir: tmp(),
      settings: settings({ monthlyUsd: 0.05 }),
      source: 'app',
      now: () => t,
      timeZone: 'UTC',
    });
    await meter.record(paid(t, 45_000)); // 2 March
    t = Date.UTC(2025, 2, 20, 8); // 20 March: nothing spent today, $0.045 this month
    const refused = await meter.authorize(minute);
    expect(refused).toMatchObject({ ok: false, code: 'monthly_limit' });
    if (!refused.ok) expect(refused.message.en).toContain('monthly budget');
    // A short chunk still fits: $0.045 + ≤ $0.0011 for 10 s.
    expect(await meter.authorize({ ...minute, audioMs: 10_000 })).toMatchObject({ ok: true });
    t = Date.UTC(2025, 3, 1, 0, 1); // 1 April
    expect(await meter.authorize(minute)).toMatchObject({ ok: true });
    await meter.close();
  });

  it('a daily budget refuses what would pass it today, and the next day starts afresh', async () => {
    let t = Date.UTC(2025, 2, 20, 8);
    const meter = await openUsageMeter({
      dataDir: tmp(),
      settings: settings({ dailyUsd: 0.05, monthlyUsd: 10 }),
      source: 'app',
      now: () => t,
      timeZone: 'UTC',
    });
    await meter.record(paid(t, 45_000));
    const refused = await meter.authorize(minute);
    expect(refused).toMatchObject({ ok: false, code: 'daily_limit' });
    if (!refused.ok) expect(refused.message.en).toContain('daily budget');
    t = Date.UTC(2025, 2, 21, 0, 1);
    expect(await meter.authorize(minute)).toMatchObject({ ok: true });
    await meter.close();
  });

  it('a chunk that fits exactly is sent; one micro-dollar more is refused', async () => {
    const t = Date.UTC(2025, 2, 20, 8);
    // 60 s of whisper-1 is at most 6 100 µ$ (with the rounding second): 43 900 + 6 100 = the $0.05 limit.
    const meter = await openUsageMeter({
      dataDir: tmp(),
      settings: settings({ dailyUsd: 0.05 }),
      source: 'app',
      now: () => t,
      timeZone: 'UTC',
    });
    await meter.record(paid(t, 43_900));
    const fits = await meter.authorize(minute);
    expect(fits).toMatchObject({ ok: true });
    if (fits.ok) await meter.release(fits.reservationId);
    await meter.record(paid(t, 1));
    expect(await meter.authorize(minute)).toMatchObject({ ok: false, code: 'daily_limit' });
    await meter.close();
  });

  it('a price per minute in the settings is what a model outside the catalogue is held at', async () => {
    const t = Date.UTC(2025, 2, 20, 8);
    const meter = await openUsageMeter({
      dataDir: tmp(),
      settings: settings({ dailyUsd: 0.05 }, { customPricePerMinuteUsd: 0.04 }),
      source: 'app',
      now: () => t,
      timeZone: 'UTC',
    });
    const relay = { sessionId: 'sess', model: 'my-relay-whisper', audioMs: 60_000 };
    // One minute at $0.04 fits in $0.05; a second one, while the first is held, does not.
    const first = await meter.authorize(relay);
    expect(first).toMatchObject({ ok: true });
    expect(await meter.authorize(relay)).toMatchObject({ ok: false, code: 'daily_limit' });
    // The person raises the price: even the first minute is now too dear.
    meter.updateSettings(settings({ dailyUsd: 0.05 }, { customPricePerMinuteUsd: 0.06 }));
    if (first.ok) await meter.release(first.reservationId);
    expect(await meter.authorize(relay)).toMatchObject({ ok: false, code: 'daily_limit' });
    await meter.close();
  });

  it('a hold given back makes room again; giving back an unknown hold changes nothing', async () => {
    const t = Date.UTC(2025, 2, 20, 8);
    const dir = tmp();
    const meter = await openUsageMeter({
      dataDir: dir,
      settings: settings({ dailyUsd: 0.01 }),
      source: 'app',
      now: () => t,
      timeZone: 'UTC',
    });
    const held = await meter.authorize(minute);
    expect(held).toMatchObject({ ok: true });
    expect(await meter.authorize(minute)).toMatchObject({ ok: false });
    const before = ledgerLines(dir).length;
    await meter.release('r-not-mine');
    expect(ledgerLines(dir).length).toBe(before);
    if (held.ok) await meter.release(held.reservationId);
    expect(await meter.authorize(minute)).toMatchObject({ ok: true });
    await meter.close();
  });

  it('a hold another process wrote between our check and our hold counts: ours is refused and given back', async () => {
    const t = Date.UTC(2025, 2, 20, 8);
    const dir = tmp();
    const ledgerPath = path.join(dir, LEDGER_FILE_NAME);
    // The other process's reservation, appended to the file just before ours lands (as O_APPEND orders them).
    const theirs = {
      kind: 'reservation',
      id: 'r-other-process',
      at: t,
      sessionId: 'other',
      model: 'whisper-1',
      audioMs: 60_000,
      maxMicros: 6_100,
      source: 'cli',
    };
    let race = false;
    const racingFs: LedgerFs = {
      ...fs,
      writeSync: ((fd: number, buffer: Uint8Array | string, ...rest: unknown[]) => {
        if (race && String(buffer).includes('"reservation"')) {
          race = false;
          fs.appendFileSync(ledgerPath, `${JSON.stringify(theirs)}\n`);
        }
        return (fs.writeSync as (...args: unknown[]) => number)(fd, buffer, ...rest);
      }) as typeof fs.writeSync,
    };
    const meter = await openUsageMeter({
      dataDir: dir,
      settings: settings({ dailyUsd: 0.01 }),
      source: 'app',
      now: () => t,
      timeZone: 'UTC',
      fs: racingFs,
    });
    race = true;
    // $0.01 holds one minute (≤ $0.0061), not two: the other process was first in the ledger.
    const ours = await meter.authorize(minute);
    expect(ours).toMatchObject({ ok: false, code: 'daily_limit' });
    const lines = ledgerLines(dir);
    const ourHold = lines.find((l) => l.kind === 'reservation' && l.id !== 'r-other-process');
    expect(ourHold).toBeDefined();
    expect(lines.some((l) => l.kind === 'release' && l.reservationId === ourHold!.id)).toBe(true);
    // Once the other process records its request (its hold ends), there is room again.
    fs.appendFileSync(
      ledgerPath,
      `${JSON.stringify({ ...paid(t, 6_000, 'other'), reservationId: 'r-other-process', source: 'cli' })}\n`,
    );
    expect(await meter.authorize({ ...minute, audioMs: 30_000 })).toMatchObject({ ok: true });
    await meter.close();
  });

  it('the reservation id given back by a grant ends its hold when the request is recorded', async () => {
    const t = Date.UTC(2025, 2, 20, 8);
    const dir = tmp();
    const meter = await openUsageMeter({
      dataDir: dir,
      settings: settings({ dailyUsd: 0.013 }),
      source: 'app',
      now: () => t,
      timeZone: 'UTC',
    });
    const grant = await meter.authorize(minute);
    expect(grant.ok).toBe(true);
    if (!grant.ok) return;
    await meter.record(paid(t, 6_000), grant.reservationId);
    const recorded = ledgerLines(dir).find((l) => l.kind === 'request');
    expect(recorded).toMatchObject({ reservationId: grant.reservationId, source: 'app' });
    // $0.006 spent and no hold left: one more minute (≤ $0.0061) fits in $0.013.
    expect(await meter.authorize(minute)).toMatchObject({ ok: true });
    // A reservation id this meter never granted is not written with the request.
    await meter.record(paid(t, 10), 'r-forged');
    expect(
      ledgerLines(dir)
        .filter((l) => l.kind === 'request')
        .at(-1),
    ).not.toHaveProperty('reservationId');
    await meter.close();
  });

  it('a threshold crossed is announced once, by whichever process wrote its warning first', async () => {
    const t = Date.UTC(2025, 2, 20, 8);
    const dir = tmp();
    const ledgerPath = path.join(dir, LEDGER_FILE_NAME);
    const budget = settings({ dailyUsd: 0.01, blockAtLimit: false });
    const app = await openUsageMeter({ dataDir: dir, settings: budget, source: 'app', now: () => t, timeZone: 'UTC' });
    const cli = await openUsageMeter({ dataDir: dir, settings: budget, source: 'cli', now: () => t, timeZone: 'UTC' });
    const first = await app.record(paid(t, 8_500));
    expect(first.warnings.map((w) => `${w.scope}:${w.level}`)).toEqual(['daily:warn']);
    expect(first.warnings[0].message.en).toContain('85%');
    // The other process sees the warning already given, and does not repeat it.
    expect((await cli.record(paid(t, 100))).warnings).toEqual([]);
    await cli.close();

    // Both cross the limit at the same moment: the other process's warning line lands just before ours.
    let race = true;
    const racingFs: LedgerFs = {
      ...fs,
      writeSync: ((fd: number, buffer: Uint8Array | string, ...rest: unknown[]) => {
        if (race && String(buffer).includes('"warning"')) {
          race = false;
          const theirs = {
            kind: 'warning',
            id: 'w-other-process',
            at: t,
            key: 'daily:limit:2025-03-20',
            scope: 'daily',
            level: 'limit',
            spentMicros: 10_600,
            limitMicros: 10_000,
            source: 'cli',
          };
          fs.appendFileSync(ledgerPath, `${JSON.stringify(theirs)}\n`);
        }
        return (fs.writeSync as (...args: unknown[]) => number)(fd, buffer, ...rest);
      }) as typeof fs.writeSync,
    };
    const racing = await openUsageMeter({
      dataDir: dir,
      settings: budget,
      source: 'app',
      now: () => t,
      timeZone: 'UTC',
      fs: racingFs,
    });
    expect((await racing.record(paid(t, 2_000))).warnings).toEqual([]);
    const snapshot = await racing.snapshot();
    expect(snapshot.warnings.map((w) => `${w.scope}:${w.level}`)).toContain('daily:limit');
    await racing.close();
    await app.close();
  });
});
