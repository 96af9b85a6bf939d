import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { importProblem, refusedImportMessage } from '../../../src-shared/usage/import-check';
import { parseExport } from '../../../src-shared/usage/export-format';
import type {
  LedgerLegacyRecord,
  LedgerRecord,
  LedgerRequestRecord,
  LedgerSessionRecord,
} from '../../../src-shared/usage/ledger-record';

const NOW = Date.UTC(2025, 2, 21, 12);
const HOUR = 3_600_000;

const request: LedgerRequestRecord = {
  kind: 'request',
  id: 'r1',
  at: Date.UTC(2025, 2, 20, 8),
  sessionId: 's',
  model: 'whisper-1',
  provider: 'openai',
  audioMs: 61_000,
  billed: { type: 'duration', seconds: 61 },
  billedSeconds: 61,
  costMicros: 6100,
  outcome: 'ok',
};
const legacy: LedgerLegacyRecord = {
  kind: 'legacy',
  id: 'legacy-2024-05-01',
  at: Date.UTC(2024, 4, 1, 12),
  day: '2024-05-01',
  model: 'whisper-1',
  audioMs: 600_000,
  billedSeconds: 600,
  costMicros: 60_000,
  failedRequests: 2,
  source: 'legacy',
};
const session: LedgerSessionRecord = {
  kind: 'session',
  id: 'end-s',
  at: Date.UTC(2025, 2, 20, 9),
  sessionId: 's',
  startedAt: Date.UTC(2025, 2, 20, 8),
  audioRecordedMs: 120_000,
  audioSentMs: 61_000,
  requests: 1,
  failedRequests: 0,
  costMicros: 6100,
  words: 120,
};

/** The English reason an import would give for this line, or null when it is accepted. */
const reason = (record: unknown) => importProblem(record, NOW)?.en ?? null;

describe('an imported line is refused when its date cannot be real', () => {
  it('before 2020 (nothing the app metered is older), from the first millisecond of 2020 on it is fine', () => {
    expect(reason({ ...request, at: Date.UTC(2019, 11, 31, 23, 59, 59, 999) })).toBe('it is dated before 2020');
    expect(reason({ ...request, at: 0 })).toBe('it is dated before 2020');
    expect(reason({ ...request, at: Date.UTC(2020, 0, 1) })).toBeNull();
  });

  it('more than five minutes after now (a clock that drifted a little is forgiven)', () => {
    expect(reason({ ...request, at: NOW + 5 * 60_000 })).toBeNull();
    expect(reason({ ...request, at: NOW + 5 * 60_000 + 1 })).toBe('it is dated in the future');
    expect(reason({ ...session, at: NOW + HOUR })).toBe('it is dated in the future');
  });
});

describe('an imported request is refused when its numbers are negative or absurd', () => {
  it('audio: negative, or more than three hours in one request', () => {
    expect(reason({ ...request, audioMs: -1 })).toBe('its audio duration is negative or absurd');
    expect(reason({ ...request, audioMs: 3 * HOUR })).toBeNull();
    expect(reason({ ...request, audioMs: 3 * HOUR + 1 })).toBe('its audio duration is negative or absurd');
    expect(reason({ ...request, billedSeconds: -0.001 })).toBe('its audio duration is negative or absurd');
    expect(reason({ ...request, billedSeconds: 3 * 3600 })).toBeNull();
    expect(reason({ ...request, billedSeconds: 3 * 3600 + 0.001 })).toBe('its audio duration is negative or absurd');
  });

  it('cost: negative, or $1 000 or more for one request', () => {
    expect(reason({ ...request, costMicros: -1 })).toBe('its cost is negative or absurd');
    expect(reason({ ...request, costMicros: 0 })).toBeNull();
    expect(reason({ ...request, costMicros: 1_000_000_000 })).toBeNull();
    expect(reason({ ...request, costMicros: 1_000_000_001 })).toBe('its cost is negative or absurd');
  });

  it('a request with request-sized numbers is accepted whatever they are (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * HOUR }),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: NOW }),
        (audioMs, costMicros, at) =>
          reason({ ...request, at, audioMs, billedSeconds: audioMs / 1000, costMicros }) === null,
      ),
    );
  });
});

describe('an imported old-app total is refused when its numbers are negative or absurd', () => {
  it('audio beyond ten years, or negative', () => {
    const tenYears = 10 * 365 * 86_400_000;
    expect(reason({ ...legacy, audioMs: tenYears, billedSeconds: tenYears / 1000 })).toBeNull();
    expect(reason({ ...legacy, audioMs: tenYears + 1 })).toBe('its audio duration is negative or absurd');
    expect(reason({ ...legacy, audioMs: -60_000 })).toBe('its audio duration is negative or absurd');
    expect(reason({ ...legacy, billedSeconds: tenYears / 1000 + 1 })).toBe('its audio duration is negative or absurd');
    expect(reason({ ...legacy, billedSeconds: -1 })).toBe('its audio duration is negative or absurd');
  });

  it('cost beyond $1 000 000 or negative, and a negative or absurd count of failed attempts', () => {
    expect(reason({ ...legacy, costMicros: 1_000_000_000_000 })).toBeNull();
    expect(reason({ ...legacy, costMicros: 1_000_000_000_001 })).toBe('its cost or count is negative or absurd');
    expect(reason({ ...legacy, costMicros: -1 })).toBe('its cost or count is negative or absurd');
    expect(reason({ ...legacy, failedRequests: 1e9 })).toBeNull();
    expect(reason({ ...legacy, failedRequests: 1e9 + 1 })).toBe('its cost or count is negative or absurd');
    expect(reason({ ...legacy, failedRequests: -1 })).toBe('its cost or count is negative or absurd');
  });
});

describe('an imported session summary is refused when its numbers are negative or absurd', () => {
  it('cost or sent audio', () => {
    expect(reason(session)).toBeNull();
    expect(reason({ ...session, costMicros: -1 })).toBe('its cost or duration is negative or absurd');
    expect(reason({ ...session, costMicros: 1_000_000_000_001 })).toBe('its cost or duration is negative or absurd');
    expect(reason({ ...session, audioSentMs: -1 })).toBe('its cost or duration is negative or absurd');
    expect(reason({ ...session, audioSentMs: 10 * 365 * 86_400_000 + 1 })).toBe(
      'its cost or duration is negative or absurd',
    );
    // A summary's sent audio is not checked by the ledger's shape test: a text there must still be refused.
    expect(reason({ ...session, audioSentMs: '61000' })).toBe('its cost or duration is negative or absurd');
    expect(reason({ ...session, audioSentMs: undefined })).toBe('its cost or duration is negative or absurd');
  });

  it('lines without money or durations (reset, warning, session start) only need a real date', () => {
    const reset: LedgerRecord = { kind: 'reset', id: 'z', at: NOW - HOUR, period: 'day' };
    expect(reason(reset)).toBeNull();
    expect(reason({ kind: 'session-start', id: 'st', at: NOW, sessionId: 's' })).toBeNull();
    expect(reason({ ...reset, at: Date.UTC(2019, 0, 1) })).toBe('it is dated before 2020');
  });

  it('every refusal has a Persian reason too', () => {
    expect(importProblem({ ...request, at: 0 }, NOW)?.fa).toBe('تاریخ آن پیش از ۲۰۲۰ است');
    expect(importProblem({ ...request, at: NOW + HOUR }, NOW)?.fa).toBe('تاریخ آن در آینده است');
    expect(importProblem({ ...request, audioMs: -1 }, NOW)?.fa).toBe('مدت صدای آن منفی یا نامعقول است');
    expect(importProblem({ ...request, costMicros: -1 }, NOW)?.fa).toBe('هزینهٔ آن منفی یا نامعقول است');
    expect(importProblem({ ...legacy, audioMs: -1 }, NOW)?.fa).toBe('مدت صدای آن منفی یا نامعقول است');
    expect(importProblem({ ...legacy, costMicros: -1 }, NOW)?.fa).toBe('هزینه یا شمار آن منفی یا نامعقول است');
    expect(importProblem({ ...session, costMicros: -1 }, NOW)?.fa).toBe('هزینه یا مدت آن منفی یا نامعقول است');
    expect(importProblem({ kind: 'request' }, NOW)).toEqual({
      fa: 'ساختار رکورد درست نیست',
      en: 'the record is malformed',
    });
  });
});

describe('the refusal a person reads', () => {
  it('names the line, the reason, and says nothing was imported, in Persian and English', () => {
    expect(refusedImportMessage(7, { fa: 'دلیل', en: 'the reason' })).toEqual({
      fa: 'ردیف 7 پرونده پذیرفته نشد: دلیل. هیچ رکوردی از این پرونده وارد نشد؛ پرونده را بررسی کنید.',
      en: 'Line 7 of the file was refused: the reason. Nothing from this file was imported; check the file.',
    });
  });

  it('whichever line of a file is bad, the refusal names that line and no other (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), (before, after) => {
        const good = (i: number) => ({ ...request, id: `g${i}` });
        const records = [
          ...Array.from({ length: before }, (_, i) => good(i)),
          { ...request, id: 'bad', at: Date.UTC(2015, 0, 1) },
          ...Array.from({ length: after }, (_, i) => good(before + i)),
        ];
        const parsed = parseExport(JSON.stringify({ format: 'sokhan-negar-usage-export', records }), NOW);
        return !parsed.ok && parsed.message.en.startsWith(`Line ${before + 1} of the file was refused: it is dated`);
      }),
    );
  });
});
