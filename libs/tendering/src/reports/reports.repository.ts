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

/** awarded value (cents, as text) of one organisation in one awarded lot, CPV division and year */
export interface AwardedValueRow extends ValueRow {
  cpv_division: string;
  year: number;
  /** claimed criteria without checked evidence */
  self_declared: string[];
}

/** The statements of the sustainability report, one named method each. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The bundled value of the organisations of these districts, per organisation and set of
   * criteria (the bundle's mandatory ones and the demand's own), in bundles not cancelled.
   */
  bundledValues(districtKeys: readonly string[] | null): Promise<ValueRow[]> {
    return this.dataSource.query<ValueRow[]>(
      `SELECT p.organisation_id, o.name, o.district_key,
              ARRAY(SELECT DISTINCT x FROM unnest(b.mandatory_criteria || d.criteria) x ORDER BY x) AS criteria,
              sum(d.estimated_value_cents)::text AS value
       FROM bundle_participations p
       JOIN bundles b ON b.id = p.bundle_id AND b.status <> 'cancelled'
       JOIN demands d ON d.id = p.demand_id
       JOIN organisations o ON o.id = p.organisation_id
       WHERE $1::bpchar[] IS NULL OR o.district_key = ANY($1::bpchar[])
       GROUP BY 1, 2, 3, 4`,
      [districtKeys],
    );
  }

  /**
   * The awarded value of the organisations of these districts (null: all), per organisation,
   * awarded lot, CPV division of the item and year of the award: `criteria` are the criteria
   * whose evidence the coordinator checked (verified), `self_declared` those the awarded offer
   * declared or the lot required without checked evidence.
   */
  awardedValues(districtKeys: readonly string[] | null): Promise<AwardedValueRow[]> {
    return this.dataSource.query<AwardedValueRow[]>(
      `WITH lots AS (
         SELECT w.lot_id, w.tender_id, extract(year FROM w.awarded_at AT TIME ZONE 'Europe/Berlin')::int AS year,
                ARRAY(SELECT DISTINCT c.code FROM award_evidence_claims c
                      WHERE c.lot_id = w.lot_id AND c.evidence_id IS NOT NULL AND c.verification = 'checked'
                      ORDER BY 1) AS verified,
                ARRAY(SELECT DISTINCT x.code FROM (
                        SELECT c.code FROM award_evidence_claims c WHERE c.lot_id = w.lot_id
                        UNION SELECT tc.code FROM tender_criteria tc JOIN tender_lots l ON l.id = w.lot_id
                        WHERE tc.tender_id = w.tender_id AND (tc.lot_keys IS NULL OR l.key = ANY(tc.lot_keys))) x
                      ORDER BY 1) AS claimed
         FROM tender_awards w JOIN tenders t ON t.id = w.tender_id AND t.status = 'awarded'
       )
       SELECT a.organisation_id, o.name, o.district_key, left(i.cpv_code, 2) AS cpv_division, lots.year,
              lots.verified AS criteria,
              ARRAY(SELECT x FROM unnest(lots.claimed) x WHERE x <> ALL(lots.verified) ORDER BY x) AS self_declared,
              sum(a.value_cents)::text AS value
       FROM tender_allocations a
       JOIN lots ON lots.lot_id = a.lot_id
       JOIN tender_items i ON i.id = a.item_id
       JOIN organisations o ON o.id = a.organisation_id
       WHERE $1::bpchar[] IS NULL OR o.district_key = ANY($1::bpchar[])
       GROUP BY a.organisation_id, o.name, o.district_key, a.lot_id, left(i.cpv_code, 2), lots.year, lots.verified,
                lots.claimed`,
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
