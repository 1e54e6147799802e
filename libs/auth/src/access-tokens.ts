import { createSecretKey, KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { AccessTokenClaims, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './jwt.constants';
import { ALL_ROLES, Role } from './roles';
import { AuthenticatedUser } from './user-state';

/**
 * Verifies access tokens (a bearer token, or the browser's session cookie): HS256 only (so `alg: none` and algorithm confusion fail),
 * with issuer, audience and expiry checked; a token without `exp` or `iat` is refused (it
 * would never expire). Whether the user may still act is the access guard's check.
 *
 * The same jsonwebtoken check passport-jwt made, called directly: passport's
 * `authenticate` (a strategy object, request decorations and callbacks per request, and
 * Nest's promise wrapper around it) cost more than the verification itself (benchmark R3a).
 */
@Injectable()
export class AccessTokens {
  // a KeyObject: jsonwebtoken tries a string as a public key first (createPublicKey fails,
  // then createSecretKey), which cost 360 us per request against 8 us (benchmark R3a)
  private readonly key: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
  }

  /** the user a token names, or undefined when it is no valid access token */
  authenticate(token: string | undefined): AuthenticatedUser | undefined {
    if (!token) return undefined;
    let claims: AccessTokenClaims;
    try {
      claims = this.jwt.verify<AccessTokenClaims & object>(token, {
        secret: this.key as unknown as string,
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        ignoreExpiration: false,
      });
    } catch {
      return undefined;
    }
    return this.validate(claims) || undefined;
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
