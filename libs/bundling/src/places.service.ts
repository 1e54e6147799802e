import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '@buendel/auth';
import { effectiveDistrictKeys } from '@buendel/identity';
import { OrganisationType } from '@buendel/persistence';
import { OrganisationPlaces } from './demands/demand-fields';

/**
 * The places of a user's organisation: its own AGS and the districts it coordinates (a
 * district its own, others those an admin assigned). One query: nearly every request of the
 * bundling routes needs them.
 */
@Injectable()
export class PlacesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(user: AuthUser): Promise<OrganisationPlaces & { districtKey: string | null }> {
    const [row] = await this.dataSource.query<
      Array<{ type: OrganisationType; ags: string | null; district_key: string | null; assigned: string[] }>
    >(
      `SELECT o.type, o.ags, o.district_key,
              ARRAY(SELECT a.district_key FROM coordination_assignments a
                    WHERE a.coordinator_organisation_id = o.id ORDER BY a.district_key) AS assigned
       FROM organisations o WHERE o.id = $1`,
      [user.organisationId],
    );
    return {
      organisationId: user.organisationId,
      ags: row?.ags ?? null,
      districtKey: row?.district_key ?? null,
      coordinatedDistrictKeys: row
        ? effectiveDistrictKeys({ type: row.type, districtKey: row.district_key }, row.assigned)
        : [],
    };
  }
}
