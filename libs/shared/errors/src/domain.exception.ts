import { FieldError } from './problem';

/** The HTTP-independent kinds of failure a domain service can report; the filter maps each to a status. */
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

/** The kind of every code of one code enum: a `Record`, so that a code without a kind does not compile. */
export type ErrorKinds<C extends string> = Readonly<Record<C, ErrorKind>>;

export interface ErrorDetails {
  /** one entry per bad field, with its reason */
  errors?: FieldError[];
  /** extra members of the problem details (e.g. the id of the object in the way) */
  extensions?: Record<string, unknown>;
  /** the detail in German for this case, where the code's German (see exceptionsFor) says too little */
  de?: string;
}

/** The German detail of every code of one code enum: a `Record`, so that a code without German does not compile. */
export type ErrorsInGerman<C extends string> = Readonly<Record<C, string>>;

/**
 * The one exception of the domain services, over the code enum of its context
 * (`DomainException<BundlingErrorCode>`). `code` is a stable machine-readable string
 * (e.g. `DEMAND_NOT_EDITABLE`); its kind comes from the context's `ErrorKinds` table, and the
 * filter maps the kind to the HTTP status in one place. Make them with `exceptionsFor(kinds)`.
 */
export class DomainException<C extends string = string> extends Error {
  readonly errors?: FieldError[];
  readonly extensions?: Record<string, unknown>;
  /** the detail for a reader of German (the web app asks with Accept-Language: de) */
  readonly germanDetail?: string;

  constructor(
    readonly kind: ErrorKind,
    readonly code: C,
    message: string,
    details: ErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.errors = details.errors;
    this.extensions = details.extensions;
    this.germanDetail = details.de;
  }
}

/**
 * The factory of one context's exceptions: `bundlingError(BundlingErrorCode.BundleNotOpen, 'The bundle ...')`.
 * `message` is English; the German detail is the throw's `details.de` where it words the case more
 * precisely, else the code's German (`german`). Nothing else decides the language of a detail.
 */
export function exceptionsFor<C extends string>(kinds: ErrorKinds<C>, german: ErrorsInGerman<C>) {
  return (code: C, message: string, details: ErrorDetails = {}): DomainException<C> =>
    new DomainException(kinds[code], code, message, { ...details, de: details.de ?? german[code] });
}

/**
 * The codes of one code enum whose German detail is missing or blank, and the German entries of no
 * code: what each context's unit test expects to be empty (the `Record` types catch a missing key
 * at compile time, not an empty text or a table built with a cast).
 */
export function codesWithoutGerman<C extends string>(kinds: ErrorKinds<C>, german: ErrorsInGerman<C>): string[] {
  const codes = Object.keys(kinds);
  const missing = codes.filter((code) => {
    const text = (german as Record<string, unknown>)[code];
    return typeof text !== 'string' || !text.trim();
  });
  return [...missing, ...Object.keys(german).filter((code) => !codes.includes(code))];
}

/** Codes that every context uses. */
export enum CommonErrorCode {
  NotFound = 'NOT_FOUND',
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  /** a valid credential of a user who was deactivated, deleted or changed since it was issued */
  TokenRevoked = 'TOKEN_REVOKED',
  RoleNotAllowed = 'ROLE_NOT_ALLOWED',
  AccessNotDeclared = 'ACCESS_NOT_DECLARED',
  /** a change through a browser session without the session's CSRF token */
  CsrfTokenInvalid = 'CSRF_TOKEN_INVALID',
}

export const COMMON_ERROR_KINDS: ErrorKinds<CommonErrorCode> = {
  [CommonErrorCode.NotFound]: ErrorKind.NotFound,
  [CommonErrorCode.ValidationFailed]: ErrorKind.Validation,
  [CommonErrorCode.Unauthenticated]: ErrorKind.Unauthorized,
  [CommonErrorCode.TokenRevoked]: ErrorKind.Unauthorized,
  [CommonErrorCode.RoleNotAllowed]: ErrorKind.Forbidden,
  [CommonErrorCode.AccessNotDeclared]: ErrorKind.Forbidden,
  [CommonErrorCode.CsrfTokenInvalid]: ErrorKind.Forbidden,
};

export const COMMON_ERRORS_DE: ErrorsInGerman<CommonErrorCode> = {
  [CommonErrorCode.NotFound]: 'Das Gesuchte wurde nicht gefunden.',
  [CommonErrorCode.ValidationFailed]: 'Die Anfrage enthält ungültige Felder.',
  [CommonErrorCode.Unauthenticated]: 'Bitte melden Sie sich an.',
  [CommonErrorCode.TokenRevoked]: 'Ihre Anmeldung gilt nicht mehr. Bitte melden Sie sich erneut an.',
  [CommonErrorCode.RoleNotAllowed]: 'Diese Aktion ist für Ihre Rolle nicht vorgesehen.',
  [CommonErrorCode.AccessNotDeclared]: 'Dieser Aufruf ist für niemanden freigegeben.',
  [CommonErrorCode.CsrfTokenInvalid]: 'Die Sitzung konnte nicht bestätigt werden. Bitte laden Sie die Seite neu.',
};

export const commonError = exceptionsFor(COMMON_ERROR_KINDS, COMMON_ERRORS_DE);

/** a missing row, or one the caller may not see (404) */
export class NotFoundException extends DomainException<CommonErrorCode> {
  constructor(what: string, id?: string) {
    super(
      COMMON_ERROR_KINDS[CommonErrorCode.NotFound],
      CommonErrorCode.NotFound,
      id ? `${what} ${id} was not found` : `${what} was not found`,
    );
  }
}

/** bad input: every bad field with its reason (400); `de` words the message in German where the code's German says too little */
export class ValidationException extends DomainException<CommonErrorCode> {
  constructor(errors: FieldError[], message = 'The request has invalid fields', de?: string) {
    super(COMMON_ERROR_KINDS[CommonErrorCode.ValidationFailed], CommonErrorCode.ValidationFailed, message, {
      errors,
      ...(de === undefined ? {} : { de }),
    });
  }
}
