import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CRITERIA_CATALOGUE, eurToCents, EVIDENCE_FOR_CRITERION, Threshold, ThresholdCategory } from '@buendel/domain';
import { queryOne, SustainabilityCriterionEntity } from '@buendel/persistence';

export interface ThresholdRow {
  category: ThresholdCategory;
  valid_from: string;
  valid_to: string | null;
  threshold_cents: string;
  legal_basis: string;
}

/**
 * A scalar subquery naming the thresholds table's content: the same text for the same
 * periods, another after any change. A statement that reads it tells whether a copy of the
 * table read earlier is still the table (ThresholdsService.thresholdsOf).
 */
export const THRESHOLDS_VERSION_SQL = `(SELECT md5(coalesce(string_agg(concat_ws('|', category, valid_from, valid_to,
    threshold_cents, legal_basis), ';' ORDER BY category, valid_from), '')) FROM eu_thresholds)`;

export type NewCriterion = Pick<
  SustainabilityCriterionEntity,
  'code' | 'nameDe' | 'nameEn' | 'phases' | 'cpvPrefixes' | 'legalReference'
> & {
  /** the parameter's description (kind, unit, bounds), stored as JSON */
  parameter: object | null;
};

/**
 * The statements of the catalogues (sustainability criteria, EU thresholds), one named method
 * each: TypeORM's entity manager where an entity is read or written whole, plain SQL for the
 * set-based seeding.
 */
@Injectable()
export class CatalogueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** every criterion, by code */
  criteria(): Promise<SustainabilityCriterionEntity[]> {
    return this.dataSource.getRepository(SustainabilityCriterionEntity).find({ order: { code: 'ASC' } });
  }

  /** those of these codes that are in the catalogue (in the caller's transaction when given) */
  async knownCriterionCodes(codes: readonly string[], manager?: EntityManager): Promise<Set<string>> {
    const rows = await (manager ?? this.dataSource.manager).query<Array<{ code: string }>>(
      `SELECT code FROM sustainability_criteria WHERE code = ANY($1::text[])`,
      [codes],
    );
    return new Set(rows.map((r) => r.code));
  }

  /** all codes of the catalogue (a few dozen) */
  async allCriterionCodes(): Promise<Set<string>> {
    const rows = await this.dataSource.query<Array<{ code: string }>>(`SELECT code FROM sustainability_criteria`);
    return new Set(rows.map((r) => r.code));
  }

  /** adds an admin's criterion; false when the code exists already */
  async insertCriterion(manager: EntityManager, c: NewCriterion): Promise<boolean> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(SustainabilityCriterionEntity)
      .values({ ...c, builtin: false })
      .orIgnore()
      .returning('*')
      .execute();
    return Boolean((inserted.raw as unknown[])[0]);
  }

  criterion(manager: EntityManager, code: string): Promise<SustainabilityCriterionEntity> {
    return manager.findOneByOrFail(SustainabilityCriterionEntity, { code });
  }

  /** writes the built-in criteria (CRITERIA_CATALOGUE, with their legal dates and evidence): only rows that differ */
  async seedBuiltinCriteria(): Promise<void> {
    const c = CRITERIA_CATALOGUE;
    await this.dataSource.query(
      `INSERT INTO sustainability_criteria (code, name_de, name_en, phases, parameter, cpv_prefixes, legal_reference,
         legal_dates, evidence_kinds, builtin)
       SELECT code, name_de, name_en, string_to_array(phases, ','), parameter::jsonb,
              CASE WHEN cpv_prefixes = '' THEN NULL ELSE string_to_array(cpv_prefixes, ',') END, legal_reference,
              legal_dates::jsonb, CASE WHEN evidence_kinds = '' THEN NULL ELSE string_to_array(evidence_kinds, ',') END,
              true
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS s(code, name_de, name_en, phases, parameter, cpv_prefixes, legal_reference, legal_dates, evidence_kinds)
       ON CONFLICT (code) DO UPDATE SET name_de = EXCLUDED.name_de, name_en = EXCLUDED.name_en, phases = EXCLUDED.phases,
         parameter = EXCLUDED.parameter, cpv_prefixes = EXCLUDED.cpv_prefixes, legal_reference = EXCLUDED.legal_reference,
         legal_dates = EXCLUDED.legal_dates, evidence_kinds = EXCLUDED.evidence_kinds, builtin = true
       WHERE (sustainability_criteria.name_de, sustainability_criteria.name_en, sustainability_criteria.phases,
              sustainability_criteria.parameter, sustainability_criteria.cpv_prefixes,
              sustainability_criteria.legal_reference, sustainability_criteria.legal_dates,
              sustainability_criteria.evidence_kinds, sustainability_criteria.builtin)
         IS DISTINCT FROM (EXCLUDED.name_de, EXCLUDED.name_en, EXCLUDED.phases, EXCLUDED.parameter,
              EXCLUDED.cpv_prefixes, EXCLUDED.legal_reference, EXCLUDED.legal_dates, EXCLUDED.evidence_kinds, true)`,
      [
        c.map((x) => x.code),
        c.map((x) => x.name.de),
        c.map((x) => x.name.en),
        c.map((x) => x.phases.join(',')),
        c.map((x) => (x.parameter ? JSON.stringify(x.parameter) : null)),
        c.map((x) => (x.cpvPrefixes ?? []).join(',')),
        c.map((x) => x.legalReference),
        c.map((x) => (x.legalDates ? JSON.stringify(x.legalDates) : null)),
        c.map((x) => (EVIDENCE_FOR_CRITERION[x.code] ?? []).join(',')),
      ],
    );
  }

  /** the thresholds table, by category and start, and its version (THRESHOLDS_VERSION_SQL) */
  thresholds(): Promise<{ version: string; rows: ThresholdRow[] }> {
    return queryOne<{ version: string; rows: ThresholdRow[] }>(
      this.dataSource,
      `SELECT ${THRESHOLDS_VERSION_SQL} AS version,
              coalesce((SELECT json_agg(json_build_object('category', category,
                  'valid_from', to_char(valid_from, 'YYYY-MM-DD'), 'valid_to', to_char(valid_to, 'YYYY-MM-DD'),
                  'threshold_cents', threshold_cents::text, 'legal_basis', legal_basis) ORDER BY category, valid_from)
                FROM eu_thresholds), '[]') AS rows`,
    );
  }

  /** true when the table holds exactly these periods, nothing more */
  async thresholdsEqual(manager: EntityManager, thresholds: readonly Threshold[]): Promise<boolean> {
    const [same] = await manager.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM eu_thresholds t
       JOIN unnest($1::text[], $2::date[], $3::date[], $4::bigint[], $5::text[], $6::text[])
         AS s(category, valid_from, valid_to, threshold_cents, legal_basis, label)
         ON t.category = s.category AND t.valid_from = s.valid_from AND t.valid_to IS NOT DISTINCT FROM s.valid_to
        AND t.threshold_cents = s.threshold_cents AND t.legal_basis = s.legal_basis AND t.label IS NOT DISTINCT FROM s.label`,
      thresholdColumns(thresholds),
    );
    const [all] = await manager.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM eu_thresholds`);
    return same?.n === thresholds.length && all?.total === thresholds.length;
  }

  async replaceThresholds(manager: EntityManager, thresholds: readonly Threshold[]): Promise<void> {
    await manager.query(`DELETE FROM eu_thresholds`);
    await manager.query(
      `INSERT INTO eu_thresholds (category, valid_from, valid_to, threshold_cents, legal_basis, label)
       SELECT * FROM unnest($1::text[], $2::date[], $3::date[], $4::bigint[], $5::text[], $6::text[])`,
      thresholdColumns(thresholds),
    );
  }

  /** the bundles whose regime follows the table (open or closed), by id */
  async bundlesFollowingThresholds(manager: EntityManager): Promise<string[]> {
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM bundles WHERE status IN ('open', 'closed') ORDER BY id`,
    );
    return rows.map((r) => r.id);
  }
}

function thresholdColumns(thresholds: readonly Threshold[]): unknown[] {
  return [
    thresholds.map((t) => t.category),
    thresholds.map((t) => t.validFrom),
    thresholds.map((t) => t.validTo),
    thresholds.map((t) => eurToCents(t.thresholdEur)),
    thresholds.map((t) => t.legalBasis),
    thresholds.map((t) => t.label ?? null),
  ];
}
