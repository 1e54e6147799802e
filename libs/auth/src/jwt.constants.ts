/** Pinned token parameters: one algorithm, one issuer, one audience. */
export const JWT_ALGORITHM = 'HS256' as const;
export const JWT_ISSUER = 'buendel';
export const JWT_AUDIENCE = 'buendel-api';

export interface AccessTokenClaims {
  sub: string;
  email: string;
  role: string;
  org: string;
  /** browser sessions only (POST /auth/session): the session's id, which logout revokes */
  sid?: string;
  /** set by the signer (seconds since the epoch); required when verifying */
  iat?: number;
  exp?: number;
}
