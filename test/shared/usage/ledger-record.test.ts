import { describe, it, expect } from 'vitest';
import { isLedgerRecord, type LedgerRecord } from '../../../src-shared/usage/ledger-record';
import { packRecord, unpack, zeroPacked, addPacked } from '../../../src-shared/usage/counter';
import { upperBoundMicros } from '../../../src-shared/usage/estimate';

const AT = Date.UTC(2025, 2, 20, 8);

/** One well-formed line of every kind, and the fields the meter relies on in each. */
const valid: Array<[LedgerRecord, string[]]> = [
  [
    {
      kind: 'request',
      id: 'r',
      at: AT,
      sessionId: 's',
      model: 'whisper-1',
      provider: 'openai',
      audioMs: 1000,
      billed: { type: 'duration', seconds: 1 },
      billedSeconds: 1,
      costMicros: 100,
      outcome: 'ok',
    },
    ['sessionId', 'model', 'audioMs', 'billedSeconds', 'costMicros', 'outcome'],
  ],
  [{ kind: 'session-start', id: 'ss', at: AT, sessionId: 's' }, ['sessionId']],
  [
    {
      kind: 'session',
      id: 'se',
      at: AT,
      sessionId: 's',
      startedAt: AT - 1000,
      audioRecordedMs: 1000,
      audioSentMs: 1000,
      requests: 1,
      failedRequests: 0,
      costMicros: 100,
      words: 3,
    },
    ['sessionId', 'startedAt', 'costMicros'],
  ],
  [{ kind: 'reset', id: 'z', at: AT, period: 'week' }, ['period']],
  [
    {
      kind: 'warning',
      id: 'w',
      at: AT,
      key: 'daily:warn:2025-03-20',
      scope: 'daily',
      level: 'warn',
      spentMicros: 1,
      limitMicros: 1,
    },
    ['key'],
  ],
  [
    { kind: 'reservation', id: 'h', at: AT, sessionId: 's', model: 'whisper-1', audioMs: 1, maxMicros: 5 },
    ['maxMicros', 'sessionId'],
  ],
  [{ kind: 'release', id: 'rel', at: AT, reservationId: 'h' }, ['reservationId']],
  [
    {
      kind: 'legacy',
      id: 'l',
      at: AT,
      day: null,
      model: 'whisper-1',
      audioMs: 60_000,
      billedSeconds: 60,
      costMicros: 6000,
      failedRequests: 0,
      source: 'legacy',
    },
    ['model', 'audioMs', 'costMicros', 'failedRequests'],
  ],
];

describe('a ledger line is trusted only with the fields the meter relies on', () => {
  it('accepts one well-formed line of every kind', () => {
    for (const [record] of valid) expect(isLedgerRecord(record), record.kind).toBe(true);
  });

  it('skips a line missing any field its kind relies on, or with a text where a number belongs', () => {
    for (const [record, fields] of valid) {
      for (const field of ['kind', 'id', 'at', ...fields]) {
        const { [field]: _dropped, ...rest } = record as unknown as Record<string, unknown>;
        expect(isLedgerRecord(rest), `${record.kind} without ${field}`).toBe(false);
        expect(isLedgerRecord({ ...record, [field]: { value: 1 } }), `${record.kind} with an object ${field}`).toBe(
          false,
        );
      }
    }
  });

  it('skips lines that are not objects, of an unknown kind, with an empty id or a date that is not a number', () => {
    const [request] = valid[0];
    for (const bad of [null, undefined, 'request', 42, []]) expect(isLedgerRecord(bad)).toBe(false);
    expect(isLedgerRecord({ ...request, kind: 'refund' })).toBe(false);
    expect(isLedgerRecord({ ...request, kind: 'toString' })).toBe(false);
    expect(isLedgerRecord({ ...request, id: '' })).toBe(false);
    expect(isLedgerRecord({ ...request, id: 7 })).toBe(false);
    expect(isLedgerRecord({ ...request, at: '2025-03-20' })).toBe(false);
    expect(isLedgerRecord({ ...request, audioMs: Number.NaN })).toBe(false);
    expect(isLedgerRecord({ ...request, at: Number.POSITIVE_INFINITY })).toBe(false);
  });

  it('money is whole micro-dollars, and a request outcome or reset period is one the meter knows', () => {
    const [request] = valid[0];
    expect(isLedgerRecord({ ...request, costMicros: 100.5 })).toBe(false);
    for (const outcome of ['ok', 'failed', 'blocked', 'unknown'])
      expect(isLedgerRecord({ ...request, outcome }), outcome).toBe(true);
    expect(isLedgerRecord({ ...request, outcome: 'charged' })).toBe(false);
    const [reset] = valid[3];
    for (const period of ['day', 'week', 'month', 'all'])
      expect(isLedgerRecord({ ...reset, period }), period).toBe(true);
    expect(isLedgerRecord({ ...reset, period: 'year' })).toBe(false);
    expect(isLedgerRecord({ ...valid[5][0], maxMicros: 0.5 })).toBe(false);
    expect(isLedgerRecord({ ...valid[7][0], costMicros: 1.5 })).toBe(false);
    expect(isLedgerRecord({ ...valid[2][0], costMicros: 1.5 })).toBe(false);
  });
});

describe('what one line adds to the counters', () => {
  const [request] = valid[0] as [Extract<LedgerRecord, { kind: 'request' }>, string[]];
  const charged = { ...request, audioMs: 61_000, billedSeconds: 61.0004, costMicros: 6100 };

  it('a charged request: one request, its audio, billed time to the ms and its cost', () => {
    expect(packRecord(charged)).toEqual([1, 0, 61_000, 61_000, 6100, 0, 0]);
    expect(unpack([1, 0, 61_000, 61_500, 6100, 0, 0])).toEqual({
      requests: 1,
      failedRequests: 0,
      audioMs: 61_000,
      billedSeconds: 61.5,
      costMicros: 6100,
      unknownRequests: 0,
      unknownCostMicros: 0,
    });
  });

  it('a failed request counts but is never charged; a blocked one was never sent; unknown is spend kept apart', () => {
    expect(packRecord({ ...charged, outcome: 'failed' })).toEqual([1, 1, 0, 0, 0, 0, 0]);
    expect(packRecord({ ...charged, outcome: 'blocked' })).toBeNull();
    expect(packRecord({ ...charged, outcome: 'unknown', costMicros: 900 })).toEqual([1, 0, 0, 0, 900, 1, 900]);
  });

  it('old-app minutes add audio, cost and failed attempts but no requests; other lines add nothing', () => {
    expect(packRecord(valid[7][0])).toEqual([0, 0, 60_000, 60_000, 6000, 0, 0]);
    expect(packRecord({ ...(valid[7][0] as Extract<LedgerRecord, { kind: 'legacy' }>), failedRequests: 4 })).toEqual([
      0, 4, 60_000, 60_000, 6000, 0, 0,
    ]);
    for (const [record] of valid.slice(1, 7)) expect(packRecord(record), record.kind).toBeNull();
  });

  it('sums every field', () => {
    const sum = zeroPacked();
    addPacked(sum, [1, 2, 3, 4, 5, 6, 7]);
    addPacked(sum, [10, 20, 30, 40, 50, 60, 70]);
    expect(sum).toEqual([11, 22, 33, 44, 55, 66, 77]);
  });

  it('a counter stored before the unknown-outcome fields existed reads them as zero', () => {
    const old = [2, 0, 1000, 1000, 200] as unknown as Parameters<typeof unpack>[0];
    expect(unpack(old)).toMatchObject({ requests: 2, costMicros: 200, unknownRequests: 0, unknownCostMicros: 0 });
  });
});

describe('the most a request can cost (held back under "block at limit")', () => {
  it('a duration-billed model: its price for the audio plus one second it may round up to', () => {
    // whisper-1: $0.006 a minute; 59 s + 1 s = one minute.
    expect(upperBoundMicros('whisper-1', 59_000)).toBe(6000);
    expect(upperBoundMicros('whisper-1', 58_999.6)).toBe(6000);
  });

  it('a token-billed model: twice its per-minute estimate, since the text it returns is billed too', () => {
    expect(upperBoundMicros('gpt-4o-transcribe', 59_000)).toBe(12_000);
  });

  it('a model outside the catalogue at the price the person set; negative audio is held as none', () => {
    expect(upperBoundMicros('my-local-model', 59_000, 10_000)).toBe(10_000);
    expect(upperBoundMicros('my-local-model', 59_000)).toBe(0);
    expect(upperBoundMicros('whisper-1', -5000)).toBe(100);
  });
});
