import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { AccessTokenClaims, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './jwt.constants';
import { ALL_ROLES, Role } from './roles';
import { credentialOf, RequestLike } from './session-cookies';
import { AuthenticatedUser } from './user-state';
import { rememberVerifiedTokens } from './verified-tokens';

/**
 * Verifies access tokens (a bearer token, or the browser's session cookie): HS256 only (so `alg: none` and algorithm confusion fail),
 * with issuer, audience and expiry checked; a token without `exp` or `iat` is refused (it
 * would never expire). Whether the user may still act is the access guard's check.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      // the bearer token, or else the browser's session cookie (the access guard then checks CSRF)
      jwtFromRequest: (req: RequestLike) => credentialOf(req)?.token ?? null,
      // a KeyObject: jsonwebtoken tries a string as a public key first (createPublicKey fails,
      // then createSecretKey), which cost 360 us per request against 8 us (benchmark R3a)
      secretOrKey: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
    // a token verified once is not verified again while it is in time (VerifiedTokens)
    rememberVerifiedTokens();
  }

  validate(claims: AccessTokenClaims): AuthenticatedUser | false {
    if (!ALL_ROLES.includes(claims.role as Role) || !claims.sub || !claims.org) return false;
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return false;
    return {
      id: claims.sub,
      email: claims.email,
      role: claims.role as Role,
      organisationId: claims.org,
      issuedAt: claims.iat,
      expiresAt: claims.exp,
      ...(typeof claims.sid === 'string' ? { sessionId: claims.sid } : {}),
    };
  }
}
