import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsDecimalNumber, Trim } from '@buendel/http';
import { AddressDto } from './register-supplier.dto';
import { NormaliseEmail } from './validators';

export const COMPANY_SIZES = ['micro', 'small', 'medium', 'large'] as const;

/**
 * What public notices (eForms) name of an organisation: the postal address, the procurement
 * office as contact point with e-mail and telephone, the website, and a supplier's size.
 */
export class UpdateOrganisationContactDto {
  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ example: 'Zentrale Vergabestelle' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  contactName?: string;

  @ApiPropertyOptional({ example: 'vergabe@landkreis-zwickau.de' })
  @IsOptional()
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  contactEmail?: string;

  @ApiPropertyOptional({
    example: '+49 375 4402-0',
    description: 'digits, spaces, hyphens, a leading + (eForms BT-503)',
  })
  @IsOptional()
  @Trim()
  @Matches(/^((\(\+?[0-9]+\))|\+?[0-9]+)( - |-| )?(((\([0-9]+\))|[0-9]+)( - |-| )?)*([0-9]+)( )?$/, {
    message: 'must be a telephone number of digits, spaces and hyphens with an optional leading +, e.g. +49 375 4402-0',
  })
  @MaxLength(40)
  contactPhone?: string;

  @ApiPropertyOptional({ example: 'https://www.landkreis-zwickau.de' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http(s) address' })
  @MaxLength(400)
  website?: string;

  @ApiPropertyOptional({
    example: 'DED41',
    description: 'suppliers only: the NUTS-3 region of the address (eForms BT-507)',
  })
  @IsOptional()
  @Matches(/^[A-Z]{2}[A-Z0-9]{3}$/, { message: 'must be a NUTS-3 code, e.g. DED41' })
  nuts3?: string;

  @ApiPropertyOptional({ enum: COMPANY_SIZES, description: 'suppliers only (eForms BT-165)' })
  @IsOptional()
  @IsIn(COMPANY_SIZES, { message: `must be one of ${COMPANY_SIZES.join(', ')}` })
  companySize?: (typeof COMPANY_SIZES)[number];
}

/** A public body's rule for the mandate to join: above this value a join needs its council's or mayor's decision. */
export class JoinMandateRuleDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 100000,
    description:
      'net EUR: a join to a bundle worth more needs a decision of the council or mayor and is provisional until it is ' +
      'recorded; null: no mandate needed',
  })
  @IsDefined()
  @ValidateIf((_, value) => value !== null)
  @IsDecimalNumber(2, { message: 'must be an amount with at most 2 decimals' })
  @Min(0)
  @Max(1_000_000_000_000)
  aboveEur!: number | null;
}
