import { catalogueEntry, estimateCostMicros } from '../pricing/catalogue';

/**
 * The most a request can cost, for "block at limit". Duration replies may bill a rounded-up second, so one
 * second is added; token-billed models depend on how much text comes back, so their per-minute estimate is doubled.
 */
export function upperBoundMicros(model: string, audioMs: number, customMicrosPerMinute = 0): number {
  const padded = estimateCostMicros(model, Math.max(0, Math.round(audioMs)) + 1000, customMicrosPerMinute);
  return catalogueEntry(model).billing.kind === 'tokens' ? padded * 2 : padded;
}
