import { isISO8601, isUUID, registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';
import { DEMAND_DATE_YEARS, isIsoDate, isValidCpvCode, isValidCpvPrefix } from '@buendel/domain';
import { eachFails } from '@buendel/errors';

/** the years a date or instant of any field may lie in: year 0000 or 2207 for 2027 are typing mistakes */
export const DATE_YEARS = DEMAND_DATE_YEARS;
/** English, as every reason a DTO writes; its German is in the errors' table (messages-de.ts) */
const YEARS_REASON = `must lie between the years ${DATE_YEARS.from} and ${DATE_YEARS.to}`;
const inYears = (year: number) => year >= DATE_YEARS.from && year <= DATE_YEARS.to;

/** True for a real calendar date written YYYY-MM-DD in DATE_YEARS. */
export const isCalendarDateInYears = (value: unknown): value is string =>
  isIsoDate(value) && inYears(Number(value.slice(0, 4)));

/** True for an ISO 8601 instant (strict) that JavaScript reads, in DATE_YEARS. */
export function isInstantInYears(value: unknown): value is string {
  if (typeof value !== 'string' || !isISO8601(value, { strict: true })) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && inYears(new Date(ms).getUTCFullYear());
}

/** an ISO 8601 text whose year (YYYY or the expanded ±YYYYYY) is outside DATE_YEARS */
function writtenYearOutside(value: unknown): boolean {
  const m = typeof value === 'string' ? /^([+-]\d{6}|\d{4})-\d{2}/.exec(value) : null;
  return m !== null && !inYears(Number(m[1]));
}

/** a real calendar date written YYYY-MM-DD, between 1900 and 2200 */
export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: isCalendarDateInYears,
        defaultMessage: (args) =>
          isIsoDate(args?.value) ? YEARS_REASON : 'must be a date written YYYY-MM-DD (e.g. 2027-03-01)',
      },
    });
}

/** an instant in ISO 8601 (2027-01-20T12:00:00+01:00), between 1900 and 2200 */
export function IsInstant(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: isInstantInYears,
        defaultMessage: (args) =>
          writtenYearOutside(args?.value)
            ? YEARS_REASON
            : 'must be an ISO 8601 date and time (e.g. 2027-01-20T12:00:00+01:00)',
      },
    });
}

/** a CPV code prefix of 2 to 8 digits (not division 00), or a full code with its check digit */
export function IsCpvPrefix(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCpvPrefix',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a CPV prefix of 2 to 8 digits or a CPV code such as 34144900-7', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidCpvPrefix(value) },
    });
}

/** optional in a PATCH: absent (undefined) skips the field; `null` is validated, and so refused */
export const IsAbsentOrValid = () => ValidateIf((_: unknown, value: unknown) => value !== undefined);

/** a CPV code with its (published) check digit, e.g. 34144900-7 */
export function IsCpvCode(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCpvCode',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a CPV code with its check digit, such as 34144900-7', ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /-/.test(value) && isValidCpvCode(value),
      },
    });
}

/**
 * Checks every element of an array; the problem names each failing position (`demandIds.2`),
 * where class-validator's `each` would only name the array.
 */
export function IsEach(test: (value: unknown) => boolean, reason: string) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isEach',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || value.every(test),
        defaultMessage: (args) => {
          const values = Array.isArray(args?.value) ? (args.value as unknown[]) : [];
          return eachFails(
            values.flatMap((v, i) => (test(v) ? [] : [i])),
            reason,
          );
        },
      },
    });
}

export const isUuidValue = (value: unknown) => typeof value === 'string' && isUUID(value);

/** a predicate for IsEach: a string matching the pattern */
export const matching = (pattern: RegExp) => (value: unknown) => typeof value === 'string' && pattern.test(value);
export const isCpvPrefixValue = (value: unknown) => typeof value === 'string' && isValidCpvPrefix(value);

/**
 * A finite number with at most `places` decimals, by its value: class-validator's
 * `maxDecimalPlaces` reads the decimals off the text, so 7e-323 (no "." in it) passed and
 * broke the scaled-integer arithmetic behind it. Reported as `isNumber` with
 * `maxDecimalPlaces`, so that the field error's code and German reason stay the same.
 */
export function IsDecimalNumber(places: number, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isNumber',
      target: target.constructor,
      propertyName,
      constraints: [{ maxDecimalPlaces: places }],
      options: { message: `must be a number with at most ${places} decimals`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value,
      },
    });
}
