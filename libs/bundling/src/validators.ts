import { registerDecorator, ValidationOptions } from 'class-validator';
import { isIsoDate, isValidCpvPrefix } from '@buendel/domain';

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
