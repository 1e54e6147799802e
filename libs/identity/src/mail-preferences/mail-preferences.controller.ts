import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, AuthUser, CurrentUser, Roles } from '@buendel/auth';
import { MailPreferencesDto, MailPreferencesResponse } from './mail-preferences.dto';
import { MailPreferencesService } from './mail-preferences.service';

@ApiTags('auth')
@Controller('auth/me/mail-preferences')
export class MailPreferencesController {
  constructor(private readonly preferences: MailPreferencesService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Which mails the signed-in user gets, per category' })
  @ApiOkResponse({ type: MailPreferencesResponse })
  get(@CurrentUser() user: AuthUser): Promise<MailPreferencesResponse> {
    return this.preferences.get(user.id);
  }

  @Put()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'Switch mail categories on or off (categories not named stay); information letters cannot be switched off',
  })
  @ApiOkResponse({ type: MailPreferencesResponse })
  @ApiBadRequestResponse({
    description: 'an unknown category, a value that is not true/false, or information letters off',
  })
  put(@CurrentUser() user: AuthUser, @Body() dto: MailPreferencesDto): Promise<MailPreferencesResponse> {
    return this.preferences.update(user.id, dto);
  }
}
