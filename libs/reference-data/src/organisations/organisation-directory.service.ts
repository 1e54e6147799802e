import { Injectable } from '@nestjs/common';
import { AuthUser, Role } from '@buendel/auth';
import { OrganisationType, PUBLIC_BODY_TYPES } from '@buendel/persistence';
import { Page, pageRequest } from '@buendel/http';
import { textSearchParams } from '../common/search-text';
import { OrganisationFilter, OrganisationRecord, ReferenceDataRepository } from '../reference-data.repository';
import { OrganisationQueryDto, OrganisationSummaryDto } from './organisation-directory.dto';

/** digits: the start of an AGS or district key */
function isKeySearch(search: string): boolean {
  return /^\d{2,8}$/.test(search);
}

function toDto(r: OrganisationRecord): OrganisationSummaryDto {
  return {
    id: r.id,
    type: r.type,
    name: r.name,
    ags: r.ags,
    districtKey: r.district_key,
    nuts3: r.nuts3,
    population: r.population,
    landKey: r.land_key,
    officialType: r.official_type,
  };
}

@Injectable()
export class OrganisationDirectoryService {
  constructor(private readonly repo: ReferenceDataRepository) {}

  /**
   * Public bodies for everyone; suppliers for admins only. The summary never carries an
   * address, VAT id or contact. A text search matches every word in the name (umlauts
   * spelled out or not); only when nothing matches does a fuzzy (trigram) search run.
   */
  async list(query: OrganisationQueryDto, user: AuthUser): Promise<Page<OrganisationSummaryDto>> {
    const strict = await this.page(query, user, false);
    if (strict.total > 0 || !query.search || isKeySearch(query.search)) return strict;
    return this.page(query, user, true);
  }

  private page(query: OrganisationQueryDto, user: AuthUser, fuzzy: boolean): Promise<Page<OrganisationSummaryDto>> {
    const types = user.role === Role.Admin ? Object.values(OrganisationType) : [...PUBLIC_BODY_TYPES];
    const filter: OrganisationFilter = { types };
    if (query.type) filter.type = query.type;
    if (query.districtKey) filter.districtKey = query.districtKey;
    if (query.search && isKeySearch(query.search)) filter.keyPrefix = query.search;
    else if (query.search) filter.name = { text: textSearchParams(query.search, { fold: true }), fuzzy };
    return this.repo.organisationsPage(filter, pageRequest(query), toDto);
  }
}
