import { Injectable } from '@nestjs/common';
import { AuthUser, Role } from '@buendel/auth';
import { Clock } from '@buendel/clock';
import { PlacesService } from '@buendel/bundling';
import { centsToEur } from '@buendel/domain';
import { NotFoundException } from '@buendel/errors';
import { SustainabilityReportDto, SustainabilityReportQueryDto, ValueBreakdownDto } from './sustainability-report.dto';
import { AwardedValueRow, ReportsRepository, ValueRow } from './reports.repository';

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
        share: share(value, total),
      })),
  };
}

const share = (value: number, total: number) => (total === 0 ? 0 : Math.round((value / total) * 10_000) / 10_000);

/**
 * The awarded value: a criterion counts as sustainable only where its evidence was checked;
 * self-declared value is shown apart, never counted as sustainable.
 */
function awardedBreakdown(rows: AwardedValueRow[]): ValueBreakdownDto {
  const total = rows.reduce((s, r) => s + Number(r.value), 0);
  const verified = new Map<string, number>();
  const declared = new Map<string, number>();
  let sustainable = 0;
  let declaredOnly = 0;
  for (const r of rows) {
    const v = Number(r.value);
    for (const code of r.criteria) verified.set(code, (verified.get(code) ?? 0) + v);
    for (const code of r.self_declared) declared.set(code, (declared.get(code) ?? 0) + v);
    if (r.criteria.length) sustainable += v;
    else if (r.self_declared.length) declaredOnly += v;
  }
  return {
    totalEur: centsToEur(total),
    sustainableEur: centsToEur(sustainable),
    selfDeclaredOnlyEur: centsToEur(declaredOnly),
    criteria: [...new Set([...verified.keys(), ...declared.keys()])].sort().map((code) => ({
      code,
      valueEur: centsToEur(verified.get(code) ?? 0),
      share: share(verified.get(code) ?? 0, total),
      selfDeclaredEur: centsToEur(declared.get(code) ?? 0),
      selfDeclaredShare: share(declared.get(code) ?? 0, total),
    })),
  };
}

/** the awarded value per key (a Land, a CPV division, a year), in the order of the keys */
function byKey(rows: AwardedValueRow[], key: (r: AwardedValueRow) => string) {
  return [...new Set(rows.map(key))]
    .sort()
    .map((k) => ({ key: k, awarded: awardedBreakdown(rows.filter((r) => key(r) === k)) }));
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
    // the platform admin sees every district (the monitoring the federal KNB asks for)
    const all = user.role === Role.Admin;
    const coordinated = all ? [] : (await this.places.of(user)).coordinatedDistrictKeys;
    if (query.districtKey && !all && !coordinated.includes(query.districtKey)) {
      throw new NotFoundException('District in your region', query.districtKey);
    }
    const filter = query.districtKey ? [query.districtKey] : all ? null : coordinated;
    const [bundled, awarded] = await Promise.all([this.repo.bundledValues(filter), this.repo.awardedValues(filter)]);
    const keys = filter ?? [...new Set([...bundled, ...awarded].map((r) => r.district_key))].sort();
    const districtName = await this.repo.districtNames(keys);
    const organisations = new Map<string, { name: string; districtKey: string }>();
    for (const r of [...bundled, ...awarded])
      organisations.set(r.organisation_id, { name: r.name, districtKey: r.district_key });
    return {
      districtKeys: keys,
      districts: keys.map((k) => ({
        districtKey: k,
        name: districtName.get(k) ?? null,
        bundled: breakdown(bundled.filter((r) => r.district_key === k)),
        awarded: awardedBreakdown(awarded.filter((r) => r.district_key === k)),
      })),
      organisations: [...organisations]
        .sort(([, a], [, b]) => (a.name < b.name ? -1 : 1))
        .map(([id, o]) => ({
          organisationId: id,
          name: o.name,
          districtKey: o.districtKey,
          bundled: breakdown(bundled.filter((r) => r.organisation_id === id)),
          awarded: awardedBreakdown(awarded.filter((r) => r.organisation_id === id)),
        })),
      lands: byKey(awarded, (r) => r.district_key.slice(0, 2)),
      cpvDivisions: byKey(awarded, (r) => r.cpv_division),
      years: byKey(awarded, (r) => String(r.year)),
      generatedAt: this.clock.now().toISOString(),
    };
  }
}
