import { Strategy } from 'passport-jwt';

/** passport-jwt's verification step: jsonwebtoken's `verify` with the strategy's key and options */
type JwtVerifier = (
  token: string,
  secretOrKey: unknown,
  options: VerifyOptions,
  callback: (error: Error | null, payload?: object) => void,
) => void;

interface VerifyOptions {
  ignoreExpiration?: boolean;
  ignoreNotBefore?: boolean;
  clockTolerance?: number;
  clockTimestamp?: number;
  maxAge?: unknown;
  complete?: boolean;
}

interface Verified {
  payload: object;
  key: object;
  options: VerifyOptions;
  exp: number;
  nbf: number | undefined;
}

/** the most tokens remembered at once; the oldest go first */
export const MAX_VERIFIED_TOKENS = 10_000;

/**
 * Tokens jsonwebtoken has verified, by their exact text, so that a client sending the same
 * token again (every request of a session) is not decoded, parsed and HMAC-checked again
 * (benchmark R3: jsonwebtoken was 5% of the API's CPU, against 1% for the floor's HMAC check).
 *
 * Only the pure part is remembered: whether this exact text, under this key and these
 * options, has a good signature, algorithm, issuer and audience. The clock is asked again at
 * every use (`exp`, `nbf`, as jsonwebtoken asks it); a token outside its time goes through
 * jsonwebtoken again, which refuses it with its own error. Whether the user may still act is
 * the access guard's check of every request, not touched by this.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();

  constructor(private readonly max = MAX_VERIFIED_TOKENS) {}

  /** a verifier like `verify`, answering a token it has seen pass from memory */
  wrap(verify: JwtVerifier): JwtVerifier {
    return (token, secretOrKey, options, callback) => {
      const hit = this.entries.get(token);
      if (hit && hit.key === secretOrKey && hit.options === options && this.inTime(hit, options)) {
        callback(null, hit.payload);
        return;
      }
      if (hit) this.entries.delete(token);
      verify(token, secretOrKey, options, (error, payload) => {
        if (!error && payload) this.remember(token, secretOrKey, options, payload);
        callback(error, payload);
      });
    };
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(token: string, key: unknown, options: VerifyOptions, payload: object): void {
    const { exp, nbf } = payload as { exp?: unknown; nbf?: unknown };
    // only what is checked as above: a key object, a numeric expiry, no other rule of time
    if (typeof key !== 'object' || key === null || typeof exp !== 'number') return;
    if (nbf !== undefined && typeof nbf !== 'number') return;
    if (options.ignoreExpiration || options.clockTimestamp !== undefined || options.maxAge !== undefined) return;
    if (options.complete) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { payload: Object.freeze(payload), key, options, exp, nbf });
  }

  /** jsonwebtoken's checks of time, with its clock (whole seconds) and tolerance */
  private inTime(entry: Verified, options: VerifyOptions): boolean {
    const now = Math.floor(Date.now() / 1000);
    const tolerance = options.clockTolerance || 0;
    if (entry.nbf !== undefined && !options.ignoreNotBefore && entry.nbf > now + tolerance) return false;
    return now < entry.exp + tolerance;
  }
}

const strategy = Strategy as unknown as { JwtVerifier: JwtVerifier; verifiedTokens?: VerifiedTokens };

/** Puts the memory in front of passport-jwt's verifier (once per process). */
export function rememberVerifiedTokens(): VerifiedTokens {
  if (!strategy.verifiedTokens) {
    const tokens = new VerifiedTokens();
    strategy.JwtVerifier = tokens.wrap(strategy.JwtVerifier);
    strategy.verifiedTokens = tokens;
  }
  return strategy.verifiedTokens;
}
