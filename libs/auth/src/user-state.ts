import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { PgListener, USER_CHANGED_CHANNEL } from '@buendel/persistence';
import { AuthUser } from './roles';

/**
 * A user as an authentication path (bearer token, cookie session) found it, with the times
 * of its credential in seconds since the epoch. Every path returns this, so that the access
 * guard can check each request against the user's current state.
 */
export interface AuthenticatedUser extends AuthUser {
  issuedAt: number;
  expiresAt: number;
  /** a browser session's id (cookie sign-in); bearer tokens have none */
  sessionId?: string;
}

/** what a request is checked against */
interface UserState {
  active: boolean;
  role: string;
  organisationId: string;
  /** whole seconds; credentials issued before are refused */
  validAfter: number | null;
}

/** how long a user's state is trusted without asking PostgreSQL again (a change drops it at once) */
export const USER_STATE_CACHE_MS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** the most users cached at once; the oldest go first */
const MAX_ENTRIES = 10_000;

/**
 * The current state of users, for the check of every request: active, same role and
 * organisation as the credential says, and the credential not issued before the user's
 * last deactivation or password change. Cached briefly; a trigger on `users` announces
 * every change that matters (NOTIFY), and this cache drops that user at once, in every API
 * instance. While the announcements cannot be heard, entries live no longer than the TTL.
 */
@Injectable()
export class UserStateCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(UserStateCache.name);
  private readonly entries = new Map<string, { state: UserState | null; at: number }>();
  /** raised by every invalidation: a read that began before one must not be cached */
  private generation = 0;
  private listener?: PgListener;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.listener = new PgListener({
      url: this.config.DATABASE_URL,
      channel: USER_CHANGED_CHANNEL,
      applicationName: 'buendel-user-changes',
      onNotification: (userId) => this.forget(userId),
      // announcements made while the connection was gone are lost
      onConnected: () => this.forgetAll(),
      onTrouble: (message) =>
        this.logger.warn(`cannot LISTEN for user changes (${message}); cached users expire after their TTL`),
    });
    await this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.close();
  }

  forget(userId: string): void {
    this.generation++;
    this.entries.delete(userId);
  }

  forgetAll(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Why this credential no longer counts, or undefined when it does. */
  async refusal(user: AuthenticatedUser, nowMs = Date.now()): Promise<string | undefined> {
    if (!Number.isFinite(user.issuedAt) || !Number.isFinite(user.expiresAt)) return 'the credential has no expiry';
    if (user.expiresAt * 1000 <= nowMs) return 'the credential has expired';
    if (!UUID.test(user.id)) return 'the credential names no user';
    const state = await this.stateOf(user.id, nowMs);
    if (!state) return 'the user no longer exists';
    if (!state.active) return 'the user is deactivated';
    if (state.role !== user.role || state.organisationId !== user.organisationId) {
      return 'the role or organisation of the user changed';
    }
    if (state.validAfter !== null && user.issuedAt < state.validAfter) {
      return 'the credential was issued before the user was deactivated or got a new password';
    }
    return undefined;
  }

  private async stateOf(userId: string, nowMs: number): Promise<UserState | null> {
    const cached = this.entries.get(userId);
    if (cached && nowMs - cached.at < USER_STATE_CACHE_MS) return cached.state;
    const generation = this.generation;
    const [row] = await this.dataSource.query<
      Array<{ active: boolean; role: string; organisation_id: string; valid_after: number | null }>
    >(
      `SELECT active, role, organisation_id, extract(epoch FROM tokens_valid_after)::float8 AS valid_after
       FROM users WHERE id = $1`,
      [userId],
    );
    const state = row
      ? { active: row.active, role: row.role, organisationId: row.organisation_id, validAfter: row.valid_after }
      : null;
    if (generation === this.generation) {
      this.entries.delete(userId);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(userId, { state, at: nowMs });
    }
    return state;
  }
}
