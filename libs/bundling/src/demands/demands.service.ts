import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import {
  assertTransition,
  checkDemandAgainstBundle,
  DEMAND_STATUS_MACHINE,
  DemandStatus,
  isDemandChangeable,
  isDemandInBundle,
  normalizeCpvPrefix,
  statusAfterChange,
} from '@buendel/domain';
import { collectedFieldErrors, FieldError, NotFoundException, ValidationException } from '@buendel/errors';
import { Page, pageRequest } from '@buendel/http';
import { BundleChanges, LockedBundle } from '../bundles/bundle-changes';
import { bundlingError, BundlingErrorCode, unknownReferences } from '../bundling.exception';
import { PlacesService } from '../places.service';
import {
  checkableDemand,
  demandReferenceProblems,
  loadDemandLookups,
  ResolvedDemand,
  resolveDemand,
} from './demand-fields';
import { DemandRow, toDemandDto } from './demand.view';
import { DemandsRepository } from './demands.repository';
import { CreateDemandDto, DemandDto, DemandQueryDto, UpdateDemandDto } from './http/dto/demand.dto';

/** the fields whose change moves a bundle's aggregate */
const AGGREGATED_FIELDS: ReadonlyArray<keyof Omit<ResolvedDemand, 'status'>> = [
  'cpvCode',
  'specificationKey',
  'specificationText',
  'quantity',
  'unit',
  'unitPriceEur',
  'estimatedValueCents',
  'deliveryAgs',
];

/** Demands (Bedarfsmeldungen) of the user's own organisation. */
@Injectable()
export class DemandsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly demands: DemandsRepository,
    private readonly audit: AuditLog,
    private readonly places: PlacesService,
    private readonly bundleChanges: BundleChanges,
  ) {}

  async create(user: AuthUser, dto: CreateDemandDto): Promise<DemandDto> {
    const demand = await this.resolve(user, dto);
    return this.dataSource.transaction(async (manager) => {
      const id = await this.demands.insert(manager, user.organisationId, storedValues(demand), demand.status, user.id);
      await this.audit.record(manager, {
        action: 'demand.created',
        entityType: 'demand',
        entityId: id,
        data: { ...auditFields(demand) },
      });
      return toDemandDto(await this.read(manager, user, id));
    });
  }

  async list(user: AuthUser, query: DemandQueryDto): Promise<Page<DemandDto>> {
    return this.demands.page(
      user.organisationId,
      { status: query.status, cpvPrefix: query.cpv ? normalizeCpvPrefix(query.cpv) : undefined },
      pageRequest(query),
      toDemandDto,
    );
  }

  async get(user: AuthUser, id: string): Promise<DemandDto> {
    return toDemandDto(await this.read(this.dataSource.manager, user, id));
  }

  /**
   * Changes a demand. A demand in an open bundle may change until the deadline, as long as it
   * still fits the bundle, and the bundle's aggregate follows; once its bundle is closed, the
   * demand is bound and changes are refused.
   */
  async update(user: AuthUser, id: string, body: UpdateDemandDto): Promise<DemandDto> {
    // a body with bad fields (the pipe keeps them): a refused status is no transition to check,
    // the other fields are checked against the reference data, and one 400 names all of them
    const invalid = collectedFieldErrors(body);
    const dto: UpdateDemandDto = invalid.some((e) => e.field === 'status') ? { ...body, status: undefined } : body;
    return this.changeDemand(user, id, async (manager, current, bundle) => {
      if (!isDemandChangeable(current.status)) {
        throw bundlingError(
          BundlingErrorCode.DemandNotEditable,
          `The demand is ${current.status} and can no longer be changed`,
        );
      }
      if (dto.status && isDemandInBundle(current.status)) {
        throw bundlingError(
          BundlingErrorCode.DemandNotEditable,
          'The demand takes part in a bundle; leave the bundle to change its status',
          {
            errors: [
              {
                field: 'status',
                reason: 'cannot change while the demand takes part in a bundle',
                de: 'kann sich nicht ändern, solange der Bedarf an einem Bündel teilnimmt',
              },
            ],
          },
        );
      }
      if (dto.status && dto.status !== current.status) {
        assertTransition(DEMAND_STATUS_MACHINE, current.status, dto.status as DemandStatus);
      }
      const merged: CreateDemandDto = {
        cpvCode: current.cpv_code,
        title: current.title,
        description: current.description ?? undefined,
        specificationKey: current.specification_key ?? undefined,
        specificationText: current.specification_text ?? undefined,
        quantity: Number(current.quantity),
        unit: current.unit,
        unitPriceEur: Number(current.unit_price_eur),
        deliveryFrom: current.delivery_from,
        deliveryTo: current.delivery_to,
        deliveryAgs: current.delivery_ags,
        criteria: current.criteria,
        ...stripUndefined(dto),
        status: statusAfterChange(current.status, dto.status) as 'draft' | 'open',
      };
      const next = await this.resolve(user, merged, manager, invalid);
      if (bundle) assertStillFits(next, bundle);
      const status = isDemandInBundle(current.status) ? current.status : next.status;
      await this.demands.update(manager, id, storedValues(next), status);
      const before = resolvedOf(current);
      const changed = (Object.keys(auditFields(next)) as Array<keyof Omit<ResolvedDemand, 'status'>>).filter(
        (k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]),
      );
      if (changed.length === 0 && status === current.status) return;
      await this.audit.record(manager, {
        action: 'demand.updated',
        entityType: 'demand',
        entityId: id,
        data: {
          fields: changed,
          ...(status !== current.status ? { status: { from: current.status, to: status } } : {}),
        },
      });
      if (bundle && changed.some((k) => AGGREGATED_FIELDS.includes(k))) {
        await this.bundleChanges.participationsChanged(manager, bundle.id);
      }
    });
  }

  /** Withdraws a demand; one in an open bundle leaves it first (before the deadline only). */
  async withdraw(user: AuthUser, id: string): Promise<DemandDto> {
    return this.changeDemand(user, id, async (manager, current, bundle) => {
      if (current.status === 'withdrawn') return;
      if (!isDemandChangeable(current.status)) {
        throw bundlingError(BundlingErrorCode.DemandNotEditable, `A ${current.status} demand cannot be withdrawn`);
      }
      if (bundle) {
        await this.demands.leaveBundle(manager, id);
        await this.audit.record(manager, {
          action: 'bundle.left',
          entityType: 'bundle',
          entityId: bundle.id,
          data: { demandIds: [id], reason: 'demand withdrawn' },
        });
        await this.bundleChanges.participationsChanged(manager, bundle.id);
      }
      await this.demands.markWithdrawn(manager, id);
      await this.audit.record(manager, {
        action: 'demand.withdrawn',
        entityType: 'demand',
        entityId: id,
        data: { from: current.status },
      });
    });
  }

  /**
   * Runs a change of one demand of the user's organisation in a transaction. If the demand
   * takes part in a bundle, the bundle row is locked first (the lock order of every
   * participation change) and a closed or past-deadline bundle refuses the change.
   */
  private async changeDemand(
    user: AuthUser,
    id: string,
    change: (manager: EntityManager, current: DemandRow, bundle: LockedBundle | undefined) => Promise<void>,
  ): Promise<DemandDto> {
    return this.dataSource.transaction(async (manager) => {
      const first = await this.read(manager, user, id);
      const bundle = first.bundle_id ? await this.bundleChanges.lock(manager, first.bundle_id) : undefined;
      const current = await this.demands.lock(manager, id);
      if (!current) throw new NotFoundException('Demand', id);
      if (current.bundle_id !== first.bundle_id) {
        throw bundlingError(
          BundlingErrorCode.DemandNotEditable,
          'The demand joined or left a bundle meanwhile; please retry',
        );
      }
      if (bundle && !bundle.acceptsChanges) {
        throw bundlingError(
          BundlingErrorCode.DemandBound,
          `The demand is bound: its bundle ${bundle.id} is ${bundle.status === 'open' ? 'past its opt-in deadline' : bundle.status}`,
          { extensions: { bundleId: bundle.id } },
        );
      }
      await change(manager, current, bundle);
      return toDemandDto(await this.read(manager, user, id));
    });
  }

  /** one demand of the user's organisation; another organisation's answers exactly like a missing one */
  private async read(manager: EntityManager, user: AuthUser, id: string): Promise<DemandRow> {
    const row = await this.demands.ofOrganisation(manager, id, user.organisationId);
    if (!row) throw new NotFoundException('Demand', id);
    return row;
  }

  private async resolve(
    user: AuthUser,
    dto: CreateDemandDto,
    manager?: EntityManager,
    invalid: FieldError[] = collectedFieldErrors(dto),
  ): Promise<ResolvedDemand> {
    const places = await this.places.of(user);
    // a body with bad fields (the pipe keeps them for POST and PATCH /demands): the others are
    // checked against the reference data too, and one 400 names all of them
    const skip = new Set(invalid.map((e) => e.field));
    const checked = invalid.length ? checkableDemand(dto, skip) : dto;
    const lookups = await loadDemandLookups(
      this.demands,
      manager ?? this.dataSource.manager,
      [checked],
      places.ags ? [places.ags] : [],
    );
    if (invalid.length) {
      const problems = demandReferenceProblems(checked, lookups, places, skip);
      throw problems.length ? unknownReferences([...invalid, ...problems]) : new ValidationException(invalid);
    }
    const { demand, errors } = resolveDemand(dto, lookups, places);
    if (!demand) throw unknownReferences(errors);
    return demand;
  }
}

/** the stored columns from cpv_code to criteria, then the specification's key and text */
export function storedValues(d: ResolvedDemand): unknown[] {
  return [
    d.cpvCode,
    d.title,
    d.description,
    d.quantity,
    d.unit,
    d.unitPriceEur,
    d.estimatedValueCents,
    d.deliveryFrom,
    d.deliveryTo,
    d.deliveryAgs,
    d.districtKey,
    d.criteria,
    d.specificationKey,
    d.specificationText,
  ];
}

function auditFields(d: ResolvedDemand): Omit<ResolvedDemand, 'status'> {
  const { status: _status, ...fields } = d;
  return fields;
}

function resolvedOf(r: DemandRow): Omit<ResolvedDemand, 'status'> {
  return {
    cpvCode: r.cpv_code,
    title: r.title,
    description: r.description,
    quantity: r.quantity,
    unit: r.unit,
    unitPriceEur: r.unit_price_eur,
    estimatedValueCents: Number(r.estimated_value_cents),
    deliveryFrom: r.delivery_from,
    deliveryTo: r.delivery_to,
    deliveryAgs: r.delivery_ags,
    districtKey: r.district_key,
    criteria: r.criteria,
    specificationKey: r.specification_key,
    specificationText: r.specification_text,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A changed demand in an open bundle must still fit it (422 naming every mismatch). */
export function assertStillFits(demand: ResolvedDemand, bundle: LockedBundle, field = ''): void {
  const mismatches = checkDemandAgainstBundle({
    demand: {
      cpvCode: demand.cpvCode,
      deliveryAgs: demand.deliveryAgs,
      deliveryFrom: demand.deliveryFrom,
      deliveryTo: demand.deliveryTo,
      criteria: demand.criteria,
    },
    bundle,
  });
  if (mismatches.length > 0) {
    throw bundlingError(
      BundlingErrorCode.DemandDoesNotFit,
      `The demand would no longer fit its bundle: ${mismatches.map((m) => m.reason).join('; ')}`,
      { errors: mismatches.map((m) => ({ field: `${field}${m.field}`, reason: m.reason, de: m.de })) },
    );
  }
}
