import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import { PlacesService } from '@buendel/bundling';
import { centsToEur } from '@buendel/domain';
import { NotFoundException } from '@buendel/errors';
import { SustainabilityReportDto, SustainabilityReportQueryDto, ValueBreakdownDto } from './sustainability-report.dto';

interface ValueRow {
  organisation_id: string;
  name: string;
  district_key: string;
  criteria: string[];
  value: string;
}

/** totals and per-criterion values of a set of rows */
function breakdown(rows: ValueRow[]): ValueBreakdownDto {
  const total = rows.reduce((s, r) => s + Number(r.value), 0);
  const byCode = new Map<string, number>();
  for (const r of rows) for (const code of r.criteria) byCode.set(code, (byCode.get(code) ?? 0) + Number(r.value));
  return {
    totalEur: centsToEur(total),
    criteria: [...byCode]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, value]) => ({
        code,
        valueEur: centsToEur(value),
        share: total === 0 ? 0 : Math.round((value / total) * 10_000) / 10_000,
      })),
  };
}

/**
 * The share of bundled and awarded value that carries each sustainability criterion, per
 * district and per organisation (by the organisation's district), for the districts the
 * coordinator's organisation coordinates.
 */
@Injectable()
export class SustainabilityReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlacesService,
    private readonly clock: Clock,
  ) {}

  async report(user: AuthUser, query: SustainabilityReportQueryDto): Promise<SustainabilityReportDto> {
    const { coordinatedDistrictKeys } = await this.places.of(user);
    if (query.districtKey && !coordinatedDistrictKeys.includes(query.districtKey)) {
      throw new NotFoundException('District in your region', query.districtKey);
    }
    const keys = query.districtKey ? [query.districtKey] : coordinatedDistrictKeys;
    const bundled = await this.dataSource.query<ValueRow[]>(
      `SELECT p.organisation_id, o.name, o.district_key,
              ARRAY(SELECT DISTINCT x FROM unnest(b.mandatory_criteria || d.criteria) x ORDER BY x) AS criteria,
              sum(d.estimated_value_cents)::text AS value
       FROM bundle_participations p
       JOIN bundles b ON b.id = p.bundle_id AND b.status <> 'cancelled'
       JOIN demands d ON d.id = p.demand_id
       JOIN organisations o ON o.id = p.organisation_id
       WHERE o.district_key = ANY($1::bpchar[])
       GROUP BY 1, 2, 3, 4`,
      [keys],
    );
    const awarded = await this.dataSource.query<ValueRow[]>(
      `SELECT a.organisation_id, o.name, o.district_key,
              ARRAY(SELECT DISTINCT tc.code FROM tender_criteria tc WHERE tc.tender_id = a.tender_id ORDER BY tc.code) AS criteria,
              sum(a.value_cents)::text AS value
       FROM tender_allocations a
       JOIN tenders t ON t.id = a.tender_id AND t.status = 'awarded'
       JOIN organisations o ON o.id = a.organisation_id
       WHERE o.district_key = ANY($1::bpchar[])
       GROUP BY 1, 2, 3, a.tender_id`,
      [keys],
    );
    const names = await this.dataSource.query<Array<{ district_key: string; name: string }>>(
      `SELECT DISTINCT ON (district_key) district_key, name FROM organisations
       WHERE district_key = ANY($1::bpchar[]) AND type IN ('district', 'city') ORDER BY district_key, type DESC`,
      [keys],
    );
    const districtName = new Map(names.map((n) => [n.district_key, n.name]));
    const organisations = new Map<string, { name: string; districtKey: string }>();
    for (const r of [...bundled, ...awarded])
      organisations.set(r.organisation_id, { name: r.name, districtKey: r.district_key });
    return {
      districtKeys: keys,
      districts: keys.map((k) => ({
        districtKey: k,
        name: districtName.get(k) ?? null,
        bundled: breakdown(bundled.filter((r) => r.district_key === k)),
        awarded: breakdown(awarded.filter((r) => r.district_key === k)),
      })),
      organisations: [...organisations]
        .sort(([, a], [, b]) => (a.name < b.name ? -1 : 1))
        .map(([id, o]) => ({
          organisationId: id,
          name: o.name,
          districtKey: o.districtKey,
          bundled: breakdown(bundled.filter((r) => r.organisation_id === id)),
          awarded: breakdown(awarded.filter((r) => r.organisation_id === id)),
        })),
      generatedAt: this.clock.now().toISOString(),
    };
  }
}
