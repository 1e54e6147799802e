import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** value (cents, as text) of one organisation under one set of criteria */
export interface ValueRow {
  organisation_id: string;
  name: string;
  district_key: string;
  criteria: string[];
  value: string;
}

/** The statements of the sustainability report, one named method each. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The bundled value of the organisations of these districts, per organisation and set of
   * criteria (the bundle's mandatory ones and the demand's own), in bundles not cancelled.
   */
  bundledValues(districtKeys: readonly string[]): Promise<ValueRow[]> {
    return this.dataSource.query<ValueRow[]>(
      `SELECT p.organisation_id, o.name, o.district_key,
              ARRAY(SELECT DISTINCT x FROM unnest(b.mandatory_criteria || d.criteria) x ORDER BY x) AS criteria,
              sum(d.estimated_value_cents)::text AS value
       FROM bundle_participations p
       JOIN bundles b ON b.id = p.bundle_id AND b.status <> 'cancelled'
       JOIN demands d ON d.id = p.demand_id
       JOIN organisations o ON o.id = p.organisation_id
       WHERE o.district_key = ANY($1::bpchar[])
       GROUP BY 1, 2, 3, 4`,
      [districtKeys],
    );
  }

  /** The awarded value of the organisations of these districts, per organisation and awarded tender (with its criteria). */
  awardedValues(districtKeys: readonly string[]): Promise<ValueRow[]> {
    return this.dataSource.query<ValueRow[]>(
      `SELECT a.organisation_id, o.name, o.district_key,
              ARRAY(SELECT DISTINCT tc.code FROM tender_criteria tc WHERE tc.tender_id = a.tender_id ORDER BY tc.code) AS criteria,
              sum(a.value_cents)::text AS value
       FROM tender_allocations a
       JOIN tenders t ON t.id = a.tender_id AND t.status = 'awarded'
       JOIN organisations o ON o.id = a.organisation_id
       WHERE o.district_key = ANY($1::bpchar[])
       GROUP BY 1, 2, 3, a.tender_id`,
      [districtKeys],
    );
  }

  /** the name of each district (the city's where a city is its own district) */
  async districtNames(districtKeys: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.dataSource.query<Array<{ district_key: string; name: string }>>(
      `SELECT DISTINCT ON (district_key) district_key, name FROM organisations
       WHERE district_key = ANY($1::bpchar[]) AND type IN ('district', 'city') ORDER BY district_key, type DESC`,
      [districtKeys],
    );
    return new Map(rows.map((n) => [n.district_key, n.name]));
  }
}
