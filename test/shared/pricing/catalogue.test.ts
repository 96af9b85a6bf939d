import { describe, it, expect } from 'vitest';
import {
  CATALOGUE,
  catalogueEntry,
  estimateCostMicros,
  estimateMicrosPerMinute,
  priceRequest,
  shutdownNotice,
} from '../../../src-shared/pricing/catalogue';

describe('priceRequest: per-minute models', () => {
  it('bills whisper-1 at $0.006 per minute from the audio length', () => {
    const priced = priceRequest({ model: 'whisper-1', audioMs: 10_000 });
    expect(priced).toEqual({
      billed: { type: 'duration', seconds: 10 },
      billedSeconds: 10,
      costMicros: 1000,
      provider: 'openai',
      priceKnown: true,
    });
  });

  it('bills the seconds the API reports when it sends usage', () => {
    const priced = priceRequest({ model: 'whisper-1', audioMs: 11_400, usage: { type: 'duration', seconds: 12 } });
    expect(priced.billedSeconds).toBe(12);
    expect(priced.costMicros).toBe(1200);
  });

  it('rounds once per request, half up', () => {
    expect(priceRequest({ model: 'whisper-1', audioMs: 1234 }).costMicros).toBe(123);
    expect(priceRequest({ model: 'whisper-1', audioMs: 1235 }).costMicros).toBe(124);
  });

  it('bills gpt-transcribe at $0.0045 per minute and an hour of whisper-1 at exactly $0.36', () => {
    expect(priceRequest({ model: 'gpt-transcribe', audioMs: 60_000 }).costMicros).toBe(4500);
    expect(priceRequest({ model: 'whisper-1', audioMs: 3_600_000 }).costMicros).toBe(360_000);
  });
});

describe('priceRequest: token models', () => {
  it('bills gpt-4o-transcribe audio, prompt text and output tokens at their own prices', () => {
    const priced = priceRequest({
      model: 'gpt-4o-transcribe',
      audioMs: 30_000,
      usage: {
        type: 'tokens',
        input_tokens: 1050,
        output_tokens: 200,
        total_tokens: 1250,
        input_token_details: { audio_tokens: 1000, text_tokens: 50 },
      },
    });
    // 1000 × $6/1M + 50 × $2.50/1M + 200 × $10/1M = $0.008125
    expect(priced.costMicros).toBe(8125);
    expect(priced.billed).toEqual({ type: 'tokens', audioInputTokens: 1000, textInputTokens: 50, outputTokens: 200 });
    expect(priced.billedSeconds).toBe(30);
  });

  it('bills gpt-4o-mini-transcribe at half those prices, rounding the half micro-dollar up', () => {
    const priced = priceRequest({
      model: 'gpt-4o-mini-transcribe',
      audioMs: 5000,
      usage: {
        type: 'tokens',
        input_tokens: 102,
        output_tokens: 10,
        total_tokens: 112,
        input_token_details: { audio_tokens: 100, text_tokens: 2 },
      },
    });
    // 100 × 3 + 2 × 1.25 + 10 × 5 = 352.5 micro-dollars
    expect(priced.costMicros).toBe(353);
  });

  it('charges unsplit input tokens at the audio price so the meter never shows less than was spent', () => {
    const priced = priceRequest({
      model: 'gpt-4o-transcribe',
      audioMs: 5000,
      usage: { type: 'tokens', input_tokens: 500, output_tokens: 0, total_tokens: 500 },
    });
    expect(priced.billed).toEqual({ type: 'tokens', audioInputTokens: 500, textInputTokens: 0, outputTokens: 0 });
    expect(priced.costMicros).toBe(3000);
  });

  it('prices the diarize model like gpt-4o-transcribe', () => {
    const usage = {
      type: 'tokens' as const,
      input_tokens: 700,
      output_tokens: 90,
      total_tokens: 790,
      input_token_details: { audio_tokens: 700, text_tokens: 0 },
    };
    expect(priceRequest({ model: 'gpt-4o-transcribe-diarize', audioMs: 9000, usage }).costMicros).toBe(
      priceRequest({ model: 'gpt-4o-transcribe', audioMs: 9000, usage }).costMicros,
    );
  });

  it('estimates token models per minute when no usage comes back ($0.006 and $0.003)', () => {
    expect(priceRequest({ model: 'gpt-4o-transcribe', audioMs: 60_000 })).toEqual({
      billed: { type: 'duration', seconds: 60 },
      billedSeconds: 60,
      costMicros: 6000,
      provider: 'openai',
      priceKnown: true,
    });
    expect(estimateCostMicros('gpt-4o-mini-transcribe', 60_000)).toBe(3000);
  });
});

describe('priceRequest: Groq and custom endpoints', () => {
  it('bills Groq at least 10 seconds per request', () => {
    const short = priceRequest({ model: 'whisper-large-v3-turbo', audioMs: 3000 });
    expect(short.billedSeconds).toBe(10);
    expect(short.provider).toBe('groq');
    // 10 s at $0.04/h = $0.000111…
    expect(short.costMicros).toBe(111);
    expect(priceRequest({ model: 'whisper-large-v3', audioMs: 60_000 }).costMicros).toBe(1850);
    expect(priceRequest({ model: 'whisper-large-v3', audioMs: 3_600_000 }).costMicros).toBe(111_000);
  });

  it('treats unknown model ids as custom, free unless a price is set', () => {
    const local = priceRequest({ model: 'Systran/faster-whisper-large-v3', audioMs: 90_000 });
    expect(local.provider).toBe('custom');
    expect(local.costMicros).toBe(0);
    expect(local.billedSeconds).toBe(90);
    expect(priceRequest({ model: 'my-relay-whisper', audioMs: 90_000, customMicrosPerMinute: 1000 }).costMicros).toBe(
      1500,
    );
    expect(priceRequest({ model: 'my-relay-whisper', audioMs: 90_000, customMicrosPerMinute: 1000 }).priceKnown).toBe(
      true,
    );
    // No price set: the cost reads 0 but is flagged as not known, never taken for free.
    expect(priceRequest({ model: 'my-relay-whisper', audioMs: 90_000, customMicrosPerMinute: null }).priceKnown).toBe(
      false,
    );
    expect(priceRequest({ model: 'whisper-1', audioMs: 90_000, customMicrosPerMinute: null }).priceKnown).toBe(true);
  });
});

describe('estimateCostMicros', () => {
  it('answers "what would 10 minutes have cost" per model', () => {
    expect(estimateCostMicros('whisper-1', 600_000)).toBe(60_000);
    expect(estimateCostMicros('gpt-transcribe', 600_000)).toBe(45_000);
    expect(estimateCostMicros('whisper-large-v3-turbo', 600_000)).toBe(6667);
    expect(estimateCostMicros('local-model', 600_000, 2000)).toBe(20_000);
  });

  it('shows per-minute prices for the model picker', () => {
    expect(estimateMicrosPerMinute('whisper-1')).toBe(6000);
    expect(estimateMicrosPerMinute('gpt-4o-mini-transcribe')).toBe(3000);
    expect(estimateMicrosPerMinute('whisper-large-v3')).toBe(1850);
  });
});

describe('catalogue', () => {
  it('lists every published model once with its provider', () => {
    const ids = CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(catalogueEntry('whisper-large-v3').provider).toBe('groq');
    expect(catalogueEntry('gpt-transcribe').provider).toBe('openai');
  });

  it('marks the mini audio-in price as coming from a secondary source', () => {
    expect(catalogueEntry('gpt-4o-mini-transcribe').notes.join(' ')).toMatch(/secondary source/);
  });
});

describe('shutdownNotice', () => {
  it('counts the days left before whisper-1 and the gpt-4o transcribe models stop', () => {
    expect(shutdownNotice('whisper-1', Date.parse('2026-02-26T00:00:00Z'))).toEqual({
      shutdownOn: '2027-02-26',
      daysLeft: 365,
      replacement: 'gpt-transcribe',
    });
    expect(shutdownNotice('gpt-4o-mini-transcribe', Date.parse('2027-02-25T18:00:00Z'))?.daysLeft).toBe(1);
    expect(shutdownNotice('gpt-4o-transcribe-diarize', Date.parse('2027-03-10T00:00:00Z'))?.daysLeft).toBe(0);
  });

  it('says nothing for models without a shutdown date', () => {
    expect(shutdownNotice('gpt-transcribe', Date.parse('2026-06-01T00:00:00Z'))).toBeNull();
    expect(shutdownNotice('whisper-large-v3', Date.parse('2026-06-01T00:00:00Z'))).toBeNull();
    expect(shutdownNotice('my-local-model', Date.parse('2026-06-01T00:00:00Z'))).toBeNull();
  });
});
