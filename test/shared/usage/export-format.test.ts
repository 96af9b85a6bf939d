import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  EXPORT_FORMAT,
  isExportable,
  microsToDecimal,
  parseCsv,
  parseExport,
  spreadsheetSafe,
  toCsvExport,
  toJsonExport,
} from '../../../src-shared/usage/export-format';
import type { LedgerRecord } from '../../../src-shared/usage/ledger-record';

const AT = Date.UTC(2025, 2, 20, 8);
const NOW = Date.UTC(2025, 2, 21);
const request: LedgerRecord = {
  kind: 'request',
  id: 'r1',
  at: AT,
  sessionId: 'sess',
  model: 'whisper-1',
  provider: 'openai',
  audioMs: 61_000,
  billed: { type: 'duration', seconds: 61 },
  billedSeconds: 61,
  costMicros: 6100,
  outcome: 'failed',
  errorCode: 'rate_limited',
  requestId: 'req_9',
  source: 'cli',
};
const session: LedgerRecord = {
  kind: 'session',
  id: 'end',
  at: AT + 60_000,
  sessionId: 'sess',
  startedAt: AT - 60_000,
  audioRecordedMs: 120_000,
  audioSentMs: 61_000,
  requests: 1,
  failedRequests: 1,
  costMicros: 0,
  words: 0,
  source: 'app',
};
const legacy: LedgerRecord = {
  kind: 'legacy',
  id: 'legacy-undated',
  at: Date.UTC(2024, 0, 1),
  day: null,
  model: 'whisper-1',
  audioMs: 600_000,
  billedSeconds: 600,
  costMicros: 60_000,
  failedRequests: 3,
  source: 'legacy',
};
const reset: LedgerRecord = { kind: 'reset', id: 'z', at: AT + 120_000, period: 'month' };
const hold: LedgerRecord = {
  kind: 'reservation',
  id: 'h',
  at: AT,
  sessionId: 'sess',
  model: 'whisper-1',
  audioMs: 1,
  maxMicros: 1,
};
const release: LedgerRecord = { kind: 'release', id: 'rel', at: AT, reservationId: 'h' };

describe('what goes into an export', () => {
  it('usage, sessions, resets and warnings, never the budget holds of requests in flight', () => {
    expect([request, session, legacy, reset, hold, release].filter(isExportable)).toEqual([
      request,
      session,
      legacy,
      reset,
    ]);
  });

  it('dollars are written exactly, to the micro-dollar', () => {
    expect(microsToDecimal(0)).toBe('0.000000');
    expect(microsToDecimal(5)).toBe('0.000005');
    expect(microsToDecimal(6100)).toBe('0.006100');
    expect(microsToDecimal(12_000_000)).toBe('12.000000');
    expect(microsToDecimal(-5)).toBe('-0.000005');
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (micros) => {
        const text = microsToDecimal(micros);
        return /^-?\d+\.\d{6}$/.test(text) && Math.round(Number(text) * 1e6) === micros;
      }),
    );
  });
});

describe('the JSON export', () => {
  it('says what it is, when and for which zone and range it was made, and keeps each line whole', () => {
    const text = toJsonExport([request, hold, reset], {
      exportedAt: Date.UTC(2025, 2, 21, 10),
      timeZone: 'Asia/Tehran',
      from: '2025-03-01',
      to: '2025-03-21',
    });
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n "format": "sokhan-negar-usage-export",\n');
    expect(JSON.parse(text)).toEqual({
      format: EXPORT_FORMAT,
      version: 1,
      exportedAt: '2025-03-21T10:00:00.000Z',
      timeZone: 'Asia/Tehran',
      from: '2025-03-01',
      to: '2025-03-21',
      records: [request, reset],
    });
  });

  it('reads back, also with a byte-order mark or blank lines before it; holds in it are skipped and counted', () => {
    const file = { format: EXPORT_FORMAT, records: [request, hold, session, release] };
    expect(parseExport(`\uFEFF \n${JSON.stringify(file)}`, NOW)).toEqual({
      ok: true,
      records: [request, session],
      skipped: 2,
    });
  });

  it('anything else is refused as not an export, saying which files are', () => {
    for (const text of [
      '{"format": "sokhan-negar-usage-export", "records": [',
      JSON.stringify({ format: 'other-app', records: [] }),
      JSON.stringify({ format: EXPORT_FORMAT, records: {} }),
      JSON.stringify({ format: EXPORT_FORMAT }),
      '',
      'hello',
      'id,kind,record\nr1,request,{}',
      // A text file whose stray quote is not CSV: refused, not a crash.
      'kind,record\nrequest,"{"x"}',
    ]) {
      const parsed = parseExport(text, NOW);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) {
        expect(parsed.message.en).toBe(
          'This file is not a SokhanNegar usage export (JSON or CSV made by "usage export"). Choose a file the ' +
            'app itself exported.',
        );
        expect(parsed.message.fa).toContain('خروجیِ کارکرد سخن‌نگار نیست');
      }
    }
  });

  it('checks dates against the real clock unless told otherwise', () => {
    const future = { ...reset, at: Date.now() + 3_600_000 };
    const parsed = parseExport(JSON.stringify({ format: EXPORT_FORMAT, records: [future] }));
    expect(parsed.ok).toBe(false);
    expect(parseExport(JSON.stringify({ format: EXPORT_FORMAT, records: [{ ...reset, at: Date.now() }] })).ok).toBe(
      true,
    );
  });
});

describe('the CSV export', () => {
  const dayOf = (at: number) => new Date(at + 3.5 * 3_600_000).toISOString().slice(0, 10);
  const rows = (records: LedgerRecord[]) => parseCsv(toCsvExport(records, dayOf));

  it('one readable row per line, blank where a column does not apply, rows ended by CRLF', () => {
    const text = toCsvExport([request, hold, session, legacy, reset, release], dayOf);
    expect(text.split('\r\n')).toHaveLength(6);
    const [, req, sess, old, res] = parseCsv(text);
    expect(req.slice(0, 15)).toEqual([
      'request',
      'r1',
      '2025-03-20T08:00:00.000Z',
      '2025-03-20',
      'sess',
      'whisper-1',
      'openai',
      'failed',
      'rate_limited',
      '61000',
      '61',
      '6100',
      '0.006100',
      'req_9',
      'cli',
    ]);
    expect(sess.slice(0, 15)).toEqual([
      'session',
      'end',
      '2025-03-20T08:01:00.000Z',
      '2025-03-20',
      'sess',
      '',
      '',
      '',
      '',
      '61000',
      '',
      '0',
      '0.000000',
      '',
      'app',
    ]);
    expect(old.slice(0, 15)).toEqual([
      'legacy',
      'legacy-undated',
      '2024-01-01T00:00:00.000Z',
      '2024-01-01',
      '',
      'whisper-1',
      '',
      '',
      '',
      '600000',
      '600',
      '60000',
      '0.060000',
      '',
      'legacy',
    ]);
    expect(res.slice(0, 15)).toEqual(['reset', 'z', '2025-03-20T08:02:00.000Z', '2025-03-20', ...Array(11).fill('')]);
    expect(JSON.parse(res[15])).toEqual(reset);
  });

  it('the local day comes from the zone the person chose', () => {
    expect(rows([{ ...reset, at: Date.UTC(2025, 2, 20, 21) }])[1][3]).toBe('2025-03-21');
  });

  it('reads back line for line; holds are skipped and counted', () => {
    const text = toCsvExport([request, session, legacy, reset], dayOf);
    const withHold = `${text}reservation,h,,,,,,,,,,,,,,"${JSON.stringify(hold).replaceAll('"', '""')}"\r\n`;
    expect(parseExport(`\uFEFF${withHold}`, NOW)).toEqual({
      ok: true,
      records: [request, session, legacy, reset],
      skipped: 1,
    });
  });

  it('a broken row is refused with its line in the file (the header is line 1)', () => {
    const text = toCsvExport([request, session, reset], dayOf);
    const lines = text.split('\r\n');
    const broken = [lines[0], lines[1], 'request,x,,,,,,,,,,,,,,{not json', lines[2]].join('\r\n');
    const parsed = parseExport(broken, NOW);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.message.en).toBe(
        'Line 3 of the file was refused: the record is malformed. Nothing from this file was imported; check the file.',
      );
    const short = parseExport([lines[0], lines[1], 'request,x'].join('\r\n'), NOW);
    expect(!short.ok && short.message.en).toContain('Line 3 of the file was refused: the record is malformed');
  });
});

describe('cells a spreadsheet would run', () => {
  it('text starting with = + - @, a tab or a carriage return is made plain text with an apostrophe', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(spreadsheetSafe(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(spreadsheetSafe('a=b')).toBe('a=b');
    expect(spreadsheetSafe('{"kind":"request"}')).toBe('{"kind":"request"}');
    expect(spreadsheetSafe(-5)).toBe("'-5");
    expect(spreadsheetSafe(61)).toBe('61');
    expect(spreadsheetSafe(undefined)).toBe('');
    expect(spreadsheetSafe(null)).toBe('');
    expect(spreadsheetSafe('')).toBe('');
  });
});
