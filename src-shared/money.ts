import { toPersianDigits } from './persian/digits';

/** Micro-dollars in one US dollar. */
export const MICROS_PER_USD = 1_000_000;

/** Converts a dollar amount (as typed by a person) to integer micro-dollars, rounding half up. */
export function usdToMicros(usd: number): number {
  if (!Number.isFinite(usd)) throw new RangeError(`Not a dollar amount: ${usd}`);
  // Going through the decimal string avoids 0.0045 * 1e6 = 4500.000000000001 style drift.
  const [whole, fraction = ''] = Math.abs(usd).toFixed(7).split('.');
  const micros = divideRoundHalfUp(BigInt(whole + fraction), 10n);
  return usd < 0 ? -micros : micros;
}

/** Converts integer micro-dollars to dollars; for display and settings only, never for sums. */
export function microsToUsd(micros: number): number {
  return micros / MICROS_PER_USD;
}

/** Integer division of non-negative integers with one rounding, half up; exact for any size. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n || numerator < 0n)
    throw new RangeError('divideRoundHalfUp needs numerator ≥ 0 and denominator > 0');
  const quotient = (numerator * 2n + denominator) / (denominator * 2n);
  return Number(quotient);
}

/**
 * Formats micro-dollars for people: 2 decimals from $1 up ($1.23) and for zero, 4 below ($0.0060) so a single
 * dictation's
 * fraction of a cent stays visible, and 6 when 4 would show a non-zero amount as zero ($0.000011).
 * 'fa' uses Persian digits and separators with the sign after the number: "۰٫۰۰۶۰ $".
 */
export function formatUsd(micros: number, locale: 'fa' | 'en'): string {
  if (!Number.isInteger(micros)) throw new RangeError(`Money must be integer micro-dollars, got ${micros}`);
  const negative = micros < 0;
  const abs = Math.abs(micros);
  // From $0.99995 up, four decimals would print "1.0000"; switch to cents there.
  let decimals = abs >= MICROS_PER_USD - 50 || abs === 0 ? 2 : 4;
  if (abs > 0 && abs < 50) decimals = 6;
  const step = 10 ** (6 - decimals);
  const scaled = divideRoundHalfUp(BigInt(abs), BigInt(step));
  const digits = scaled.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  const groupSeparator = locale === 'fa' ? '\u066c' : ',';
  const decimalSeparator = locale === 'fa' ? '\u066b' : '.';
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, groupSeparator);
  const number = `${grouped}${decimalSeparator}${fraction}`;
  const sign = negative && scaled > 0 ? '-' : '';
  if (locale === 'fa') return `${sign}${toPersianDigits(number)} $`;
  return `${sign}$${number}`;
}
