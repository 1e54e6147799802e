import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import {
  advisoryXactLock,
  OrganisationEntity,
  OrganisationType,
  StartupTask,
  StartupTaskHandler,
  UserEntity,
  UserRole,
} from '@buendel/persistence';
import { PasswordHasher } from '../password-hasher';
import { DEMO_PASSWORD, DEMO_PUBLIC_BODY_USERS, DEMO_SUPPLIERS } from './demo-logins';
import { IDENTITY_STARTUP_LOCK } from './platform-admin.task';

/**
 * With DEMO_DATA on: the demo users of Landkreis Zwickau (whose organisations the
 * reference data brings) and two demo suppliers, each organisation with the address and
 * contact point its notices name. Idempotent: what exists stays as it is.
 * Without the reference organisations it skips their users with a warning.
 */
@Injectable()
@StartupTask('demo data', 90)
export class DemoDataTask implements StartupTaskHandler {
  private readonly logger = new Logger('DemoData');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditLog,
  ) {}

  async run(): Promise<void> {
    if (!this.config.DEMO_DATA) return;
    const created = await this.dataSource.transaction(async (manager) => {
      await advisoryXactLock(manager, IDENTITY_STARTUP_LOCK);
      let count = 0;

      const referenceKeys = DEMO_PUBLIC_BODY_USERS.map((u) => u.referenceKey);
      const organisations = await manager.findBy(OrganisationEntity, { referenceKey: In(referenceKeys) });
      const byKey = new Map(organisations.map((o) => [o.referenceKey, o]));
      const missing = referenceKeys.filter((k) => !byKey.has(k));
      if (missing.length) {
        this.logger.warn(
          `reference organisations missing (${missing.join(', ')}): their demo users are skipped; load the reference data first`,
        );
      }
      for (const u of DEMO_PUBLIC_BODY_USERS) {
        const organisation = byKey.get(u.referenceKey);
        if (!organisation) continue;
        if (await this.ensureUser(manager, organisation.id, u.name, u.email, u.role)) count++;
        // the office the notices name, unless someone set it (an earlier start, an admin)
        if (!organisation.address && !organisation.contactEmail && !organisation.contactPhone)
          await manager.update(OrganisationEntity, { id: organisation.id }, { ...u.office });
      }

      for (const s of DEMO_SUPPLIERS) {
        let organisation = await manager.findOneBy(OrganisationEntity, { vatId: s.vatId });
        if (!organisation) {
          organisation = await manager.save(
            manager.create(OrganisationEntity, {
              type: OrganisationType.Supplier,
              name: s.companyName,
              vatId: s.vatId,
              address: s.address,
              contactName: s.contactName,
            }),
          );
          await this.audit.record(manager, {
            action: 'organisation.created',
            entityType: 'organisation',
            entityId: organisation.id,
            data: { type: organisation.type, name: organisation.name, vatId: s.vatId, via: 'demo data' },
          });
        }
        // what an award notice names of a winner, unless someone set it
        if (!organisation.contactEmail && !organisation.contactPhone && !organisation.companySize)
          await manager.update(
            OrganisationEntity,
            { id: organisation.id },
            {
              nuts3: organisation.nuts3 ?? s.nuts3,
              contactEmail: s.email,
              contactPhone: s.contactPhone,
              companySize: s.companySize,
            },
          );
        if (await this.ensureUser(manager, organisation.id, s.contactName, s.email, 'supplier')) count++;
      }
      return count;
    });
    if (created) this.logger.log(`${created} demo users created`);
  }

  /** creates the user unless the e-mail exists; true when it was created */
  private async ensureUser(
    manager: EntityManager,
    organisationId: string,
    name: string,
    email: string,
    role: UserRole,
  ): Promise<boolean> {
    if (await manager.existsBy(UserEntity, { email })) return false;
    const user = await manager.save(
      manager.create(UserEntity, {
        organisationId,
        name,
        email,
        passwordHash: await this.passwords.hash(DEMO_PASSWORD),
        role,
        active: true,
      }),
    );
    await this.audit.record(manager, {
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      data: { name, email, role, organisationId, via: 'demo data' },
    });
    return true;
  }
}
