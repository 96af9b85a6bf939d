import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEDGER_FILE_NAME, type LedgerFs } from '../../../src-main/usage/ledger-file';
import type { UsageSettings } from '../../../src-main/usage/usage-meter';
import {
  clock,
  ledgerLines,
  MINUTE_REQUEST,
  openMeter,
  paidRequest,
  T,
  tmpDataDir,
  usageSettings,
} from './meter-fixtures';

/** Settings with the hard stop on and the given budgets. */
const hardStop = (budget: Partial<UsageSettings['budget']>, extra: Partial<UsageSettings> = {}) =>
  usageSettings({ blockAtLimit: true, ...budget }, extra);

/**
 * The file system, except that the first write carrying `marker` is preceded by `line` appended by "the other
 * process" (as O_APPEND would order two processes writing at the same moment).
 */
function racingFs(dir: string, marker: string, line: object): { fs: LedgerFs; arm: () => void } {
  let armed = false;
  const port: LedgerFs = {
    ...fs,
    writeSync: ((fd: number, buffer: Uint8Array | string, ...rest: unknown[]) => {
      if (armed && String(buffer).includes(marker)) {
        armed = false;
        fs.appendFileSync(path.join(dir, LEDGER_FILE_NAME), `${JSON.stringify(line)}\n`);
      }
      return (fs.writeSync as (...args: unknown[]) => number)(fd, buffer, ...rest);
    }) as typeof fs.writeSync,
  };
  return {
    fs: port,
    arm: () => {
      armed = true;
    },
  };
}

const levels = (warnings: { scope: string; level: string }[]) => warnings.map((w) => `${w.scope}:${w.level}`).sort();

describe('the budget gate', () => {
  it.each([
    {
      what: 'with the hard stop off, a used-up budget only warns',
      settings: usageSettings({ dailyUsd: 0.05, monthlyUsd: 0.05 }),
      spentMicros: 60_000,
      warned: ['daily:limit', 'daily:warn', 'monthly:limit', 'monthly:warn'],
    },
    {
      what: 'with the hard stop on but no budget set, only the session warning is given',
      settings: hardStop({}),
      spentMicros: 100_000_000,
      warned: ['session:warn'],
    },
  ])('$what, and every chunk is still sent', async ({ settings, spentMicros, warned }) => {
    const c = clock();
    const dir = tmpDataDir();
    const meter = await openMeter(dir, { settings, now: c.now, storeWriteDelayMs: 0 });
    const { warnings } = await meter.record(paidRequest(c.t, spentMicros));
    expect(levels(warnings)).toEqual(warned);
    const limit = warnings.find((w) => w.level === 'limit');
    if (limit) expect(limit.message.en).toContain('Sending continues');
    // Nothing to keep, so nothing is held: no reservation line in the ledger.
    expect(ledgerLines(dir).filter((l) => l.kind === 'reservation')).toEqual([]);
    c.t += 60_000;
    expect(await meter.authorize({ ...MINUTE_REQUEST, audioMs: 3_600_000 })).toMatchObject({ ok: true });
    await meter.close();
  });

  it.each([
    {
      scope: 'daily',
      budget: { dailyUsd: 0.05, monthlyUsd: 10 },
      spentAt: T,
      nextPeriod: Date.UTC(2025, 2, 21, 0, 1),
    },
    {
      // Spent on 2 March, asked on the 20th: nothing spent today, $0.045 this month.
      scope: 'monthly',
      budget: { monthlyUsd: 0.05 },
      spentAt: Date.UTC(2025, 2, 2, 8),
      nextPeriod: Date.UTC(2025, 3, 1, 0, 1),
    },
  ])(
    'a $scope budget refuses what would pass it, lets a chunk that fits go, and the next $scope starts afresh',
    async ({ scope, budget, spentAt, nextPeriod }) => {
      const c = clock(spentAt);
      const meter = await openMeter(tmpDataDir(), { settings: hardStop(budget), now: c.now });
      await meter.record(paidRequest(c.t, 45_000));
      c.t = T;
      const refused = await meter.authorize(MINUTE_REQUEST);
      expect(refused).toMatchObject({ ok: false, code: `${scope}_limit` });
      // What is spent ($0.045) and what this minute would hold (≤ $0.0061), against the limit.
      if (!refused.ok)
        expect(refused.message.en).toContain(`your ${scope} budget would be exceeded ($0.0511 of $0.0500`);
      // A short chunk still fits: $0.045 + ≤ $0.0011 for 10 s.
      expect(await meter.authorize({ ...MINUTE_REQUEST, audioMs: 10_000 })).toMatchObject({ ok: true });
      c.t = nextPeriod;
      expect(await meter.authorize(MINUTE_REQUEST)).toMatchObject({ ok: true });
      await meter.close();
    },
  );

  it('with the Persian calendar, a monthly budget starts afresh on 1 Farvardin, not on 1 April', async () => {
    const c = clock(Date.UTC(2025, 2, 20, 8)); // 30 Esfand 1403
    const meter = await openMeter(tmpDataDir(), {
      settings: hardStop({ monthlyUsd: 0.05 }, { calendar: 'persian' }),
      now: c.now,
      timeZone: 'Asia/Tehran',
    });
    await meter.record(paidRequest(c.t, 45_000));
    expect(await meter.authorize(MINUTE_REQUEST)).toMatchObject({ ok: false, code: 'monthly_limit' });
    c.t = Date.UTC(2025, 2, 21, 8); // 1 Farvardin 1404
    expect(await meter.authorize(MINUTE_REQUEST)).toMatchObject({ ok: true });
    await meter.close();
  });

  it('a chunk that fits exactly is sent; one micro-dollar more is refused', async () => {
    // 60 s of whisper-1 is at most 6 100 µ$ (with the rounding second): 43 900 + 6 100 = the $0.05 limit.
    const meter = await openMeter(tmpDataDir(), { settings: hardStop({ dailyUsd: 0.05 }) });
    await meter.record(paidRequest(T, 43_900));
    const fits = await meter.authorize(MINUTE_REQUEST);
    expect(fits).toMatchObject({ ok: true });
    if (fits.ok) await meter.release(fits.reservationId);
    await meter.record(paidRequest(T, 1));
    expect(await meter.authorize(MINUTE_REQUEST)).toMatchObject({ ok: false, code: 'daily_limit' });
    await meter.close();
  });

  it('a price per minute in the settings is what a model outside the catalogue is held at', async () => {
    const meter = await openMeter(tmpDataDir(), {
      settings: hardStop({ dailyUsd: 0.05 }, { customPricePerMinuteUsd: 0.04 }),
    });
    const relay = { sessionId: 'sess', model: 'my-relay-whisper', audioMs: 60_000 };
    // One minute at $0.04 fits in $0.05; a second one, while the first is held, does not.
    const first = await meter.authorize(relay);
    expect(first).toMatchObject({ ok: true });
    expect(await meter.authorize(relay)).toMatchObject({ ok: false, code: 'daily_limit' });
    // The person raises the price: even the first minute is now too dear.
    meter.updateSettings(hardStop({ dailyUsd: 0.05 }, { customPricePerMinuteUsd: 0.06 }));
    if (first.ok) await meter.release(first.reservationId);
    expect(await meter.authorize(relay)).toMatchObject({ ok: false, code: 'daily_limit' });
    await meter.close();
  });

  it.each([
    { what: 'neither the request nor the settings', settingsPrice: undefined, requestPrice: undefined, ok: false },
    {
      what: 'the settings say it is unknown (null) and the request',
      settingsPrice: null,
      requestPrice: undefined,
      ok: false,
    },
    { what: 'the request says it is free, whatever the settings', settingsPrice: 0.5, requestPrice: 0, ok: true },
  ])(
    'a model outside the catalogue whose price $what give: sent = $ok',
    async ({ settingsPrice, requestPrice, ok }) => {
      const meter = await openMeter(tmpDataDir(), {
        settings: hardStop({ dailyUsd: 0.05 }, { customPricePerMinuteUsd: settingsPrice }),
      });
      const relay = {
        sessionId: 'sess',
        model: 'my-relay-whisper',
        audioMs: 60_000,
        customMicrosPerMinute: requestPrice,
      };
      const answers = [await meter.authorize(relay), await meter.authorize(relay)];
      expect(answers.map((a) => (a.ok ? 'sent' : a.code))).toEqual(
        ok ? ['sent', 'sent'] : ['price_unknown', 'price_unknown'],
      );
      if (!answers[0].ok) {
        expect(answers[0].message).toEqual({
          fa:
            'قیمت مدل my-relay-whisper معلوم نیست و سقف بودجه فعال است، پس صدا فرستاده نشد و در صف ماند. قیمت هر دقیقه ' +
            'را با «sokhan config set customPricePerMinuteUsd 0.006» (یا در تنظیمات) بگذارید؛ برای سرور محلی رایگان ۰.',
          en:
            'The price of my-relay-whisper is not known and a hard budget is on, so the audio was not sent; it waits in ' +
            'the spool. Set its price per minute with "sokhan config set customPricePerMinuteUsd 0.006" (or in ' +
            'Settings); 0 for a free local server.',
        });
      }
      await meter.close();
    },
  );

  it('a hold given back makes room again; giving back an unknown hold changes nothing', async () => {
    const dir = tmpDataDir();
    const meter = await openMeter(dir, { settings: hardStop({ dailyUsd: 0.01 }) });
    const held = await meter.authorize(MINUTE_REQUEST);
    expect(held).toMatchObject({ ok: true });
    expect(await meter.authorize(MINUTE_REQUEST)).toMatchObject({ ok: false });
    const before = ledgerLines(dir).length;
    await meter.release('r-not-mine');
    expect(ledgerLines(dir).length).toBe(before);
    if (held.ok) await meter.release(held.reservationId);
    expect(await meter.authorize(MINUTE_REQUEST)).toMatchObject({ ok: true });
    await meter.close();
  });

  it('a hold another process wrote between our check and our hold counts: ours is refused and given back', async () => {
    const dir = tmpDataDir();
    const theirs = {
      kind: 'reservation',
      id: 'r-other-process',
      at: T,
      sessionId: 'other',
      model: 'whisper-1',
      audioMs: 60_000,
      maxMicros: 6_100,
      source: 'cli',
    };
    const race = racingFs(dir, '"reservation"', theirs);
    const meter = await openMeter(dir, { settings: hardStop({ dailyUsd: 0.01 }), fs: race.fs });
    race.arm();
    // $0.01 holds one minute (≤ $0.0061), not two: the other process was first in the ledger.
    const ours = await meter.authorize(MINUTE_REQUEST);
    expect(ours).toMatchObject({ ok: false, code: 'daily_limit' });
    const lines = ledgerLines(dir);
    const ourHold = lines.find((l) => l.kind === 'reservation' && l.id !== 'r-other-process');
    expect(ourHold).toBeDefined();
    expect(lines.some((l) => l.kind === 'release' && l.reservationId === ourHold!.id)).toBe(true);
    // Once the other process records its request (its hold ends), there is room again.
    fs.appendFileSync(
      path.join(dir, LEDGER_FILE_NAME),
      `${JSON.stringify({ ...paidRequest(T, 6_000, { sessionId: 'other' }), reservationId: 'r-other-process', source: 'cli' })}\n`,
    );
    expect(await meter.authorize({ ...MINUTE_REQUEST, audioMs: 30_000 })).toMatchObject({ ok: true });
    await meter.close();
  });

  it('the reservation id given back by a grant ends its hold when the request is recorded', async () => {
    const dir = tmpDataDir();
    const meter = await openMeter(dir, { settings: hardStop({ dailyUsd: 0.013 }) });
    const grant = await meter.authorize(MINUTE_REQUEST);
    expect(grant.ok).toBe(true);
    if (!grant.ok) return;
    await meter.record(paidRequest(T, 6_000), grant.reservationId);
    const recorded = ledgerLines(dir).find((l) => l.kind === 'request');
    expect(recorded).toMatchObject({ reservationId: grant.reservationId, source: 'app' });
    // $0.006 spent and no hold left: one more minute (≤ $0.0061) fits in $0.013.
    expect(await meter.authorize(MINUTE_REQUEST)).toMatchObject({ ok: true });
    // A reservation id this meter never granted is not written with the request.
    await meter.record(paidRequest(T, 10), 'r-forged');
    expect(
      ledgerLines(dir)
        .filter((l) => l.kind === 'request')
        .at(-1),
    ).not.toHaveProperty('reservationId');
    await meter.close();
  });

  it('a threshold crossed is announced once, by whichever process wrote its warning first', async () => {
    const dir = tmpDataDir();
    const budget = usageSettings({ dailyUsd: 0.01 });
    const app = await openMeter(dir, { settings: budget });
    const cli = await openMeter(dir, { settings: budget, source: 'cli' });
    const first = await app.record(paidRequest(T, 8_500));
    expect(levels(first.warnings)).toEqual(['daily:warn']);
    expect(first.warnings[0].message.en).toContain('85%');
    // The other process sees the warning already given, and does not repeat it.
    expect((await cli.record(paidRequest(T, 100))).warnings).toEqual([]);
    await cli.close();

    // Both cross the limit at the same moment: the other process's warning line lands just before ours.
    const race = racingFs(dir, '"warning"', {
      kind: 'warning',
      id: 'w-other-process',
      at: T,
      key: 'daily:limit:2025-03-20',
      scope: 'daily',
      level: 'limit',
      spentMicros: 10_600,
      limitMicros: 10_000,
      source: 'cli',
    });
    race.arm();
    const racing = await openMeter(dir, { settings: budget, fs: race.fs });
    expect((await racing.record(paidRequest(T, 2_000))).warnings).toEqual([]);
    const snapshot = await racing.snapshot();
    expect(levels(snapshot.warnings)).toContain('daily:limit');
    await racing.close();
    await app.close();
  });
});
