import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationException } from './domain.exception';
import { FieldError } from './problem';

const EACH = /^each\[([\d,]+)\]: ([\s\S]*)$/;

/** The message of a check of every element that failed at these positions (see IsEach). */
export function eachFails(positions: number[], reason: string): string {
  return `each[${positions.join(',')}]: ${reason}`;
}

/** Flattens class-validator errors into one entry per field and reason; element checks name the position. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const reason of Object.values(error.constraints ?? {})) {
      // class-validator's default messages start with the property name, which `field` gives already
      const each = EACH.exec(reason);
      if (each) {
        for (const position of (each[1] ?? '').split(','))
          out.push({ field: `${field}.${position}`, reason: each[2] ?? '' });
        continue;
      }
      // (not a RegExp of the property: an unknown field may be named `+1(` or anything else)
      const unprefixed = reason.replace(/^property \S+ /, '');
      out.push({
        field,
        reason: unprefixed.startsWith(`${error.property} `) ? unprefixed.slice(error.property.length + 1) : unprefixed,
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** The global pipe: strips nothing silently; unknown fields and every bad field are reported. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationException(flattenValidationErrors(errors)),
  });
}
