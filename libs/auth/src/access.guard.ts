import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { commonError, CommonErrorCode } from '@buendel/errors';
import { ACCESS_KEY, AccessRule } from './access.decorators';
import { AuthUser } from './roles';

/**
 * The global guard: authorisation by default. A route must declare @Public() or
 * @Roles(...); a route that declares nothing is refused for everyone.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);
  private readonly jwt = new (AuthGuard('jwt'))();

  constructor(private readonly reflector: Reflector) {}

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
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user || !rule.roles.includes(user.role)) {
      throw commonError(CommonErrorCode.RoleNotAllowed, `This action is for the roles: ${rule.roles.join(', ')}`);
    }
    return true;
  }
}
