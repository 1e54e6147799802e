import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { commonError, CommonErrorCode } from '@buendel/errors';
import { ACCESS_KEY, AccessRule } from './access.decorators';
import { credentialOf, CSRF_HEADER, csrfAccepted, RequestLike } from './session-cookies';
import { SessionRevocations } from './session-revocations';
import { AuthenticatedUser, UserStateCache } from './user-state';

/**
 * The global guard: authorisation by default. A route must declare @Public() or
 * @Roles(...); a route that declares nothing is refused for everyone. After any
 * authentication path, every request is checked against the user's current state
 * (UserStateCache): a deactivated, deleted or changed user's credential stops at once.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);
  private readonly jwt = new (AuthGuard('jwt'))();

  constructor(
    private readonly reflector: Reflector,
    private readonly users: UserStateCache,
    private readonly sessions: SessionRevocations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      this.logger.error(`route ${context.getClass().name}.${context.getHandler().name} declares no access rule`);
      throw commonError(CommonErrorCode.AccessNotDeclared, 'This route is not open to anyone');
    }
    if (rule.kind === 'public') return true;
    try {
      await this.jwt.canActivate(context);
    } catch {
      throw commonError(CommonErrorCode.Unauthenticated, 'A valid access token is required');
    }
    const request = context.switchToHttp().getRequest<RequestLike & { user?: AuthenticatedUser }>();
    const user = request.user;
    const credential = credentialOf(request);
    if (credential?.kind === 'cookie') {
      // a session cookie is sent by the browser on its own, also for a page of another site:
      // only a session token counts there, and a change needs the session's CSRF token
      if (!user?.sessionId) {
        throw commonError(CommonErrorCode.Unauthenticated, 'A valid access token is required');
      }
      if (!csrfAccepted(request, this.config.JWT_SECRET, credential.token)) {
        throw commonError(
          CommonErrorCode.CsrfTokenInvalid,
          `This change needs the session's CSRF token in the ${CSRF_HEADER} header`,
        );
      }
      if (await this.sessions.isRevoked(user.sessionId)) {
        throw commonError(CommonErrorCode.TokenRevoked, 'This session has ended; please sign in again');
      }
    }
    const refusal = user ? await this.users.refusal(user) : 'no user';
    if (refusal) {
      throw commonError(
        CommonErrorCode.TokenRevoked,
        `This access token no longer counts (${refusal}); please sign in again`,
      );
    }
    if (!user || !rule.roles.includes(user.role)) {
      throw commonError(CommonErrorCode.RoleNotAllowed, `This action is for the roles: ${rule.roles.join(', ')}`);
    }
    return true;
  }
}
