import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, QueryFailedError } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser, Role, UserStateCache } from '@buendel/auth';
import { eurToCents } from '@buendel/domain';
import { NotFoundException, ValidationException } from '@buendel/errors';
import { Page, pageRequest } from '@buendel/http';
import { OrganisationEntity, OrganisationType, PUBLIC_BODY_TYPES, UserEntity, UserRole } from '@buendel/persistence';
import { CreateOrganisationDto, CreateUserDto, UpdateUserDto, UserQueryDto } from './http/dto/organisation.dto';
import { JoinMandateRuleDto, UpdateOrganisationContactDto } from './http/dto/organisation-contact.dto';
import { RegisterSupplierDto, SupplierRegistrationResponse } from './http/dto/register-supplier.dto';
import { identityError, IdentityErrorCode, IdentityException } from './identity.exception';
import { PasswordHasher } from './password-hasher';
import { roleMismatchReason } from './rules/organisation-roles';
import { isSameOrganisation } from './tenant-isolation';
import { UsersRepository } from './users.repository';
import { OrganisationView, toOrganisationView, toUserDetailView, UserDetailView } from './views';

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly userStates: UserStateCache,
    private readonly userRows: UsersRepository,
  ) {}

  /**
   * An organisation as a signed-in user may see it: public bodies are public reference
   * data; a supplier organisation is visible to its own users and to admins only, and
   * anyone else gets the same 404 as for an id that does not exist.
   */
  async findVisible(user: AuthUser, id: string): Promise<OrganisationEntity> {
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id });
    if (
      !organisation ||
      (!PUBLIC_BODY_TYPES.includes(organisation.type) &&
        !isSameOrganisation(user, organisation.id, { adminSeesAll: true }))
    ) {
      throw new NotFoundException('Organisation', id);
    }
    return organisation;
  }

  /**
   * The contact data of an organisation that public notices name; its own users or an admin
   * change it. A supplier's size is for suppliers only.
   */
  async updateContact(user: AuthUser, id: string, dto: UpdateOrganisationContactDto): Promise<OrganisationEntity> {
    const organisation = await this.findVisible(user, id);
    if (!isSameOrganisation(user, organisation.id, { adminSeesAll: true }))
      throw new NotFoundException('Organisation', id);
    const supplierOnly = (['companySize', 'nuts3'] as const).filter((k) => dto[k] !== undefined);
    if (supplierOnly.length && organisation.type !== OrganisationType.Supplier)
      throw new ValidationException(
        supplierOnly.map((field) => ({
          field,
          reason: 'only for suppliers (a public body has its NUTS-3 code from the reference data)',
        })),
      );
    const repo = this.dataSource.getRepository(OrganisationEntity);
    await repo.update(
      { id },
      {
        ...(dto.address ? { address: { ...dto.address } } : {}),
        ...(dto.contactName !== undefined ? { contactName: dto.contactName } : {}),
        ...(dto.contactEmail !== undefined ? { contactEmail: dto.contactEmail } : {}),
        ...(dto.contactPhone !== undefined ? { contactPhone: dto.contactPhone } : {}),
        ...(dto.website !== undefined ? { website: dto.website } : {}),
        ...(dto.companySize !== undefined ? { companySize: dto.companySize } : {}),
        ...(dto.nuts3 !== undefined ? { nuts3: dto.nuts3 } : {}),
      },
    );
    return repo.findOneByOrFail({ id });
  }

  /** A public body's value above which its joins need a mandate (null: none needed); its own users or an admin. */
  async setJoinMandateRule(user: AuthUser, id: string, dto: JoinMandateRuleDto): Promise<OrganisationEntity> {
    const organisation = await this.findVisible(user, id);
    if (!isSameOrganisation(user, organisation.id, { adminSeesAll: true }))
      throw new NotFoundException('Organisation', id);
    if (!PUBLIC_BODY_TYPES.includes(organisation.type))
      throw new ValidationException([{ field: 'aboveEur', reason: 'only public bodies join bundles' }]);
    const cents = dto.aboveEur === null ? null : String(eurToCents(dto.aboveEur));
    return this.dataSource.transaction(async (manager) => {
      await manager.update(OrganisationEntity, { id }, { joinMandateAboveCents: cents });
      await this.audit.record(manager, {
        action: 'organisation.join-mandate-rule-set',
        entityType: 'organisation',
        entityId: id,
        data: { aboveCents: cents },
      });
      return manager.findOneByOrFail(OrganisationEntity, { id });
    });
  }

  /** A supplier organisation and its first user, in one transaction. */
  async registerSupplier(dto: RegisterSupplierDto): Promise<SupplierRegistrationResponse> {
    const passwordHash = await this.passwords.hash(dto.password);
    return this.uniquely(() =>
      this.dataSource.transaction(async (manager) => {
        const taken =
          (await manager.existsBy(OrganisationEntity, { vatId: dto.vatId })) ||
          (await manager.existsBy(UserEntity, { email: dto.email }));
        if (taken) throw alreadyRegistered();
        const organisation = await manager.save(
          manager.create(OrganisationEntity, {
            type: OrganisationType.Supplier,
            name: dto.companyName,
            vatId: dto.vatId,
            address: { ...dto.address },
            contactName: dto.contactName,
            // the registering person's address is the company's contact in notices until it sets another
            contactEmail: dto.email,
          }),
        );
        const user = await this.insertUser(manager, organisation.id, {
          name: dto.name ?? dto.contactName,
          email: dto.email,
          passwordHash,
          role: Role.Supplier,
        });
        // the registering person is the actor of their own registration
        const actor = { actorUserId: user.id, actorOrganisationId: organisation.id };
        await this.audit.record(
          manager,
          {
            action: 'organisation.created',
            entityType: 'organisation',
            entityId: organisation.id,
            data: {
              type: organisation.type,
              name: organisation.name,
              vatId: organisation.vatId,
              via: 'supplier registration',
            },
            ...actor,
          },
          userCreatedEvent(user, actor),
        );
        return { organisation: toOrganisationView(organisation), user: toUserDetailView(user) };
      }),
    );
  }

  /**
   * The users of an organisation, by e-mail address: any organisation for an admin, its own
   * for a coordinator (another's answers like a missing one).
   */
  async listUsers(viewer: AuthUser, organisationId: string, query: UserQueryDto): Promise<Page<UserDetailView>> {
    if (!isSameOrganisation(viewer, organisationId, { adminSeesAll: true }))
      throw new NotFoundException('Organisation', organisationId);
    const exists = await this.dataSource.getRepository(OrganisationEntity).existsBy({ id: organisationId });
    if (!exists) throw new NotFoundException('Organisation', organisationId);
    const { page, pageSize, limit, offset } = pageRequest(query);
    const where: FindOptionsWhere<UserEntity> = {
      organisationId,
      ...(query.role ? { role: query.role as UserRole } : {}),
      ...(query.active !== undefined ? { active: query.active } : {}),
    };
    const [users, total] = await this.dataSource
      .getRepository(UserEntity)
      .findAndCount({ where, order: { email: 'ASC' }, take: limit, skip: offset });
    return { items: users.map(toUserDetailView), page, pageSize, total };
  }

  /** A user with a role that fits the organisation (admins only). */
  async createUser(organisationId: string, dto: CreateUserDto): Promise<UserDetailView> {
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id: organisationId });
    if (!organisation) throw new NotFoundException('Organisation', organisationId);
    const mismatch = roleMismatchReason(dto.role, organisation.type);
    if (mismatch) {
      throw identityError(
        IdentityErrorCode.RoleDoesNotFitOrganisation,
        `The role ${dto.role} does not fit this organisation`,
        { errors: [{ field: 'role', reason: mismatch }] },
      );
    }
    const passwordHash = await this.passwords.hash(dto.password);
    return this.uniquely(
      () =>
        this.dataSource.transaction(async (manager) => {
          if (await manager.existsBy(UserEntity, { email: dto.email })) throw emailTaken();
          const user = await this.insertUser(manager, organisation.id, {
            name: dto.name,
            email: dto.email,
            passwordHash,
            role: dto.role,
          });
          await this.audit.record(manager, userCreatedEvent(user));
          return toUserDetailView(user);
        }),
      emailTaken,
    );
  }

  /**
   * Deactivates, reactivates or gives a new password to a user of this organisation (admins
   * only). A deactivation refuses the user's tokens (a trigger records when) and a new
   * password refuses the tokens issued before it; every API instance hears of it at once.
   */
  async updateUser(organisationId: string, userId: string, dto: UpdateUserDto): Promise<UserDetailView> {
    if (dto.active === undefined && dto.password === undefined && dto.name === undefined) {
      throw new ValidationException([
        { field: 'active', reason: 'give name, active, password or more of them', code: 'AT_LEAST_ONE_FIELD' },
      ]);
    }
    const passwordHash = dto.password === undefined ? undefined : await this.passwords.hash(dto.password);
    const view = await this.dataSource.transaction(async (manager) => {
      const found = await manager.findOneBy(UserEntity, { id: userId, organisationId });
      if (!found) throw new NotFoundException('User', userId);
      await this.userRows.change(manager, userId, { name: dto.name, active: dto.active, passwordHash });
      const user = await manager.findOneByOrFail(UserEntity, { id: userId });
      await this.audit.record(manager, {
        action: 'user.changed',
        entityType: 'user',
        entityId: user.id,
        data: {
          ...(dto.name !== undefined ? { name: dto.name } : {}),
          ...(dto.active !== undefined ? { active: dto.active } : {}),
          ...(passwordHash !== undefined ? { passwordChanged: true } : {}),
        },
      });
      return toUserDetailView(user);
    });
    // this instance at once, before it answers; the others hear the trigger's NOTIFY
    this.userStates.forget(userId);
    return view;
  }

  /** A central purchasing body (these are not in the reference data). */
  async createCentralPurchasingBody(dto: CreateOrganisationDto): Promise<OrganisationView> {
    if (dto.districtKey && !(await this.districtExists(dto.districtKey))) {
      throw new ValidationException([{ field: 'districtKey', reason: 'is not a known district key' }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const organisation = await manager.save(
        manager.create(OrganisationEntity, {
          type: OrganisationType.CentralPurchasingBody,
          name: dto.name,
          districtKey: dto.districtKey ?? null,
        }),
      );
      await this.audit.record(manager, {
        action: 'organisation.created',
        entityType: 'organisation',
        entityId: organisation.id,
        data: { type: organisation.type, name: organisation.name, districtKey: organisation.districtKey },
      });
      return toOrganisationView(organisation);
    });
  }

  private districtExists(districtKey: string): Promise<boolean> {
    return this.dataSource.getRepository(OrganisationEntity).exists({
      where: [
        { districtKey, type: OrganisationType.District },
        { districtKey, type: OrganisationType.City },
      ],
    });
  }

  private async insertUser(
    manager: EntityManager,
    organisationId: string,
    fields: { name: string; email: string; passwordHash: string; role: Role },
  ): Promise<UserEntity> {
    const user = await manager.save(manager.create(UserEntity, { organisationId, ...fields, active: true }));
    delete (user as Partial<UserEntity>).passwordHash; // never leaves the service
    return user;
  }

  /** a unique index that a concurrent request hit first answers like the check above it */
  private async uniquely<T>(fn: () => Promise<T>, conflict: () => IdentityException = alreadyRegistered): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string } | undefined)?.code === '23505') {
        throw conflict();
      }
      throw e;
    }
  }
}

/** says that something exists, not which of VAT id and e-mail */
function alreadyRegistered(): IdentityException {
  return identityError(
    IdentityErrorCode.AlreadyRegistered,
    'A supplier with this VAT id or a user with this e-mail address is registered already',
  );
}

function emailTaken(): IdentityException {
  return identityError(IdentityErrorCode.EmailTaken, 'A user with this e-mail address exists already');
}

function userCreatedEvent(user: UserEntity, actor: { actorUserId?: string; actorOrganisationId?: string } = {}) {
  return {
    action: 'user.created',
    entityType: 'user',
    entityId: user.id,
    data: { name: user.name, email: user.email, role: user.role, organisationId: user.organisationId },
    ...actor,
  };
}
