import { DomainException, ErrorKind, ErrorKinds, ErrorsInGerman, exceptionsFor } from '@buendel/errors';

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

export const IDENTITY_ERROR_KINDS: ErrorKinds<IdentityErrorCode> = {
  [IdentityErrorCode.InvalidCredentials]: ErrorKind.Unauthorized,
  [IdentityErrorCode.TooManyLoginAttempts]: ErrorKind.TooManyRequests,
  [IdentityErrorCode.AlreadyRegistered]: ErrorKind.Conflict,
  [IdentityErrorCode.EmailTaken]: ErrorKind.Conflict,
  [IdentityErrorCode.RoleDoesNotFitOrganisation]: ErrorKind.Validation,
  [IdentityErrorCode.CannotCoordinate]: ErrorKind.Validation,
  [IdentityErrorCode.UnknownDistrict]: ErrorKind.Validation,
};

export type IdentityException = DomainException<IdentityErrorCode>;
export const IDENTITY_ERRORS_DE: ErrorsInGerman<IdentityErrorCode> = {
  [IdentityErrorCode.InvalidCredentials]: 'E-Mail-Adresse oder Passwort ist falsch.',
  [IdentityErrorCode.TooManyLoginAttempts]:
    'Zu viele fehlgeschlagene Anmeldungen. Bitte warten Sie, bevor Sie es erneut versuchen.',
  [IdentityErrorCode.AlreadyRegistered]: 'Diese Organisation ist bereits registriert.',
  [IdentityErrorCode.EmailTaken]: 'Es gibt bereits ein Konto mit dieser E-Mail-Adresse.',
  [IdentityErrorCode.RoleDoesNotFitOrganisation]: 'Diese Rolle passt nicht zur Art der Organisation.',
  [IdentityErrorCode.CannotCoordinate]: 'Diese Organisation kann keine Landkreise koordinieren.',
  [IdentityErrorCode.UnknownDistrict]: 'Mindestens ein Kreisschlüssel ist unbekannt.',
};

export const identityError = exceptionsFor(IDENTITY_ERROR_KINDS, IDENTITY_ERRORS_DE);

/** one answer for an unknown e-mail, a wrong password and an inactive user */
export function invalidCredentials(): IdentityException {
  return identityError(IdentityErrorCode.InvalidCredentials, 'E-mail or password is wrong');
}

export function tooManyLoginAttempts(retryAfterSeconds: number): IdentityException {
  return identityError(
    IdentityErrorCode.TooManyLoginAttempts,
    'Too many failed logins; please wait before trying again',
    { extensions: { retryAfterSeconds } },
  );
}
