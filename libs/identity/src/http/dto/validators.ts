import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsNotEmpty,
  IsString,
  MaxLength,
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { Trim } from '@buendel/http';
import { germanVatIdProblem, normaliseVatId } from '../../rules/vat-id';

export const USER_NAME_MAX_LENGTH = 200;

/** a user's display name: text, trimmed, not empty, at most 200 characters */
export const IsUserName = () =>
  applyDecorators(Trim(), IsString(), IsNotEmpty(), MaxLength(USER_NAME_MAX_LENGTH)) as PropertyDecorator;

/** trims and lower-cases an e-mail address */
export const NormaliseEmail = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

export const NormaliseVatId = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseVatId(value) : value));

/** a German USt-IdNr with a correct check digit */
export function IsGermanVatId(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isGermanVatId',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && germanVatIdProblem(value) === undefined,
        defaultMessage: (args: ValidationArguments) =>
          typeof args.value === 'string' && germanVatIdProblem(args.value) === 'check-digit'
            ? 'has a wrong check digit (not a valid German VAT id)'
            : 'must be a German VAT id: DE and nine digits, e.g. DE136695976',
      },
    });
}

/** five digits when the sibling `country` is DE; 2 to 10 letters, digits, spaces or dashes elsewhere */
export function IsPostalCodeForCountry(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPostalCodeForCountry',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          if (typeof value !== 'string') return false;
          const country = (args.object as { country?: unknown }).country;
          return country === 'DE' ? /^\d{5}$/.test(value) : /^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$/.test(value);
        },
        defaultMessage: (args: ValidationArguments) =>
          (args.object as { country?: unknown }).country === 'DE'
            ? 'must be five digits for an address in Germany'
            : 'must be a postal code (2 to 10 letters, digits, spaces or dashes)',
      },
    });
}
