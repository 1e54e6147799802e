import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsUserName, NormaliseEmail, USER_NAME_MAX_LENGTH } from './validators';
import { OrganisationView, UserView } from '../../views';

export class LoginDto {
  @ApiProperty({ example: 'einkauf.zwickau@demo.buendel.local' })
  @NormaliseEmail()
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'HS256 JWT; send as `Authorization: Bearer <token>`' }) accessToken!: string;
  @ApiProperty({ description: 'seconds until the token expires' }) expiresIn!: number;
  @ApiProperty({ type: UserView }) user!: UserView;
}

export class MeResponse extends UserView {
  @ApiProperty({ type: OrganisationView }) organisation!: OrganisationView;
  @ApiProperty({ type: [String], required: false, description: 'coordinators only: the district keys they coordinate' })
  coordinatedDistrictKeys?: string[];
}

/** PATCH /auth/me: what users change of themselves */
export class UpdateMeDto {
  @ApiProperty({ example: 'Katrin Weber', maxLength: USER_NAME_MAX_LENGTH, description: 'your display name' })
  @IsUserName()
  name!: string;
}

export class SessionResponse {
  @ApiProperty({ type: UserView }) user!: UserView;
  @ApiProperty({ description: 'send in the x-csrf-token header with every request that changes something' })
  csrfToken!: string;
  @ApiProperty({ format: 'date-time', description: 'when the session ends; sign in again then' })
  expiresAt!: string;
}
