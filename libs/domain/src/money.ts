import { InvalidInputError } from './errors';

/**
 * Money and quantities as scaled integers.
 *
 * - Money is carried as **integer euro cents** in a JS `number` that must be a safe integer
 *   (|x| <= 2^53 - 1, i.e. up to about EUR 90 trillion): additions and comparisons are exact,
 *   no floating-point drift. Only the edges (API, OCDS) convert to EUR numbers with two
 *   decimals (`centsToEur`).
 * - Quantities are carried as **integer thousandths** ("milli", `quantityMilli`): a quantity
 *   has at most three decimals (e.g. 12.345 t -> 12345).
 * - Unit prices may have up to four decimals (electricity in EUR/kWh); a line value
 *   (quantity x unit price) is rounded half up ("kaufmännisch") to whole cents once, in
 *   `lineValueCents`, with exact BigInt arithmetic.
 * All amounts and quantities in this domain are non-negative.
 */

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Parses a non-negative decimal (number or string) into an integer scaled by 10^scale; rejects extra decimals. */
export function parseScaled(value: number | string, scale: number, field: string): number {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new InvalidInputError(field, 'must be a finite number');
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new InvalidInputError(field, `must be a non-negative decimal number, got "${String(value)}"`);
  const [, whole, fraction = ''] = match;
  if (fraction.length > scale) {
    throw new InvalidInputError(field, `must have at most ${scale} decimal places, got "${String(value)}"`);
  }
  const scaled = Number(BigInt(whole + fraction.padEnd(scale, '0')));
  if (!Number.isSafeInteger(scaled)) throw new InvalidInputError(field, 'is too large');
  return scaled;
}

/** Formats an integer scaled by 10^scale as a plain decimal string without trailing zeros ("12.5"). */
export function formatScaled(scaled: number, scale: number): string {
  assertNonNegativeInteger(scaled, 'value');
  const text = String(scaled).padStart(scale + 1, '0');
  const whole = text.slice(0, text.length - scale);
  const fraction = text.slice(text.length - scale).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** Throws InvalidInputError unless `value` is a non-negative safe integer. */
export function assertNonNegativeInteger(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError(field, `must be a non-negative safe integer, got ${String(value)}`);
  }
}

/** EUR (at most 2 decimals, e.g. 19.99 or "19.99") to integer cents. */
export function eurToCents(eur: number | string, field = 'eur'): number {
  return parseScaled(eur, 2, field);
}

/** Integer cents to a EUR number with two decimals (for API output). */
export function centsToEur(cents: number): number {
  assertNonNegativeInteger(cents, 'cents');
  return cents / 100;
}

/** A quantity with at most 3 decimals to integer thousandths. */
export function quantityToMilli(quantity: number | string, field = 'quantity'): number {
  return parseScaled(quantity, 3, field);
}

/** Integer thousandths to a quantity number (for API output). */
export function milliToQuantity(quantityMilli: number): number {
  assertNonNegativeInteger(quantityMilli, 'quantityMilli');
  return quantityMilli / 1000;
}

/** Sums cents exactly; throws if the total leaves the safe-integer range. */
export function sumCents(values: readonly number[], field = 'cents'): number {
  let total = 0;
  for (const v of values) {
    assertNonNegativeInteger(v, field);
    total += v;
  }
  if (!Number.isSafeInteger(total)) throw new InvalidInputError(field, 'total is too large');
  return total;
}

/**
 * Value of a line in cents: quantity (thousandths) x unit price (EUR, at most 4 decimals),
 * computed exactly and rounded half up to a whole cent.
 */
export function lineValueCents(quantityMilli: number, unitPriceEur: number | string): number {
  assertNonNegativeInteger(quantityMilli, 'quantityMilli');
  const priceTenThousandths = BigInt(parseScaled(unitPriceEur, 4, 'unitPriceEur'));
  // quantity scale 3 x price scale 4 = scale 7; cents are scale 2 -> divide by 10^5, half up
  const cents = (BigInt(quantityMilli) * priceTenThousandths + 50_000n) / 100_000n;
  const result = Number(cents);
  if (!Number.isSafeInteger(result)) throw new InvalidInputError('estimatedValue', 'is too large');
  return result;
}
