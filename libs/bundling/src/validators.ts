import { registerDecorator, ValidationOptions } from 'class-validator';
import { isIsoDate } from '@buendel/domain';

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
