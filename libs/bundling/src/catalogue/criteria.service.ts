import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { CRITERIA_CATALOGUE, isWithinPrefix, normalizeCpvPrefix } from '@buendel/domain';
import { FieldError } from '@buendel/errors';
import { StartupTask, StartupTaskHandler, SustainabilityCriterionEntity } from '@buendel/persistence';
import { bundlingError, BundlingErrorCode } from '../bundling.exception';
import { CreateCriterionDto, CriteriaQueryDto, CriterionDto } from './http/criteria.dto';

function toDto(c: SustainabilityCriterionEntity): CriterionDto {
  return {
    code: c.code,
    name: { de: c.nameDe, en: c.nameEn },
    phases: c.phases as CriterionDto['phases'],
    parameter: c.parameter,
    cpvPrefixes: c.cpvPrefixes,
    legalReference: c.legalReference,
    builtin: c.builtin,
  };
}

/** The sustainability criteria catalogue: the built-in criteria plus those admins add. */
@Injectable()
export class CriteriaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async list(query: CriteriaQueryDto): Promise<{ items: CriterionDto[]; total: number }> {
    const all = await this.dataSource.getRepository(SustainabilityCriterionEntity).find({ order: { code: 'ASC' } });
    const { phase, cpv } = query;
    const items = all
      .filter((c) => !phase || c.phases.includes(phase))
      .filter((c) => !cpv || !c.cpvPrefixes || c.cpvPrefixes.some((p) => isWithinPrefix(cpv, p)))
      .map(toDto);
    return { items, total: items.length };
  }

  /**
   * The field errors for criterion codes that are not in the catalogue, each named by its
   * position (`criteria.2`). Uses the caller's transaction when given.
   */
  async unknownCodes(codes: readonly string[], field: string, manager?: EntityManager): Promise<FieldError[]> {
    if (codes.length === 0) return [];
    const rows = await (manager ?? this.dataSource.manager).query<Array<{ code: string }>>(
      `SELECT code FROM sustainability_criteria WHERE code = ANY($1::text[])`,
      [codes],
    );
    const known = new Set(rows.map((r) => r.code));
    return codes.flatMap((code, i) =>
      known.has(code)
        ? []
        : [{ field: `${field}.${i}`, reason: `${code} is not in the criteria catalogue (GET /criteria)` }],
    );
  }

  /** all codes of the catalogue (a few dozen): for checking many rows at once */
  async allCodes(): Promise<Set<string>> {
    const rows = await this.dataSource.query<Array<{ code: string }>>(`SELECT code FROM sustainability_criteria`);
    return new Set(rows.map((r) => r.code));
  }

  async create(dto: CreateCriterionDto): Promise<CriterionDto> {
    const cpvPrefixes = dto.cpvPrefixes?.map((p) => normalizeCpvPrefix(p)) ?? null;
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(SustainabilityCriterionEntity)
        .values({
          code: dto.code,
          nameDe: dto.name.de,
          nameEn: dto.name.en,
          phases: [...new Set(dto.phases)],
          parameter: dto.parameter ? { ...dto.parameter } : null,
          cpvPrefixes,
          legalReference: dto.legalReference,
          builtin: false,
        })
        .orIgnore()
        .returning('*')
        .execute();
      if (!inserted.raw[0]) {
        throw bundlingError(BundlingErrorCode.CriterionExists, `Criterion ${dto.code} exists already`);
      }
      const criterion = await manager.findOneByOrFail(SustainabilityCriterionEntity, { code: dto.code });
      await this.audit.record(manager, {
        action: 'criterion.created',
        entityType: 'criterion',
        entityId: dto.code,
        data: { phases: criterion.phases },
      });
      return toDto(criterion);
    });
  }
}

/** Seeds the built-in criteria at start; idempotent (only differing rows are written). */
@Injectable()
@StartupTask('criteria catalogue', 30)
export class CriteriaCatalogueTask implements StartupTaskHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run(): Promise<void> {
    const c = CRITERIA_CATALOGUE;
    await this.dataSource.query(
      `INSERT INTO sustainability_criteria (code, name_de, name_en, phases, parameter, cpv_prefixes, legal_reference, builtin)
       SELECT code, name_de, name_en, string_to_array(phases, ','), parameter::jsonb,
              CASE WHEN cpv_prefixes = '' THEN NULL ELSE string_to_array(cpv_prefixes, ',') END, legal_reference, true
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         AS s(code, name_de, name_en, phases, parameter, cpv_prefixes, legal_reference)
       ON CONFLICT (code) DO UPDATE SET name_de = EXCLUDED.name_de, name_en = EXCLUDED.name_en, phases = EXCLUDED.phases,
         parameter = EXCLUDED.parameter, cpv_prefixes = EXCLUDED.cpv_prefixes, legal_reference = EXCLUDED.legal_reference,
         builtin = true
       WHERE (sustainability_criteria.name_de, sustainability_criteria.name_en, sustainability_criteria.phases,
              sustainability_criteria.parameter, sustainability_criteria.cpv_prefixes,
              sustainability_criteria.legal_reference, sustainability_criteria.builtin)
         IS DISTINCT FROM (EXCLUDED.name_de, EXCLUDED.name_en, EXCLUDED.phases, EXCLUDED.parameter,
              EXCLUDED.cpv_prefixes, EXCLUDED.legal_reference, true)`,
      [
        c.map((x) => x.code),
        c.map((x) => x.name.de),
        c.map((x) => x.name.en),
        c.map((x) => x.phases.join(',')),
        c.map((x) => (x.parameter ? JSON.stringify(x.parameter) : null)),
        c.map((x) => (x.cpvPrefixes ?? []).join(',')),
        c.map((x) => x.legalReference),
      ],
    );
  }
}
