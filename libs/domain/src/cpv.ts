import { CPV_CHECK_DIGIT_EXCEPTIONS } from './cpv-check-digit-exceptions';
import { DomainRuleError } from './errors';

/**
 * CPV 2008 codes (Regulation (EC) 213/2008): eight digits and a check digit, `31440000-2`.
 * The digits are a hierarchy; trailing zeros mean "not specified": division `31`,
 * group `314`, class `3144`, category `31440`, subcategory up to eight digits.
 *
 * Check digit: each of the eight digits is weighted 3, 7, 1, 3, 7, 1, 3, 7 (left to right);
 * the check digit is the weighted sum modulo 10. Because every weight is coprime to 10, any
 * single changed digit changes the check digit. 8,922 of the 9,454 official codes follow
 * the formula; the other 532 carry a different published digit (the 2008 revision was not
 * computed consistently, see `CPV_CHECK_DIGIT_EXCEPTIONS`), and for those the published
 * digit is the valid one.
 */

export type CpvLevel = 'division' | 'group' | 'class' | 'category' | 'subcategory';
export type ContractNature = 'supplies' | 'services' | 'works';

/** A parsed CPV code. */
export interface CpvCode {
  /** canonical form `31440000-2` */
  code: string;
  /** the eight digits `31440000` */
  digits: string;
  checkDigit: number;
  /** significant digits (trailing zeros stripped, at least 2): `3144` */
  significant: string;
  level: CpvLevel;
}

/** Thrown for a malformed CPV code, a wrong check digit or a malformed prefix. */
export class InvalidCpvCodeError extends DomainRuleError {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super('INVALID_CPV_CODE', `Invalid CPV code "${input}": ${reason}`, { input });
  }
}

const WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7] as const;
const EXCEPTIONS: ReadonlyMap<string, number> = new Map(
  CPV_CHECK_DIGIT_EXCEPTIONS.map((code) => [code.slice(0, 8), Number(code[9])]),
);
const INPUT = /^(\d{8})(?:\s*-\s*(\d))?$/;
const PREFIX = /^\d{2,8}$/;

/** The check digit by the 7-3-1 formula alone (ignores the published exceptions). */
export function cpvCheckDigitByFormula(digits: string): number {
  if (!/^\d{8}$/.test(digits)) throw new InvalidCpvCodeError(digits, 'expected eight digits');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * WEIGHTS[i];
  return sum % 10;
}

/** The valid check digit for eight CPV digits: the published one for the known exceptions, else the formula. */
export function cpvCheckDigit(digits: string): number {
  return EXCEPTIONS.get(digits) ?? cpvCheckDigitByFormula(digits);
}

/**
 * Parses `31440000-2` or `31440000` (check digit optional, spaces around the hyphen
 * tolerated) and returns the canonical code; a given check digit must be correct.
 */
export function parseCpvCode(input: string): CpvCode {
  const match = INPUT.exec(input.trim());
  if (!match)
    throw new InvalidCpvCodeError(input, 'expected eight digits and an optional check digit, e.g. 31440000-2');
  const [, digits, given] = match;
  if (digits.startsWith('00')) throw new InvalidCpvCodeError(input, 'the division cannot be 00');
  const checkDigit = cpvCheckDigit(digits);
  if (given !== undefined && Number(given) !== checkDigit) {
    throw new InvalidCpvCodeError(input, `wrong check digit ${given}, expected ${checkDigit}`);
  }
  const significant = significantOf(digits);
  return { code: `${digits}-${checkDigit}`, digits, checkDigit, significant, level: cpvLevelOfPrefix(significant) };
}

/** Canonical `NNNNNNNN-D` form of a code given with or without its check digit; throws if invalid. */
export function normalizeCpvCode(input: string): string {
  return parseCpvCode(input).code;
}

/** True for a well-formed code in canonical form `NNNNNNNN-D` with the correct check digit. */
export function isValidCpvCode(code: string): boolean {
  if (!/^\d{8}-\d$/.test(code) || code.startsWith('00')) return false;
  return cpvCheckDigit(code.slice(0, 8)) === Number(code[9]);
}

/** Significant digits of a code: trailing zeros stripped, but at least two (`31000000-6` -> `31`). */
export function cpvSignificantDigits(code: string): string {
  return parseCpvCode(code).significant;
}

/** Hierarchy level from the number of significant digits (2 division, 3 group, 4 class, 5 category, 6-8 subcategory). */
export function cpvLevel(code: string): CpvLevel {
  return parseCpvCode(code).level;
}

/**
 * Normalises a CPV prefix: 2-8 digits, or a full code with check digit (meaning that code's
 * subtree). Trailing zeros are dropped (at least two digits remain), since a zero means
 * "level not specified": `3144`, `31440000` and `31440000-2` are the same prefix `3144`.
 */
export function normalizeCpvPrefix(prefix: string): string {
  const text = prefix.trim();
  if (text.includes('-')) return parseCpvCode(text).significant;
  if (!PREFIX.test(text)) throw new InvalidCpvCodeError(prefix, 'a prefix has 2 to 8 digits');
  if (text.startsWith('00')) throw new InvalidCpvCodeError(prefix, 'the division cannot be 00');
  return significantOf(text);
}

/** True for a well-formed prefix (see `normalizeCpvPrefix`). */
export function isValidCpvPrefix(prefix: string): boolean {
  try {
    normalizeCpvPrefix(prefix);
    return true;
  } catch {
    return false;
  }
}

/** True if `code` (with or without check digit) lies in the subtree of `prefix` (2-8 digits). */
export function isWithinPrefix(code: string, prefix: string): boolean {
  return parseCpvCode(code).digits.startsWith(normalizeCpvPrefix(prefix));
}

/** The code heading a prefix: `3144` -> `31440000-2`. */
export function cpvPrefixToCode(prefix: string): string {
  return normalizeCpvCode(normalizeCpvPrefix(prefix).padEnd(8, '0'));
}

/**
 * Contract nature by CPV convention: division 45 is works, divisions 50 and above are
 * services, the rest (03-44, 48) supplies. Mixed contracts need a human decision.
 */
export function cpvContractNature(code: string): ContractNature {
  const division = Number(parseCpvCode(code).digits.slice(0, 2));
  if (division === 45) return 'works';
  return division >= 50 ? 'services' : 'supplies';
}

function significantOf(digits: string): string {
  const stripped = digits.replace(/0+$/, '');
  return stripped.length >= 2 ? stripped : digits.slice(0, 2);
}

/** The level of a prefix of significant digits: 2 division, 3 group, 4 class, 5 category, 6-8 subcategory. */
export function cpvLevelOfPrefix(significant: string): CpvLevel {
  switch (significant.length) {
    case 2:
      return 'division';
    case 3:
      return 'group';
    case 4:
      return 'class';
    case 5:
      return 'category';
    default:
      return 'subcategory';
  }
}
