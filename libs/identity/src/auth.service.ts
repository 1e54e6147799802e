import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { AuditLog } from '@buendel/audit';
import { DataSource, Repository } from 'typeorm';
import { AccessTokenClaims, AuthUser, Role } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { commonError, CommonErrorCode } from '@buendel/errors';
import { UserEntity } from '@buendel/persistence';
import { CoordinationService } from './coordination.service';
import { LoginDto, LoginResponse, MeResponse, UpdateMeDto } from './http/dto/login.dto';
import { invalidCredentials, tooManyLoginAttempts } from './identity.exception';
import { LoginRateLimiter } from './login-rate-limiter';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';
import { toOrganisationView, toUserView, UserView } from './views';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly passwords: PasswordHasher,
    private readonly limiter: LoginRateLimiter,
    private readonly jwt: JwtService,
    private readonly coordination: CoordinationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly userRows: UsersRepository,
  ) {}

  /**
   * One answer for an unknown e-mail, a wrong password and an inactive user, with the
   * same argon2 work in each case. Throttled by LoginRateLimiter: a lockout per account and
   * address pair, growing waits per account (never a lock), a high limit per address; only a
   * password that was checked and wrong counts as a failure.
   */
  async login(dto: LoginDto, ip: string): Promise<LoginResponse> {
    const user = await this.checkCredentials(dto, ip);
    const claims: AccessTokenClaims = { sub: user.id, email: user.email, role: user.role, org: user.organisationId };
    return {
      accessToken: await this.jwt.signAsync(claims),
      expiresIn: this.config.JWT_EXPIRES_IN_SECONDS,
      user: toUserView(user),
    };
  }

  /**
   * The browser's sign-in (POST /auth/session): the same checks and throttling as login, and
   * a token with a session id, which the controller puts into an httpOnly cookie and logout revokes.
   */
  async startSession(dto: LoginDto, ip: string): Promise<{ token: string; expiresAt: number; user: UserView }> {
    const user = await this.checkCredentials(dto, ip);
    const claims: AccessTokenClaims = {
      sub: user.id,
      email: user.email,
      role: user.role,
      org: user.organisationId,
      sid: randomUUID(),
    };
    const token = await this.jwt.signAsync(claims);
    const { exp } = this.jwt.decode<{ exp: number }>(token);
    return { token, expiresAt: exp, user: toUserView(user) };
  }

  private async checkCredentials(dto: LoginDto, ip: string): Promise<UserEntity> {
    const email = dto.email; // trimmed and lower-cased by the DTO
    // counts this attempt as a failure of the pair until it succeeds, so that parallel guesses count too
    const gate = await this.limiter.before(email, ip);
    if (gate.block) throw tooManyLoginAttempts(gate.block.retryAfterSeconds);
    if (gate.delayMs > 0) await new Promise((r) => setTimeout(r, gate.delayMs));

    let user: UserEntity | null;
    let passwordOk: boolean;
    try {
      user = await this.users
        .createQueryBuilder('u')
        .addSelect('u.passwordHash')
        .where('u.email = :email', { email })
        .getOne();
      passwordOk = user
        ? await this.passwords.verify(user.passwordHash, dto.password)
        : await this.passwords.verifyDummy(dto.password);
    } catch (e) {
      // the password was never checked (PostgreSQL did not answer): not a failure of the user
      await this.limiter.notChecked(email, ip);
      throw e;
    }
    if (!user || !passwordOk || !user.active) {
      await this.limiter.failed(email, ip);
      throw invalidCredentials();
    }

    await this.limiter.succeeded(email, ip);
    const changes: Partial<UserEntity> = { lastLoginAt: this.clock.now() };
    if (this.passwords.needsRehash(user.passwordHash)) changes.passwordHash = await this.passwords.hash(dto.password);
    await this.users.update({ id: user.id }, changes);
    return user;
  }

  /** PATCH /auth/me: the signed-in user changes its display name (in the audit trail with the old one). */
  async updateMe(auth: AuthUser, dto: UpdateMeDto): Promise<MeResponse> {
    await this.dataSource.transaction(async (manager) => {
      const previousName = await this.userRows.lockActiveName(manager, auth.id);
      if (previousName === undefined) {
        throw commonError(CommonErrorCode.Unauthenticated, 'A valid access token is required');
      }
      if (previousName === dto.name) return;
      await this.userRows.setName(manager, auth.id, dto.name);
      await this.audit.record(manager, {
        action: 'user.changed',
        entityType: 'user',
        entityId: auth.id,
        data: { name: dto.name, previousName },
      });
    });
    return this.me(auth);
  }

  /** The signed-in user as stored now; a deleted or deactivated user's token no longer counts. */
  async me(auth: AuthUser): Promise<MeResponse> {
    const user = await this.users.findOne({ where: { id: auth.id }, relations: { organisation: true } });
    if (!user || !user.active || !user.organisation) {
      throw commonError(CommonErrorCode.Unauthenticated, 'A valid access token is required');
    }
    const me: MeResponse = { ...toUserView(user), organisation: toOrganisationView(user.organisation) };
    if (user.role === Role.Coordinator) {
      me.coordinatedDistrictKeys = await this.coordination.coordinatedDistrictKeys(user.organisationId);
    }
    return me;
  }
}
