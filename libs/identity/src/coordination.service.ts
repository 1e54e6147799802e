import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditLog, currentRequestContext } from '@buendel/audit';
import { NotFoundException } from '@buendel/errors';
import { CoordinationAssignmentEntity, OrganisationEntity, OrganisationType } from '@buendel/persistence';
import { CoordinationRepository } from './coordination.repository';
import { CoordinatedDistrictsResponse } from './http/dto/organisation.dto';
import { identityError, IdentityErrorCode } from './identity.exception';
import { coordinationAssignmentProblem, effectiveDistrictKeys } from './rules/organisation-roles';

export interface OrganisationPlacesView {
  ags: string | null;
  districtKey: string | null;
  coordinatedDistrictKeys: string[];
}

/**
 * Which districts an organisation coordinates: the region scope of its bundles. A
 * district coordinates its own; admins assign districts to larger towns, cities and
 * central purchasing bodies.
 */
@Injectable()
export class CoordinationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly coordination: CoordinationRepository,
  ) {}

  /** The district keys the organisation coordinates (empty for suppliers and unknown ids). */
  async coordinatedDistrictKeys(organisationId: string): Promise<string[]> {
    return (await this.placesOf(organisationId))?.coordinatedDistrictKeys ?? [];
  }

  /**
   * An organisation's own AGS and district, and the districts it coordinates, in one query:
   * nearly every request of demands and bundles needs them. Undefined for an unknown id.
   */
  async placesOf(organisationId: string): Promise<OrganisationPlacesView | undefined> {
    const row = await this.coordination.places(organisationId);
    if (!row) return undefined;
    return {
      ags: row.ags,
      districtKey: row.district_key,
      coordinatedDistrictKeys: effectiveDistrictKeys({ type: row.type, districtKey: row.district_key }, row.assigned),
    };
  }

  async describe(organisation: OrganisationEntity): Promise<CoordinatedDistrictsResponse> {
    const assigned = await this.assignedDistrictKeys(organisation.id);
    return {
      organisationId: organisation.id,
      assignedDistrictKeys: assigned,
      coordinatedDistrictKeys: effectiveDistrictKeys(organisation, assigned),
    };
  }

  /** Adds district assignments (keeping the existing ones); idempotent. */
  async assign(organisationId: string, districtKeys: string[]): Promise<CoordinatedDistrictsResponse> {
    const keys = [...new Set(districtKeys)].sort();
    const organisation = await this.dataSource.transaction(async (manager) => {
      const org = await manager.findOneBy(OrganisationEntity, { id: organisationId });
      if (!org) throw new NotFoundException('Organisation', organisationId);
      const problem = coordinationAssignmentProblem(org.type);
      if (problem) {
        throw identityError(IdentityErrorCode.CannotCoordinate, problem, {
          errors: [{ field: 'id', reason: problem }],
        });
      }
      // a district key is known when a district or a kreisfreie Stadt carries it
      const known = await manager.find(OrganisationEntity, {
        select: { districtKey: true },
        where: { districtKey: In(keys), type: In([OrganisationType.District, OrganisationType.City]) },
      });
      const knownKeys = new Set(known.map((o) => o.districtKey));
      const unknown = keys.filter((k) => !knownKeys.has(k));
      if (unknown.length) {
        throw identityError(IdentityErrorCode.UnknownDistrict, `Unknown district keys: ${unknown.join(', ')}`, {
          errors: unknown.map((k) => ({
            field: `districtKeys.${districtKeys.indexOf(k)}`,
            reason: 'is not a known district key',
          })),
        });
      }
      const assignedBy = currentRequestContext().userId ?? null;
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(CoordinationAssignmentEntity)
        .values(keys.map((districtKey) => ({ coordinatorOrganisationId: org.id, districtKey, assignedBy })))
        .orIgnore()
        .returning(['districtKey'])
        .execute();
      const added = (inserted.raw as Array<{ district_key: string }>).map((r) => r.district_key);
      if (added.length) {
        await this.audit.record(manager, {
          action: 'coordination.assigned',
          entityType: 'organisation',
          entityId: org.id,
          data: { districtKeys: added },
        });
      }
      return org;
    });
    return this.describe(organisation);
  }

  /** Removes one assignment; idempotent. */
  async unassign(organisationId: string, districtKey: string): Promise<CoordinatedDistrictsResponse> {
    const organisation = await this.dataSource.transaction(async (manager) => {
      const org = await manager.findOneBy(OrganisationEntity, { id: organisationId });
      if (!org) throw new NotFoundException('Organisation', organisationId);
      const result = await manager.delete(CoordinationAssignmentEntity, {
        coordinatorOrganisationId: org.id,
        districtKey,
      });
      if (result.affected) {
        await this.audit.record(manager, {
          action: 'coordination.unassigned',
          entityType: 'organisation',
          entityId: org.id,
          data: { districtKeys: [districtKey] },
        });
      }
      return org;
    });
    return this.describe(organisation);
  }

  private async assignedDistrictKeys(organisationId: string): Promise<string[]> {
    const rows = await this.dataSource.getRepository(CoordinationAssignmentEntity).find({
      select: { districtKey: true },
      where: { coordinatorOrganisationId: organisationId },
      order: { districtKey: 'ASC' },
    });
    return rows.map((r) => r.districtKey);
  }
}
