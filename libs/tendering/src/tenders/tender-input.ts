import { collectedFieldErrors, FieldError, isFieldWithin, ValidationException } from '@buendel/errors';
import { invalidTender } from '../tendering.exception';

/**
 * A body and the fields its validation refused (kept by the pipe, CollectFieldErrors): a field
 * with a refused part (a tender's lot, a criterion's rule) is left out of the domain's checks as a
 * whole, so that a refused value is looked up nowhere and named once.
 */
export function checkableBody<T extends object>(body: T): { dto: T; invalid: FieldError[] } {
  const invalid = collectedFieldErrors(body);
  if (invalid.length === 0) return { dto: body, invalid };
  const dto: T = { ...body };
  for (const key of Object.keys(dto) as Array<keyof T & string>) {
    if (invalid.some((e) => isFieldWithin(e.field, key))) delete dto[key];
  }
  return { dto, invalid };
}

/**
 * The refusal of a draft: the fields the validation refused and the domain's problems of the
 * others in one 400 (INVALID_TENDER; the refused fields alone stay VALIDATION_FAILED), or none.
 */
export function tenderRefusal(message: string, invalid: FieldError[], problems: FieldError[]): Error | undefined {
  if (problems.length) return invalidTender(message, [...invalid, ...problems]);
  return invalid.length ? new ValidationException(invalid) : undefined;
}

/** a refusal of the tender's or bundle's state, or the validation's when the body had bad fields (as the pipe did) */
export function orInvalid(invalid: FieldError[], refusal: unknown): unknown {
  return invalid.length ? new ValidationException(invalid) : refusal;
}
