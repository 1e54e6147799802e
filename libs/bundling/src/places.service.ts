import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '@buendel/auth';
import { CoordinationService } from '@buendel/identity';
import { OrganisationPlaces } from './demands/demand-fields';

/** The places of a user's organisation: its own AGS and the districts it coordinates. */
@Injectable()
export class PlacesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly coordination: CoordinationService,
  ) {}

  async of(user: AuthUser): Promise<OrganisationPlaces & { districtKey: string | null }> {
    const [row] = await this.dataSource.query<Array<{ ags: string | null; district_key: string | null }>>(
      `SELECT ags, district_key FROM organisations WHERE id = $1`,
      [user.organisationId],
    );
    return {
      organisationId: user.organisationId,
      ags: row?.ags ?? null,
      districtKey: row?.district_key ?? null,
      coordinatedDistrictKeys: await this.coordination.coordinatedDistrictKeys(user.organisationId),
    };
  }
}
