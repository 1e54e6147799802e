import { ArgumentMetadata, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { compiledCheckOf } from './compiled-validation';
import { ValidationException } from './domain.exception';
import { FieldError } from './problem';

/** constraint names whose code says more under another name */
const CODE_OF: Record<string, string> = { whitelistValidation: 'UNKNOWN_FIELD', isDefined: 'REQUIRED' };

/** the stable code of a class-validator constraint: `maxLength` -> `MAX_LENGTH` */
export function fieldErrorCode(constraint: string): string {
  return CODE_OF[constraint] ?? constraint.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** the parameters of a constraint that a reason names (a length, a bound, the allowed values) */
function paramsOf(
  target: object | undefined,
  property: string,
  constraint: string,
): Record<string, unknown> | undefined {
  if (!target) return undefined;
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && (m.name ?? m.type) === constraint);
  const c = meta?.constraints as unknown[] | undefined;
  if (!c) return undefined;
  switch (constraint) {
    case 'maxLength':
    case 'max':
    case 'arrayMaxSize':
      return { max: c[0] };
    case 'minLength':
    case 'min':
    case 'arrayMinSize':
      return { min: c[0] };
    case 'length':
    case 'isLength':
      return c[1] === undefined ? { min: c[0] } : { min: c[0], max: c[1] };
    case 'isIn':
      return { values: c[0] };
    case 'isEnum':
      return { values: Object.values(c[0] as object) };
    case 'isNumber': {
      const places = (c[0] as { maxDecimalPlaces?: number } | undefined)?.maxDecimalPlaces;
      return places === undefined ? undefined : { maxDecimalPlaces: places };
    }
    default:
      return undefined;
  }
}

function withCode(error: FieldError, constraint: string, params: Record<string, unknown> | undefined): FieldError {
  return { ...error, code: fieldErrorCode(constraint), ...(params ? { params } : {}) };
}

/** the reason of a field that is not given (absent or null); its German is "muss angegeben werden" */
export const REQUIRED_REASON = 'is required';

/**
 * A field of the body or query that is not given (absent or `null`) but must be: one error saying
 * so (code REQUIRED), not the reasons of its format ("must be a number") that no value can meet
 * yet. A reason the DTO words for a missing field (`@IsDefined({ message })`) is kept. Not for an
 * unknown field (its value is there) nor for an element of a list (`prices.0` of null is a wrong
 * element, not a missing field).
 */
function missingFieldError(error: ValidationError, field: string): FieldError | undefined {
  const constraints = error.constraints ?? {};
  if (!Object.keys(constraints).length || 'whitelistValidation' in constraints) return undefined;
  const target = error.target as Record<string, unknown> | undefined;
  if (!target || Array.isArray(target) || !(target[error.property] === undefined || target[error.property] === null))
    return undefined;
  const worded = constraints['isDefined'];
  return { field, reason: worded ?? REQUIRED_REASON, code: fieldErrorCode('isDefined') };
}

const EACH = /^each\[([\d,]+)\]: ([\s\S]*)$/;

/** The message of a check of every element that failed at these positions (see IsEach). */
export function eachFails(positions: number[], reason: string): string {
  return `each[${positions.join(',')}]: ${reason}`;
}

/**
 * Flattens class-validator errors into one entry per field and reason, each with the stable code
 * of its constraint and the parameters its reason names; element checks name the position.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const missing = missingFieldError(error, field);
    if (missing) {
      out.push(missing);
      continue;
    }
    for (const [constraint, reason] of Object.entries(error.constraints ?? {})) {
      const params = paramsOf(error.target, error.property, constraint);
      // class-validator's default messages start with the property name, which `field` gives already
      const each = EACH.exec(reason);
      if (each) {
        for (const position of (each[1] ?? '').split(','))
          out.push(withCode({ field: `${field}.${position}`, reason: each[2] ?? '' }, constraint, params));
        continue;
      }
      // (not a RegExp of the property: an unknown field may be named `+1(` or anything else)
      const unprefixed = reason.replace(/^property \S+ /, '');
      const text = unprefixed.startsWith(`${error.property} `)
        ? unprefixed.slice(error.property.length + 1)
        : unprefixed;
      out.push(withCode({ field, reason: text }, constraint, params));
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

const COLLECTING = new WeakSet<object>();
const COLLECTED = new WeakMap<object, FieldError[]>();

/**
 * Marks a body DTO whose bad fields do not end the request in the pipe: the handler gets the body
 * (an instance of the DTO, as class-transformer made it) with its field errors
 * (`collectedFieldErrors`), so that the domain's checks can run on the fields that are valid and
 * one 400 names every bad field, not the validation's first and the domain's on the next try.
 * The handler must refuse whenever there are any.
 */
export function CollectFieldErrors(): ClassDecorator {
  return (target) => {
    COLLECTING.add(target);
  };
}

/** the field errors the pipe found in a body marked @CollectFieldErrors() (none: it is valid) */
export function collectedFieldErrors(dto: object): FieldError[] {
  return COLLECTED.get(dto) ?? [];
}

/** a field error's field is `root` or inside it (`prices.0.itemId` is inside `prices.0` and `prices`) */
export function isFieldWithin(field: string, root: string): boolean {
  return field === root || field.startsWith(`${root}.`);
}

/**
 * The ValidationPipe, with the valid case of a DTO marked @CompiledValidation() checked by its
 * compiled check; whatever that check does not pass goes through class-validator as before.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query') {
      const passed = compiledCheckOf(metadata.metatype)?.(value);
      if (passed) return passed;
    }
    if (metadata.type === 'body' && typeof metadata.metatype === 'function' && COLLECTING.has(metadata.metatype)) {
      return this.collecting(value, metadata, metadata.metatype as new () => object);
    }
    return super.transform(value, metadata);
  }

  /** a body of a DTO marked @CollectFieldErrors(): its instance with the field errors beside it, or the refusal of what is no object */
  private async collecting(value: unknown, metadata: ArgumentMetadata, type: new () => object): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (e) {
      if (!(e instanceof ValidationException) || typeof value !== 'object' || value === null || Array.isArray(value))
        throw e;
      const dto = plainToInstance(type, value, VALIDATION_PIPE_OPTIONS.transformOptions);
      COLLECTED.set(dto, e.errors ?? []);
      return dto;
    }
  }
}

/** the global pipe's options: strips nothing silently; unknown fields and every bad field are reported */
export const VALIDATION_PIPE_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  // the target lets flattenValidationErrors read a constraint's parameters; it never reaches the answer
  validationError: { target: true, value: false },
  exceptionFactory: (errors) => new ValidationException(flattenValidationErrors(errors)),
};

/** The global pipe (VALIDATION_PIPE_OPTIONS, and the compiled checks of the DTOs that have one). */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe(VALIDATION_PIPE_OPTIONS);
}
