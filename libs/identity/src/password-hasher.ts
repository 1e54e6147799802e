import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';
import { APP_CONFIG, AppConfig } from '@buendel/config';

/**
 * argon2id with the configured cost: by default the OWASP Password Storage Cheat Sheet
 * parameters (19 MiB, 2 passes, 1 lane), about 40 ms per hash on a current server core;
 * production refuses less (PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_PASSES). A hash made
 * with another cost still verifies (argon2 stores its parameters) and is renewed at login.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash?: Promise<string>;
  private readonly options: argon2.Options;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.options = {
      type: argon2.argon2id,
      memoryCost: config.PASSWORD_HASH_MEMORY_KIB,
      timeCost: config.PASSWORD_HASH_PASSES,
      parallelism: 1,
    };
  }

  /** made ahead, so that the first unknown e-mail costs no more than a later one */
  onModuleInit(): void {
    this.dummyHash ??= argon2.hash('no user has this password', this.options);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
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
    this.dummyHash ??= argon2.hash('no user has this password', this.options);
    await this.verify(await this.dummyHash, password);
    return false;
  }

  /** a hash made with other parameters than today's (weaker or stronger) */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, this.options);
    } catch {
      return true;
    }
  }
}
