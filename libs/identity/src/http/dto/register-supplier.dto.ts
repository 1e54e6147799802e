import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsISO31661Alpha2,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  IsGermanVatId,
  IsPostalCodeForCountry,
  IsUserName,
  NormaliseEmail,
  NormaliseVatId,
  USER_NAME_MAX_LENGTH,
} from './validators';
import { Trim } from '@buendel/http';
import { OrganisationView, UserDetailView } from '../../views';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export class AddressDto {
  @ApiProperty({ example: 'Hauptstraße 1' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  street!: string;

  @ApiProperty({ example: '08056', description: 'five digits for DE' })
  @Trim()
  @IsString()
  @IsPostalCodeForCountry()
  postalCode!: string;

  @ApiProperty({ example: 'Zwickau' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city!: string;

  @ApiProperty({ example: 'DE', description: 'ISO 3166-1 alpha-2' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @IsISO31661Alpha2({ message: 'must be an ISO 3166-1 alpha-2 country code, e.g. DE' })
  country!: string;
}

export class RegisterSupplierDto {
  @ApiProperty({ example: 'Muster Büromöbel GmbH' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  companyName!: string;

  @ApiProperty({ example: 'DE136695976', description: 'German USt-IdNr (DE and nine digits, check digit verified)' })
  @NormaliseVatId()
  @IsString()
  @IsGermanVatId()
  vatId!: string;

  @ApiProperty({ type: AddressDto })
  @IsDefined()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;

  @ApiProperty({ example: 'Erika Mustermann' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  contactName!: string;

  @ApiPropertyOptional({
    example: 'Erika Mustermann',
    maxLength: USER_NAME_MAX_LENGTH,
    description: "the registering person's display name; the contact name if not given",
  })
  @IsOptional()
  @IsUserName()
  name?: string;

  @ApiProperty({ example: 'vertrieb@muster-bueromoebel.de' })
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class SupplierRegistrationResponse {
  @ApiProperty({ type: OrganisationView }) organisation!: OrganisationView;
  @ApiProperty({ type: UserDetailView }) user!: UserDetailView;
}
