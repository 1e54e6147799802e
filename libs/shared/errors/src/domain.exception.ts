import { FieldError } from './problem';

/** The HTTP-independent kinds of failure a domain service can report. */
export enum ErrorKind {
  Validation = 'validation',
  NotFound = 'not-found',
  Conflict = 'conflict',
  Forbidden = 'forbidden',
  Unauthorized = 'unauthorized',
  Gone = 'gone',
  TooManyRequests = 'too-many-requests',
  Unprocessable = 'unprocessable',
  UnsupportedMediaType = 'unsupported-media-type',
  PayloadTooLarge = 'payload-too-large',
}

/**
 * Base of every domain exception. `code` is a stable machine-readable string
 * (e.g. `DEMAND_NOT_EDITABLE`); the filter maps `kind` to the HTTP status in one place.
 */
export class DomainException extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundException extends DomainException {
  constructor(what: string, id?: string) {
    super(ErrorKind.NotFound, 'NOT_FOUND', id ? `${what} ${id} was not found` : `${what} was not found`);
  }
}

export class ValidationException extends DomainException {
  constructor(errors: FieldError[], message = 'The request has invalid fields') {
    super(ErrorKind.Validation, 'VALIDATION_FAILED', message, errors);
  }
}

export class ConflictException extends DomainException {
  constructor(code: string, message: string, extensions?: Record<string, unknown>) {
    super(ErrorKind.Conflict, code, message, undefined, extensions);
  }
}

export class ForbiddenException extends DomainException {
  constructor(code: string, message: string) {
    super(ErrorKind.Forbidden, code, message);
  }
}
