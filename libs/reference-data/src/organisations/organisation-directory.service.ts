import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser, Role } from '@buendel/auth';
import { OrganisationType, PUBLIC_BODY_TYPES } from '@buendel/persistence';
import { Page, pageRequest } from '@buendel/http';
import { queryPage } from '@buendel/persistence';
import { foldGermanSql, textSearchParams } from '../common/search-text';
import { OrganisationQueryDto, OrganisationSummaryDto } from './organisation-directory.dto';

interface OrganisationRecord {
  id: string;
  type: OrganisationType;
  name: string;
  ags: string | null;
  district_key: string | null;
  nuts3: string | null;
  population: number | null;
  land_key: string | null;
  official_type: string | null;
}

/** districts before cities before municipalities: the order a district's listing reads best in */
const TYPE_ORDER = `array_position(ARRAY['district','city','central_purchasing_body','municipality','supplier']::text[], o.type)`;

/** the name, lower case, umlauts spelled out */
const NAME = foldGermanSql('o.name');

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
  constructor(private readonly dataSource: DataSource) {}

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

  private async page(
    query: OrganisationQueryDto,
    user: AuthUser,
    fuzzy: boolean,
  ): Promise<Page<OrganisationSummaryDto>> {
    const request = pageRequest(query);
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const visibleTypes = user.role === Role.Admin ? Object.values(OrganisationType) : [...PUBLIC_BODY_TYPES];
    const conditions = [`o.type = ANY(${param(visibleTypes)}::text[])`];
    if (query.type) conditions.push(`o.type = ${param(query.type)}`);
    if (query.districtKey) conditions.push(`o.district_key = ${param(query.districtKey)}`);
    let order = () => `${TYPE_ORDER}, o.name, o.id`;
    if (query.search && isKeySearch(query.search)) {
      const prefix = param(`${query.search}%`);
      conditions.push(`(o.ags LIKE ${prefix} OR o.district_key LIKE ${prefix})`);
      order = () => `${TYPE_ORDER}, o.ags NULLS FIRST, o.name, o.id`;
    } else if (query.search) {
      const p = textSearchParams(query.search, { fold: true });
      conditions.push(fuzzy ? `${param(p.phrase)} <% ${NAME}` : `${NAME} LIKE ALL (${param(p.termsContain)}::text[])`);
      // "Zwickau" is exact for the district "Zwickau" and for "Zwickau, Stadt"
      order = () => {
        const phrase = param(p.phrase);
        return `CASE
          WHEN ${NAME} = ${phrase} OR ${foldGermanSql(`split_part(o.name, ',', 1)`)} = ${phrase} THEN 0
          WHEN ${NAME} LIKE ${param(p.phrasePrefix)} THEN 1
          WHEN ${NAME} ~ ${param(p.phraseWordStart)} THEN 2
          WHEN ${NAME} ~ ALL (${param(p.termsWordStart)}::text[]) THEN 3
          WHEN ${NAME} LIKE ${param(p.phraseContains)} THEN 4
          ELSE 5
        END,
        similarity(${NAME}, ${phrase}) DESC, ${TYPE_ORDER}, o.population DESC NULLS LAST, o.name, o.id`;
      };
    }
    const where = conditions.join(' AND ');
    const whereParams = [...params];
    const orderBy = order();
    return queryPage(
      this.dataSource,
      request,
      {
        select: `SELECT o.id, o.type, o.name, o.ags, o.district_key, o.nuts3, o.population, o.land_key, o.official_type
                 FROM organisations o`,
        countFrom: 'organisations o',
        where,
        whereParams,
        orderBy,
        orderParams: params.slice(whereParams.length),
      },
      toDto,
    );
  }
}
