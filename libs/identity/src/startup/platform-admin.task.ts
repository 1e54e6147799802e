import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import {
  advisoryXactLock,
  OrganisationEntity,
  OrganisationType,
  StartupTask,
  StartupTaskHandler,
  UserEntity,
} from '@buendel/persistence';
import { PasswordHasher } from '../password-hasher';

/**
 * The platform operator's organisation. Every user belongs to exactly one organisation,
 * and admins, like buyers and coordinators, belong to public bodies; the operator runs
 * the platform for public buyers and is modelled as a central purchasing body, marked by
 * this reference key (no reference data set uses the `platform:` prefix) so that it is
 * found again on every start and can be told apart from real purchasing bodies.
 */
export const PLATFORM_OPERATOR_REFERENCE_KEY = 'platform:operator';
export const PLATFORM_OPERATOR_NAME = 'Bündel Plattformbetrieb';

/** serialises the start-up data tasks of several API instances starting at once */
export const IDENTITY_STARTUP_LOCK = 7_248_321_020;

/**
 * Creates or updates the platform admin from ADMIN_EMAIL / ADMIN_PASSWORD. Idempotent;
 * a changed ADMIN_PASSWORD replaces the stored hash on the next start.
 */
@Injectable()
@StartupTask('platform admin', 20)
export class PlatformAdminTask implements StartupTaskHandler {
  private readonly logger = new Logger('PlatformAdmin');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditLog,
  ) {}

  async run(): Promise<void> {
    const password = this.config.ADMIN_PASSWORD;
    if (!password) {
      this.logger.warn('ADMIN_PASSWORD is not set: no platform admin is created or updated');
      return;
    }
    const email = this.config.ADMIN_EMAIL.trim().toLowerCase();
    await this.dataSource.transaction(async (manager) => {
      await advisoryXactLock(manager, IDENTITY_STARTUP_LOCK);
      let operator = await manager.findOneBy(OrganisationEntity, { referenceKey: PLATFORM_OPERATOR_REFERENCE_KEY });
      if (!operator) {
        operator = await manager.save(
          manager.create(OrganisationEntity, {
            type: OrganisationType.CentralPurchasingBody,
            name: PLATFORM_OPERATOR_NAME,
            referenceKey: PLATFORM_OPERATOR_REFERENCE_KEY,
          }),
        );
        await this.audit.record(manager, {
          action: 'organisation.created',
          entityType: 'organisation',
          entityId: operator.id,
          data: { type: operator.type, name: operator.name, via: 'start-up' },
        });
      }

      const existing = await manager
        .createQueryBuilder(UserEntity, 'u')
        .addSelect('u.passwordHash')
        .where('u.email = :email', { email })
        .getOne();
      if (!existing) {
        const user = await manager.save(
          manager.create(UserEntity, {
            name: 'Plattform-Administration',
            organisationId: operator.id,
            email,
            passwordHash: await this.passwords.hash(password),
            role: 'admin',
            active: true,
          }),
        );
        await this.audit.record(manager, {
          action: 'user.created',
          entityType: 'user',
          entityId: user.id,
          data: { email, role: 'admin', organisationId: operator.id, via: 'start-up' },
        });
        this.logger.log(`platform admin ${email} created`);
        return;
      }

      const changes: Partial<UserEntity> = {};
      if (existing.role !== 'admin') changes.role = 'admin';
      if (existing.organisationId !== operator.id) changes.organisationId = operator.id;
      if (!existing.active) changes.active = true;
      if (!(await this.passwords.verify(existing.passwordHash, password))) {
        changes.passwordHash = await this.passwords.hash(password);
      }
      const fields = Object.keys(changes).map((f) => (f === 'passwordHash' ? 'password' : f));
      if (fields.length === 0) return;
      if (changes.role || changes.organisationId) {
        this.logger.warn(`the user ${email} (ADMIN_EMAIL) was a ${existing.role}; it is the platform admin now`);
      }
      await manager.update(UserEntity, { id: existing.id }, changes);
      await this.audit.record(manager, {
        action: 'user.updated',
        entityType: 'user',
        entityId: existing.id,
        data: { fields, via: 'start-up' },
      });
      this.logger.log(`platform admin ${email} updated (${fields.join(', ')})`);
    });
  }
}
