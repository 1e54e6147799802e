import { Injectable } from '@nestjs/common';
import { AuthUser } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import { PlacesService } from '@buendel/bundling';
import { centsToEur } from '@buendel/domain';
import { NotFoundException } from '@buendel/errors';
import { SustainabilityReportDto, SustainabilityReportQueryDto, ValueBreakdownDto } from './sustainability-report.dto';
import { ReportsRepository, ValueRow } from './reports.repository';

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
    private readonly repo: ReportsRepository,
    private readonly places: PlacesService,
    private readonly clock: Clock,
  ) {}

  async report(user: AuthUser, query: SustainabilityReportQueryDto): Promise<SustainabilityReportDto> {
    const { coordinatedDistrictKeys } = await this.places.of(user);
    if (query.districtKey && !coordinatedDistrictKeys.includes(query.districtKey)) {
      throw new NotFoundException('District in your region', query.districtKey);
    }
    const keys = query.districtKey ? [query.districtKey] : coordinatedDistrictKeys;
    const [bundled, awarded, districtName] = await Promise.all([
      this.repo.bundledValues(keys),
      this.repo.awardedValues(keys),
      this.repo.districtNames(keys),
    ]);
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
