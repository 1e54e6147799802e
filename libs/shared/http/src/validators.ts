import { isUUID, registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';
import { isIsoDate, isValidCpvCode, isValidCpvPrefix } from '@buendel/domain';
import { eachFails } from '@buendel/errors';

/** a real calendar date written YYYY-MM-DD */
export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a date written YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => isIsoDate(value) },
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
