import { Injectable } from '@nestjs/common';
import { AuthUser } from '@buendel/auth';
import { CoordinationService } from '@buendel/identity';
import { OrganisationPlaces } from './demands/demand-fields';

/** The places of a user's organisation: its own AGS and the districts it coordinates. */
@Injectable()
export class PlacesService {
  constructor(private readonly coordination: CoordinationService) {}

  async of(user: AuthUser): Promise<OrganisationPlaces & { districtKey: string | null }> {
    const places = await this.coordination.placesOf(user.organisationId);
    return {
      organisationId: user.organisationId,
      ags: places?.ags ?? null,
      districtKey: places?.districtKey ?? null,
      coordinatedDistrictKeys: places?.coordinatedDistrictKeys ?? [],
    };
  }
}
