import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { isWithinPrefix, normalizeCpvPrefix } from '@buendel/domain';
import { FieldError } from '@buendel/errors';
import { StartupTask, StartupTaskHandler, SustainabilityCriterionEntity } from '@buendel/persistence';
import { bundlingError, BundlingErrorCode } from '../bundling.exception';
import { CatalogueRepository } from './catalogue.repository';
import { CreateCriterionDto, CriteriaQueryDto, CriterionDto } from './http/criteria.dto';

function toDto(c: SustainabilityCriterionEntity): CriterionDto {
  return {
    code: c.code,
    name: { de: c.nameDe, en: c.nameEn },
    phases: c.phases as CriterionDto['phases'],
    parameter: c.parameter,
    cpvPrefixes: c.cpvPrefixes,
    legalReference: c.legalReference,
    legalDates: (c.legalDates ?? []) as unknown as CriterionDto['legalDates'],
    evidenceKinds: c.evidenceKinds,
    builtin: c.builtin,
  };
}

/** The sustainability criteria catalogue: the built-in criteria plus those admins add. */
@Injectable()
export class CriteriaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: CatalogueRepository,
    private readonly audit: AuditLog,
  ) {}

  async list(query: CriteriaQueryDto): Promise<{ items: CriterionDto[]; total: number }> {
    const all = await this.repo.criteria();
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
    const known = await this.repo.knownCriterionCodes(codes, manager);
    return codes.flatMap((code, i) =>
      known.has(code)
        ? []
        : [
            {
              field: `${field}.${i}`,
              code: 'UNKNOWN_CRITERION',
              reason: `${code} is not in the criteria catalogue (GET /criteria)`,
              de: `${code} steht nicht im Kriterienkatalog`,
            },
          ],
    );
  }

  /** all codes of the catalogue (a few dozen): for checking many rows at once */
  async allCodes(): Promise<Set<string>> {
    return this.repo.allCriterionCodes();
  }

  async create(dto: CreateCriterionDto): Promise<CriterionDto> {
    const cpvPrefixes = dto.cpvPrefixes?.map((p) => normalizeCpvPrefix(p)) ?? null;
    return this.dataSource.transaction(async (manager) => {
      const inserted = await this.repo.insertCriterion(manager, {
        code: dto.code,
        nameDe: dto.name.de,
        nameEn: dto.name.en,
        phases: [...new Set(dto.phases)],
        parameter: dto.parameter ? { ...dto.parameter } : null,
        cpvPrefixes,
        legalReference: dto.legalReference,
      });
      if (!inserted) {
        throw bundlingError(BundlingErrorCode.CriterionExists, `Criterion ${dto.code} exists already`);
      }
      const criterion = await this.repo.criterion(manager, dto.code);
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
  constructor(private readonly repo: CatalogueRepository) {}

  run(): Promise<void> {
    return this.repo.seedBuiltinCriteria();
  }
}
