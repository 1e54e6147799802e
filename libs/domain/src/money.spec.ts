import fc from 'fast-check';
import { InvalidInputError } from './errors';
import {
  centsToEur,
  eurToCents,
  formatScaled,
  lineValueCents,
  milliToQuantity,
  parseScaled,
  quantityToMilli,
  sumCents,
} from './money';

describe('money and quantities', () => {
  it('converts EUR to cents exactly, from numbers and strings', () => {
    expect(eurToCents(19.99)).toBe(1999);
    expect(eurToCents('19.99')).toBe(1999);
    expect(eurToCents(0.1)).toBe(10);
    expect(eurToCents('216000')).toBe(21_600_000);
    expect(eurToCents(' 1.5 ')).toBe(150);
    expect(eurToCents(0)).toBe(0);
  });

  it('rejects more than two decimals, negatives, garbage and non-finite numbers', () => {
    expect(() => eurToCents(0.1 + 0.2)).toThrow(InvalidInputError);
    expect(() => eurToCents('1.234')).toThrow(/at most 2 decimal places/);
    expect(() => eurToCents(-1)).toThrow(/non-negative/);
    expect(() => eurToCents('12,50')).toThrow(InvalidInputError);
    expect(() => eurToCents(Number.NaN)).toThrow(/finite/);
    expect(() => eurToCents(1e21)).toThrow(InvalidInputError);
    expect(() => eurToCents('99999999999999999999')).toThrow(/too large/);
  });

  it('converts cents back to EUR numbers with two decimals', () => {
    expect(centsToEur(123456)).toBe(1234.56);
    expect(centsToEur(5)).toBe(0.05);
    expect(() => centsToEur(1.5)).toThrow(InvalidInputError);
  });

  it('round-trips any cent amount through EUR', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), (cents) => {
        expect(eurToCents(centsToEur(cents))).toBe(cents);
      }),
    );
  });

  it('handles quantities with up to three decimals as thousandths', () => {
    expect(quantityToMilli('12.345')).toBe(12345);
    expect(quantityToMilli(3)).toBe(3000);
    expect(quantityToMilli(0.001)).toBe(1);
    expect(milliToQuantity(12345)).toBe(12.345);
    expect(() => quantityToMilli('1.0001')).toThrow(/at most 3 decimal places/);
  });

  it('formats scaled integers without trailing zeros', () => {
    expect(formatScaled(12345, 3)).toBe('12.345');
    expect(formatScaled(12500, 3)).toBe('12.5');
    expect(formatScaled(12000, 3)).toBe('12');
    expect(formatScaled(5, 3)).toBe('0.005');
    expect(formatScaled(0, 2)).toBe('0');
    expect(parseScaled(formatScaled(987654321, 3), 3, 'q')).toBe(987654321);
  });

  it('computes line values exactly and rounds half up to whole cents', () => {
    expect(lineValueCents(3000, '19.99')).toBe(5997);
    expect(lineValueCents(2500, '1.99')).toBe(498); // 4.975 -> 4.98
    expect(lineValueCents(1000, '0.2345')).toBe(23); // 0.2345 -> 0.23
    expect(lineValueCents(1000, '0.2350')).toBe(24); // 0.235 -> 0.24 (half up)
    expect(lineValueCents(120_000_000, '0.3012')).toBe(3_614_400); // 120,000 kWh
    expect(lineValueCents(0, 99)).toBe(0);
    expect(() => lineValueCents(1000, '0.12345')).toThrow(/4 decimal places/);
    expect(() => lineValueCents(-1, 1)).toThrow(InvalidInputError);
  });

  it('sums cents exactly and guards the safe range', () => {
    expect(sumCents([1, 2, 3])).toBe(6);
    expect(sumCents([])).toBe(0);
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(/too large/);
    expect(() => sumCents([1.5])).toThrow(InvalidInputError);
  });
});
