import { describe, it, expect } from 'vitest';
import {
  microsToDecimal,
  parseCsv,
  parseExport,
  toCsvExport,
  toJsonExport,
} from '../../../src-shared/usage/export-format';
import { legacyDay, readLegacyMeter } from '../../../src-shared/usage/legacy-import';
import type { LedgerRecord } from '../../../src-shared/usage/ledger-record';
import { estimateCostMicros } from '../../../src-shared/pricing/catalogue';

const opts = {
  dayToAt: (d: string) => Date.parse(`${d}T12:00:00Z`),
  fallbackAt: Date.UTC(2024, 0, 1),
  priceMicros: (ms: number) => estimateCostMicros('whisper-1', ms),
};

describe('legacy meter import', () => {
  it('reads daily minutes, prices them as whisper-1 ($0.006/min) and keeps the undated rest', () => {
    const r = readLegacyMeter(
      {
        total_minutes: 12,
        successful_minutes: 10,
        failed_attempts: 3,
        daily_aggregate: { '2024-05-01': 2.5, '2024-05-02': { minutes: '4.5' } },
        weekly_aggregate: { '2024-W18': 7 },
      },
      opts,
    );
    if (!r.ok) throw new Error('expected ok');
    expect(r.summary).toMatchObject({
      datedMinutes: 7,
      undatedMinutes: 3,
      failedAttempts: 3,
      days: 2,
      detail: 'daily',
    });
    // 10 minutes at $0.006 = $0.06.
    expect(r.summary.costMicros).toBe(60_000);
    expect(r.records.map((x) => x.id)).toEqual(['legacy-2024-05-01', 'legacy-2024-05-02', 'legacy-undated']);
    expect(r.records[2]).toMatchObject({ failedRequests: 3, day: null, at: opts.dayToAt('2024-05-01') });
  });

  it('falls back to weekly detail, then to the total alone', () => {
    const weekly = readLegacyMeter({ weekly_aggregate: { '2024-W18': 7 } }, opts);
    expect(weekly.ok && weekly.records[0]).toMatchObject({ day: '2024-04-29', audioMs: 420_000 });
    const total = readLegacyMeter({ total_minutes: '5' }, opts);
    expect(total.ok && total.records).toEqual([
      expect.objectContaining({ id: 'legacy-undated', audioMs: 300_000, costMicros: 30_000, at: opts.fallbackAt }),
    ]);
  });

  it('understands Jalali dates and refuses files that are not the old meter', () => {
    expect(legacyDay('1404/01/01')).toBe('2025-03-21');
    expect(legacyDay('1403-12-30')).toBe('2025-03-20');
    const bad = readLegacyMeter({ hello: 1 }, opts);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message.en).toContain('usage_data.json');
  });
});

describe('export formats', () => {
  const records: LedgerRecord[] = [
    {
      kind: 'request',
      id: 'a',
      at: Date.UTC(2025, 2, 20, 8),
      sessionId: 's,1',
      model: 'whisper-1',
      provider: 'openai',
      audioMs: 61_000,
      billed: { type: 'duration', seconds: 61 },
      billedSeconds: 61,
      costMicros: 6100,
      outcome: 'ok',
      requestId: 'req "x"',
    },
    { kind: 'reset', id: 'b', at: Date.UTC(2025, 2, 20, 9), period: 'day' },
    {
      kind: 'reservation',
      id: 'c',
      at: Date.UTC(2025, 2, 20, 9),
      sessionId: 's',
      model: 'whisper-1',
      audioMs: 1,
      maxMicros: 1,
    },
  ];

  it('CSV has readable columns with exact dollars and round-trips every line', () => {
    const csv = toCsvExport(records, () => '2025-03-20');
    expect(csv.split('\r\n')[0]).toBe(
      [
        ...['kind', 'id', 'time_utc', 'local_day', 'session_id', 'model', 'provider', 'outcome', 'error_code'],
        ...['audio_ms', 'billed_seconds', 'cost_micros', 'cost_usd', 'request_id', 'source', 'record'],
      ].join(','),
    );
    expect(csv).toContain(',6100,0.006100,');
    const back = parseExport(csv);
    expect(back.ok && back.records).toEqual(records.slice(0, 2));
  });

  it('JSON round-trips, leaves out budget holds, and other files are refused', () => {
    const back = parseExport(toJsonExport(records, { exportedAt: 0, timeZone: 'UTC', from: null, to: null }));
    expect(back.ok && back.records).toEqual(records.slice(0, 2));
    const refused = parseExport('{"records": []}');
    expect(refused.ok).toBe(false);
    expect(microsToDecimal(1_234_567)).toBe('1.234567');
  });

  it('a file with one negative, absurd, broken or future-dated line is refused whole, naming the line', () => {
    const now = Date.UTC(2025, 2, 21);
    const good = records[0];
    const file = (bad: unknown) => JSON.stringify({ format: 'sokhan-negar-usage-export', records: [good, bad] });
    const cases: Array<[unknown, RegExp]> = [
      [{ ...good, id: 'neg', costMicros: -5000 }, /cost is negative or absurd/],
      [{ ...good, id: 'huge', costMicros: 5_000_000_000_000 }, /cost is negative or absurd/],
      [{ ...good, id: 'dur', audioMs: -1 }, /duration is negative or absurd/],
      [{ ...good, id: 'nan', audioMs: 'NaN' }, /malformed/],
      [{ ...good, id: 'future', at: now + 2 * 365 * 86_400_000 }, /dated in the future/],
    ];
    for (const [bad, reason] of cases) {
      const parsed = parseExport(file(bad), now);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.message.en).toMatch(reason);
        expect(parsed.message.en).toContain('Line 2');
        expect(parsed.message.en).toContain('Nothing from this file was imported');
        expect(parsed.message.fa).toContain('ردیف 2');
      }
    }
    expect(parseExport(file({ ...good, id: 'fine' }), now).ok).toBe(true);
  });

  it('CSV cells a spreadsheet would run as formulas are made plain text, and the file still imports exactly', () => {
    const now = Date.UTC(2025, 2, 21);
    const hostile = {
      ...records[0],
      id: 'h1',
      model: '=HYPERLINK("http://evil.example","x")',
      requestId: '@SUM(1+1)',
      errorCode: undefined,
    };
    const csv = toCsvExport([hostile as (typeof records)[number]], () => '2025-03-20');
    const cells = parseCsv(csv)[1];
    expect(cells[5]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(cells[13]).toBe(`'@SUM(1+1)`);
    expect(cells.every((cell) => !/^[=+\-@]/.test(cell))).toBe(true);
    const back = parseExport(csv, now);
    expect(back.ok && back.records[0]).toEqual(JSON.parse(JSON.stringify(hostile)));
  });
});
