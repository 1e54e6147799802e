import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * argon2id with the OWASP Password Storage Cheat Sheet parameters (19 MiB, 2 passes,
 * 1 lane): about 40 ms per hash on a current server core.
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash?: Promise<string>;

  /** made ahead, so that the first unknown e-mail costs no more than a later one */
  onModuleInit(): void {
    this.dummyHash ??= argon2.hash('no user has this password', ARGON2_OPTIONS);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  /** false for a wrong password and for a malformed hash; never throws on either */
  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /**
   * The same work as a real verification, for a caller without a user: an unknown
   * e-mail must cost as much time as a wrong password.
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= argon2.hash('no user has this password', ARGON2_OPTIONS);
    await this.verify(await this.dummyHash, password);
    return false;
  }

  /** a hash made with weaker (older) parameters than today's */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, ARGON2_OPTIONS);
    } catch {
      return true;
    }
  }
}
