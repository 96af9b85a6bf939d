import { describe, it, expect } from 'vitest';
import { divideRoundHalfUp, formatUsd, microsToUsd, usdToMicros } from '../../../src-shared/money';

describe('usdToMicros / microsToUsd', () => {
  it('converts typed dollar amounts to exact integer micro-dollars', () => {
    expect(usdToMicros(0.0045)).toBe(4500);
    expect(usdToMicros(1.23)).toBe(1_230_000);
    expect(usdToMicros(0.1 + 0.2)).toBe(300_000);
    expect(usdToMicros(0)).toBe(0);
    expect(usdToMicros(0.0000005)).toBe(1);
  });

  it('refuses amounts that are not numbers', () => {
    expect(() => usdToMicros(Number.NaN)).toThrow(RangeError);
    expect(() => usdToMicros(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('converts back for display', () => {
    expect(microsToUsd(6000)).toBe(0.006);
    expect(microsToUsd(usdToMicros(12.5))).toBe(12.5);
  });
});

describe('divideRoundHalfUp', () => {
  it('rounds once, half up', () => {
    expect(divideRoundHalfUp(1234n, 10n)).toBe(123);
    expect(divideRoundHalfUp(1235n, 10n)).toBe(124);
    expect(divideRoundHalfUp(0n, 7n)).toBe(0);
  });
});

describe('formatUsd', () => {
  it('shows a single dictation’s fraction of a cent with four decimals', () => {
    expect(formatUsd(6000, 'en')).toBe('$0.0060');
    expect(formatUsd(1000, 'en')).toBe('$0.0010');
    expect(formatUsd(5550, 'en')).toBe('$0.0056');
  });

  it('keeps tiny non-zero amounts visible instead of showing $0.0000', () => {
    expect(formatUsd(11, 'en')).toBe('$0.000011');
    expect(formatUsd(49, 'en')).toBe('$0.000049');
    expect(formatUsd(50, 'en')).toBe('$0.0001');
  });

  it('shows dollars and up with cents and thousands separators', () => {
    expect(formatUsd(1_230_000, 'en')).toBe('$1.23');
    expect(formatUsd(1_234_999, 'en')).toBe('$1.23');
    expect(formatUsd(1_235_000, 'en')).toBe('$1.24');
    expect(formatUsd(1_234_567_890, 'en')).toBe('$1,234.57');
    expect(formatUsd(0, 'en')).toBe('$0.00');
    expect(formatUsd(-6000, 'en')).toBe('-$0.0060');
  });

  it('uses Persian digits and separators in Persian', () => {
    expect(formatUsd(6000, 'fa')).toBe('۰٫۰۰۶۰ $');
    expect(formatUsd(1_234_567_890, 'fa')).toBe('۱٬۲۳۴٫۵۷ $');
  });

  it('refuses fractional micro-dollars, which would mean float money slipped in', () => {
    expect(() => formatUsd(0.5, 'en')).toThrow(RangeError);
  });
});
