import type { BilledUnits } from '../usage/ledger-record';
import { divideRoundHalfUp } from '../money';
import { catalogueEntry, type Billing, type ProviderId } from './catalogue-entries';
import type { ApiUsage } from './usage-types';

const MS_PER_HOUR = 3_600_000n;
const TOKENS_PER_MILLION = 1_000_000n;

export interface PriceRequestInput {
  model: string;
  /** Milliseconds of audio in the uploaded file. */
  audioMs: number;
  /** The reply's `usage`, when the provider sent one. */
  usage?: ApiUsage;
  /**
   * Price per minute for models outside the catalogue (settings.customPricePerMinuteUsd in micros); null = not known.
   */
  customMicrosPerMinute?: number | null;
}

export interface PricedRequest {
  billed: BilledUnits;
  billedSeconds: number;
  costMicros: number;
  provider: ProviderId;
  /** False for a model outside the catalogue whose price the person has not set: its cost reads 0 but is not known. */
  priceKnown: boolean;
}

function wholeNonNegative(value: number, what: string): bigint {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a non-negative number, got ${value}`);
  return BigInt(Math.round(value));
}

/** Cost of `ms` of audio at a per-hour price (micro-dollars), rounded once. */
function durationCost(ms: bigint, microsPerHour: bigint): number {
  return divideRoundHalfUp(ms * microsPerHour, MS_PER_HOUR);
}

function durationPriced(billing: Billing, customMicrosPerMinute: number): { microsPerHour: bigint; minimumMs: bigint } {
  switch (billing.kind) {
    case 'duration':
      return { microsPerHour: BigInt(billing.microsPerHour), minimumMs: BigInt(billing.minimumBilledMs) };
    case 'tokens':
      return { microsPerHour: BigInt(billing.estimateMicrosPerHour), minimumMs: 0n };
    case 'custom':
      return { microsPerHour: wholeNonNegative(customMicrosPerMinute, 'customMicrosPerMinute') * 60n, minimumMs: 0n };
  }
}

/**
 * Prices one successful request. With `usage`, the provider's own count is billed: duration seconds at the model's
 * per-minute price, or tokens at its token prices (when input tokens are not split into audio/text, the unsplit rest
 * is charged at the audio price so the meter never shows less than was spent). Without `usage`, the audio length is
 * billed at the model's price (at least the provider minimum, e.g. Groq's 10 s) and token-priced models at their
 * per-minute estimate. A usage shape the model is not priced in (e.g. tokens from a per-minute model) falls back to
 * the audio length. Unknown model ids are 'custom'. One rounding per request, half up.
 */
export function priceRequest(input: PriceRequestInput): PricedRequest {
  const entry = catalogueEntry(input.model);
  const provider = entry.provider;
  const audioMs = wholeNonNegative(input.audioMs, 'audioMs');
  const audioSeconds = Number(audioMs) / 1000;
  const { usage } = input;

  if (usage?.type === 'tokens' && entry.billing.kind === 'tokens') {
    const prices = entry.billing.microsPerMillion;
    const inputTokens = wholeNonNegative(usage.input_tokens, 'input_tokens');
    const outputTokens = wholeNonNegative(usage.output_tokens, 'output_tokens');
    const textIn = wholeNonNegative(usage.input_token_details?.text_tokens ?? 0, 'text_tokens');
    const audioReported = wholeNonNegative(usage.input_token_details?.audio_tokens ?? 0, 'audio_tokens');
    const unsplit = inputTokens > audioReported + textIn ? inputTokens - audioReported - textIn : 0n;
    const audioIn = audioReported + unsplit;
    const numerator =
      audioIn * BigInt(prices.audioIn) + textIn * BigInt(prices.textIn) + outputTokens * BigInt(prices.textOut);
    return {
      billed: {
        type: 'tokens',
        audioInputTokens: Number(audioIn),
        textInputTokens: Number(textIn),
        outputTokens: Number(outputTokens),
      },
      billedSeconds: audioSeconds,
      costMicros: divideRoundHalfUp(numerator, TOKENS_PER_MILLION),
      provider,
      priceKnown: true,
    };
  }

  const priceKnown =
    entry.billing.kind !== 'custom' ||
    (input.customMicrosPerMinute !== null && input.customMicrosPerMinute !== undefined);
  const { microsPerHour, minimumMs } = durationPriced(entry.billing, input.customMicrosPerMinute ?? 0);
  let measuredMs = audioMs;
  if (usage?.type === 'duration') {
    if (!Number.isFinite(usage.seconds) || usage.seconds < 0)
      throw new RangeError(`usage.seconds is not valid: ${usage.seconds}`);
    measuredMs = BigInt(Math.round(usage.seconds * 1000));
  }
  // BigInt: Math.max does not take bigints.
  // biome-ignore lint/complexity/useMathMinMax: bigint operands.
  const billedMs = measuredMs > minimumMs ? measuredMs : minimumMs;
  return {
    billed: { type: 'duration', seconds: Number(billedMs) / 1000 },
    billedSeconds: Number(billedMs) / 1000,
    costMicros: durationCost(billedMs, microsPerHour),
    provider,
    priceKnown,
  };
}

/** What `audioMs` costs (or would have cost) on a model, for budget authorisation and what-if comparisons. */
export function estimateCostMicros(model: string, audioMs: number, customMicrosPerMinute = 0): number {
  return priceRequest({ model, audioMs, customMicrosPerMinute }).costMicros;
}

/** Per-minute price used for estimates, in micro-dollars (rounded); for display in the model picker. */
export function estimateMicrosPerMinute(model: string, customMicrosPerMinute = 0): number {
  const { microsPerHour } = durationPriced(catalogueEntry(model).billing, customMicrosPerMinute);
  return divideRoundHalfUp(microsPerHour, 60n);
}
