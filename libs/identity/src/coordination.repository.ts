import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrganisationType } from '@buendel/persistence';

/** an organisation's places as stored: its type, AGS and district, and the districts assigned to it */
export interface OrganisationPlacesRow {
  type: OrganisationType;
  ags: string | null;
  district_key: string | null;
  assigned: string[];
}

/**
 * The plain-SQL statements of coordination, one named method each (the assignments themselves
 * are read and written through TypeORM's entities in CoordinationService).
 */
@Injectable()
export class CoordinationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** the organisation's type, AGS, district and assigned district keys (sorted) in one query; undefined for an unknown id */
  async places(organisationId: string): Promise<OrganisationPlacesRow | undefined> {
    const [row] = await this.dataSource.query<OrganisationPlacesRow[]>(
      `SELECT o.type, o.ags, o.district_key,
              ARRAY(SELECT a.district_key FROM coordination_assignments a
                    WHERE a.coordinator_organisation_id = o.id ORDER BY a.district_key) AS assigned
       FROM organisations o WHERE o.id = $1`,
      [organisationId],
    );
    return row;
  }
}
