import { DomainException, ErrorKind, FieldError } from '@buendel/errors';

/** Stable machine-readable codes of the identity module's errors. */
export enum IdentityErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  TooManyLoginAttempts = 'TOO_MANY_LOGIN_ATTEMPTS',
  AlreadyRegistered = 'ALREADY_REGISTERED',
  EmailTaken = 'EMAIL_TAKEN',
  RoleDoesNotFitOrganisation = 'ROLE_DOES_NOT_FIT_ORGANISATION',
  CannotCoordinate = 'ORGANISATION_CANNOT_COORDINATE',
  UnknownDistrict = 'UNKNOWN_DISTRICT',
}

export class IdentityException extends DomainException {
  constructor(
    kind: ErrorKind,
    code: IdentityErrorCode,
    message: string,
    errors?: FieldError[],
    extensions?: Record<string, unknown>,
  ) {
    super(kind, code, message, errors, extensions);
  }

  /** one answer for an unknown e-mail, a wrong password and an inactive user */
  static invalidCredentials(): IdentityException {
    return new IdentityException(
      ErrorKind.Unauthorized,
      IdentityErrorCode.InvalidCredentials,
      'E-mail or password is wrong',
    );
  }

  static tooManyLoginAttempts(retryAfterSeconds: number): IdentityException {
    return new IdentityException(
      ErrorKind.TooManyRequests,
      IdentityErrorCode.TooManyLoginAttempts,
      'Too many failed logins; please wait before trying again',
      undefined,
      { retryAfterSeconds },
    );
  }
}
