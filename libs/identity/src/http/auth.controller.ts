import { Body, Controller, Delete, Get, HttpCode, Inject, Ip, Patch, Post, Req, Res } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AccessTokenClaims,
  ALL_ROLES,
  AuthUser,
  clearedSessionCookies,
  credentialOf,
  CSRF_HEADER,
  csrfAccepted,
  csrfTokenFor,
  CurrentUser,
  Public,
  Roles,
  SessionRevocations,
  sessionCookies,
} from '@buendel/auth';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { commonError, CommonErrorCode } from '@buendel/errors';
import { AuthService } from '../auth.service';
import { LoginDto, LoginResponse, MeResponse, SessionResponse, UpdateMeDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly jwt: JwtService,
    private readonly sessions: SessionRevocations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password; returns an access token' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ description: 'e-mail or password is wrong (one answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'too many failed logins for this e-mail or IP; see Retry-After' })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<LoginResponse> {
    return this.auth.login(dto, ip);
  }

  @Post('session')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: "The browser's sign-in: sets an httpOnly session cookie and a CSRF cookie",
    description:
      `The token stays out of page scripts. Requests that change something send the CSRF token ` +
      `(in the answer and in the readable cookie buendel_csrf) in the ${CSRF_HEADER} header. ` +
      'Same checks and login throttling as POST /auth/login.',
  })
  @ApiOkResponse({ type: SessionResponse })
  @ApiUnauthorizedResponse({ description: 'e-mail or password is wrong (one answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'too many failed logins for this e-mail or IP; see Retry-After' })
  async startSession(
    @Body() dto: LoginDto,
    @Ip() ip: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponse> {
    const session = await this.auth.startSession(dto, ip);
    const csrfToken = csrfTokenFor(this.config.JWT_SECRET, session.token);
    reply.header(
      'set-cookie',
      sessionCookies(session.token, csrfToken, this.config.JWT_EXPIRES_IN_SECONDS, request.protocol === 'https'),
    );
    reply.header('cache-control', 'no-store');
    return { user: session.user, csrfToken, expiresAt: new Date(session.expiresAt * 1000).toISOString() };
  }

  @Delete('session')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: "Logout: ends the browser's session (also for a copy of its cookie) and clears the cookies",
  })
  @ApiHeader({ name: CSRF_HEADER, required: false, description: 'the CSRF token of a session that is still valid' })
  @ApiNoContentResponse({ description: 'signed out (also when there was no session)' })
  @ApiForbiddenResponse({ description: 'a valid session without its CSRF token' })
  async endSession(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const credential = credentialOf(request);
    if (credential?.kind === 'cookie') {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(credential.token).catch(() => undefined);
      if (claims?.sid && typeof claims.exp === 'number') {
        // another site must not sign the user out either
        if (!csrfAccepted(request, this.config.JWT_SECRET, credential.token)) {
          throw commonError(
            CommonErrorCode.CsrfTokenInvalid,
            `This change needs the session's CSRF token in the ${CSRF_HEADER} header`,
          );
        }
        await this.sessions.revoke(claims.sid, claims.exp);
      }
    }
    reply.header('set-cookie', clearedSessionCookies(request.protocol === 'https'));
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The signed-in user, its role and organisation' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    return this.auth.me(user);
  }

  @Patch('me')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Change your own display name (shown in the record and the audit trail)' })
  @ApiOkResponse({ type: MeResponse })
  @ApiBadRequestResponse({ description: 'a missing, empty or too long name, or an unknown field (every one named)' })
  updateMe(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto): Promise<MeResponse> {
    return this.auth.updateMe(user, dto);
  }
}
