import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Transform } from 'class-transformer';
import { ALL_ROLES, Role } from '@buendel/auth';
import { OrganisationType } from '@buendel/persistence';
import { IsUserName, NormaliseEmail, USER_NAME_MAX_LENGTH } from './validators';
import { IsAbsentOrValid, LowerCaseIds, PageQueryDto, Trim } from '@buendel/http';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './register-supplier.dto';

const DISTRICT_KEY = /^\d{5}$/;

export class CreateUserDto {
  @ApiProperty({ example: 'Katrin Weber', maxLength: USER_NAME_MAX_LENGTH, description: 'the display name' })
  @IsUserName()
  name!: string;

  @ApiProperty({ example: 'einkauf@gemeinde.de' })
  @NormaliseEmail()
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiProperty({
    enum: Role,
    description: 'supplier in supplier organisations; buyer, coordinator, admin in public bodies',
  })
  @IsIn(ALL_ROLES, { message: `must be one of ${ALL_ROLES.join(', ')}` })
  role!: Role;
}

/**
 * An admin changes a user: its name, deactivates or reactivates it, or sets a new password. The
 * latter two refuse every access token the user holds (a new password: those issued before it).
 * Each is optional, but `null` is no value: it is refused with the field's reason.
 */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Katrin Weber', maxLength: USER_NAME_MAX_LENGTH, description: 'the display name' })
  @IsAbsentOrValid()
  @IsUserName()
  name?: string;

  @ApiPropertyOptional({ description: 'false deactivates the user: its tokens stop working at once' })
  @IsAbsentOrValid()
  @IsBoolean({ message: 'must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ format: 'password', minLength: PASSWORD_MIN_LENGTH })
  @IsAbsentOrValid()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;
}

/** the path of an organisation's user: both ids checked at once, so that a 400 names both */
export class UserPathDto {
  @IsUUID('all', { message: 'must be a UUID' })
  @LowerCaseIds()
  id!: string;

  @IsUUID('all', { message: 'must be a UUID' })
  @LowerCaseIds()
  userId!: string;
}

/** Central purchasing bodies are not in the reference data; an admin creates them. */
export class CreateOrganisationDto {
  @ApiPropertyOptional({
    enum: [OrganisationType.CentralPurchasingBody],
    default: OrganisationType.CentralPurchasingBody,
  })
  @IsOptional()
  @IsIn([OrganisationType.CentralPurchasingBody], {
    message: 'only central_purchasing_body can be created; the other public bodies come from the reference data',
  })
  type?: OrganisationType.CentralPurchasingBody;

  @ApiProperty({ example: 'Zweckverband Kommunale Beschaffung Westsachsen' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: '14524', description: 'the district key of its seat' })
  @IsOptional()
  @Matches(DISTRICT_KEY, { message: 'must be a district key (five digits)' })
  districtKey?: string;
}

export class AssignDistrictsDto {
  @ApiProperty({ type: [String], example: ['14524', '14523'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(500)
  @Matches(DISTRICT_KEY, { each: true, message: 'each value must be a district key (five digits)' })
  districtKeys!: string[];
}

export class CoordinatedDistrictsResponse {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ type: [String], description: 'assigned by an admin' }) assignedDistrictKeys!: string[];
  @ApiProperty({
    type: [String],
    description: 'all district keys it coordinates (a district its own, a city its own plus the assigned ones)',
  })
  coordinatedDistrictKeys!: string[];
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Role, description: 'only users with this role' })
  @IsOptional()
  @IsIn(ALL_ROLES, { message: `must be one of ${ALL_ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ description: 'only active (true) or deactivated (false) users' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  active?: boolean;
}
